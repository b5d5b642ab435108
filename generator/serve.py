"""Local preview: build, serve the site on 127.0.0.1, rebuild when content/ or data/ change."""
from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

from generator.build import RenderError, build
from generator.postbuild import ExternalAssetError
from generator.search import SearchIndexError
from generator.config import ConfigError, load_config, reference_date
from generator.problems import BuildError


def _snapshot(*paths: Path) -> dict[str, float]:
    seen = {}
    for d in paths:
        if d.is_file():
            seen[str(d)] = d.stat().st_mtime_ns
            continue
        for root, _, files in os.walk(d):
            for name in files:
                p = os.path.join(root, name)
                try:
                    seen[p] = os.stat(p).st_mtime_ns
                except FileNotFoundError:
                    pass
    return seen


def _rebuild(args) -> bool:
    try:
        # mkdocs.yml is read again on every rebuild, so a settings change shows up like any other edit.
        config = load_config(args.config)
        result = build(config, Path(args.data), Path(args.content), Path(args.out), reference_date(args.today),
                       drafts=args.drafts)
        for line in result.site.report.lines():
            print(line)
        return True
    except BuildError as exc:
        for line in exc.report.lines():
            print(line)
        print("构建失败，继续显示上一次成功的站点。修正后保存即可自动重建。")
    except (RenderError, ExternalAssetError, SearchIndexError, ConfigError) as exc:
        print(f"构建失败：{exc}\n继续显示上一次成功的站点。")
    return False


def serve(args) -> int:
    config = load_config(args.config)
    if not _rebuild(args) and not Path(args.out).exists():
        return 1
    watched = (Path(args.data), Path(args.content), config.root / "site_overrides", config.config_file)
    state = {"snap": _snapshot(*watched)}

    def watch() -> None:
        while True:
            time.sleep(1)
            snap = _snapshot(*watched)
            if snap != state["snap"]:
                state["snap"] = snap
                print("检测到修改，正在重建……")
                if _rebuild(args):
                    print("已重建。刷新浏览器查看。")

    threading.Thread(target=watch, daemon=True).start()
    out = Path(args.out).resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            # The output folder is swapped on every rebuild, so resolve it per request, not once.
            self.directory = str(out)
            return super().translate_path(path)

        def log_message(self, fmt, *a):
            pass

    handler = functools.partial(Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    print(f"预览地址：http://{args.host}:{args.port}/  （Ctrl+C 退出）")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
