"""Publishing: a build lands in the output folder only when every step succeeded, one build at a time."""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from generator import walk

STALE_AFTER = 24 * 3600  # a scratch folder whose owner cannot be told apart is left alone this long


class BuildLocked(Exception):
    """Another build holds the output folder."""


def file_digests(root: Path) -> dict[str, str]:
    """Site-relative path -> SHA-256 of every file under root: two sites are equal when these are."""
    found = {}
    for path, rel in walk.files(root):
        with open(path, "rb") as f:
            found[rel] = hashlib.sha256(f.read()).hexdigest()
    return found


def work_dir(out: Path) -> Path:
    """A scratch folder beside `out`, on the same file system so the final rename is atomic; its name carries the
    building process's id, so a later build can tell a dead build's leftovers from a running one's."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))


@contextlib.contextmanager
def build_lock(out: Path):
    """Hold the output folder for one build (an flock on `.<name>.lock` beside it, released when the process ends
    however it ends; the file stays, since deleting it would let two holders in), then clear what killed builds
    left beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("utf-8", "replace").strip() or "未知"
            raise BuildLocked(f"另一个构建（进程 {holder[:12]}）正在生成 {out}，请等它结束后再试") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        remove_stale(out)
        yield
    finally:
        os.close(fd)


_OWNER = re.compile(r"^\.(?:.+)\.(?:building|old)-(\d+)(?:-|$)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out: Path, now: float | None = None) -> list[Path]:
    """Remove scratch folders of earlier builds of `out` whose process is gone (or, if their owner cannot be told,
    that are older than STALE_AFTER); a running build's folders stay. Returns those removed."""
    now = time.time() if now is None else now
    removed = []
    for entry in [*out.parent.glob(f".{out.name}.building-*"), *out.parent.glob(f".{out.name}.old-*")]:
        match = _OWNER.match(entry.name)
        pid = int(match.group(1)) if match else None
        try:
            age = now - entry.lstat().st_mtime
        except FileNotFoundError:
            continue
        if pid == os.getpid() or (pid is not None and _alive(pid) and age < STALE_AFTER) or \
                (pid is None and age < STALE_AFTER):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def swap_in(new_site: Path, out: Path) -> None:
    """Replace `out` by `new_site`; the old site is moved aside first and removed only after the swap. Safe when
    two swaps run at once: each moves the live folder into its own `.old-` folder, and one that finds another's
    site put in place between its two renames moves that aside too (the last swap wins, nothing is left over)."""
    for _ in range(100):
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
            try:
                os.replace(out, old / "site")
            except FileNotFoundError:  # another swap moved it away first
                old.rmdir()
                old = None
        try:
            os.replace(new_site, out)
        except OSError as exc:
            # Another swap put its site in place between our two renames (it may even have been moved aside
            # again since): the folder existed when we tried, so try again rather than restore.
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
                continue
            if old is not None:
                os.replace(old / "site", out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    raise OSError(errno.EBUSY, f"{out} 一直在被其他构建替换")
