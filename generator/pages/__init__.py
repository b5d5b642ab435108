"""Page generators, one module per kind of page; each yields Markdown for the renderer or records for the shell."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol
from urllib.parse import quote

from generator.context import Site


@dataclass
class Record:
    """A page stamped into the shell: url is relative to the site root, e.g. 'stations/yl-sqs-001/'."""

    url: str
    title: str
    description: str
    content: str
    head: str = ""
    section: bool = False  # a list page of the nav, stamped into its own shell (shell.section_urls)
    scripts: tuple[str, ...] = ()  # the page kind's scripts this page loads (layers.PAGE_SCRIPTS keys)

    @property
    def shell(self) -> int | str:
        """Which shell the page is stamped into: its own (a section page) or the one for its URL depth."""
        return self.url if self.section else self.url.strip("/").count("/") + 1


# records(site, env, want): `want(url, key)` is asked before each page is rendered; it returns False for a page
# this process does not make (another process makes it, or an incremental build keeps it because its key, a
# function returning the text of every row the page is made from, is what it was last time).
Want = Callable[[str, Callable[[], bytes]], bool]


def everything(url: str, key) -> bool:
    return True


def rows_key(site: Site, *rows: dict | None) -> bytes:
    """The rows a record page is made from: the page is made again when one of them changes."""
    return b"".join(site.row_stamp(r) if r else b"-" for r in rows)


class PageKind(Protocol):
    def docs(self, site: Site, env) -> dict[str, str]: ...
    def records(self, site: Site, env, want: Want = everything) -> Iterator[Record]: ...
    def files(self, site: Site, write: Callable[[str, bytes | str], None]) -> None: ...


def report_url(site: Site, ident: str, title: str) -> str:
    """The configured report-error link for a record; the record's id and title are percent-encoded, so a name
    holding "&cc=" or "#" stays one value of the link instead of adding a recipient or cutting it short."""
    template = site.config.report_error
    if not template:
        return ""
    return template.replace("{id}", quote(ident, safe="")).replace("{title}", quote(title, safe=""))


def field_labels(site: Site, package: str, resource: str, *fields: str) -> dict[str, dict[str, str]]:
    return {f: site.labels(package, resource, f) for f in fields}
