"""The one way the engine lists a folder's files: every file under a root, folder by folder in sorted order."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def files(root: Path | str) -> Iterator[tuple[str, str]]:
    """(path, root-relative POSIX path) of every file under `root`, names sorted within each folder and folders
    visited in sorted order; nothing for a missing root. A folder's names are read before its files are yielded,
    so the caller may add, move or remove files as it goes."""
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(names):
            yield os.path.join(dirpath, name), prefix + name
