"""The parts of the site a build makes beside the renderer: record pages stamped into the shells, QR codes, the
open-data packages, each kind's own files and the search index. Each `*_child` runs in a forked process
(procs.Child) and sends back what it wrote."""
from __future__ import annotations

import os

from generator import opendata, phonelinks, qr, search
from generator.context import Site
from generator.pages import everything
from generator.postbuild import AssetCheck
from generator.writer import Output


def stamp_records(site: Site, env, output: Output, shells, kind, check: AssetCheck, want=everything,
                  staged: dict[str, str] | None = None) -> int:
    """Stamp the records of a kind that `want` asks for into their shell. Pages the search index reads are
    staged for it on the way (`staged`)."""
    part = f"records:{kind.NAME}"
    count = 0
    phones = phonelinks.Linker(h.number for h in site.hotlines)
    for rec in kind.records(site, env, want):
        check.page(rec.url, rec.head + rec.content)  # the shell around it was checked once
        html = shells[rec.shell].page(url=rec.url, title=rec.title, description=rec.description, head=rec.head,
                                      content=phones.link(rec.content), scripts=rec.scripts)
        output.write(part, rec.url + "index.html", html)
        if staged is not None and search.searched(rec.url):
            page = search.staged_page(html, rec.url)
            if page is not None:
                staged[rec.url] = page
        count += 1
    return count


class Share:
    """A `want` for pages/*.records() that asks for every n-th record page from the k-th: two processes share a
    kind's pages."""

    keys = None  # no record keys (fingerprints.Wanted keeps them for rebuilds)

    def __init__(self, k: int, n: int):
        self.k, self.n, self.i = k, n, -1

    def __call__(self, url: str, key) -> bool:
        self.i += 1
        return self.i % self.n == self.k


def write_qr_codes(site: Site, output: Output, todo: list, share=(0, 1)) -> None:
    """/registry/<number>/qr.svg for every registration in good standing: its card and its station's wall use it."""
    k, n = share
    for i, (rel, url, title) in enumerate(todo):
        if i % n == k:
            output.write("qr", rel, qr.svg(url, title))


def qr_wanted(site: Site) -> dict[str, tuple[str, str]]:
    """rel path -> (URL the code opens, its title), for every practitioner whose code is printed."""
    return {f"{p.url}qr.svg": (site.config.site_url + p.url, f"{p.name}的核验二维码")
            for p in site.practitioners.values() if p.effective_status in ("active", "pending")}  # a pending card shows up on its day


def qr_child(site, output, todo, share, folders):
    output.changed, output.files = [], {}
    # Every verification page's folder is made here first, in one process: creating entries in one large folder
    # from several processes at once makes them queue on its lock; the pages are then written into existing ones.
    for rel in folders:
        os.makedirs(os.path.join(output.root, rel), exist_ok=True)
    write_qr_codes(site, output, todo, share)
    return output.files, output.changed


def stamp_child(site, env, output, shells, kind, site_url, want):
    output.changed, output.files = [], {}
    check = AssetCheck(site_url)
    count = stamp_records(site, env, output, shells, kind, check, want)
    return output.files, output.changed, count, check.problems, want.keys


def publish_packages(site, output, work, names) -> dict:
    made = {}
    for name in names:
        folder = work / "open-data" / name
        made[name] = opendata.publish_package(site, name, folder)
        output.take(f"open-data:{name}", folder, prefix=f"open-data/{name}/")
    return made


def open_data_child(site, output, work, names):
    output.changed, output.files = [], {}
    made = publish_packages(site, output, work, names)
    return output.files, output.changed, made


def make_files(site, output, kinds) -> None:
    for kind in kinds:
        part = f"files:{kind.NAME}"
        kind.files(site, lambda rel, data, part=part: output.write(part, rel, data))


def files_child(site, output, kinds):
    output.changed, output.files = [], {}
    make_files(site, output, kinds)
    return output.files, output.changed


def search_child(pages, folder, site):
    return search.index_pages(pages, folder, site)
