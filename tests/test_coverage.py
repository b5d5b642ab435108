"""Coverage indicators: computations on small fixtures with known answers, validation of the coverage package."""
from __future__ import annotations

import csv
import datetime as dt
from types import SimpleNamespace as NS

from hypothesis import given, settings, strategies as st

from generator import hours
from generator.coverage import compute, held, lecture_community, months_before, weekly_hours
from generator.validate import validate_data
from generator.config import load_config
from tests.conftest import REPO_ROOT, copy_data

TODAY = dt.date(2026, 11, 22)
TZ = dt.timezone(dt.timedelta(hours=8))
STREETS = [("a", "甲"), ("b", "乙"), ("c", "丙")]  # 丙 has no community
COMMUNITIES = [("a", "一"), ("a", "二"), ("b", "三")]
FACILITIES = {"a": {"schools": 4, "general_hospitals": 0, "health_centres": 1}, "b": {"schools": 2}}


def target(measure, value, unit="percent", scope="district"):
    return {"code": measure, "title": measure, "measure": measure, "target": value, "unit": unit, "scope": scope,
            "deadline": dt.date(2021, 12, 31), "source_title": "文件", "source_clause": "条款"}


def station(ident, kind, street=None, community=None, when="Mo-Fr 09:00-17:00", **kw):
    return NS(id=ident, kind=kind, street=street, community=community, hours=hours.parse_weekly(when), **kw)


def lecture(ident, day, status="scheduled", station=None, street=None, address=None):
    start = dt.datetime.combine(day, dt.time(14, 0), TZ)
    return NS(id=ident, start=start, status=status, station=station, street=street, address=address)


def run(targets, stations=(), lectures=(), communities=COMMUNITIES, facilities=FACILITIES):
    out = compute(today=TODAY, streets=STREETS, communities=communities, facilities=facilities, targets=targets,
                  stations=list(stations), lectures=list(lectures))
    return {(i.scope, i.area): i for i in out}


def test_street_station_rate_counts_streets_with_an_active_station():
    got = run([target("street_stations", 100)], [
        station("s1", "street_station", "a"), station("s2", "street_station", "a"),
        station("s3", "street_station", "b", status="closed")])
    assert (got["district", ""].counted, got["district", ""].denominator) == (1, 3)
    assert got["district", ""].value == 33.3 and got["district", ""].met is False
    assert got["district", ""].gap == 66.7
    assert got["street", "a"].met is True and got["street", "b"].met is False


def test_a_closed_station_does_not_count():
    got = run([target("community_rooms", 100)], [
        station("r1", "community_room", "a", "一"), station("r2", "community_room", "a", "二", status="closed")])
    assert got["street", "a"].counted == 1 and got["street", "a"].items == ["一"]
    assert got["district", ""].counted == 1 and got["district", ""].denominator == 3


def test_a_street_with_no_community_has_no_rate():
    got = run([target("community_rooms", 100)])
    assert got["street", "c"].denominator == 0
    assert got["street", "c"].value is None and got["street", "c"].met is None and got["street", "c"].gap is None


def test_no_denominator_means_no_value_not_zero_percent():
    got = run([target("hospital_clinics", 75)], [station("h1", "hospital_clinic", "c")], facilities={})
    assert got["district", ""].denominator == 0 and got["district", ""].value is None
    assert got["district", ""].met is None


def test_facility_rate_sums_streets():
    got = run([target("school_rooms", 100)], [
        station("x1", "school_room", "a"), station("x2", "school_room", "b"), station("x3", "hospital_clinic", "a")])
    assert (got["district", ""].counted, got["district", ""].denominator, got["district", ""].value) == (2, 6, 33.3)
    assert got["street", "a"].value == 25.0 and got["street", "b"].value == 50.0


