"""The writer: every file a build makes goes through one `Output`, which records the part of the site that made
it and (when the build is remembered, as in `xinan serve`) a digest of its bytes."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator import walk


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Output:
    """Where a build's files go, and what it wrote (site-relative path -> (part, digest)).

    Clean: files are written straight into `root`, the new site. Incremental: `previous` is the live site's
    record; a file whose digest is unchanged is not written, others go to `root` (a staging folder) and
    `commit` moves them over the live site and removes what the build no longer makes."""

    def __init__(self, root: Path, previous: dict[str, tuple[str, bytes]] | None = None, track: bool = False):
        self.root = root
        self.previous = previous
        self.track = track or previous is not None
        self.files: dict[str, tuple[str, bytes | None]] = {}
        self.changed: list[str] = []

    def write(self, part: str, rel: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        d = digest(data) if self.track else None
        self.files[rel] = (part, d)
        if self.previous is not None and self.previous.get(rel, (None, None))[1] == d:
            return
        target = os.path.join(self.root, rel)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.changed.append(rel)

    def take(self, part: str, folder: Path, prefix: str = "", keep: bool = False) -> None:
        """Every file under `folder` (made by code that writes into a folder) becomes this build's, at prefix/.
        A clean build moves the files, unless `keep` (the folder is kept for the next build)."""
        whole = os.path.join(self.root, prefix.rstrip("/"))
        if self.previous is None and prefix and not keep and not os.path.exists(whole):
            # A clean build moves a whole new folder into the new site with one rename.
            os.makedirs(os.path.dirname(whole), exist_ok=True)
            os.replace(folder, whole)
            folder = Path(whole)
        for src, rel in walk.files(folder):
            rel = prefix + rel
            if self.previous is not None or keep:
                with open(src, "rb") as f:
                    self.write(part, rel, f.read())
                continue
            # A clean build moves the file into the new site rather than copying it.
            d = None
            if self.track:
                with open(src, "rb") as f:
                    d = digest(f.read())
            target = os.path.join(self.root, rel)
            if src != target:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(src, target)
            self.files[rel] = (part, d)
            self.changed.append(rel)

    def keep(self, part: str) -> None:
        """A part whose inputs did not change: its files from the last build stay as they are."""
        for rel, entry in self.previous.items():
            if entry[0] == part:
                self.files[rel] = entry

    def merge(self, files: dict, changed: list[str]) -> None:
        self.files.update(files)
        self.changed.extend(changed)

    def commit(self, live: Path, parts: set[str] | None = None) -> tuple[int, int]:
        """Move the staged files over the live site; remove the files of `parts` (all parts: None) it no longer
        has. Returns (files written, files removed)."""
        for rel in self.changed:
            target = live / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / rel, target)
        removed = 0
        for rel, (part, _) in self.previous.items():
            if rel not in self.files and (parts is None or part in parts):
                path = live / rel
                path.unlink(missing_ok=True)
                removed += 1
                parent = path.parent
                while parent != live and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        return len(self.changed), removed
