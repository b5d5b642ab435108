"""The holiday arrangement as data (data/holidays): checked like every package, the same dates for the build and the
browser, the official 2026 notice as chinese-calendar encodes it, 2027 provisional, and a warning from December
when next year is missing."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import chinese_calendar.constants as cross_check
import yaml

from generator import holidays, hours
from generator.config import load_config
from generator.validate import validate_data
from tests.conftest import REPO_ROOT, DATA, TODAY, copy_data
from tests.test_validate import rewrite

CONFIG = load_config(REPO_ROOT / "mkdocs.yml")


def problems(data: Path, today: dt.date = TODAY, code: str | None = None):
    report, tables = validate_data(data, CONFIG, today)
    found = [p for p in report.problems if "holidays" in p.path]
    return [p for p in found if code is None or p.code == code], tables


def arrangement(today: dt.date = TODAY) -> holidays.Arrangement:
    _, tables = validate_data(DATA, CONFIG, today)
    return holidays.from_tables(tables)


def test_the_sample_arrangement_is_valid_and_covers_2026_and_2027():
    found, tables = problems(DATA)
    assert found == []
    years = holidays.from_tables(tables).years
    assert years[2026].status == "official" and "2026年部分节假日安排" in years[2026].source_title
    assert years[2026].published_on == dt.date(2025, 11, 4) and years[2026].source_url.startswith("https://")
    assert years[2027].provisional and "放假办法" in years[2027].source_title


def test_2026_is_exactly_the_state_council_notice_that_chinese_calendar_encodes():
    a = arrangement()
    assert {d for d in a.holidays if d.year == 2026} == {d for d in cross_check.holidays if d.year == 2026}
    assert {d for d in a.workdays if d.year == 2026} == {d for d in cross_check.workdays if d.year == 2026}


def test_provisional_2027_has_the_legal_holidays_and_no_make_up_days():
    a = arrangement()
    days = sorted(d for d in a.holidays if d.year == 2027)
    assert len(days) == 13  # 元旦 1, 春节 4 (除夕–初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3
    assert dt.date(2027, 2, 5) in a.holidays and a.holidays[dt.date(2027, 2, 5)] == "春节"  # 除夕
    assert not [d for d in a.workdays if d.year == 2027]


def test_the_browser_reads_the_same_dates_and_years_as_the_build():
    a = arrangement()
    data = json.loads(a.to_json())
    assert data["holidays"] == sorted(d.isoformat() for d in a.holidays)
    assert data["workdays"] == sorted(d.isoformat() for d in a.workdays)
    assert data["years"]["2027"]["status"] == "provisional" and data["years"]["2026"]["status"] == "official"


def test_a_make_up_working_day_on_a_weekday_is_refused(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data / "holidays" / "days.csv", lambda rows: rows.append(
        {"date": "2027-03-03", "kind": "workday", "name": "春节", "year": "2027"}))
    found, _ = problems(data, code="holiday-workday")
    assert [(p.field, p.severity) for p in found] == [("kind", "error")]
    assert found[0].path.endswith("days.csv") and found[0].row == 54


def test_a_day_of_another_years_arrangement_is_refused(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data / "holidays" / "days.csv", lambda rows: rows.append(
        {"date": "2029-10-01", "kind": "holiday", "name": "国庆节", "year": "2027"}))
    found, _ = problems(data, code="holiday-year")
    assert [p.field for p in found] == ["year"]


def test_a_day_of_a_year_without_a_source_row_is_refused(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data / "holidays" / "days.csv", lambda rows: rows.append(
        {"date": "2028-01-01", "kind": "holiday", "name": "元旦", "year": "2028"}))
    found, _ = problems(data, code="foreign-key")
    assert found and found[0].field == "year"


def test_an_official_year_needs_a_source_to_check_and_an_https_address(tmp_path):
    data = copy_data(tmp_path)

    def edit(rows):
        rows[0]["source_url"] = ""
        rows[1]["source_url"] = "http://www.gov.cn/"
    rewrite(data / "holidays" / "years.csv", edit)
    found, _ = problems(data)
    assert {(p.row, p.field, p.code) for p in found} == {(2, "source_url", "holiday-source"), (3, "source_url", "url")}


def test_an_unknown_kind_and_a_bad_date_are_reported_by_row(tmp_path):
    data = copy_data(tmp_path)

    def edit(rows):
        rows[0]["kind"] = "off"
        rows[1]["date"] = "2026-02-30"
    rewrite(data / "holidays" / "days.csv", edit)
    found, _ = problems(data)
    assert {(p.row, p.field) for p in found} >= {(2, "kind"), (3, "date")}
    assert all(p.severity == "error" for p in found)


def test_validate_warns_from_the_first_of_december_when_next_year_is_missing(tmp_path):
    data = copy_data(tmp_path)
    assert problems(data, dt.date(2027, 11, 30), "holiday-missing")[0] == []
    [warning] = problems(data, dt.date(2027, 12, 1), "holiday-missing")[0]
    assert warning.severity == "warning" and "2028" in warning.message and warning.field == "year"


def test_validate_warns_when_the_current_year_has_no_arrangement(tmp_path):
    data = copy_data(tmp_path)
    found = problems(data, dt.date(2028, 3, 1), "holiday-missing")[0]
    assert [p.severity for p in found] == ["warning"] and "2028" in found[0].message


def test_a_missing_holidays_package_is_named(tmp_path):
    data = copy_data(tmp_path)
    shutil.rmtree(data / "holidays")
    report, _ = validate_data(data, CONFIG, TODAY)
    assert any(p.path.endswith("holidays/datapackage.yaml") and p.severity == "error" for p in report.problems)


def test_the_descriptor_documents_every_field():
    d = yaml.safe_load((DATA / "holidays" / "datapackage.yaml").read_text(encoding="utf-8"))
    for res in d["resources"]:
        for f in res["schema"]["fields"]:
            assert f.get("title") and f.get("description") and "example" in f, (res["name"], f["name"])


def test_the_calendar_covers_exactly_the_years_with_an_arrangement():
    cal = arrangement().calendar()
    weekday_only = hours.parse("Mo-Fr 09:00-17:00")
    day = dt.date(2026, 1, 1)
    while day.year < 2029:  # every day of three years: official, provisional, missing
        assert cal.covers(day) == (day.year in (2026, 2027))
        assert (day.year in cal.provisional) == (day.year == 2027)
        spans = hours.day_spans(weekday_only, day, True, cal)
        if day in cal.holidays:
            assert spans == ()
        elif day in cal.workdays:
            assert spans == ((540, 1020),) and day.weekday() >= 5
        day += dt.timedelta(days=1)
