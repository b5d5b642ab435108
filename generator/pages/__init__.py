"""Page generators, one module per kind of page; each yields Markdown for the renderer or records for the shell."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from generator.context import Site


@dataclass
class Record:
    """A page stamped into the shell: url is relative to the site root, e.g. 'stations/yl-sqs-001/'."""

    url: str
    title: str
    description: str
    content: str
    head: str = ""

    @property
    def depth(self) -> int:
        return self.url.strip("/").count("/") + 1


class PageKind(Protocol):
    def docs(self, site: Site, env) -> dict[str, str]: ...
    def records(self, site: Site, env) -> Iterator[Record]: ...
    def files(self, site: Site, out: Path) -> None: ...


def report_url(site: Site, ident: str, title: str) -> str:
    template = site.config.report_error
    return template.replace("{id}", ident).replace("{title}", title) if template else ""


def field_labels(site: Site, package: str, resource: str, *fields: str) -> dict[str, dict[str, str]]:
    return {f: site.labels(package, resource, f) for f in fields}
