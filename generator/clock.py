"""Statuses that depend on the date, computed the same way here (at build time) and in assets/clock.js (in the
reader's browser, on the reader's Beijing date): registrations by their validity dates, lectures by their times."""
from __future__ import annotations

import datetime as dt

from generator.config import TZ

# Recorded statuses the dates decide between; any other (suspended, revoked, an ending) is kept as recorded.
DATED = "active"
# Lecture phases: the words shown for each.
PHASE_LABELS = {"upcoming": "即将举行", "today": "今天", "live": "进行中", "ended": "已结束"}


def registration_status(status: str, valid_from: dt.date, valid_to: dt.date, today: dt.date) -> str:
    """An active registration is pending before valid_from and expired after valid_to; others stay as recorded."""
    if status != DATED:
        return status
    if valid_to < today:
        return "expired"
    if valid_from > today:
        return "pending"
    return "active"


def lecture_phase(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> str:
    """upcoming, today (later on the reader's date), live (under way) or ended; dates in Beijing time."""
    if now >= end:
        return "ended"
    if now >= start:
        return "live"
    if start.astimezone(TZ).date() == now.astimezone(TZ).date():
        return "today"
    return "upcoming"


def start_of(day: dt.date) -> dt.datetime:
    """The moment a build speaks for: midnight of the reference date, Beijing time."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=TZ)


def epoch_ms(t: dt.datetime) -> int:
    """A moment as the browser's Date counts it, for data-* attributes."""
    return int(t.timestamp() * 1000)


def build_phase(lec, today: dt.date) -> str:
    """A lecture's phase as of the build's reference date (templates: the text shown without JavaScript)."""
    return lecture_phase(lec.start, lec.end, start_of(today))
