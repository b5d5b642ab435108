"""The one way the engine forks: `Child` runs a function in a forked process that ends with the build (SIGTERM
runs its clean-up code, and it dies when its parent does) and sends back the function's result or its error."""
from __future__ import annotations

import ctypes
import multiprocessing
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


class ChildError(RuntimeError):
    """A forked process failed or died; the message says what it was doing and why."""


class Child:
    """A forked process working beside the parent; it sends back what `target(*args)` returned, or its error.
    `what` names the work in the error a failure raises."""

    def __init__(self, target, *args, what: str = "构建子进程"):
        ctx = multiprocessing.get_context("fork")
        self.what = what
        self.parent, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=self._run, args=(target, args, child), daemon=True)
        self.proc.start()
        child.close()

    @staticmethod
    def _run(target, args, conn) -> None:
        exit_on_sigterm()  # stop() then runs this process's clean-up (Pagefind is killed with it)
        die_with_parent()
        try:
            conn.send(("ok", target(*args)))
        except Exception as exc:  # reported by the parent
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            conn.close()

    def result(self):
        try:
            status, value = self.parent.recv()
        except EOFError:
            status, value = "error", "子进程意外退出"
        self.proc.join(timeout=600)
        if status != "ok":
            raise ChildError(f"{self.what}失败：{value}")
        return value

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(timeout=30)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
