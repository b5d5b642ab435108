"""Link check over a built site: every internal href/src of every HTML page names a file of the site.

Pages are scanned with regular expressions (not a browser, not a DOM): a province site has
~200,000 pages. Script and style bodies and comments are skipped, so markup inside JavaScript strings is not
taken for a link. A link is internal when it has no scheme and no host: everything the generator and the
renderer write. An absolute URL on the site's own host is checked in <link> tags (canonical, alternate: made by
the build); in other tags it comes from the data (a lecture's sign-up form, a booking service) and may name a
service the host runs beside the static site, so it is left alone like any other site's URL. Fragments are not checked (a page's ids are the renderer's business); the query string is ignored.
A link to a folder resolves to its index.html, with or without the trailing slash.
"""
from __future__ import annotations

import bisect
import html
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import walk

# Attributes as the renderer, the theme and the generator write them (lowercase, no spaces around "="); a regular
# expression over the whole page is ~7 times faster than one per tag.
_ATTR = re.compile(r"""(?:href|src)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Where no attribute is a link: comments, and the bodies of scripts and styles.
_SKIP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page, e.g. articles/x/index.html
    link: str  # the attribute's value as written
    target: str  # the site-relative path it resolves to ("" when it leaves the site's folder)

    def __str__(self) -> str:
        where = f"指向 {self.target}，站点中没有这个文件" if self.target else "指向站点目录之外"
        return f"{self.page}: 链接 {self.link} {where}"


def links(page: str) -> list[tuple[str, bool]]:
    """The href and src values of a page's tags (entities decoded), outside scripts, styles and comments, each
    with whether its tag is a <link>."""
    starts, ends = [], []
    for m in _SKIP.finditer(page):
        a, b = m.span(2) if m.group(1) else m.span()
        starts.append(a)
        ends.append(b)
    found = []
    for m in _ATTR.finditer(page):
        pos = m.start()
        if not page[pos - 1].isspace():
            continue  # data-href=, xsrc=
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < ends[i]:
            continue
        lt = page.rfind("<", 0, pos)
        if page.rfind(">", 0, pos) > lt:
            continue  # text between tags, not an attribute
        if _in_quotes(page, lt, pos):
            continue  # inside another attribute's value: content="… src=x …" is text
        value = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        found.append((html.unescape(value) if "&" in value else value, page.startswith("<link", lt)))
    return found


def _in_quotes(page: str, start: int, end: int) -> bool:
    """Whether `end` lies inside a quoted attribute value of the tag that opens at `start`."""
    quote = ""
    for ch in page[start:end]:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
    return quote != ""


class LinkChecker:
    """Resolves the links of pages against the set of files a site has."""

    def __init__(self, files, site_url: str):
        self.files = set(files)
        parts = urlsplit(site_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base = parts.path if parts.path.endswith("/") else parts.path + "/"  # the site's path on its host
        self._ok: set[tuple[int, str, bool]] = set()

    def target(self, page: str, link: str, absolute: bool = True) -> str | None:
        """The site-relative file `link` on `page` names; None for external links and links to the page itself.
        `absolute`: whether a URL on the site's own host counts as internal."""
        if link.startswith("//"):
            link = urlsplit(self.origin).scheme + ":" + link
        if _SCHEME.match(link):
            if not absolute or not (link.startswith(self.origin + "/") or link == self.origin):
                return None  # another site, mailto:, tel:, data:, javascript:
            link = link[len(self.origin):] or "/"
        path = link.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return None  # "#fragment" or "?query": this page
        path = unquote(path)
        if path.startswith("/"):
            if not (path + "/").startswith(self.base):
                return ""
            path = path[len(self.base):]
        else:
            path = posixpath.join(posixpath.dirname(page), path)
        folder = path.endswith("/") or path.endswith("/.") or path in ("", ".")
        path = posixpath.normpath(path) if path else "."
        if path == ".." or path.startswith("../"):
            return ""
        if path == ".":
            return "index.html"
        return path + "/index.html" if folder else path

    def broken(self, page: str, text: str) -> list[BrokenLink]:
        """The links of one page (site-relative path, HTML) that name no file of the site."""
        out = []
        depth = page.count("/")
        up = "../" * depth
        for link, is_link in links(text):
            # A link that does not depend on the page's folder names (the theme's ../../assets/…, absolute ones)
            # is resolved once per folder depth.
            shared = link.startswith(up) or link[:1] in "/#?" or _SCHEME.match(link) is not None
            key = (depth, link, is_link)
            if shared and key in self._ok:
                continue
            target = self.target(page, link, absolute=is_link)
            if target is None or target and (target in self.files or target + "/index.html" in self.files):
                if shared:
                    self._ok.add(key)
                continue
            out.append(BrokenLink(page, link, target))
        return out


def page_links(site_dir: Path, site_url: str) -> list[tuple[str, str, str]]:
    """(page, link, target) for every internal link of the HTML pages under a folder, resolved now; a build
    checks them with `missing` once it knows every file it made."""
    resolver = LinkChecker((), site_url)
    found = []
    for rel in sorted(f for f in site_files(site_dir) if f.endswith(".html")):
        with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
            for link, is_link in dict.fromkeys(links(fh.read())):
                target = resolver.target(rel, link, absolute=is_link)
                if target is not None:
                    found.append((rel, link, target))
    return found


def missing(found: list[tuple[str, str, str]], files) -> list[BrokenLink]:
    """The links from `page_links` that name none of `files` (site-relative paths)."""
    return [BrokenLink(page, link, target) for page, link, target in found
            if not target or (target not in files and target + "/index.html" not in files)]


def site_files(site_dir: Path) -> list[str]:
    """Every file under the site folder, as site-relative POSIX paths."""
    return [rel for _, rel in walk.files(site_dir)]


def check_site(site_dir: Path, site_url: str) -> list[BrokenLink]:
    """Every broken internal link of every HTML page of a built site, sorted by page."""
    files = site_files(site_dir)
    checker = LinkChecker(files, site_url)
    broken = []
    for rel in sorted(f for f in files if f.endswith(".html")):
        with open(os.path.join(site_dir, rel), encoding="utf-8") as fh:
            broken += checker.broken(rel, fh.read())
    return broken


def main(argv: list[str] | None = None) -> int:
    """python -m generator.linkcheck [SITE_DIR]: every broken internal link of a built site, one a line."""
    from generator.config import load_config
    args = sys.argv[1:] if argv is None else argv
    site_dir = Path(args[0] if args else "site")
    broken = check_site(site_dir, load_config().site_url)
    for b in broken:
        print(b)
    pages = sum(1 for f in site_files(site_dir) if f.endswith(".html"))
    print(f"{pages} 个页面，{len(broken)} 个失效的站内链接", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
