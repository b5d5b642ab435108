"""The holiday arrangement (放假调休) as editor-maintained data: checks, the calendar, and the browser's copy."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from generator.hours import Calendar
from generator.problems import Report

PACKAGE = "holidays"
# From this month on, validation warns when the coming year has no arrangement (the notice usually comes in November).
WARN_FROM_MONTH = 12


@dataclass(frozen=True)
class Year:
    year: int
    status: str  # official | provisional
    source_title: str
    source_number: str
    source_url: str
    published_on: dt.date
    note: str

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"

    @property
    def source_text(self) -> str:
        number = f"（{self.source_number}）" if self.source_number else ""
        return f"{self.source_title}{number}，{self.published_on.year}年{self.published_on.month}月{self.published_on.day}日"


@dataclass(frozen=True)
class Arrangement:
    """Every year the data cover, with its holidays and make-up working days."""

    years: dict[int, Year] = field(default_factory=dict)
    holidays: dict[dt.date, str] = field(default_factory=dict)  # date -> festival name
    workdays: dict[dt.date, str] = field(default_factory=dict)

    def calendar(self) -> Calendar:
        return Calendar(holidays=frozenset(self.holidays), workdays=frozenset(self.workdays),
                        years=frozenset(self.years),
                        provisional=frozenset(y for y, info in self.years.items() if info.provisional))

    def covers(self, year: int) -> bool:
        return year in self.years

    def to_json(self) -> str:
        """What the browser reads (assets/holidays.json): the same dates and years as the build."""
        data = {
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "years": {str(y): {"status": info.status, "source": info.source_text}
                      for y, info in sorted(self.years.items())},
            "last_year": max(self.years, default=0),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def from_tables(tables) -> Arrangement:
    years = {}
    for r in tables.get(PACKAGE, "years"):
        if r.get("year") is None or r.get("published_on") is None:
            continue  # already reported by frictionless
        years[r["year"]] = Year(r["year"], r.get("status") or "provisional", r.get("source_title") or "",
                                r.get("source_number") or "", r.get("source_url") or "", r["published_on"],
                                r.get("note") or "")
    holidays, workdays = {}, {}
    for r in tables.get(PACKAGE, "days"):
        if r.get("date") is None or r.get("year") not in years:
            continue
        (holidays if r.get("kind") == "holiday" else workdays)[r["date"]] = r.get("name") or ""
    return Arrangement(years, holidays, workdays)


def check(tables, report: Report) -> None:
    """What Table Schema cannot say: dates in their year, make-up days on weekends, sources that can be found,
    and, from December on, next year's arrangement."""
    if (PACKAGE, "years") not in tables.rows:
        return
    years_path = tables.paths[(PACKAGE, "years")]
    days_path = tables.paths.get((PACKAGE, "days"))
    for r in tables.get(PACKAGE, "years"):
        url = r.get("source_url")
        if url and not url.startswith("https://"):
            report.error(years_path, r["_row"], "source_url", f"网址须以 https:// 开头：{url}", code="url")
        if r.get("status") == "official" and not (url or r.get("source_number")):
            report.error(years_path, r["_row"], "source_url", "官方安排须填写来源网址或文号，便于读者核对",
                         code="holiday-source")
        if r.get("published_on") and r["published_on"] > tables.today:
            report.error(years_path, r["_row"], "published_on", "发布日期晚于数据日期", code="date")
    for r in tables.get(PACKAGE, "days"):
        day, year = r.get("date"), r.get("year")
        if day is None or year is None:
            continue
        if abs(day.year - year) > 1:
            report.error(days_path, r["_row"], "year", f"日期 {day} 不属于 {year} 年的安排", code="holiday-year")
        if r.get("kind") == "workday" and day.weekday() < 5:
            report.error(days_path, r["_row"], "kind",
                         f"{day} 本来就是工作日；调休上班日（workday）应为周六或周日", code="holiday-workday")
    known = {r.get("year") for r in tables.get(PACKAGE, "years")}
    today = tables.today
    if today.year not in known:
        report.warning(years_path, None, "year", f"没有 {today.year} 年的节假日安排：站点页面不显示“正在开放”，"
                       "请按国务院办公厅的通知补充", code="holiday-missing")
    if today.month >= WARN_FROM_MONTH and today.year + 1 not in known:
        report.warning(years_path, None, "year", f"还没有 {today.year + 1} 年的节假日安排：国务院办公厅的通知公布后"
                       "请补充（见 docs/editing.md）；通知未公布前可先按法定节假日录入并标为 provisional",
                       code="holiday-missing")
