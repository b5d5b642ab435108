"""Post-build checks over the finished HTML: the site must load nothing from another host.

The renderer's pages (and the shells every record page is stamped from) are read back from disk; record
pages are checked as strings while they are stamped, so a province-size build does not read 200,000
files a second time.
"""
from __future__ import annotations

import re
from pathlib import Path

# Attributes that make the browser fetch something by itself (links people click are allowed anywhere).
ASSET_URL = re.compile(r"""<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc=["'](?P<a>(?:https?:)?//[^"']+)"""
                       r"""|<link\b[^>]*\bhref=["'](?P<b>(?:https?:)?//[^"']+)["'][^>]*>""", re.I)
LINK_REL_OK = re.compile(r"""rel=["'](?:canonical|alternate|author|license|me)["']""", re.I)


class ExternalAssetError(Exception):
    pass


def external_assets(html: str, site_url: str) -> list[str]:
    found = []
    for m in ASSET_URL.finditer(html):
        url = m.group("a") or m.group("b")
        if m.group("b") and LINK_REL_OK.search(m.group(0)):
            continue
        if url.startswith(site_url):
            continue
        found.append(url)
    return found


class AssetCheck:
    """Collects external asset references from pages, then fails once with all of them."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.problems: list[str] = []

    def page(self, name: str, html: str) -> None:
        self.problems += [f"{name}: 引用了外部资源 {u}" for u in external_assets(html, self.site_url)]

    def files(self, site_dir: Path) -> None:
        for path in sorted(site_dir.rglob("*.html")):
            self.page(str(path.relative_to(site_dir)), path.read_text(encoding="utf-8"))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ExternalAssetError("站点必须自托管所有资源：\n" + "\n".join(self.problems[:50]))
