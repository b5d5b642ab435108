"""sitemap.xml for the whole site, written after record pages exist (the renderer's only knows its own pages)."""
from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape

from generator.context import Site

# Printable cards and the lookup's verification pages (when noindex is set) are not for search engines.
SKIP_SUFFIXES = ("/wall/",)


def write(site: Site, site_dir: Path) -> int:
    urls = []
    for page in sorted(site_dir.rglob("index.html")):
        rel = page.parent.relative_to(site_dir).as_posix()
        url = "" if rel == "." else rel + "/"
        if url.endswith(SKIP_SUFFIXES) or (site.config.registry_noindex and url.startswith("registry/") and url != "registry/"):
            continue
        urls.append(site.config.site_url + url)
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{body}</urlset>\n").encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(xml)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
    return len(urls)
