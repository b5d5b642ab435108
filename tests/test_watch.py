"""`xinan serve` watches the site through watchdog (generator/watch.py): one save, however many file events it
makes, triggers one rebuild; a watched file's neighbours do not; the polling fallback sees edits too."""
from __future__ import annotations

import threading
import time

import pytest

from generator.watch import Watcher


class Calls:
    def __init__(self):
        self.count = 0
        self.seen = threading.Event()

    def __call__(self):
        self.count += 1
        self.seen.set()


def settle(calls: Calls, seconds: float = 5.0) -> None:
    calls.seen.wait(seconds)
    time.sleep(1.5)  # long enough for a second, wrongly split rebuild to happen


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_one_save_triggers_one_rebuild(tmp_path, polling):
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    page = folder / "articles" / "a.md"
    page.write_text("一", encoding="utf-8")
    calls = Calls()
    watcher = Watcher([folder], calls, polling=polling)
    try:
        assert watcher.polling == polling
        time.sleep(0.6)
        assert calls.count == 0, "starting to watch is not an edit"
        # An editor's save: a temporary file written, renamed over the page, and the page read back.
        tmp = folder / "articles" / ".a.md.swp"
        tmp.write_text("一二", encoding="utf-8")
        tmp.replace(page)
        page.read_text(encoding="utf-8")
        settle(calls)
        assert calls.count == 1
        page.read_text(encoding="utf-8")  # the rebuild reads what it watches: not an edit
        time.sleep(1.0)
        assert calls.count == 1
    finally:
        watcher.stop()


def test_a_watched_file_is_watched_alone(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 甲\n", encoding="utf-8")
    calls = Calls()
    watcher = Watcher([config], calls)
    try:
        (tmp_path / ".site.lock").write_text("", encoding="utf-8")  # the build's own files beside mkdocs.yml
        (tmp_path / "site").mkdir()
        time.sleep(1.0)
        assert calls.count == 0
        config.write_text("site_name: 乙\n", encoding="utf-8")
        settle(calls)
        assert calls.count == 1
    finally:
        watcher.stop()