def test_lectures_per_community_exclude_cancelled_future_and_old_ones():
    room = station("r1", "community_room", "a", "一")
    lectures = [lecture("l1", dt.date(2026, 3, 1), station=room),
                lecture("l2", dt.date(2026, 11, 22), station=room),  # today counts
                lecture("l3", dt.date(2026, 6, 1), status="cancelled", station=room),
                lecture("l4", dt.date(2026, 12, 1), station=room),  # not held yet
                lecture("l5", dt.date(2025, 11, 22), station=room),  # 12 months and a day ago
                lecture("l6", dt.date(2026, 5, 5), street="a", address="甲街道二社区党群服务中心")]
    got = run([target("community_lectures", 2, "per_year", "community")], lectures=lectures)
    assert got["community", "a/一"].counted == 2 and got["community", "a/一"].items == ["l1", "l2"]
    assert got["community", "a/一"].met is True
    assert got["community", "a/二"].counted == 1 and got["community", "a/二"].met is False
    assert got["street", "a"].value == 50.0 and got["district", ""].value == 33.3
    assert got["street", "c"].value is None


def test_held_window_is_twelve_months_ending_today():
    xs = [lecture("old", dt.date(2025, 11, 22)), lecture("first", dt.date(2025, 11, 23))]
    assert [x.id for x in held(xs, TODAY)] == ["first"]


def test_monthly_events_use_the_twelve_complete_months_before_the_data_date():
    assert months_before(TODAY, 12)[0] == "2025-11" and months_before(TODAY, 12)[-1] == "2026-10"
    assert months_before(dt.date(2026, 1, 5), 2) == ["2025-11", "2025-12"]
    lectures = [lecture(f"m{n}", dt.date(2026, n, 3)) for n in range(1, 11)]
    lectures += [lecture("cx", dt.date(2025, 12, 3), status="cancelled"), lecture("now", dt.date(2026, 11, 3))]
    got = run([target("monthly_events", 1, "per_month")], lectures=lectures)
    assert got["month", "2025-12"].counted == 0 and got["month", "2025-12"].met is False
    assert got["month", "2026-01"].met is True
    assert (got["district", ""].counted, got["district", ""].denominator) == (10, 12)
    assert ("month", "2026-11") not in got


def test_hotline_hours_from_station_hours():
    assert weekly_hours(hours.parse_weekly("24/7")) == 168
    assert weekly_hours(hours.parse_weekly("Mo-Fr 14:00-22:00; Sa-Su 09:00-21:00")) == 64
    got = run([target("hotline_hours", 168, "hours_per_week")], [
        station("h1", "hotline", when="Mo-Fr 14:00-22:00"), station("h2", "hotline", when="24/7", status="retired")])
    assert got["district", ""].value == 40 and got["district", ""].met is False and got["district", ""].counted == 0
    got = run([target("hotline_hours", 168, "hours_per_week")], [station("h3", "hotline", when="24/7")])
    assert got["district", ""].met is True and got["district", ""].items == ["h3"]


def test_a_lecture_address_names_its_community_only_within_its_street():
    by_street = {"a": ["一"], "b": ["三"]}
    assert lecture_community(lecture("x", TODAY, street="b", address="一社区"), by_street) is None
    assert lecture_community(lecture("x", TODAY, street="a", address="一社区"), by_street) == ("a", "一")


# --- validation of the coverage package ------------------------------------------------------------------------

def _edit(path, change):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _errors(data):
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    return report.errors


def test_the_sample_coverage_package_is_valid(tmp_path):
    assert not [p for p in _errors(copy_data(tmp_path)) if "coverage" in p.path or p.code in ("community", "denominator")]


def test_a_target_without_a_source_is_refused(tmp_path):
    data = copy_data(tmp_path)
    _edit(data / "coverage" / "targets.csv", lambda rows: rows[1].__setitem__(8, ""))
    problems = [p for p in _errors(data) if p.path.endswith("targets.csv")]
    assert [(p.row, p.field) for p in problems] == [(2, "source_clause")]


def test_a_target_citing_an_unlisted_document_is_refused(tmp_path):
    data = copy_data(tmp_path)
    _edit(data / "coverage" / "targets.csv", lambda rows: rows[2].__setitem__(7, "某个文件"))
    problems = [p for p in _errors(data) if p.code == "source"]
    assert [(p.row, p.field) for p in problems] == [(3, "source_title")]


