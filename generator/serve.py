"""Local preview: build, serve the site on 127.0.0.1, rebuild what changed when content/, data/, the theme or
mkdocs.yml change (watched through watchdog: generator/watch.py).

The first build is a clean one; after it the same Builder makes incremental rebuilds (generator/incremental/builder.py): only
the parts whose inputs changed are made again and only changed files are written over the live site. The page
shows the change as soon as they are in; the search index, when the searched pages changed, is refreshed right
after.
"""
from __future__ import annotations

import functools
import http.server
import time
from pathlib import Path

from generator import layers
from generator.incremental.builder import Builder
from generator.rendering import RenderError
from generator.procs import ChildError
from generator.config import ConfigError, load_config, reference_date
from generator.postbuild import ExternalAssetError
from generator.problems import BuildError
from generator.publish import BuildLocked
from generator.watch import Watcher
from generator.search import SearchIndexError


class Preview:
    """The Builder behind `xinan serve`, kept between edits."""

    def __init__(self, args, log=print):
        self.args, self.log = args, log
        self.builder: Builder | None = None
        self.config_bytes = b""

    def rebuild(self) -> bool:
        args = self.args
        started = time.perf_counter()
        try:
            # mkdocs.yml is read again on every rebuild, so a settings change shows up like any other edit.
            config = load_config(args.config)
            raw = config.config_file.read_bytes()
            if self.builder is None or raw != self.config_bytes:
                self.builder = Builder(config, Path(args.data), Path(args.content), Path(args.out), drafts=args.drafts,
                                       log=self.log, remember=True)
                self.config_bytes = raw
            first = self.builder.manifest is None
            result = self.builder.build(reference_date(args.today), defer_search=True)
            for line in result.site.report.lines():
                self.log(line)
            self.log(f"站点已生成（{time.perf_counter() - started:.1f} 秒）。" if first else
                     f"页面已更新（{time.perf_counter() - started:.1f} 秒）。刷新浏览器查看。")
            if self.builder.pending_search is not None:
                self.builder.refresh_search()
                self.log(f"搜索索引已更新（共 {time.perf_counter() - started:.1f} 秒）。")
            self.builder.tidy()
            return True
        except BuildError as exc:
            for line in exc.report.lines():
                self.log(line)
            self.log("构建失败，继续显示上一次成功的站点。修正后保存即可自动重建。")
        except (RenderError, ChildError, ExternalAssetError, SearchIndexError, ConfigError, BuildLocked) as exc:
            self.log(f"构建失败：{exc}\n继续显示上一次成功的站点。")
        return False


def serve(args) -> int:
    config = load_config(args.config)
    preview = Preview(args)
    if not preview.rebuild() and not Path(args.out).exists():
        return 1
    watched = (Path(args.data), Path(args.content), *layers.layers(config), config.config_file)

    def changed() -> None:
        print("检测到修改，正在重建……")
        preview.rebuild()

    Watcher(watched, changed)
    out = Path(args.out).resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            # A clean build swaps the output folder, so resolve it per request, not once.
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
