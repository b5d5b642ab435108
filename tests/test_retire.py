"""Records retire, URLs never die: ended registrations and moved stations keep their pages, released rows cannot
be deleted, each record's history lists each change once, and the change feeds list what releases changed."""
from __future__ import annotations

import csv
import json
import re

import feedparser
from hypothesis import given, settings, strategies as st

from generator import changes, feeds, opendata, releases
from generator.config import load_config
from generator.context import load_site
from generator.problems import BuildError
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY, copy_data
from tests.test_opendata import edit_csv, edit_descriptor, page_text, set_version

ENDED = "FTXL-2022-00007"  # the sample's ended registration (at st-sqs-001)
MOVED, SUCCESSOR = "hf-sqs-001", "hf-xlz-001"  # the sample's moved station and where it moved


def history_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="xa-history".*?</table>', html, re.S).group(0)
    body = table.split("<tbody>")[1]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


# --- the sample site --------------------------------------------------------------------------------------------

def test_an_ended_registration_keeps_its_page_saying_not_registered_and_do_not_accept(site_dir):
    page = site_dir / "registry" / ENDED
    html = (page / "index.html").read_text(encoding="utf-8")
    text = page_text(page / "index.html")
    assert "已注销 · 不再登记" in text and "2026年11月22日 注销" in text and "本人申请注销（离开本区执业）" in text
    assert "此人现在不是登记在册的心理服务人员：请不要接受其作为咨询师为您服务" in text
    assert "xa-verify--ended" in html and "xa-print-card" not in html  # no printable card with a QR code
    assert not (page / "qr.svg").exists()


def test_a_moved_station_keeps_its_page_linking_to_its_successor_without_hours_or_phones(site_dir):
    html = (site_dir / "stations" / MOVED / "index.html").read_text(encoding="utf-8")
    text = page_text(site_dir / "stations" / MOVED / "index.html")
    assert "已迁址：已迁至华富街道心理服务站" in text and f'href="../../stations/{SUCCESSOR}/"' in html
    assert "请不要按本页的原地址前往" in text and "原地址" in text
    assert "data-open-line" not in html and "开放时间" not in text and 'href="tel:0755' not in html
    assert not (site_dir / "stations" / MOVED / "wall").exists()


def test_a_moved_station_leaves_the_list_map_and_filters_but_is_listed_apart(site_dir):
    index = json.loads((site_dir / "stations" / "index.json").read_text(encoding="utf-8"))
    assert MOVED not in index["columns"]["id"] and SUCCESSOR in index["columns"]["id"]
    html = (site_dir / "stations" / "index.html").read_text(encoding="utf-8")
    main_list = html.split('id="xa-station-list"')[1].split('id="xa-retired-title"')[0]
    assert f'data-id="{MOVED}"' not in main_list
    retired = html.split('id="xa-retired-title"')[1]
    assert f'href="{MOVED}/"' in retired and "已迁至 华富街道心理服务站" in retired


def test_wall_cards_station_pages_and_qr_codes_leave_out_the_ended_registration(site_dir):
    wall = (site_dir / "stations" / "st-sqs-001" / "wall" / "index.html").read_text(encoding="utf-8")
    station = (site_dir / "stations" / "st-sqs-001" / "index.html").read_text(encoding="utf-8")
    assert ENDED not in wall and ENDED not in station
    assert "xa-card" in wall  # the station's registered staff are still there


def test_the_lookup_shows_an_ended_registration_as_ended(site_dir):
    from generator.pages.registry import fnv1a
    meta = json.loads((site_dir / "registry" / "index" / "meta.json").read_text(encoding="utf-8"))
    shard = json.loads((site_dir / "registry" / "index" / "number" / f"{fnv1a(ENDED) % meta['shards']}.json")
                       .read_text(encoding="utf-8"))
    [entry] = [e for e in shard if e[0] == ENDED]
    assert entry[3] == "ended" and meta["labels"]["status"]["ended"] == "已注销" and meta["icons"]["ended"]


def test_record_pages_show_their_history_from_the_releases_each_change_once(site_dir):
    rows = history_rows((site_dir / "registry" / ENDED / "index.html").read_text(encoding="utf-8"))
    assert [(r[1], r[2]) for r in rows] == [("新登记", "有效"), ("注销（不再登记）", "已注销")]
    assert rows[0][0] == "2022年2月27日" and rows[0][4].startswith("1.0.0 版")
    assert rows[1][0] == "2026年11月22日" and rows[1][3] == "本人申请注销（离开本区执业）" and rows[1][4].startswith("1.1.0 版")
    rows = history_rows((site_dir / "stations" / MOVED / "index.html").read_text(encoding="utf-8"))
    assert [(r[1], r[2]) for r in rows] == [("开始公示（开放）", "正常服务"), ("迁址", "已迁址")]
    assert rows[1][3].startswith("迁至华富街道心理服务站")