def test_a_denominator_smaller_than_what_is_counted_is_refused(tmp_path):
    data = copy_data(tmp_path)
    # hf has two hospital clinics in the station directory.
    _edit(data / "coverage" / "facilities.csv",
          lambda rows: next(r for r in rows if r[0] == "hf").__setitem__(2, "1"))
    problems = [p for p in _errors(data) if p.code == "denominator"]
    assert [(p.path.rsplit("/", 1)[-1], p.row, p.field) for p in problems] == [("facilities.csv", 7, "general_hospitals")]


def test_a_community_unknown_to_its_street_is_refused(tmp_path):
    data = copy_data(tmp_path)
    _edit(data / "coverage" / "communities.csv", lambda rows: rows.remove(["yl", "华林"]))
    problems = [p for p in _errors(data) if p.code == "community"]
    assert len(problems) >= 1
    assert all(p.path.endswith("stations.csv") and p.field == "community" for p in problems)


# --- properties over any data --------------------------------------------------------------------------------------


KINDS = ["street_station", "community_room", "school_room", "hospital_clinic", "health_centre_room", "hotline"]
ALL_TARGETS = [target("street_stations", 100), target("community_rooms", 100), target("school_rooms", 100),
               target("hospital_clinics", 75), target("health_centre_rooms", 100),
               target("community_lectures", 2, "per_year", "community"), target("monthly_events", 1, "per_month"),
               target("hotline_hours", 168, "hours_per_week")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(["a", "b", "c"]), st.sampled_from(["一", "二", "三"]),
                          st.sampled_from(["active", "closed"])), max_size=25),
       st.lists(st.tuples(st.integers(-400, 60), st.sampled_from(["scheduled", "cancelled", "rescheduled"])),
                max_size=25),
       st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(0, 5)))
def test_indicators_are_consistent_for_any_data(stations, lectures, schools):
    rows = [station(f"s{n}", k, s, c, status=status) for n, (k, s, c, status) in enumerate(stations)]
    lecs = [lecture(f"l{n}", TODAY + dt.timedelta(days=d), status=status, station=rows[n % len(rows)] if rows else None)
            for n, (d, status) in enumerate(lectures)]
    facilities = {s: {"schools": n, "general_hospitals": n, "health_centres": n} for s, n in schools.items()}
    out = compute(today=TODAY, streets=STREETS, communities=COMMUNITIES, facilities=facilities, targets=ALL_TARGETS,
                  stations=rows, lectures=lecs)
    active = [r for r in rows if r.status == "active"]
    for i in out:
        assert (i.value is None) == (i.met is None)
        if i.value is not None:
            assert i.met == (i.value >= i.target) and i.gap >= 0
        if i.denominator is not None and i.denominator == 0:
            assert i.value is None
        if i.denominator and i.counted <= i.denominator:
            assert 0 <= i.value <= 100
        assert not any(x.startswith("s") and x not in {r.id for r in active} for x in i.items)
    for code in ("school_rooms", "hospital_clinics", "health_centre_rooms", "community_rooms"):
        district = next(i for i in out if i.code == code and i.scope == "district")
        streets = [i for i in out if i.code == code and i.scope == "street"]
        assert district.counted == sum(i.counted for i in streets)
        assert district.denominator == sum(i.denominator for i in streets)
    cancelled = {f"l{n}" for n, (_, status) in enumerate(lectures) if status == "cancelled"}
    assert not any(x in cancelled for i in out for x in i.items)


def test_a_moved_station_in_the_sample_data_is_not_counted():
    from generator.context import load_site
    from generator.coverage import from_site
    from tests.conftest import CONTENT, DATA
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, TODAY)
    retired = [s.id for s in site.stations.values() if s.status != "active"]
    assert retired, "the sample data should keep a retired station for this test"
    counted = {x for i in from_site(site) for x in i.items}
    assert not counted & set(retired)
    rooms = next(i for i in from_site(site) if i.code == "community_rooms" and i.area == "hf")
    assert "华富" not in rooms.items or any(s.community == "华富" and s.kind == "community_room" and s.status == "active"
                                          for s in site.stations.values())
