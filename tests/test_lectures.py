"""Lectures: the data rules, the calendar feeds (RFC 5545) and what /lectures/ and each lecture page promise."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from lxml import html as lxml_html

from generator.config import load_config
from generator.validate import validate_data
from tests.conftest import REPO_ROOT, DATA, TODAY, build_site, copy_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
CONFIG = load_config(REPO_ROOT / "mkdocs.yml")
FEEDS = "open-data/lectures"
WEEKDAYS = list("一二三四五六日")


# ---------- The sample data, read straight from the CSV files ----------

def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


LECTURES = read_csv(DATA / "lectures" / "lectures.csv")
BY_ID = {r["id"]: r for r in LECTURES}
STATIONS = {r["id"]: r for r in read_csv(DATA / "stations" / "stations.csv")}
STREETS = [r["id"] for r in read_csv(DATA / "stations" / "streets.csv")]


def street_of(row: dict) -> str:
    """The station's street when the lecture is held at a station, else the lecture's own street field."""
    if row["station"]:
        return STATIONS[row["station"]]["street"] or row["street"]
    return row["street"]


def community_of(row: dict) -> str:
    return STATIONS[row["station"]]["community"] if row["station"] else ""


def start_of(row: dict, field: str = "start") -> dt.datetime:
    return dt.datetime.fromisoformat(row[field])


def first(**where) -> dict:
    return next(r for r in LECTURES if all(r[k] == v for k, v in where.items()))


# ---------- Validation: copy the data, break one row, read the typed problems ----------

def rewrite(path, edit) -> None:
    rows = read_csv(path)
    fields = list(rows[0])
    edit(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def problems_after(tmp_path, edit) -> list[tuple[int, str, str]]:
    data = copy_data(tmp_path)
    rewrite(data / "lectures" / "lectures.csv", edit)
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    return [(p.row, p.field, p.code) for p in report.errors]


def row_number(lecture_id: str) -> int:
    return next(i for i, r in enumerate(LECTURES, start=2) if r["id"] == lecture_id)


def edit_row(lecture_id: str, **changes):
    def edit(rows):
        next(r for r in rows if r["id"] == lecture_id).update(changes)
    return edit


def test_the_sample_lectures_are_valid(tmp_path):
    assert problems_after(tmp_path, lambda rows: None) == []


def test_an_end_not_after_the_start_is_reported_on_the_end_field(tmp_path):
    row = first(status="scheduled", mode="offline")
    found = problems_after(tmp_path, edit_row(row["id"], end=row["start"]))
    assert found == [(row_number(row["id"]), "end", "date-order")]


def test_an_unknown_station_is_reported_on_the_station_field(tmp_path):
    row = next(r for r in LECTURES if r["station"] and r["status"] == "scheduled")
    found = problems_after(tmp_path, edit_row(row["id"], station="no-such-station"))
    assert found == [(row_number(row["id"]), "station", "foreign-key")]


def test_an_offline_lecture_without_station_or_address_is_reported(tmp_path):
    row = next(r for r in LECTURES if r["mode"] == "offline" and r["station"] and r["street"])
    found = problems_after(tmp_path, edit_row(row["id"], station="", address=""))
    assert found == [(row_number(row["id"]), "station", "venue")]


def test_an_online_lecture_without_a_link_is_reported(tmp_path):
    row = first(mode="online")
    found = problems_after(tmp_path, edit_row(row["id"], online_url=""))
    assert found == [(row_number(row["id"]), "online_url", "venue")]


def _same_station_pair() -> tuple[dict, dict]:
    """A scheduled on-site lecture at a station, and another lecture to move onto the same slot."""
    a = next(r for r in LECTURES if r["station"] and r["status"] == "scheduled" and r["mode"] != "online")
    b = next(r for r in LECTURES if r["id"] != a["id"] and r["status"] == "scheduled" and r["mode"] == "offline"
             and r["station"] != a["station"])
    return a, b


def test_two_lectures_overlapping_at_the_same_station_are_reported_on_the_later_row(tmp_path):
    a, b = _same_station_pair()
    found = problems_after(tmp_path, edit_row(b["id"], station=a["station"], street="", address="",
                                              start=a["start"], end=a["end"]))
    assert found == [(max(row_number(a["id"]), row_number(b["id"])), "start", "overlap")]


def test_a_cancelled_lecture_does_not_block_its_slot(tmp_path):
    a, b = _same_station_pair()
    found = problems_after(tmp_path, edit_row(b["id"], station=a["station"], street="", address="",
                                              start=a["start"], end=a["end"], status="cancelled", sequence="1"))
    assert found == []


def test_a_rescheduled_lecture_must_name_its_previous_start(tmp_path):
    row = first(status="rescheduled")
    found = problems_after(tmp_path, edit_row(row["id"], previous_start=""))
    assert found == [(row_number(row["id"]), "previous_start", "required")]


def test_a_time_without_an_offset_is_reported(tmp_path):
    row = next(r for r in LECTURES if not r["station"] and r["status"] == "scheduled")
    found = problems_after(tmp_path, edit_row(row["id"], start=row["start"][:19]))
    assert found == [(row_number(row["id"]), "start", "timezone")]


def test_a_time_without_an_offset_at_a_busy_station_is_reported_not_a_crash(tmp_path):
    busy = [r["station"] for r in LECTURES if r["station"] and r["status"] != "cancelled" and r["mode"] != "online"]
    row = next(r for r in LECTURES if busy.count(r["station"]) > 1 and r["status"] != "cancelled"
               and r["mode"] != "online")
    found = problems_after(tmp_path, edit_row(row["id"], start=row["start"][:19]))
    assert found == [(row_number(row["id"]), "start", "timezone")]


# ---------- The built site ----------

def feed(site_dir, name: str) -> Calendar:
    return Calendar.from_ical((site_dir / FEEDS / name).read_bytes())


def events(cal: Calendar) -> dict[str, object]:
    """VEVENTs by lecture id (the UID's local part)."""
    return {str(ev["UID"]).split("@")[0]: ev for ev in cal.walk("VEVENT")}


def all_feed_paths(site_dir):
    return sorted((site_dir / FEEDS).glob("*.ics")) + sorted((site_dir / "lectures").glob("*/*.ics"))


def page(site_dir, rel: str):
    return lxml_html.fromstring((site_dir / rel / "index.html").read_text(encoding="utf-8"))


def jsonld(site_dir, lecture_id: str) -> dict:
    [script] = page(site_dir, f"lectures/{lecture_id}").xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


def test_every_lecture_has_its_page_and_its_calendar_file(site_dir):
    for r in LECTURES:
        assert (site_dir / "lectures" / r["id"] / "index.html").is_file()
        cal = Calendar.from_ical((site_dir / "lectures" / r["id"] / f"{r['id']}.ics").read_bytes())
        assert list(events(cal)) == [r["id"]]


def test_a_cancelled_lecture_keeps_its_page_saying_so_at_the_top(site_dir):
    for r in (x for x in LECTURES if x["status"] == "cancelled"):
        doc = page(site_dir, f"lectures/{r['id']}")
        status = doc.get_element_by_id("xa-lecture-status")
        assert "已取消" in status.text_content()
        assert f"{start_of(r).month}月{start_of(r).day}日" in status.text_content()  # the time it was planned for
        # At the top: straight after the title, before the summary and the facts.
        assert status.getprevious().tag == "h1"
        assert "【已取消】" in doc.findtext(".//title")


def test_a_rescheduled_lecture_page_gives_the_previous_time_at_the_top(site_dir):
    r = first(status="rescheduled")
    before = start_of(r, "previous_start")
    status = page(site_dir, f"lectures/{r['id']}").get_element_by_id("xa-lecture-status")
    assert "已改期" in status.text_content()
    assert f"{before.year}年{before.month}月{before.day}日" in status.text_content()
    assert f"{before:%H:%M}" in status.text_content()


def test_a_lecture_page_gives_time_with_weekday_duration_venue_and_registration(site_dir):
    r = next(x for x in LECTURES if x["station"] and x["registration_url"] and x["status"] == "scheduled"
             and start_of(x).date() > TODAY)
    doc = page(site_dir, f"lectures/{r['id']}")
    facts = {dt_.text_content(): dt_.getnext() for dt_ in doc.xpath('//dl[@class="xa-facts"]/dt')}
    start = start_of(r).astimezone(SHANGHAI)
    assert f"（周{WEEKDAYS[start.weekday()]}）{start:%H:%M}" in facts["时间"].text_content()
    assert "北京时间" in facts["时间"].text_content() and "小时" in facts["时间"].text_content() + "分钟"
    links = facts["地点"].xpath(".//a/@href")
    assert f"../../stations/{r['station']}/" in links
    assert r["registration_url"] in facts["报名"].xpath(".//a/@href")
    assert doc.xpath(f'//a[@href="{r["id"]}.ics"]')


def test_every_feed_parses_with_one_shanghai_vtimezone_and_utc_stamps(site_dir):
    paths = all_feed_paths(site_dir)
    assert len(paths) == len(LECTURES) + 1 + len(STREETS) + 12
    for path in paths:
        raw = path.read_bytes()
        cal = Calendar.from_ical(raw)
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        zones = cal.walk("VTIMEZONE")
        assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"], path
        for ev in cal.walk("VEVENT"):
            for prop in ("DTSTART", "DTEND"):
                assert ev[prop].params["TZID"] == "Asia/Shanghai"
            assert ev.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
        stamps = re.findall(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", raw, re.M)  # the UTC form, with the Z
        assert len(stamps) == len(cal.walk("VEVENT")), path


def test_feeds_carry_refresh_hints_as_durations(site_dir):
    raw = (site_dir / FEEDS / "lectures.ics").read_bytes().decode("utf-8")  # as bytes: lines end in CRLF
    hours = CONFIG.lecture_feed_refresh_hours
    assert f"REFRESH-INTERVAL;VALUE=DURATION:PT{hours}H\r\n" in raw
    assert f"X-PUBLISHED-TTL:PT{hours}H\r\n" in raw


def test_times_round_trip_to_the_shanghai_wall_time_of_the_csv(site_dir):
    evs = events(feed(site_dir, "lectures.ics"))
    assert set(evs) == set(BY_ID)
    for lecture_id, ev in evs.items():
        r = BY_ID[lecture_id]
        for prop, column in (("DTSTART", "start"), ("DTEND", "end")):
            got = ev.decoded(prop)
            assert got == start_of(r, column)
            assert got.tzinfo.key == "Asia/Shanghai"
            assert got.strftime("%Y-%m-%dT%H:%M:%S") == r[column][:19]  # the wall time written in the CSV


def test_sequence_comes_from_the_data_and_cancelled_lectures_stay_cancelled(site_dir):
    for name in ["lectures.ics", *(f"street-{s}.ics" for s in STREETS)]:
        for lecture_id, ev in events(feed(site_dir, name)).items():
            r = BY_ID[lecture_id]
            assert int(ev["SEQUENCE"]) == int(r["sequence"])
            assert str(ev["STATUS"]) == ("CANCELLED" if r["status"] == "cancelled" else "CONFIRMED")
    cancelled = {r["id"] for r in LECTURES if r["status"] == "cancelled"}
    assert cancelled and cancelled <= set(events(feed(site_dir, "lectures.ics")))


def test_street_and_audience_feeds_hold_exactly_their_lectures(site_dir):
    for street in STREETS:
        expected = {r["id"] for r in LECTURES if street_of(r) == street}
        assert set(events(feed(site_dir, f"street-{street}.ics"))) == expected, street
    audiences = {a for r in LECTURES for a in r["audiences"].split(";")}
    for code in audiences:
        expected = {r["id"] for r in LECTURES if code in r["audiences"].split(";")}
        assert set(events(feed(site_dir, f"audience-{code}.ics"))) == expected, code


def test_uids_never_change_across_builds(site_dir, tmp_path):
    """Another build, with the rows in reverse order, one lecture moved and a later reference date."""
    data = copy_data(tmp_path)
    moved = first(status="scheduled", mode="online")

    def edit(rows):
        rows.reverse()
        r = next(x for x in rows if x["id"] == moved["id"])
        day = dt.timedelta(days=1)
        r.update(previous_start=r["start"], start=(start_of(r) + day).isoformat(),
                 end=(start_of(r, "end") + day).isoformat(), status="rescheduled",
                 sequence=str(int(r["sequence"]) + 1))
    rewrite(data / "lectures" / "lectures.csv", edit)
    again = tmp_path / "again"
    build_site(again, data=data, today=TODAY + dt.timedelta(days=9))
    for name in ["lectures.ics", *(f"street-{s}.ics" for s in STREETS)]:
        first_uids = {k: str(v["UID"]) for k, v in events(feed(site_dir, name)).items()}
        second_uids = {k: str(v["UID"]) for k, v in events(feed(again, name)).items()}
        assert first_uids == second_uids, name
        assert len(set(first_uids.values())) == len(first_uids)  # one UID per lecture
    after = events(feed(again, "lectures.ics"))[moved["id"]]
    assert int(after["SEQUENCE"]) == int(moved["sequence"]) + 1
    for lecture_id in BY_ID:
        ics = f"lectures/{lecture_id}/{lecture_id}.ics"
        [one] = Calendar.from_ical((site_dir / ics).read_bytes()).walk("VEVENT")
        [two] = Calendar.from_ical((again / ics).read_bytes()).walk("VEVENT")
        assert str(one["UID"]) == str(two["UID"]) == f"{lecture_id}@xinan.example.cn"


# ---------- /lectures/ ----------

def items(doc, list_id: str) -> list:
    return doc.xpath(f'//ul[@id="{list_id}"]/li')


def test_the_list_puts_upcoming_lectures_first_and_keeps_the_past_in_the_archive(site_dir):
    doc = page(site_dir, "lectures")
    upcoming = [li.get("data-id") for li in items(doc, "xa-lecture-list")]
    past = [li.get("data-id") for li in items(doc, "xa-lecture-archive")]
    ends = {r["id"]: dt.datetime.fromisoformat(r["end"]).astimezone(SHANGHAI).date() for r in LECTURES}
    assert set(upcoming) == {i for i, end in ends.items() if end >= TODAY}
    assert set(past) == {i for i, end in ends.items() if end < TODAY}
    assert upcoming == sorted(upcoming, key=lambda i: (start_of(BY_ID[i]), i))
    assert past == sorted(past, key=lambda i: (start_of(BY_ID[i]), i), reverse=True)
    headings = [h.get("id") for h in doc.xpath("//h2[@id]")]
    assert headings.index("upcoming") < headings.index("calendar") < headings.index("past")


def test_every_list_item_carries_the_data_the_filters_compare(site_dir):
    doc = page(site_dir, "lectures")
    lis = items(doc, "xa-lecture-list") + items(doc, "xa-lecture-archive") + doc.xpath('//td//li[@data-id]')
    assert len(lis) > len(LECTURES)
    for li in lis:
        r = BY_ID[li.get("data-id")]
        assert li.get("data-audiences").split() == r["audiences"].split(";")
        assert li.get("data-topic") == r["topic"]
        assert li.get("data-street") == street_of(r)
        assert li.get("data-community") == community_of(r)
        assert li.get("data-setting") == r["setting"]
        assert li.get("data-mode") == r["mode"]
        assert li.get("data-languages").split() == r["languages"].split(";")
        assert li.get("data-sign") == ("1" if r["sign_language"] == "true" else "0")


def months_from(start: dt.date, n: int) -> list[tuple[int, int]]:
    return [((start.year * 12 + start.month - 1 + i) // 12, (start.year * 12 + start.month - 1 + i) % 12 + 1)
            for i in range(n)]


def test_the_month_view_is_a_table_per_month_from_the_reference_month(site_dir):
    doc = page(site_dir, "lectures")
    tables = doc.xpath('//div[@id="xa-lecture-calendar"]//table')
    captions = [t.findtext("caption") for t in tables]
    assert captions[:6] == [f"{y}年{m}月" for y, m in months_from(TODAY, 6)]
    for t in tables:
        assert [th.text_content() for th in t.xpath("./thead/tr/th")] == WEEKDAYS
        assert all(th.get("scope") == "col" for th in t.xpath("./thead/tr/th"))
    shown = {d for d in doc.xpath('//div[@id="xa-lecture-calendar"]//td/@data-date')}
    for r in LECTURES:
        day = start_of(r).astimezone(SHANGHAI).date()
        if day.isoformat() not in shown:
            continue
        [cell] = doc.xpath(f'//td[@data-date="{day.isoformat()}"]')
        [li] = cell.xpath(f'.//li[@data-id="{r["id"]}" and not(@data-moved)]')
        assert li.xpath(f'./a[@href="{r["id"]}/"]')
        if r["status"] == "cancelled":
            assert "已取消" in li.text_content()
    # Weekday columns are right: the first of each month sits under its weekday.
    for t in tables:
        row = next(tr for tr in t.xpath("./tbody/tr") if tr.xpath("./td[@data-date]"))
        cells = row.xpath("./td")
        first_day = next(i for i, td in enumerate(cells) if td.get("data-date"))
        assert dt.date.fromisoformat(cells[first_day].get("data-date")).weekday() == first_day


def test_months_link_to_each_other_without_javascript(site_dir):
    doc = page(site_dir, "lectures")
    ids = doc.xpath('//section[@class="xa-month"]/@id')
    for prev, nxt in zip(ids, ids[1:]):
        assert doc.xpath(f'//section[@id="{prev}"]//a[@rel="next" and @href="#{nxt}"]')
        assert doc.xpath(f'//section[@id="{nxt}"]//a[@rel="prev" and @href="#{prev}"]')
    assert doc.xpath('//p[@id="xa-month-index"]/a/@href') == [f"#{i}" for i in ids]


def test_the_list_offers_every_subscription_feed_as_https_and_webcal(site_dir):
    doc = page(site_dir, "lectures")
    https = doc.xpath('//a[contains(@class, "xa-feed__https")]/@href')
    webcal = doc.xpath('//a[contains(@class, "xa-feed__webcal")]/@href')
    published = sorted(p.name for p in (site_dir / FEEDS).glob("*.ics"))
    base = CONFIG.site_url + FEEDS + "/"
    assert sorted(h.removeprefix(base) for h in https) == published
    assert all(h.startswith("https://") and h.startswith(base) for h in https)
    assert webcal == ["webcal://" + h.split("://", 1)[1] for h in https]


# ---------- JSON-LD ----------

AUDIENCE_TYPES = {"Audience", "PeopleAudience", "ParentAudience", "EducationalAudience"}


def test_every_lecture_page_has_event_json_ld_matching_the_data(site_dir):
    statuses = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "rescheduled": "EventRescheduled"}
    modes = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
             "hybrid": "MixedEventAttendanceMode"}
    for r in LECTURES:
        data = jsonld(site_dir, r["id"])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
        assert data["eventStatus"] == "https://schema.org/" + statuses[r["status"]]
        assert data["eventAttendanceMode"] == "https://schema.org/" + modes[r["mode"]]
        for key, column in (("startDate", "start"), ("endDate", "end")):
            assert data[key].endswith("+08:00") and dt.datetime.fromisoformat(data[key]) == start_of(r, column)
        if r["status"] == "rescheduled":
            assert dt.datetime.fromisoformat(data["previousStartDate"]) == start_of(r, "previous_start")
        else:
            assert "previousStartDate" not in data
        assert data["organizer"] == {"@type": "Organization", "name": r["organiser"]}
        assert {a["@type"] for a in data["audience"]} <= AUDIENCE_TYPES
        assert all(a["audienceType"] for a in data["audience"])
        langs = r["languages"].split(";")
        assert data["inLanguage"] == (langs[0] if len(langs) == 1 else langs)
        assert data["isAccessibleForFree"] is (r["free"] == "true")
        locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
        kinds = [loc["@type"] for loc in locations]
        if r["mode"] in ("offline", "hybrid"):
            place = locations[0]
            assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
            if r["station"] and STATIONS[r["station"]]["latitude"]:
                assert place["geo"]["latitude"] == float(STATIONS[r["station"]]["latitude"])
        if r["mode"] in ("online", "hybrid"):
            assert "VirtualLocation" in kinds
            assert r["online_url"] in [loc.get("url") for loc in locations]
        if r["mode"] == "online":
            assert kinds == ["VirtualLocation"]
