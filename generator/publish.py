"""Publishing: a build lands in the output folder only when every step succeeded."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def file_digests(root: Path) -> dict[str, str]:
    """Site-relative path -> SHA-256 of every file under root: two sites are equal when these are."""
    found = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return found


def work_dir(out: Path) -> Path:
    """A scratch folder beside `out`, on the same file system so the final rename is atomic."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))


def swap_in(new_site: Path, out: Path) -> None:
    """Replace `out` by `new_site`; the old site is moved aside first and removed only after the swap."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(out, old)
    try:
        os.replace(new_site, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
