"""The station directory in chromium: filters that match the data and survive a reload, "open now" that agrees with
generator/hours.py on weekdays, holidays and make-up working days, "near me", a map only where the site has a tile
source (after the list, never needing the network for its markers), and a list that is complete without JavaScript."""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest

from generator import holidays, hours
from generator.config import load_config
from generator.validate import validate_data
from tests.browser.conftest import Page, on_build_date, open_station_filters, serious, with_tiles
from tests.conftest import REPO_ROOT, DATA, TODAY

pytestmark = pytest.mark.browser

# The calendar the build and the browser both read: data/holidays.
CAL = holidays.from_tables(validate_data(DATA, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)[1]).calendar()


def stations() -> list[dict]:
    """The stations in service: a closed or moved one leaves the list, the map and the filters."""
    with open(DATA / "stations" / "stations.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["status"] in ("", "active")]


def placed(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["latitude"] and r["longitude"]]


def open_at(moment: dt.datetime) -> set[str]:
    """The stations generator/hours.py says are open at a Beijing-time moment."""
    return {r["id"] for r in stations()
            if hours.is_open(hours.parse(r["hours"], r["hours_exceptions"]), moment, r["holidays"] == "follow", CAL)}


def metres(lat1, lon1, lat2, lon2) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def ready(page):
    """The list page once stations.js has loaded its data and shown the filters."""
    page.wait_for_selector("#xa-station-filters", state="visible")
    page.wait_for_function("document.getElementById('xa-station-count').textContent.length > 0")
    return page


def visible_ids(page) -> list[str]:
    """Station ids a reader can see, in document order (hidden items and items in hidden groups excluded)."""
    return page.eval_on_selector_all("li.xa-station", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


# Markers drawn on the list map: a cluster bubble counts the stations inside it.
MARKERS = """() => [...document.querySelectorAll('#xa-station-map .leaflet-marker-icon')]
    .reduce((n, e) => n + (e.classList.contains('marker-cluster') ? parseInt(e.textContent, 10) : 1), 0)"""


def test_filtering_by_street_shows_exactly_that_streets_stations_and_the_link_restores_it(tab):
    rows = stations()
    street = max({r["street"] for r in rows if r["street"]}, key=lambda s: (sum(r["street"] == s for r in rows), s))
    expected = {r["id"] for r in rows if r["street"] == street}
    page = ready(tab.goto("stations/"))
    assert len(visible_ids(page)) == len(rows)

    page.select_option("#xa-station-filters select[name=street]", street)
    assert set(visible_ids(page)) == expected
    assert query(page) == {"street": [street]}
    assert page.inner_text("#xa-station-count") == f"共 {len(expected)} 个站点符合条件"
    # Only that street's section is left on screen.
    assert page.eval_on_selector_all("section.xa-group", "s => s.filter(e => !e.hidden).map(e => e.dataset.street)") == [street]

    page = ready(tab.goto(f"stations/?street={street}"))
    assert page.input_value("#xa-station-filters select[name=street]") == street
    assert set(visible_ids(page)) == expected

    page.click("#xa-station-filters button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('li.xa-station:not([hidden])').length === {len(rows)}")
    assert urlparse(page.url).query == ""
    assert len(visible_ids(page)) == len(rows)
    assert tab.external == []


def test_filters_combine_and_free_text_searches_names_addresses_and_labels(tab):
    from tests.browser.test_station_words import shown_text  # name, address, street, type/service/audience labels
    rows = stations()
    street = rows[0]["street"]
    word = "心理服务室"
    expected = {r["id"] for r in rows if r["street"] == street and r["fee"] == "free" and word in shown_text(r)}
    assert expected, "the sample data should have a free community room on this street"
    page = ready(tab.goto("stations/"))
    page.select_option("#xa-station-filters select[name=street]", street)
    page.select_option("#xa-station-filters select[name=fee]", "free")
    page.fill("#xa-station-filters input[name=q]", word)
    assert set(visible_ids(page)) == expected
    assert query(page) == {"q": [word], "street": [street], "fee": ["free"]}


def test_a_community_filter_leaves_only_that_communitys_heading(tab):
    rows = stations()
    community = Counter(r["community"] for r in rows if r["community"]).most_common(1)[0][0]
    expected = {r["id"] for r in rows if r["community"] == community}
    page = ready(tab.goto(f"stations/?community={community}"))
    assert set(visible_ids(page)) == expected
    assert page.eval_on_selector_all("#xa-station-list h3", "hs => hs.filter(h => h.offsetParent !== null).map(h => h.textContent)") \
        == [f"{community}社区"] * len({r["street"] for r in rows if r["community"] == community})
    # No empty list or street heading is left standing.
    assert page.eval_on_selector_all("#xa-station-list ul", "us => us.filter(u => u.offsetParent !== null && "
                                     "![...u.children].some(li => li.offsetParent !== null)).length") == 0
    assert page.locator("section.xa-group:visible").count() == len({r["street"] for r in rows if r["id"] in expected})


MOMENTS = {
    "weekday morning": "2026-11-24T10:00:00+08:00",   # Tuesday
    "public holiday": "2026-10-01T10:00:00+08:00",    # National Day
    "ordinary Sunday": "2026-09-13T10:00:00+08:00",
    "make-up Sunday": "2026-09-20T10:00:00+08:00",    # 调休: a working day
    "ordinary Saturday": "2026-10-17T10:00:00+08:00",
    "make-up Saturday": "2026-10-10T10:00:00+08:00",  # 调休: a working day
}


def test_open_now_matches_the_python_rules_on_weekdays_holidays_and_make_up_working_days(tab):
    seen = {}
    for label, moment in MOMENTS.items():
        expected = open_at(dt.datetime.fromisoformat(moment).replace(tzinfo=None))
        tab.page.add_init_script(f"window.XINAN_NOW = {json.dumps(moment)}")  # the latest script wins
        page = ready(tab.goto("stations/"))
        page.check("#xa-station-filters input[name=open]")
        shown = set(visible_ids(page))
        assert shown == expected, f"{label}: extra {shown - expected}, missing {expected - shown}"
        assert query(page) == {"open": ["1"]}
        lines = page.eval_on_selector_all("li.xa-station [data-open-line]",
                                          "els => els.filter(e => e.offsetParent !== null).map(e => [e.textContent, e.className])")
        assert lines and all(t.startswith("正在开放") and "xa-open--open" in c for t, c in lines), label
        seen[label] = shown
    # The cases really differ, so agreement above is not agreement on a trivial answer.
    assert seen["public holiday"] < seen["weekday morning"]
    assert len(seen["make-up Sunday"]) > len(seen["ordinary Sunday"])
    assert len(seen["make-up Saturday"]) > len(seen["ordinary Saturday"])
    weekday_only = {r["id"] for r in stations() if r["holidays"] == "follow" and r["hours"].startswith("Mo-Fr ")}
    assert seen["make-up Sunday"] & weekday_only and not seen["ordinary Sunday"] & weekday_only


def test_open_now_from_a_link_and_every_item_gets_an_open_line(tab):
    moment = MOMENTS["weekday morning"]
    tab.page.add_init_script(f"window.XINAN_NOW = {json.dumps(moment)}")
    page = ready(tab.goto("stations/?open=1"))
    assert page.is_checked("#xa-station-filters input[name=open]")
    assert set(visible_ids(page)) == open_at(dt.datetime.fromisoformat(moment).replace(tzinfo=None))
    page.uncheck("#xa-station-filters input[name=open]")
    texts = page.eval_on_selector_all("li.xa-station [data-open-line]", "els => els.map(e => e.textContent)")
    assert len(texts) == len(stations()) and all(re.match(r"^(正在开放|已关闭|无固定开放时间)", t) for t in texts)


def test_near_me_puts_the_nearest_station_first_with_its_distance(tab):
    rows = placed(stations())

    def gap(r):  # how far the nearest other station is
        return min(metres(float(r["latitude"]), float(r["longitude"]), float(o["latitude"]), float(o["longitude"]))
                   for o in rows if o is not r)
    target = max(rows, key=gap)
    lat, lon = float(target["latitude"]) + 0.0005, float(target["longitude"])  # about 55 m north of it
    tab.context.grant_permissions(["geolocation"])
    tab.context.set_geolocation({"latitude": lat, "longitude": lon})
    page = ready(tab.goto("stations/"))
    page.click("#xa-near-me")
    page.wait_for_selector("li.xa-station .xa-distance")

    order = visible_ids(page)
    assert order[0] == target["id"]
    assert len(order) == len(stations())
    first = page.inner_text(f"#st-{target['id']} .xa-distance")
    m = re.search(r"(\d+(?:\.\d)?) (米|公里)", first)
    assert m, first
    shown_m = float(m[1]) * (1000 if m[2] == "公里" else 1)
    assert abs(shown_m - metres(lat, lon, float(target["latitude"]), float(target["longitude"]))) <= 10

    # Every item with a place is in distance order (stations in one building may tie either way);
    # hotlines and online services come last, without a distance.
    dist = {r["id"]: metres(lat, lon, float(r["latitude"]), float(r["longitude"])) for r in rows}
    assert [dist[i] for i in order[:len(rows)]] == sorted(dist.values())
    unplaced = {r["id"] for r in stations()} - set(dist)
    assert set(order[len(rows):]) == unplaced
    assert all(page.locator(f"#st-{i} .xa-distance").count() == 0 for i in unplaced)

    # Filters still apply to the sorted list, and clearing them restores the grouped list.
    page.select_option("#xa-station-filters select[name=kind]", target["kind"])
    assert visible_ids(page)[0] == target["id"]
    page.click("#xa-station-filters button[type=reset]")
    page.wait_for_function("!document.querySelector('.xa-distance')")
    assert page.locator("section.xa-group:not([hidden])").count() > 1
    assert tab.external == []


def test_near_me_without_a_location_asks_for_a_street(tab):
    page = ready(tab.goto("stations/"))  # no geolocation permission granted
    page.click("#xa-near-me")
    page.wait_for_function("(document.getElementById('xa-near-status') || {}).textContent && "
                           "!/正在获取/.test(document.getElementById('xa-near-status').textContent)")
    assert "街道" in page.inner_text("#xa-near-status")
    assert page.evaluate("document.activeElement.name") == "street"
    assert len(visible_ids(page)) == len(stations())


def test_without_a_tile_source_there_is_no_map_box_and_the_list_says_how_to_navigate(tab):
    page = ready(tab.goto("stations/"))
    assert not page.is_visible("#xa-station-map") and not page.is_visible("#xa-map-toggle")
    assert page.locator(".leaflet-container").count() == 0
    hint = page.locator("#xa-nav-hint")
    assert hint.is_visible() and "高德、百度或腾讯地图导航" in hint.inner_text()
    sid = placed(stations())[0]["id"]
    page = tab.goto(f"stations/{sid}/")
    assert page.locator(".xa-map[data-lat]").is_hidden() and page.locator(".leaflet-container").count() == 0
    assert tab.external == []


def test_with_a_tile_source_the_map_comes_after_the_list_and_follows_the_filters(tab):
    rows = stations()
    with_tiles(tab.page)
    page = ready(tab.goto("stations/"))
    page.wait_for_selector("#xa-station-map .leaflet-marker-icon")  # wide screen: opened at once
    assert page.is_visible("#xa-station-map") and not page.is_visible("#xa-nav-hint")
    assert page.evaluate("document.getElementById('xa-station-list').compareDocumentPosition("
                         "document.getElementById('xa-station-map')) & Node.DOCUMENT_POSITION_FOLLOWING")
    page.wait_for_function(f"({MARKERS})() === {len(placed(rows))}")

    street = rows[0]["street"]
    on_street = [r for r in rows if r["street"] == street]
    page.select_option("#xa-station-filters select[name=street]", street)
    page.wait_for_function(f"({MARKERS})() === {len(placed(on_street))}")
    assert set(visible_ids(page)) == {r["id"] for r in on_street}
    # The map is not a row of tab stops in front of the list.
    assert page.eval_on_selector_all("#xa-station-map [tabindex]:not([tabindex='-1']), #xa-station-map[tabindex]",
                                     "els => els.filter(e => e.tabIndex >= 0 && !e.closest('.leaflet-control')).length") == 0
    page.click("#xa-map-toggle")
    assert page.inner_text("#xa-map-toggle") == "显示地图" and not page.is_visible("#xa-station-map")
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in tab.external)


@pytest.mark.parametrize("tiles, host", [
    ({"provider": "osm", "key": "", "url": "", "attribution": "", "crs": "wgs84"}, r"^https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$"),
    ({"provider": "tianditu", "key": "TESTKEY", "url": "", "attribution": "", "crs": "wgs84"},
     r"^https://t[0-7]\.tianditu\.gov\.cn/(vec|cva)_w/wmts\?.*LAYER=(vec|cva)&.*TILEMATRIX=\d+&TILEROW=\d+&TILECOL=\d+&tk=TESTKEY$"),
])
def test_unreachable_tiles_leave_markers_and_a_notice(browser, server, tiles, host):
    """A site with a tile provider, seen with no network: the harness blocks the tiles, as a dead link would. The
    provider is swapped in at run time, so the page's policy (made for the sample's settings, no tiles) is set aside
    here; tests/browser/test_nginx.py checks a site built with a tile key under its policy."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    tab = on_build_date(Page(context, server))
    with_tiles(tab.page, tiles)
    page = ready(tab.goto("stations/"))
    page.wait_for_selector("#xa-station-map .leaflet-marker-icon")
    page.wait_for_function("document.querySelector('p.xa-map__notice')")
    assert "地图底图无法加载" in page.inner_text("p.xa-map__notice")
    assert tab.external and all(re.match(host, u) for u in tab.external), tab.external[:3]
    if tiles["provider"] == "tianditu":
        assert {re.search(r"/(vec|cva)_w/", u)[1] for u in tab.external} == {"vec", "cva"}
    page.select_option("#xa-station-filters select[name=street]", stations()[0]["street"])
    assert set(visible_ids(page)) == {r["id"] for r in stations() if r["street"] == stations()[0]["street"]}
    context.close()


# The page's own stations.js module (the same instance the page runs: a module is evaluated once per URL).
STATIONS_JS = """(await import(document.querySelector('script[src$="assets/stations.js"]').src))"""


def test_gcj02_shift_matches_the_published_transform(tab):
    page = ready(tab.goto("stations/"))
    # Reference pairs from the eviltransform test suite (WGS-84 -> GCJ-02): Shenzhen and Shanghai.
    for wgs, gcj in [((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
                     ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215))]:
        got = page.evaluate(f"async p => {STATIONS_JS}.wgsToGcj(p[0], p[1])", list(wgs))
        assert got == pytest.approx(list(gcj), abs=1e-9)
    assert page.evaluate(f"async () => {STATIONS_JS}.wgsToGcj(48.85, 2.35)") == [48.85, 2.35]  # outside China: unchanged


def test_with_a_tile_source_a_station_page_has_a_small_map_with_its_marker(tab):
    sid = placed(stations())[0]["id"]
    with_tiles(tab.page)
    page = tab.goto(f"stations/{sid}/")
    page.wait_for_selector(".xa-map[data-lat] .leaflet-marker-icon")
    assert page.locator(".xa-map[data-lat] .leaflet-marker-icon").count() == 1
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in tab.external)


def test_without_javascript_the_list_has_every_station(no_js):
    page = no_js.goto("stations/")
    assert page.locator("li.xa-station").count() == len(stations())
    assert page.locator("li.xa-station:visible").count() == len(stations())
    assert not page.is_visible("#xa-station-filters")
    assert no_js.external == []


@pytest.mark.parametrize("path", ["stations/", f"stations/{placed(stations())[0]['id']}/"])
def test_no_horizontal_scrolling_at_360_px(phone, path):
    with_tiles(phone.page)
    page = phone.goto(path)
    if path == "stations/":
        open_station_filters(page)
        page.click("#xa-map-toggle")
    page.wait_for_selector(".leaflet-container")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in phone.external)


@pytest.mark.parametrize("path", ["stations/", f"stations/{placed(stations())[0]['id']}/"])
def test_no_serious_accessibility_violation_with_filters_and_map(tab, path):
    with_tiles(tab.page)
    page = tab.goto(path)
    page.wait_for_selector(".leaflet-marker-icon")
    if path == "stations/":
        assert page.is_visible("#xa-station-filters")
    assert serious(tab.axe()) == []
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in tab.external)
