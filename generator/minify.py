"""Minified engine scripts and stylesheets: after the renderer copied the theme's `assets/*.js` and `assets/*.css`
into the output, each is rewritten without comments and needless whitespace (rjsmin / rcssmin, from PyPI).

The theme's sources stay readable in the repository; what a phone downloads is the minified file. Only the top level
of `assets/` is touched: the vendored libraries (assets/vendor/) and the renderer's own bundles
(assets/javascripts/, assets/stylesheets/) arrive minified already. No source maps are written. Minifying changes
no string and no statement, so the files behave the same and the Content-Security-Policy (no inline code) is unchanged.
"""
from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minified(name: str, text: str) -> str:
    """The file's text minified (by its suffix); a file already minified comes back unchanged."""
    return MINIFIERS[Path(name).suffix](text).strip() + "\n"


def tree(assets: Path) -> int:
    """Minify `assets/*.js` and `assets/*.css` in place; returns the bytes saved. Files left as they were keep their
    modification time (the build copies only files whose content changed)."""
    saved = 0
    for path in sorted(assets.iterdir()) if assets.is_dir() else ():
        if path.suffix not in MINIFIERS or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        small = minified(path.name, text)
        if small != text:
            path.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
