"""Repairs to the theme's own markup that the W3C Nu checker or axe report, applied right after rendering.

mkdocs-material puts autocomplete="off" on its checkbox toggles and labels a table-of-contents toggle that
a page outside the nav does not have. Zensical's theme (0.0.73) also hides the drawer overlay's label with
aria-hidden, which a label of a form control may not have, and draws the colour palette form for a single
palette without a toggle (Material draws none): one unlabelled radio button with nothing to choose. The
theme's templates are not copied into the project to change them; these exact strings are rewritten
instead, on the renderer's pages only (record pages inherit the fix through the shell).

Two are for readers: the logo, already named by its link's aria-label, gets an empty alt instead of "logo"; and the
site name in the header gets a short form for phones (the part before " · ", "心安"), shown there by xinan.css while
the full name stays for screen readers.
"""
from __future__ import annotations

import re
from pathlib import Path

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'
# The palette form when it offers no choice: one option, no toggle label.
_LONE_PALETTE = re.compile(r'<form class="md-header__option" data-md-component="palette">\s*'
                           r'<input class="md-option"[^>]*\baria-hidden="true"[^>]*>\s*</form>')


_LOGO = re.compile(r'(<a [^>]*class="md-(?:header|nav)__button md-logo"[^>]*>\s*<img [^>]*?)alt="logo"')
_SITE_NAME = re.compile(r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)\s*([^<]+?)\s*(</span>)')


def _site_name(m: re.Match) -> str:
    name = m.group(2)
    short = name.split(" · ")[0].strip()
    if short == name:
        return m.group(0)
    return (f'{m.group(1)}<span class="xa-name-long">{name}</span>'
            f'<span class="xa-name-short" aria-hidden="true">{short}</span>{m.group(3)}')


def fix(html: str) -> str:
    html = _TOGGLE.sub(r"\1", html)
    html = _LOGO.sub(r'\1alt=""', html)
    html = _SITE_NAME.sub(_site_name, html, count=1)
    html = html.replace(_OVERLAY, '<label class="md-overlay" for="__drawer"></label>')
    html = _LONE_PALETTE.sub("", html)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


def fix_tree(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
