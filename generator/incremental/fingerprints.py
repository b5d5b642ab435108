"""What a rebuild compares: digests of the inputs (`Inputs`), of folders (`tree_digest`), of the page shells, and
`Wanted`, which asks each record page's key before the page is made and keeps the page when its key is unchanged."""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import layers, walk
from generator.config import SiteConfig
from generator.schema import PACKAGES
from generator.templating import TEMPLATES
from generator.writer import Output, digest


def shell_digest(shells) -> bytes:
    return fingerprint(*(f"{k}\0{''.join(s.parts)}" for k, s in shells.items()))


def tree_digest(*roots: Path) -> bytes:
    """One digest over every file under the roots (names and bytes); a missing root counts as empty."""
    h = hashlib.blake2b(digest_size=16)
    for i, root in enumerate(roots):
        h.update(b"%d\0" % i)
        if root.is_file():
            h.update(root.read_bytes())
            continue
        for path, rel in walk.files(root):
            h.update(rel.encode() + b"\0")
            with open(path, "rb") as f:
                h.update(digest(f.read()))
    return h.digest()


def fingerprint(*parts) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode())
        h.update(b"\0")
    return h.digest()


class Wanted:
    """Which record pages a process makes (`want` for pages/*.records()): every n-th of its share; and, when the
    Builder remembers, only those whose key changed since the last build (the others keep their files)."""

    def __init__(self, base: bytes, output: Output, previous: dict | None, keys: dict | None,
                 staged_old: dict[str, str], staged: dict[str, str], share=(0, 1)):
        self.base, self.output, self.previous, self.old_keys = base, output, previous, keys
        self.staged_old, self.staged = staged_old, staged
        self.k, self.n, self.i = share[0], share[1], -1
        self.keys: dict[str, bytes] | None = {} if keys is not None else None

    def __call__(self, url: str, key) -> bool:
        self.i += 1
        if self.i % self.n != self.k:
            return False
        if self.keys is None:
            return True
        self.keys[url] = stamp = fingerprint(self.base, key())
        rel = url + "index.html"
        if self.previous is not None and self.old_keys.get(url) == stamp and rel in self.previous:
            self.output.files[rel] = self.previous[rel]
            if url in self.staged_old:
                self.staged[url] = self.staged_old[url]
            return False
        return True


@dataclass
class Inputs:
    """Digests of everything a build reads, so a rebuild can tell which parts of the site to make again."""
    packages: dict[str, bytes]
    other: dict[str, bytes]

    @classmethod
    def read(cls, config: SiteConfig, data_dir: Path, content_dir: Path, today: dt.date, drafts: bool) -> "Inputs":
        packages = {name: tree_digest(data_dir / name) for name in PACKAGES}
        git = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.root, capture_output=True, text=True).stdout
        common = fingerprint(tree_digest(config.config_file), tree_digest(TEMPLATES), today, git,
                             tree_digest(data_dir / "holidays"),  # the browser's holiday calendar, station pages
                             tree_digest(data_dir / "hotlines"))  # every page's chrome names the crisis line
        theme = fingerprint(tree_digest(*layers.layers(config)))
        descriptors = fingerprint(*(tree_digest(data_dir / name / "datapackage.yaml") for name in PACKAGES))
        other = {"common": common, "theme": theme, "descriptors": descriptors,
                 "articles": fingerprint(tree_digest(content_dir / "articles", data_dir / "editorial"), drafts),
                 "releases": tree_digest(data_dir / "releases")}
        return cls(packages, other)

    def of(self, *names: str) -> bytes:
        return fingerprint(*(self.packages[n] if n in self.packages else self.other[n] for n in names))
