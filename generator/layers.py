"""The theme a site is rendered with: the engine's own layer (generator/theme/, installed with the package) with the
site's `theme.custom_dir` (`site_overrides/` in the sample) laid over it.

A district keeps only what it changes in its own folder: a file there replaces the engine's file of the same path
(a logo in `assets/`, a `partials/copyright.html`, a `main.html` that extends blocks). The two are composed into
one folder beside the build's Markdown, and that folder is what the renderer sees as `custom_dir`, so theme blocks
still work the MkDocs way.

The engine's stylesheets and scripts are listed here, not in the site's mkdocs.yml: `page_assets` puts them in
front of whatever the site lists in `extra_css` / `extra_javascript`, so a site's settings name only its own files
and an engine upgrade that adds a script needs no edit in any site.

The engine's scripts are native ES modules (`<script type="module">`): each page loads the common scripts and its
own kind's script, and a module imports the small helper modules it uses (`import { el } from "./xinan.js"`, a
specifier relative to the module itself, so the page's depth does not matter). No file talks to another through
window.* globals. A browser without module support runs none of them and gets the no-JavaScript site, which works:
every page is complete without its scripts (progressive enhancement), they only filter, look up and illustrate.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from generator import walk

ENGINE_THEME = Path(__file__).resolve().parent / "theme"

# Every page loads these, in this order (the site's own files come after them), as ES modules (MODULE below).
STYLESHEETS = ("assets/xinan.css", "assets/search.css", "assets/elder.css", "assets/screening.css",
               "assets/coverage.css")
SCRIPTS = ("assets/clock.js", "assets/words.js", "assets/search.js", "assets/elder.js", "assets/wechat.js",
           "assets/xinan.js")
# A page kind's own script, loaded only by the pages that use it (issue 17: page weight on phones). A page names
# them by key: a record page through `Record.scripts` (stamped by shell.Shell.page), a Markdown page through its
# front matter `xinan_scripts` (generator/theme/main.html). Either way the tag is `<script src type="module">` in the
# page's head: a module is deferred by itself (it runs once the page is parsed, before DOMContentLoaded), imports the
# helpers it needs (xinan.js, words.js, clock.js: evaluated once per page, whoever imports them first) and starts
# itself; nothing calls it. A browser without module support skips these tags (and `nomodule` is never used): it
# gets the no-JavaScript page, which works. The key is the file's stem: main.html builds `assets/<key>.js` from it.
PAGE_SCRIPTS = {name: f"assets/{name}.js" for name in ("stations", "registry", "lectures", "screening")}


def script_tags(names, prefix: str) -> str:
    """The module `<script>` tags for the page scripts `names`, with `prefix` (the relative way to the site
    root, e.g. "../../") in front of each file; an unknown name is an error, not a silent missing script."""
    return "".join(f'<script src="{prefix}{PAGE_SCRIPTS[n]}" type="module"></script>' for n in names)


def module(path: str) -> dict:
    """An `extra_javascript` entry for an engine script: MkDocs 1.6 (and ProperDocs, Zensical) write
    `<script src type="module">` for it."""
    return {"path": path, "type": "module"}


def site_layer(config) -> Path | None:
    """The site's own theme folder (`theme.custom_dir`, relative to mkdocs.yml), if it names one."""
    custom = ((config.raw.get("theme") or {}).get("custom_dir") or "").strip()
    return (config.root / custom).resolve() if custom else None


def layers(config) -> tuple[Path, ...]:
    """The theme folders in the order they are laid down: the engine's first, the site's over it."""
    site = site_layer(config)
    return (ENGINE_THEME,) if site is None or site == ENGINE_THEME else (ENGINE_THEME, site)


def compose(config, dest: Path) -> Path:
    """Write the engine's theme with the site's files over it into `dest` (emptied first); returns `dest`.
    A site's README in its override folder is its own note to editors, not a theme file, and is left out."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for n, layer in enumerate(layers(config)):
        if not layer.is_dir():
            continue
        for path, rel in walk.files(layer):
            if n > 0 and rel.lower() in ("readme.md", "readme.txt", "readme"):
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return dest


def page_assets(raw: dict) -> dict:
    """The renderer's `extra_css` and `extra_javascript`: the engine's files first (its scripts as modules), then
    the site's own, as the site wrote them (a site that still lists an engine file gets it once, in the engine's
    place)."""
    out = {}
    for key, engine, entry in (("extra_css", STYLESHEETS, str), ("extra_javascript", SCRIPTS, module)):
        own = [item for item in (raw.get(key) or []) if _path(item) not in engine]
        out[key] = [*map(entry, engine), *own]
    return out


def _path(item) -> str | None:
    """The file an `extra_css` / `extra_javascript` entry names: the string itself, or a mapping's `path`."""
    return item if isinstance(item, str) else item.get("path") if isinstance(item, dict) else None
