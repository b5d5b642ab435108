"""What `xinan serve` watches: the site's folders and files, through watchdog (inotify on Linux; polling where
inotify is unavailable or out of watches). One burst of edits (an editor saving writes, renames and deletes several
files at once) calls back once, after the folders have been quiet for a moment."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

# Events that say a file changed; watchdog also reports files being opened and closed unwritten (inotify), and the
# build reads the data it watches.
CHANGES = {"created", "modified", "deleted", "moved"}
QUIET = 0.3  # seconds without an event before a burst counts as finished


class _Events(FileSystemEventHandler):
    def __init__(self, watcher: "Watcher", only: str | None):
        self.watcher, self.only = watcher, only

    def on_any_event(self, event) -> None:
        if event.event_type not in CHANGES:
            return
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if self.only is None or self.only in paths:
            self.watcher.touched()


class Watcher:
    """Calls `changed()` (in its own thread) once per burst of changes under `paths` (folders, watched with
    everything in them, or single files). `polling` forces the polling observer."""

    def __init__(self, paths, changed, polling: bool = False, quiet: float = QUIET):
        self.changed, self.quiet = changed, quiet
        self._event = threading.Event()
        self._last = 0.0
        self._stopped = False
        self.paths = [Path(p).resolve() for p in paths]
        self.observer = self._start(PollingObserver if polling else Observer)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def polling(self) -> bool:
        return isinstance(self.observer, PollingObserver)

    def _start(self, kind):
        observer = kind(timeout=0.5) if kind is PollingObserver else kind()
        try:
            for path in self.paths:
                if path.is_file():  # its folder, but only this file's events
                    observer.schedule(_Events(self, str(path)), str(path.parent), recursive=False)
                elif path.is_dir():
                    observer.schedule(_Events(self, None), str(path), recursive=True)
            observer.start()
        except OSError:  # no inotify, or its watch limit reached
            if kind is PollingObserver:
                raise
            return self._start(PollingObserver)
        return observer

    def touched(self) -> None:
        self._last = time.monotonic()
        self._event.set()

    def _run(self) -> None:
        while not self._stopped:
            self._event.wait()
            if self._stopped:
                return
            while time.monotonic() - self._last < self.quiet:  # let the burst end
                time.sleep(self.quiet / 3)
            self._event.clear()
            self.changed()

    def stop(self) -> None:
        self._stopped = True
        self._event.set()
        self.observer.stop()
        self.observer.join(timeout=5)
