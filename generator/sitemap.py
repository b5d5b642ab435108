"""sitemap.xml for the whole site, made from the list of pages the build wrote (the renderer's only knows its own)."""
from __future__ import annotations

import gzip
from xml.sax.saxutils import escape

from generator.context import Site

# Printable cards and the lookup's verification pages (when noindex is set) are not for search engines.
SKIP_SUFFIXES = ("/wall/",)


def files(site: Site, pages) -> dict[str, bytes]:
    """sitemap.xml and sitemap.xml.gz for `pages`, the site-relative paths of every index.html written."""
    urls = []
    for rel in sorted(pages):
        url = rel[: -len("index.html")]
        if url.endswith(SKIP_SUFFIXES) or (site.config.registry_noindex and url.startswith("registry/") and url != "registry/"):
            continue
        urls.append(site.config.site_url + url)
    body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{body}</urlset>\n").encode("utf-8")
    return {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, mtime=0)}
