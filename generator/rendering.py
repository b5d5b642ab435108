"""The renderer adapter: the renderer's copy of mkdocs.yml, the Markdown it renders, and the renderer itself
(extra.xinan.renderer: ProperDocs, MkDocs or Zensical) run as a subprocess."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator import layers, renderers
from generator.config import SiteConfig


class RenderError(Exception):
    pass


def renderer_config(config: SiteConfig, docs: Path, site_dir: Path, path: Path, chrome: dict | None = None,
                    theme_dir: Path | None = None) -> None:
    """A copy of mkdocs.yml pointing at this build's folders; everything else is the editor's file as written,
    plus what the shared page chrome prints (`extra.xinan.chrome`: see generator/chrome.py), the engine's own
    stylesheets and scripts (generator/layers.py) and, as `custom_dir`, the composed theme (`theme_dir`: the
    engine's with the site's overrides over it; composed beside the copy when not given). The folders are
    relative to the copy (Zensical panics on an absolute docs_dir: zensical issues #376/#379). The repository
    settings (repo_url, repo_name, edit_uri) are left out: readers see no repository link."""
    raw = dict(config.raw)
    # The source repository is the maintainers' business: readers get no repository link and no "edit this page".
    for key in ("repo_url", "repo_name", "edit_uri"):
        raw.pop(key, None)
    if chrome is not None:
        extra = dict(raw.get("extra") or {})
        extra["xinan"] = dict(extra.get("xinan") or {}, chrome=chrome)
        raw["extra"] = extra
    home = path.parent.resolve()
    raw["docs_dir"] = os.path.relpath(docs.resolve(), home)
    raw["site_dir"] = os.path.relpath(site_dir.resolve(), home)
    theme = dict(raw.get("theme") or {})
    if theme_dir is None:
        theme_dir = layers.compose(config, home / "theme")
    theme["custom_dir"] = os.path.relpath(theme_dir.resolve(), home)
    raw["theme"] = theme
    raw.update(layers.page_assets(raw))
    if config.renderer.plugins:
        raw["plugins"] = [*(raw.get("plugins") or []), *config.renderer.plugins]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def sync_docs(docs: Path, pages: dict[str, str]) -> list[str]:
    """Write the pages whose text changed (the others keep their time stamps, so a dirty render skips them) and
    delete Markdown pages no longer generated; returns those deleted."""
    for rel, text in pages.items():
        target = docs / rel
        data = text.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    gone = []
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs).as_posix()
        if rel not in pages:
            path.unlink()
            gone.append(rel)
    return gone


def rendered_path(doc: str) -> str:
    """Where MkDocs (use_directory_urls) writes the page of a Markdown file: a/b.md -> a/b/index.html."""
    stem = doc[: -len(".md")]
    return ("" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/") + "index.html"


def render(config: SiteConfig, work: Path, today: dt.date, dirty: bool = False) -> None:
    """Run the renderer (extra.xinan.renderer) on work/mkdocs.yml, in `work`. `dirty` (renderers with a dirty mode,
    for `xinan serve`): render again only the pages whose Markdown changed; --strict is then applied here, since
    the renderer itself warns that a dirty build is dirty."""
    renderer = config.renderer
    dirty = dirty and renderer.dirty is not None
    # The renderer installed beside this interpreter (the project's virtualenv) wins over PATH.
    local = Path(sys.executable).parent / renderer.name
    cmd = renderer.command(str(local) if local.exists() else renderer.name, "mkdocs.yml", dirty=dirty)
    # The renderer stamps dates (sitemap lastmod, gzip headers) from SOURCE_DATE_EPOCH: the reference date.
    epoch = int(dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc).timestamp())
    try:
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=renderers.environment(epoch))
    except FileNotFoundError as exc:
        raise RenderError(f"找不到渲染命令 {renderer.name}（extra.xinan.renderer）") from exc
    if proc.returncode != 0:
        raise RenderError(f"渲染命令失败（{' '.join(cmd)}）：\n"
                          + renderers.editor_output(f"{proc.stdout}\n{proc.stderr}"))
    warnings = [line for line in proc.stderr.splitlines()
                if line.startswith("WARNING") and not (renderer.dirty_warning and renderer.dirty_warning in line)]
    if dirty and warnings:
        raise RenderError(f"渲染命令报告了警告（--strict）：\n" + "\n".join(warnings))
