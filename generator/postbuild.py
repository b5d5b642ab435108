"""Post-build step over the finished HTML: the site must load nothing from another host; then the search index."""
from __future__ import annotations

import re
from pathlib import Path

from generator import search
from generator.context import Site

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


def run(site: Site, site_dir: Path) -> dict:
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        for url in external_assets(page.read_text(encoding="utf-8"), site.config.site_url):
            problems.append(f"{page.relative_to(site_dir)}: 引用了外部资源 {url}")
    if problems:
        raise ExternalAssetError("站点必须自托管所有资源：\n" + "\n".join(problems[:50]))
    # Last, over the checked HTML: Pagefind's bundle is written into site_dir/pagefind/.
    return search.index(site_dir, site)
