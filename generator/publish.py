"""Publishing: a build lands in the output folder only when every step succeeded, one build at a time."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

STALE_AFTER = 24 * 3600  # a scratch folder whose owner cannot be told apart is left alone this long


class BuildLocked(Exception):
    """Another build holds the output folder."""


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
    """A scratch folder beside `out`, on the same file system so the final rename is atomic; its name carries the
    building process's id, so a later build can tell a dead build's leftovers from a running one's."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))


@contextlib.contextmanager
def _flock(path: Path, blocking: bool):
    """An exclusive flock on `path` (created if missing, never deleted: deleting would let two holders in)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        yield fd
    finally:
        os.close(fd)  # closing the last descriptor releases the lock, also when the process dies


@contextlib.contextmanager
def build_lock(out: Path):
    """Hold the output folder for one build, then clear what killed builds left beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    try:
        with _flock(path, blocking=False) as fd:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            remove_stale(out)
            yield
    except BlockingIOError:
        holder = path.read_text(encoding="utf-8", errors="replace").strip() or "未知"
        raise BuildLocked(f"另一个构建（进程 {holder[:12]}）正在生成 {out}，请等它结束后再试") from None


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
    """Replace `out` by `new_site`; the old site is moved aside first and removed only after the swap. Swaps into
    the same folder take turns (a short lock of their own), so two at once cannot pull the folder from each other."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with _flock(out.parent / f".{out.name}.swap.lock", blocking=True):
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
            os.replace(out, old / "site")
        try:
            os.replace(new_site, out)
        except OSError:
            if old is not None:
                os.replace(old / "site", out)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
