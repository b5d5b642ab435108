"""A large site's station list (issue 17, item 10): above extra.xinan.station_list_split stations in service,
stations/ is a hub (the streets with their counts, the district-wide hotlines and online services) and each street's
stations are on stations/street/<code>/, a stable URL that exists at any size. The hub fetches no station data until
the reader uses its filters; then it searches every street and draws the first matches. Tested on the sample data
built with a low threshold, on a 360×780 phone in normal and elder mode, with the oracle read from the CSV files and
generator/hours.py."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections import Counter

import pytest

from generator import hours
from generator.build import build
from generator.config import load_config
from tests.browser import test_journeys_stations as journeys
from tests.browser.conftest import Page, phone_context, serious
from tests.browser.test_station_directory import CAL
from tests.conftest import CONFIG, CONTENT, DATA, TODAY, http_server

pytestmark = pytest.mark.browser

SPLIT = 20  # the sample has about 80 stations in service
SCREEN = journeys.SCREEN
MORNING = journeys.MORNING  # a Tuesday morning: most rooms are open


def rows() -> list[dict]:
    with open(DATA / "stations" / "stations.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def serving() -> list[dict]:
    return [r for r in rows() if r["status"] in ("", "active")]


def streets() -> list[dict]:
    with open(DATA / "stations" / "streets.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def hub_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("hub") / "site"
    config = dataclasses.replace(load_config(CONFIG), station_list_split=SPLIT)
    build(config, DATA, CONTENT, out, TODAY, log=lambda *_: None)
    return out


@pytest.fixture(scope="module")
def hub_server(hub_site):
    with http_server(hub_site) as base:
        yield base


@pytest.fixture(params=[False, True], ids=["normal", "elder"])
def resident(request, browser, hub_server):
    tab = Page(phone_context(browser, bypass_csp=True), hub_server)
    tab.elder = request.param
    tab.asked = []
    tab.page.on("request", lambda r: tab.asked.append(r.url))
    yield tab
    tab.context.close()


def arrive(resident, path: str):
    return journeys.arrive(resident, path, MORNING)


def station_indexes(resident) -> list[str]:
    return [u for u in resident.asked if u.endswith("/index.json") and "/stations/" in u]


def drawn(page) -> list[str]:
    return page.eval_on_selector_all(".xa-found li.xa-station",
                                     "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")


def test_the_hub_lists_every_street_with_its_count_and_no_street_station(hub_site):
    html = (hub_site / "stations" / "index.html").read_text(encoding="utf-8")
    counts = Counter(r["street"] for r in serving())
    directory = html.split('id="xa-street-directory"')[1].split("</nav>")[0]
    for street in streets():
        assert f'<a href="street/{street["id"]}/">{street["name"]}街道</a> <span class="xa-meta">' \
               f'{counts[street["id"]]} 个站点</span>' in directory
    listed = html.split('id="xa-station-list"')[1].split('class="xa-map-box"')[0]
    for r in serving():
        assert (f'data-id="{r["id"]}"' in listed) == (not r["street"]), r["id"]
    assert 'data-hub' in html and f"共 {len(serving())} 个站点，分布在 {len(streets())} 个街道" in html


@pytest.mark.parametrize("which", ["hub", "sample"])
def test_every_street_has_its_own_page_listing_exactly_its_stations(which, hub_site, site_dir):
    """At any size: the sample's list (below the threshold) links the same street pages, so their URLs are stable."""
    site = hub_site if which == "hub" else site_dir
    for street in streets():
        html = (site / "stations" / "street" / street["id"] / "index.html").read_text(encoding="utf-8")
        main = html.split('id="xa-station-list"')[1].split('class="xa-map-box"')[0]
        mine = [r for r in rows() if r["street"] == street["id"]]
        for r in mine:
            assert (f'data-id="{r["id"]}"' in main) == (r["status"] in ("", "active")), r["id"]
            assert f'href="../../{r["id"]}/"' in html, r["id"]  # closed ones listed apart, still linked
        assert main.count('class="xa-station"') == sum(r["status"] in ("", "active") for r in mine)
        assert f"<h1>{street['name']}街道 · 心理服务站点</h1>" in html
        index = (site / "stations" / "street" / street["id"] / "index.json").read_text(encoding="utf-8")
        assert all(f'"{r["id"]}"' in index for r in mine if r["status"] in ("", "active"))
    if which == "sample":
        listing = (site / "stations" / "index.html").read_text(encoding="utf-8")
        assert 'data-hub' not in listing and all(f'href="street/{s["id"]}/"' in listing for s in streets())


def test_the_hub_fetches_no_station_data_until_the_filters_are_used(resident):
    page = arrive(resident, "stations/")
    assert station_indexes(resident) == []
    page.locator("#xa-filter-toggle").tap()
    page.wait_for_function("document.getElementById('xa-station-count').textContent === ''")
    assert len(station_indexes(resident)) == 1 and station_indexes(resident)[0].endswith("/stations/index.json")
    assert resident.page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    assert resident.external == []


