"""Opening hours: the weekly syntax, its exceptions, and when a station is open (mirrored in generator/theme/assets/xinan.js)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_DATE = r"\d{4}-\d{2}-\d{2}"
_EXC = re.compile(rf"^({_DATE})(?:\.\.({_DATE}))?\s+(.+)$")

Span = tuple[int, int]  # minutes since midnight, end exclusive


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class Exception_:
    start: dt.date
    end: dt.date
    spans: tuple[Span, ...]  # empty: closed all day


@dataclass(frozen=True)
class Hours:
    always: bool = False
    weekly: tuple[tuple[Span, ...], ...] = field(default_factory=lambda: ((),) * 7)
    exceptions: tuple[Exception_, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.always and not any(self.weekly)


def _spans(text: str) -> tuple[Span, ...]:
    out = []
    for part in text.split(","):
        m = _SPAN.match(part.strip())
        if not m:
            raise HoursError(f"时段“{part.strip()}”应写作 HH:MM-HH:MM，如 09:00-12:00")
        a = int(m[1]) * 60 + int(m[2])
        b = int(m[3]) * 60 + int(m[4])
        if b > 24 * 60:
            raise HoursError(f"时段“{part.strip()}”的结束时间超过 24:00")
        if b <= a:
            raise HoursError(f"时段“{part.strip()}”的结束时间须晚于开始时间")
        out.append((a, b))
    out.sort()
    for (a1, b1), (a2, _) in zip(out, out[1:]):
        if a2 < b1:
            raise HoursError("同一天的时段相互重叠")
    return tuple(out)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, _, b = part.partition("-")
            if a not in DAYS or b not in DAYS:
                raise HoursError(f"星期“{part}”应使用 Mo Tu We Th Fr Sa Su")
            i, j = DAYS.index(a), DAYS.index(b)
            days.extend(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
        elif part in DAYS:
            days.append(DAYS.index(part))
        else:
            raise HoursError(f"星期“{part}”应使用 Mo Tu We Th Fr Sa Su")
    return days


def parse_weekly(text: str) -> Hours:
    text = (text or "").strip()
    if not text:
        return Hours()
    if text == "24/7":
        return Hours(always=True)
    weekly: list[tuple[Span, ...]] = [()] * 7
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        days, sep, spans = rule.partition(" ")
        if not sep:
            raise HoursError(f"规则“{rule}”应写作“星期 时段”，如 Mo-Fr 09:00-17:00")
        parsed = _spans(spans.strip())
        for d in _days(days):
            if weekly[d]:
                raise HoursError(f"{DAYS[d]} 在多条规则中重复出现")
            weekly[d] = parsed
    return Hours(weekly=tuple(weekly))


def parse_exceptions(text: str) -> tuple[Exception_, ...]:
    out = []
    for item in (text or "").split(";"):
        item = item.strip()
        if not item:
            continue
        m = _EXC.match(item)
        if not m:
            raise HoursError(f"例外“{item}”应写作 YYYY-MM-DD off 或 YYYY-MM-DD..YYYY-MM-DD 09:00-12:00")
        try:
            start = dt.date.fromisoformat(m[1])
            end = dt.date.fromisoformat(m[2]) if m[2] else start
        except ValueError as exc:
            raise HoursError(f"例外“{item}”中的日期无效") from exc
        if end < start:
            raise HoursError(f"例外“{item}”的结束日期早于开始日期")
        rest = m[3].strip()
        out.append(Exception_(start, end, () if rest == "off" else _spans(rest)))
    return tuple(out)


def parse(weekly: str, exceptions: str = "") -> Hours:
    h = parse_weekly(weekly)
    return Hours(always=h.always, weekly=h.weekly, exceptions=parse_exceptions(exceptions))


@dataclass(frozen=True)
class Calendar:
    """Public holidays and make-up working days (调休), from the holidays data package (generator/holidays.py)."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int] = frozenset()  # years with an arrangement; empty: every year (tests' synthetic calendars)
    provisional: frozenset[int] = frozenset()  # years entered before the official notice

    def covers(self, day: dt.date) -> bool:
        """Whether the arrangement for the day's year is known: without it "open now" is not computed."""
        return not self.years or day.year in self.years


def day_spans(h: Hours, day: dt.date, follow_holidays: bool, cal: Calendar) -> tuple[Span, ...]:
    for exc in h.exceptions:
        if exc.start <= day <= exc.end:
            return exc.spans
    if h.always:
        return ((0, 24 * 60),)
    if follow_holidays:
        if day in cal.holidays:
            return ()
        if day in cal.workdays and not h.weekly[day.weekday()]:
            # A make-up working day keeps the hours of an ordinary weekday (Monday's, else the first open one).
            return next((s for s in h.weekly[:5] if s), ())
    return h.weekly[day.weekday()]


def is_open(h: Hours, moment: dt.datetime, follow_holidays: bool, cal: Calendar) -> bool:
    minute = moment.hour * 60 + moment.minute
    return any(a <= minute < b for a, b in day_spans(h, moment.date(), follow_holidays, cal))


def fmt_minutes(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def weekly_rows(h: Hours) -> list[tuple[str, str]]:
    """(weekday label, '09:00–12:00、14:00–17:30' or '休息') for the station page's table."""
    if h.always:
        return [(label, "全天 24 小时") for label in DAY_LABELS]
    return [
        (label, "、".join(f"{fmt_minutes(a)}–{fmt_minutes(b)}" for a, b in spans) if spans else "休息")
        for label, spans in zip(DAY_LABELS, h.weekly)
    ]