def test_every_change_feed_parses_and_is_advertised(site_dir):
    paths = ["open-data/changes.xml", "registry/changes.xml", "stations/changes.xml",
             *(f"open-data/{p}/changes.xml" for p in ("stations", "practitioners", "lectures", "hotlines"))]
    for path in paths:
        feed = feedparser.parse((site_dir / path).read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.version == "atom10" and feed.feed.title and feed.feed.updated
        assert all(e.id and e.link and e.updated for e in feed.entries), path
        assert len({e.id for e in feed.entries}) == len(feed.entries), path
    station_page = (site_dir / "stations" / SUCCESSOR / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate feed" type="application/atom+xml"' in station_page and "stations/changes.xml" in station_page
    index = (site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="changes.xml"' in index and 'href="stations/changes.xml"' in index
    assert 'href="changes.xml"' in (site_dir / "open-data" / "stations" / "index.html").read_text(encoding="utf-8")
    assert 'href="changes.xml"' in (site_dir / "registry" / "index.html").read_text(encoding="utf-8")


def test_the_sample_feeds_list_the_ending_and_the_move(site_dir):
    registry = feedparser.parse((site_dir / "registry" / "changes.xml").read_bytes())
    [entry] = registry.entries
    assert entry.link.endswith(f"/registry/{ENDED}/") and "注销" in entry.title and "本人申请注销" in entry.summary
    stations = feedparser.parse((site_dir / "stations" / "changes.xml").read_bytes())
    assert [e.link.rsplit("/", 2)[-2] for e in stations.entries] == [MOVED]
    package = feedparser.parse((site_dir / "open-data" / "stations" / "changes.xml").read_bytes())
    assert [e.id.rsplit("#", 1)[-1] for e in package.entries] == ["v1.1.0", "v1.0.0"]
    assert "停用（关闭、迁址或注销） 1 条" in package.entries[0].summary and MOVED in package.entries[0].summary


# --- validation ---------------------------------------------------------------------------------------------------

def problems(data, today=TODAY):
    try:
        site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, today)
    except BuildError as exc:
        return exc.report.errors
    return site.report.errors


def test_deleting_a_released_row_is_refused_naming_it_and_saying_how_to_retire_it(tmp_path):
    data = copy_data(tmp_path)
    edit_csv(data / "stations" / "stations.csv", lambda h, rows: (h, [r for r in rows if r[0] != "ml-xlz-001"]))
    edit_csv(data / "practitioners" / "practitioners.csv", lambda h, rows: (h, [r for r in rows if r[0] != ENDED]))
    found = [p for p in problems(data) if p.code == "removed-released"]
    assert sorted((p.path, p.row, p.field) for p in found) == [
        (str(data / "practitioners" / "practitioners.csv"), None, "registration_number"),
        (str(data / "stations" / "stations.csv"), None, "id")]
    by_field = {p.field: p for p in found}
    station, person = by_field["id"], by_field["registration_number"]
    assert "“ml-xlz-001”已在 1.0.0 版发布" in station.message and "status 改为 closed" in station.message
    assert f"“{ENDED}”已在 1.0.0 版发布" in person.message and "status 改为 ended" in person.message


def set_cells(path, key: str, **values):
    def edit(header, rows):
        for r in rows:
            if r[0] == key:
                for k, v in values.items():
                    r[header.index(k)] = v
        return header, rows
    edit_csv(path, edit)


def test_retirement_fields_must_go_together_and_a_successor_must_be_in_service(tmp_path):
    data = copy_data(tmp_path)
    stations = data / "stations" / "stations.csv"
    set_cells(stations, "ml-xlz-001", status="moved", closed_on="2026-11-01", closed_reason="并入", successor=MOVED)
    set_cells(stations, "ml-sqs-003", status="closed", closed_on="", closed_reason="")
    set_cells(stations, "lh-xlz-001", status="moved", closed_on="2026-11-01", closed_reason="并入", successor="")
    set_cells(stations, "st-xlz-001", closed_on="2026-11-01")
    set_cells(stations, "fb-xlz-001", status="closed", closed_on="2026-12-01", closed_reason="计划关闭")
    people = data / "practitioners" / "practitioners.csv"
    set_cells(people, "FTZL-2025-00001", status="ended")
    set_cells(people, "FTXL-2023-00003", ended_on="2026-11-01")
    found = {(p.path.rsplit("/", 1)[-1], p.field, p.code) for p in problems(data)}
    assert found >= {("stations.csv", "successor", "successor"), ("stations.csv", "closed_on", "required"),
                     ("stations.csv", "closed_reason", "required"), ("stations.csv", "successor", "required"),
                     ("stations.csv", "closed_on", "status-fields"), ("stations.csv", "closed_on", "date"),
                     ("practitioners.csv", "ended_on", "required"), ("practitioners.csv", "end_reason", "required"),
                     ("practitioners.csv", "ended_on", "status-fields")}


def test_a_lecture_at_a_station_after_it_closed_is_refused(tmp_path):
    data = copy_data(tmp_path)
    lectures = list(csv.DictReader((data / "lectures" / "lectures.csv").open(encoding="utf-8")))
    lec = next(r for r in lectures if r["station"] and r["status"] != "cancelled" and r["start"] >= "2026-11-23")
    set_cells(data / "stations" / "stations.csv", lec["station"], status="closed", closed_on="2026-11-20",
              closed_reason="场地收回")
    found = [p for p in problems(data) if p.code == "retired-station" and p.path.endswith("lectures.csv")]
    assert [p.row for p in found] == [lectures.index(lec) + 2] and found[0].field == "station"
    assert lec["station"] in found[0].message and "cancelled" in found[0].message


# --- two releases made in the test ---------------------------------------------------------------------------

def release(data, version: str) -> None:
    edit_descriptor(data / "practitioners" / "datapackage.yaml", set_version(version))
    edit_descriptor(data / "stations" / "datapackage.yaml", set_version(version))
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    lines = opendata.cut_release(site, ("practitioners", "stations"))
    assert any(f"已保存版本 {version}" in line for line in lines), lines


def test_two_releases_feed_each_change_once_and_the_history_lists_each_change_once(tmp_path):
    data = copy_data(tmp_path)
    people, stations = data / "practitioners" / "practitioners.csv", data / "stations" / "stations.csv"
    set_cells(people, "FTZL-2025-00001", status="suspended", status_note="暂停至 2027-03-31")
    set_cells(stations, "ml-xlz-001", status="closed", closed_on="2026-11-21", closed_reason="场地收回")
    release(data, "1.2.0")
    set_cells(people, "FTZL-2025-00001", level="正高级")  # not a status change: the suspension is not listed again
    set_cells(people, "FTXL-2023-00003", status="revoked", status_note="违反职业伦理")
    release(data, "1.2.1")
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    published = {p.name: p for p in opendata.publish(site, tmp_path / "out")}

    kinds = [e.kind for e in changes.history(site, "practitioners", "practitioners", "FTZL-2025-00001")]
    assert kinds == ["registered", "suspended"]
    registry = feedparser.parse(feeds.registry_feed(site).encode())
    assert not registry.bozo
    listed = [(e.link.rsplit("/", 2)[-2], e.title.rsplit("：", 1)[-1]) for e in registry.entries]
    assert listed == [("FTXL-2023-00003", "撤销登记"), ("FTZL-2025-00001", "暂停执业"), (ENDED, "注销（不再登记）")]
    station_feed = feedparser.parse(feeds.stations_feed(site).encode())
    assert [e.title.rsplit("：", 1)[-1] for e in station_feed.entries] == ["关闭", "迁址"]

    package = feedparser.parse((tmp_path / "out" / "open-data" / "practitioners" / "changes.xml").read_bytes())
    assert not package.bozo
    assert [e.id.rsplit("#", 1)[-1] for e in package.entries] == ["v1.2.1", "v1.2.0", "v1.1.0", "v1.0.0"]
    newest = package.entries[0].summary
    assert "修改 2 条" in newest and "FTXL-2023-00003" in newest and "正高级" in newest
    assert "FTZL-2025-00001" in package.entries[1].summary and "suspended" in package.entries[1].summary
    everything = feedparser.parse((tmp_path / "out" / "open-data" / "changes.xml").read_bytes())
    assert not everything.bozo
    assert {e.id for e in package.entries} <= {e.id for e in everything.entries}
    assert published["practitioners"].changelog.status == "unchanged"


# --- property: one event per change of state --------------------------------------------------------------------

STATES = st.sampled_from([("active", ""), ("suspended", "暂停至 2027-03-31"), ("revoked", "撤销"), ("active", "")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), STATES), min_size=1, max_size=8))
def test_a_record_walked_through_any_versions_gets_one_event_per_change(states):
    class FakeSite:
        cache: dict = {}

    versions = []
    for i, state in enumerate(states):
        rows = {} if state is None else {"X-1": {"registration_number": "X-1", "name": "甲", "status": state[0],
                                                "status_note": state[1], "valid_from": "2026-01-01",
                                                "valid_to": "2030-12-31"}}
        versions.append(changes.Version(f"1.{i}.0", f"2026-01-{i + 1:02d}", False, rows))
    site = FakeSite()
    site.cache = {("chain", "practitioners", "practitioners"): versions}
    found = changes.events(site, "practitioners", "practitioners").get("X-1", [])
    expected, before = 0, None
    for state in states:
        if state != before and not (before is None and state is None):
            expected += 1
        before = state
    assert len(found) == expected
    assert [e.version for e in found] == sorted({e.version for e in found}, key=lambda v: int(v.split(".")[1]))
