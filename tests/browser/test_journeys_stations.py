"""A resident finding a station on a phone (360×780), in normal and elder mode, tapping as a person does and checking
what is on the screen: the list within the first two screens, the filters folded into one summary line that ✕
clears, at 23:00 with 现在开放 what to do now with 12356 tappable on the screen, and from a station the map apps with
the point in their coordinates (GCJ-02)."""
from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlparse

import pytest

from generator import navigation
from tests.browser.conftest import Page, phone_context, serious
from tests.conftest import DATA

pytestmark = pytest.mark.browser

SCREEN = {"width": 360, "height": 780}
NIGHT = "2026-11-22T23:00:00+08:00"   # a Sunday night, Beijing time: only the 24-hour hotline is open
MORNING = "2026-11-24T10:00:00+08:00"  # a Tuesday morning: most rooms are open


def stations() -> list[dict]:
    with open(DATA / "stations" / "stations.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["status"] in ("", "active")]


def hotlines() -> list[dict]:
    with open(DATA / "hotlines" / "hotlines.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(params=[False, True], ids=["normal", "elder"])
def resident(request, browser, server):
    # The test's own probes are string predicates, which the pages' CSP refuses (test_nginx.py checks the policy).
    context = phone_context(browser, bypass_csp=True)
    tab = Page(context, server)
    tab.elder = request.param
    yield tab
    context.close()


def arrive(resident, path: str, moment: str):
    """Open a page at a moment on the reader's clock, switching to 长辈模式 with its button when the test asks."""
    resident.page.clock.install(time=moment)
    page = resident.goto(path)
    if resident.elder:
        page.locator("#xa-elder-toggle").click()
        page.wait_for_function("document.documentElement.classList.contains('xa-elder')")
    page.wait_for_selector("#xa-filterbar:not([hidden])" if path == "stations/" else "body")
    return page


def on_screen(page, locator) -> dict:
    """The element's box, asserting that a person sees it: visible and wholly inside the viewport."""
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"], box
    return box


def big_enough(resident, box: dict) -> None:
    least = 48 if resident.elder else 44
    assert box["height"] >= least, box
    if resident.elder:
        assert box["width"] >= 48, box


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("li.xa-station", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")


def test_the_first_station_is_within_the_first_two_screens(resident):
    page = arrive(resident, "stations/", MORNING)
    first = page.locator("li.xa-station").first
    y = page.evaluate("el => el.getBoundingClientRect().top + window.scrollY", first.element_handle())
    assert y < 2 * SCREEN["height"], y
    # Below the crisis lines, and the filters take one line above it.
    assert page.locator("#xa-filterbar").bounding_box()["y"] < y
    assert not page.locator("#xa-station-filters").is_visible()
    print(f"first station at y={y:.0f} px ({'elder' if resident.elder else 'normal'})")  # reported in the docs


def test_at_night_open_now_says_what_to_do_now_with_12356_tappable_on_the_screen(resident):
    page = arrive(resident, "stations/", NIGHT)
    page.locator("#xa-filter-toggle").tap()
    page.locator("#xa-station-filters label.xa-check").tap()  # 现在开放
    page.locator("#xa-filter-done").tap()                     # 查看结果: the filters fold away

    assert page.inner_text("#xa-filter-summary") == "筛选：现在开放"
    empty = page.locator("#xa-empty")
    on_screen(page, page.locator("#xa-empty-title"))
    assert "现在没有开放的站点可以前往" in empty.inner_text()
    line = page.locator("#xa-empty a[href='tel:12356']")
    big_enough(resident, on_screen(page, line))
    assert line.inner_text() == "12356"
    # Every hotline in the data, each a tel: link, and nothing else the site made up.
    assert page.eval_on_selector_all("#xa-empty a[href^='tel:']", "as => as.map(a => a.textContent)") == \
        [h["number"] for h in sorted(hotlines(), key=lambda h: int(h["priority"]))]
    # No place to go is listed as open; the 24-hour hotline that is open stays listed.
    assert all(not next(r for r in stations() if r["id"] == i)["latitude"] for i in visible_ids(page))
    assert serious(resident.axe()) == []

    widen = page.locator("#xa-empty-open")  # 不限开放时间, under the numbers
    widen.scroll_into_view_if_needed()
    big_enough(resident, on_screen(page, widen))
    widen.tap()
    page.wait_for_function("document.getElementById('xa-empty').hidden")
    assert len(visible_ids(page)) == len(stations())
    assert page.inner_text("#xa-filter-summary") == "筛选：全部站点"
    assert resident.external == []


def test_the_filter_summary_line_names_the_filters_and_the_cross_clears_them(resident):
    rows = stations()
    street = "ml"  # 梅林
    page = arrive(resident, "stations/", MORNING)
    page.locator("#xa-filter-toggle").tap()
    page.select_option("#xa-station-filters select[name=street]", street)
    page.locator("#xa-station-filters label.xa-check").tap()
    page.locator("#xa-filter-done").tap()

    summary = page.locator("#xa-filter-toggle")
    on_screen(page, summary)
    assert page.inner_text("#xa-filter-summary") == "筛选：梅林街道 · 现在开放"
    shown = visible_ids(page)
    assert shown and {r["street"] for r in rows if r["id"] in shown} == {street}
    assert parse_qs(urlparse(page.url).query) == {"street": [street], "open": ["1"]}

    cross = page.locator("#xa-filter-clear")
    big_enough(resident, on_screen(page, cross))
    assert cross.get_attribute("aria-label") == "清除全部筛选"
    cross.tap()
    page.wait_for_function(f"document.querySelectorAll('li.xa-station:not([hidden])').length === {len(rows)}")
    assert page.inner_text("#xa-filter-summary") == "筛选：全部站点" and not cross.is_visible()
    assert urlparse(page.url).query == ""
    assert resident.external == []


def test_a_resident_taps_a_station_and_finds_the_way_in_the_map_apps(resident):
    target = next(r for r in stations() if r["latitude"] and r["address"] and r["street"] == "ml")
    page = arrive(resident, "stations/", MORNING)
    link = page.locator(f"#st-{target['id']} > a")
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_url(f"**/stations/{target['id']}/")

    heading = page.locator("#map")
    heading.scroll_into_view_if_needed()
    on_screen(page, heading)
    lat, lon = navigation.wgs_to_gcj(float(target["latitude"]), float(target["longitude"]))
    apps = page.locator("ul.xa-nav a")
    assert apps.all_inner_texts() == ["高德地图", "百度地图", "腾讯地图"]
    for i in range(3):
        big_enough(resident, on_screen(page, apps.nth(i)))
    amap = parse_qs(urlparse(apps.nth(0).get_attribute("href")).query)
    assert [float(v) for v in amap["position"][0].split(",")] == pytest.approx([lon, lat], abs=1e-6)
    assert amap["coordinate"] == ["gaode"]
    baidu = parse_qs(urlparse(apps.nth(1).get_attribute("href")).query)
    assert [float(v) for v in baidu["location"][0].split(",")] == pytest.approx([lat, lon], abs=1e-6)
    assert baidu["coord_type"] == ["gcj02"]
    assert f"coord:{lat:.6f},{lon:.6f};" in apps.nth(2).get_attribute("href")
    assert f"GCJ-02 {lat:.5f}, {lon:.5f}" in page.inner_text(".xa-station-more")
    # The station's phones are tel: links big enough to tap.
    phone = page.locator(".xa-facts a[href^='tel:']").first
    phone.scroll_into_view_if_needed()
    big_enough(resident, phone.bounding_box())
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    assert serious(resident.axe()) == []
    assert resident.external == []


def test_phone_numbers_in_the_list_are_tel_links_big_enough_to_tap(resident):
    page = arrive(resident, "stations/", MORNING)
    first = page.locator("li.xa-station a[href^='tel:']").first
    first.scroll_into_view_if_needed()
    big_enough(resident, first.bounding_box())
    item = page.locator("li.xa-station").first
    number = first.inner_text()
    assert first.get_attribute("href") == "tel:" + number.replace("-", "")
    assert number in item.inner_text()
