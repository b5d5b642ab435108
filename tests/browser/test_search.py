"""Site search in chromium: the header box on every page, real Chinese queries typed and answered from the site's
own Pagefind bundle (loaded only when the box is used), Traditional-character queries, the kind filter, the
keyboard, narrow screens, a site served from a sub-path, and no serious accessibility problem with results open."""
from __future__ import annotations

import csv
import functools
import http.server
import threading

import pytest

from tests.browser.conftest import serious
from tests.conftest import DATA

pytestmark = pytest.mark.browser

HITS = """els => els.map(e => ({
    kind: e.querySelector('.xa-search__kind').textContent,
    title: e.querySelector('.xa-search__title').textContent,
    url: new URL(e.querySelector('a').href).pathname,
    excerpt: (e.querySelector('.xa-search__excerpt') || {textContent: ''}).textContent}))"""
DONE = """q => { const p = document.getElementById('xa-search-panel');
    return p && p.getAttribute('data-query') === q && !p.hasAttribute('aria-busy'); }"""


def rows(package: str, name: str) -> dict[str, dict]:
    with open(DATA / package / f"{name}.csv", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


STATIONS = rows("stations", "stations")
LECTURES = rows("lectures", "lectures")
STREETS = {r["name"]: sid for sid, r in rows("stations", "streets").items()}


def search(page, query: str, key: str = "Enter") -> list[dict]:
    """Type a query the way a reader does (fill the box, then a key press) and return the results shown."""
    page.fill("#xa-search-input", query)
    page.keyboard.press(key)
    page.wait_for_function(DONE, arg=query, timeout=15000)
    return page.eval_on_selector_all(".xa-search__hit", HITS)


def status(page) -> str:
    return page.inner_text(".xa-search__status")


def record(url: str) -> tuple[str, str]:
    """('stations', id) or ('lectures', id) for a record page URL; ('', '') otherwise."""
    parts = url.strip("/").split("/")
    return (parts[-2], parts[-1]) if len(parts) >= 2 and parts[-2] in ("stations", "lectures") else ("", "")


def street_of(url: str) -> str:
    parts = url.strip("/").split("/")
    if parts[-3:-1] == ["stations", "street"]:  # a street's own page: stations/street/<code>/
        return parts[-1]
    kind, rid = record(url)
    if kind == "stations":
        return STATIONS[rid]["street"]
    if kind == "lectures":
        lec = LECTURES[rid]
        return lec["street"] or STATIONS.get(lec["station"], {}).get("street", "")
    return ""


# ---- Ten and more real queries ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, key, first", [
    ("焦虑", "Enter", "/articles/anxiety-basics/"),
    ("失眠", "Enter", "/articles/sleep-and-insomnia/"),
    ("抑郁症", "End", "/articles/depression-basics/"),          # a non-submitting key: the debounced path
    ("焦慮", "Enter", "/articles/anxiety-basics/"),             # Traditional
])
def test_a_query_puts_the_page_about_it_first(tab, query, key, first):
    page = tab.goto("about/")
    hits = search(page, query, key)
    assert hits and hits[0]["url"] == first, [h["url"] for h in hits[:5]]
    assert "找到" in status(page)
    assert tab.external == []


def test_the_crisis_line_number_finds_the_hotline_list_among_the_first_results(tab):
    """Open-data pages weigh less than articles (generator/search.py KIND_WEIGHTS): the article on helping someone
    at risk, which gives 12356, may come first; the hotline list is still among the first two."""
    page = tab.goto("about/")
    hits = search(page, "12356")
    assert "/open-data/hotlines/" in [h["url"] for h in hits[:2]], [h["url"] for h in hits[:5]]
    assert tab.external == []


def test_a_sub_word_query_finds_the_article_that_contains_it(tab):
    hits = search(tab.goto(""), "产后")
    assert "/articles/perinatal-mood/" in [h["url"] for h in hits[:3]]


def test_a_kind_of_station_finds_stations_of_that_kind(tab):
    hits = search(tab.goto("articles/"), "心理咨询室")
    top = hits[:8]
    stations = [h for h in top if h["kind"] == "站点"]
    # A help-seeking article may rank among them; the first results are still mostly such rooms.
    assert len(stations) >= 6 and all("心理咨询室" in h["title"] for h in stations), top
    assert all(record(h["url"])[1] in STATIONS for h in stations)


