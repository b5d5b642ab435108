"""Child processes that end with the build: SIGTERM runs clean-up code, and a child dies when its parent does."""
from __future__ import annotations

import ctypes
import signal
import sys

_PR_SET_PDEATHSIG = 1


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks run: scratch folders are removed and subprocess.run kills
    the program it waits for (Pagefind, the renderer). Only the main thread may set a handler."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask Linux to send `signum` to this process when its parent ends (even by SIGKILL); elsewhere a no-op."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):
        pass
