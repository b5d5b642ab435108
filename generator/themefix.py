"""Repairs to the theme's own markup that the W3C Nu checker reports as errors, applied right after rendering.

mkdocs-material puts autocomplete="off" on its checkbox toggles and labels a table-of-contents toggle that
a page outside the nav does not have. The theme's templates are not copied into the project to change
them; these exact strings are rewritten instead, on the renderer's pages only (record pages inherit the
fix through the shell).
"""
from __future__ import annotations

import re
from pathlib import Path

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')


def fix(html: str) -> str:
    html = _TOGGLE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


def fix_tree(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