@pytest.mark.parametrize("street", ["园岭", "莲花", "沙头", "华强北"])
def test_a_street_name_finds_its_stations_and_lectures(tab, street):
    page = tab.goto("")
    hits = search(page, street)
    sid = STREETS[street]
    stations = [h for h in hits if h["kind"] == "站点"]
    assert len(stations) >= 3 and all(street_of(h["url"]) == sid for h in stations[:5]), stations[:5]
    # The street's own page (its stations by community) is among them.
    assert f"/stations/street/{sid}/" in [h["url"] for h in stations], stations
    assert [h for h in hits[:3] if street_of(h["url"]) == sid]
    # The lectures held there, with the kind filter.
    page.click(".xa-search__kind-filter[data-kind='讲座']")
    page.wait_for_function(DONE, arg=street)
    lectures = page.eval_on_selector_all(".xa-search__hit", HITS)
    expected = {lid for lid, lec in LECTURES.items() if street_of(f"/lectures/{lid}/") == sid}
    assert expected and lectures and all(h["kind"] == "讲座" for h in lectures)
    assert [h for h in lectures if record(h["url"])[1] in expected]
    assert tab.external == []


def test_traditional_characters_find_the_simplified_pages(tab):
    page = tab.goto("stations/")
    hits = search(page, "諮詢")
    assert "已按简体“咨询”搜索" in status(page)
    assert hits and all("咨询" in h["title"] + h["excerpt"] for h in hits[:5])
    # The Traditional query finds exactly what the Simplified one finds, in the same order.
    assert [h["url"] for h in search(page, "心理諮詢室")] == [h["url"] for h in search(page, "心理咨询室")]


def test_words_the_segmenters_cut_differently_are_still_found(tab):
    """The browser splits 亲子 into 亲 + 子 but the index has 亲子: the search widens and checks the text."""
    page = tab.goto("")
    hits = search(page, "亲子")
    assert len(hits) >= 5 and all("亲子" in h["title"] + h["excerpt"] for h in hits), hits
    assert "包含“亲子”" in status(page)


@pytest.mark.parametrize("query", ["量子色动力学", "诸葛亮借东风"])  # 东 alone is in 园东: not a match
def test_a_query_with_no_match_says_so(tab, query):
    page = tab.goto("")
    assert search(page, query) == []
    assert "没有找到" in status(page)


# ---- How the box behaves ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "stations/", "articles/sleep-and-insomnia/", "registry/", "open-data/"])
def test_every_page_has_one_labelled_search_box_in_the_header(tab, path):
    page = tab.goto(path)
    box = page.locator(".md-header #xa-search-input")
    assert box.count() == 1 and box.is_visible()
    assert page.locator("label[for='xa-search-input']").inner_text() == "搜索本站"
    assert page.locator("form[role='search'] #xa-search-input").count() == 1


def test_pagefind_is_loaded_only_when_the_box_is_used_and_only_from_the_site(tab):
    requests: list[str] = []
    page = tab.page
    page.on("request", lambda r: requests.append(r.url))
    tab.goto("articles/")
    assert not [u for u in requests if "/pagefind/" in u]
    search(page, "睡眠")
    fetched = [u for u in requests if "/pagefind/" in u]
    assert any(u.endswith("/pagefind/pagefind.js") for u in fetched)
    assert any("/pagefind/fragment/" in u for u in fetched) and any("/pagefind/index/" in u for u in fetched)
    assert not [u for u in fetched if "pagefind-ui" in u]  # no ready-made UI
    assert tab.external == []