def test_a_resident_taps_their_street_and_sees_its_first_station_within_two_screens(resident):
    street = next(s for s in streets() if s["id"] == "ml")
    page = arrive(resident, "stations/")
    link = page.get_by_role("link", name=f"{street['name']}街道", exact=True)
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["height"] >= (48 if resident.elder else 24), box
    link.tap()
    page.wait_for_url("**/stations/street/ml/")
    page.wait_for_selector("#xa-filterbar:not([hidden])")
    first = page.locator("li.xa-station").first
    y = page.evaluate("el => el.getBoundingClientRect().top + window.scrollY", first.element_handle())
    assert y < 2 * SCREEN["height"], y
    first_row = next(r for r in sorted(serving(), key=lambda r: (r["community"], r["id"])) if r["street"] == "ml")
    assert first.get_attribute("data-id") == first_row["id"]
    # The street page filters only its own stations, from its own small index.
    assert [u.rsplit("/stations/", 1)[1] for u in station_indexes(resident)] == ["street/ml/index.json"]
    assert page.locator("#xa-station-filters select[name=street]").count() == 0
    assert serious(resident.axe()) == []
    assert resident.external == []


def test_open_now_on_the_hub_draws_the_open_stations_of_every_street(resident):
    moment = dt.datetime(2026, 11, 24, 10, 0)
    expected = {r["id"] for r in serving()
                if hours.is_open(hours.parse(r["hours"], r["hours_exceptions"]), moment, r["holidays"] == "follow", CAL)}
    page = arrive(resident, "stations/")
    page.locator("#xa-filter-toggle").tap()
    page.locator("#xa-station-filters input[name=open]").check()
    page.locator("#xa-filter-done").tap()
    page.wait_for_function("document.getElementById('xa-station-count').textContent.includes('符合条件')")
    count = page.inner_text("#xa-station-count")
    assert f"共 {len(expected)} 个站点符合条件" in count
    assert not page.locator("#xa-street-directory").is_visible()
    street_ids = {r["id"] for r in serving() if r["street"]}
    shown = drawn(page)
    assert set(shown) <= expected & street_ids and len(shown) == min(50, len(expected & street_ids))
    first = page.locator(".xa-found li.xa-station").first
    assert page.eval_on_selector_all(".xa-found .xa-open", "els => els.every(e => e.classList.contains('xa-open--open'))")
    y = page.evaluate("el => el.getBoundingClientRect().top + window.scrollY", first.element_handle())
    assert y < 2 * SCREEN["height"], y
    # Each result leads to its station's page.
    target = shown[0]
    first.locator("a").first.tap()
    page.wait_for_url(f"**/stations/{target}/")
    assert resident.external == []


def test_near_me_on_the_hub_puts_the_nearest_station_first_across_streets(resident):
    here = next(r for r in serving() if r["street"] == "xmh" and r["latitude"])
    resident.context.grant_permissions(["geolocation"])
    resident.context.set_geolocation({"latitude": float(here["latitude"]), "longitude": float(here["longitude"])})
    page = arrive(resident, "stations/")
    page.locator("#xa-filter-toggle").tap()
    page.locator("#xa-near-me").tap()
    page.wait_for_function("document.querySelectorAll('.xa-found li.xa-station').length > 0")
    first = page.locator(".xa-found li.xa-station").first
    assert first.get_attribute("data-id") == here["id"]
    assert "距您约 10 米" in first.inner_text()
    assert "不会上传" in page.inner_text("#xa-near-status")
    more = page.locator(".xa-found .xa-more")
    placed = sum(1 for r in serving() if r["street"] and r["latitude"])
    assert more.is_visible() == (placed > 50)
    if placed > 50:
        more.tap()
        assert len(drawn(page)) == min(100, placed)


def test_without_javascript_the_hub_and_street_pages_still_list_everything(browser, hub_server):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport=SCREEN)
    tab = Page(context, hub_server)
    page = tab.goto("stations/")
    assert not page.locator("#xa-station-filters").is_visible()
    links = page.locator("#xa-street-directory a")
    assert links.count() == len(streets())
    links.first.click()
    page.wait_for_load_state()
    first_street = streets()[0]["id"]
    assert page.locator("li.xa-station").count() == sum(1 for r in serving() if r["street"] == first_street)
    assert page.locator("li.xa-station a[href^='tel:']").count() > 0
    context.close()


def test_a_keyword_typed_on_the_hub_finds_a_station_by_its_address_in_any_street(resident):
    target = next(r for r in serving() if r["street"] == "lh" and r["address"])
    words = target["address"][-8:]  # the end of the address: the building, as a resident would type it
    expected = {r["id"] for r in serving() if r["street"] and words in (r["address"] + r["name"])}
    page = arrive(resident, "stations/")
    page.locator("#xa-filter-toggle").tap()
    page.locator("#xa-station-filters input[name=q]").type(words)
    page.locator("#xa-filter-done").tap()
    page.wait_for_function("document.querySelectorAll('.xa-found li.xa-station').length > 0")
    assert target["id"] in drawn(page) and set(drawn(page)) >= expected
    assert "q=" in page.url  # the search is in the address, to share or reload