def test_results_can_be_filtered_by_kind(tab):
    page = tab.goto("")
    everything = search(page, "焦虑")
    assert {h["kind"] for h in everything} >= {"文章", "讲座"}
    page.click(".xa-search__kind-filter[data-kind='文章']")
    page.wait_for_function(DONE, arg="焦虑")
    articles = page.eval_on_selector_all(".xa-search__hit", HITS)
    assert articles and all(h["kind"] == "文章" for h in articles)
    assert page.get_attribute(".xa-search__kind-filter[data-kind='文章']", "aria-pressed") == "true"
    assert "“文章”中找到" in status(page)
    counts = page.inner_text(".xa-search__kinds")
    assert "文章 " in counts and any(ch.isdigit() for ch in counts)
    page.click(".xa-search__kind-filter[data-kind='']")
    page.wait_for_function(DONE, arg="焦虑")
    assert len(page.eval_on_selector_all(".xa-search__hit", HITS)) == len(everything)


def test_the_box_and_its_results_work_from_the_keyboard(tab):
    page = tab.goto("about/")
    for _ in range(30):  # reach the box with Tab, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "xa-search-input":
            break
    assert page.evaluate("document.activeElement.id") == "xa-search-input"
    page.keyboard.type("失眠")
    page.keyboard.press("Enter")
    page.wait_for_function(DONE, arg="失眠")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and first.rstrip("/").endswith("articles/sleep-and-insomnia")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('xa-search__link')")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "xa-search-input"
    page.keyboard.press("Escape")
    assert page.locator("#xa-search-panel").is_hidden()
    page.keyboard.press("ArrowDown")  # opens again and moves to the first result
    assert page.evaluate("document.activeElement.classList.contains('xa-search__link')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith("articles/sleep-and-insomnia")
    assert page.locator("h1").inner_text().startswith("睡不好怎么办")


def test_more_results_load_on_request(tab):
    page = tab.goto("")
    hits = search(page, "心理")
    assert len(hits) == 8
    page.click(".xa-search__more")
    page.wait_for_function("document.querySelectorAll('.xa-search__hit').length > 8")
    assert page.evaluate("document.activeElement.classList.contains('xa-search__link')")


def test_no_serious_accessibility_violation_with_results_open(tab):
    page = tab.goto("articles/")
    search(page, "焦虑")
    assert page.locator("#xa-search-panel").is_visible()
    assert serious(tab.axe()) == []
    page.click(".xa-search__kind-filter[data-kind='讲座']")
    page.wait_for_function(DONE, arg="焦虑")
    assert serious(tab.axe()) == []


def test_on_a_phone_the_box_opens_from_a_button(phone):
    page = phone.goto("lectures/")
    assert page.locator("#xa-search-input").is_hidden()
    toggle = page.locator(".xa-search__toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.evaluate("document.activeElement.id") == "xa-search-input"
    hits = search(page, "莲花")
    assert hits and page.locator("#xa-search-panel").is_visible()
    assert serious(phone.axe()) == []
    page.click(".xa-search__close")
    assert page.locator("#xa-search-input").is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert phone.external == []


def test_without_javascript_there_is_no_dead_search_box(no_js):
    page = no_js.goto("")
    assert page.locator("#xa-search-input").count() == 0


@pytest.fixture
def subpath(site_dir):
    """The same site served from /<folder>/ instead of the root."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{site_dir.name}/"
    httpd.shutdown()


def test_a_site_served_from_a_sub_path_finds_its_bundle_and_links_inside_it(browser, subpath):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(subpath + "about/", wait_until="networkidle")
    hits = search(page, "失眠")
    prefix = "/" + subpath.rstrip("/").rsplit("/", 1)[1] + "/"
    assert hits and all(h["url"].startswith(prefix) for h in hits)
    with page.expect_navigation():
        page.click(".xa-search__link >> nth=0")
    assert page.url.startswith(subpath) and page.locator("h1").count() == 1
    context.close()


def test_nothing_is_searched_while_a_pinyin_input_method_is_composing(tab):
    page = tab.goto("")
    page.evaluate("""() => { const i = document.getElementById('xa-search-input'); i.focus(); i.value = 'jiao lv';
        i.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true})); }""")
    page.wait_for_timeout(600)
    assert page.locator("#xa-search-panel").is_hidden()
    page.evaluate("""() => { const i = document.getElementById('xa-search-input'); i.value = '焦虑';
        i.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '焦虑'})); }""")
    page.wait_for_function(DONE, arg="焦虑")
    assert page.eval_on_selector_all(".xa-search__hit", HITS)[0]["url"] == "/articles/anxiety-basics/"
