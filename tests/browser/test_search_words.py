"""Every search box in chromium on a 360 px phone: a crisis phrase puts tappable crisis lines above the results (the
phrases from data/editorial/crisis-phrases.yaml, the numbers from the hotlines package), a neutral query does not,
and nothing typed leaves the browser; lay, Traditional and regional words find the site's pages."""
from __future__ import annotations

import csv
import re
import urllib.parse

import pytest
import yaml

from tests.browser.conftest import open_station_filters, serious
from tests.browser.test_search import DONE, HITS, search, status
from tests.conftest import DATA

pytestmark = pytest.mark.browser

PHRASES = [p["phrase"] for p in yaml.safe_load((DATA / "editorial" / "crisis-phrases.yaml").read_text("utf-8"))["phrases"]]
with open(DATA / "hotlines" / "hotlines.csv", encoding="utf-8") as fh:
    CRISIS_NUMBERS = [r["number"] for r in sorted(csv.DictReader(fh), key=lambda r: int(r["priority"]))
                      if r["kind"] in ("crisis", "emergency")]
BOX = "[data-crisis-box]"
NEUTRAL = ["失眠", "焦虑", "园岭", "老年"]


def open_header_search(page):
    """On a phone the header box opens from its toggle, which the search script shows once it has run: wait for
    one of the two rather than looking once."""
    box, toggle = page.locator("#xa-search-input"), page.locator(".xa-search__toggle")
    for _ in range(100):
        if box.is_visible():
            return
        if toggle.is_visible():
            toggle.click()
            box.wait_for(state="visible")
            return
        page.wait_for_timeout(100)


def crisis_box_above(page, results_selector: str) -> dict:
    """Where the crisis box is, relative to the results shown under the same box."""
    return page.evaluate("""([box, results]) => {
        const b = document.querySelector(box), r = document.querySelector(results);
        if (!b) return {shown: false};
        const br = b.getBoundingClientRect();
        return {shown: b.offsetParent !== null, links: [...b.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute('href')),
                above: !r || (b.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING) > 0,
                top: br.top, bottom: br.bottom, width: br.width, vw: innerWidth,
                tap: Math.min(...[...b.querySelectorAll('a[href^="tel:"]')].map(a => a.getBoundingClientRect().height))};
    }""", [BOX, results_selector])


def test_the_crisis_numbers_come_from_the_hotlines_package():
    assert CRISIS_NUMBERS[:3] == ["12356", "120", "110"]


@pytest.mark.parametrize("phrase", ["想死", "不想活了", "活着没意思", "自杀", "活著沒意思", "我 不想活了", "ＳＵＩＣＩＤＥ"])
def test_a_crisis_phrase_in_site_search_shows_the_crisis_lines_above_the_results(phone, phrase):
    page = phone.goto("")
    open_header_search(page)
    search(page, phrase)
    page.wait_for_selector(f"#xa-search-panel {BOX}", state="visible")
    where = crisis_box_above(page, ".xa-search__results")
    assert where["shown"] and where["above"]
    assert where["links"] == [f"tel:{n}" for n in CRISIS_NUMBERS]
    assert where["width"] <= where["vw"] and where["top"] >= 0 and where["bottom"] <= 780  # on screen, not below results
    assert where["tap"] >= 44
    # The box is the first thing in the results panel.
    assert page.evaluate("document.getElementById('xa-search-panel').firstElementChild.matches('[data-crisis-box]')")
    assert phone.external == []


def test_every_crisis_phrase_in_the_editorial_list_shows_the_box(phone):
    page = phone.goto("")
    open_header_search(page)
    for phrase in PHRASES:
        search(page, phrase)
        assert page.locator(f"#xa-search-panel {BOX}").count() == 1, phrase


@pytest.mark.parametrize("query", NEUTRAL)
def test_a_neutral_query_shows_no_crisis_box(phone, query):
    page = phone.goto("")
    open_header_search(page)
    assert search(page, query)
    page.wait_for_timeout(300)
    assert page.locator(BOX).count() == 0


def test_the_box_goes_when_the_query_no_longer_is_a_crisis_phrase(phone):
    page = phone.goto("")
    open_header_search(page)
    search(page, "想死")
    page.wait_for_selector(BOX)
    search(page, "失眠")
    page.wait_for_function("() => !document.querySelector('[data-crisis-box]')")


def test_the_station_filter_shows_the_crisis_box_above_the_stations(phone):
    page = open_station_filters(phone.goto("stations/"))
    page.fill("#xa-station-filters input[name=q]", "不想活了")
    page.wait_for_selector(BOX, state="visible")
    where = crisis_box_above(page, "#xa-station-list")
    assert where["shown"] and where["above"] and where["links"] == [f"tel:{n}" for n in CRISIS_NUMBERS]
    page.fill("#xa-station-filters input[name=q]", "园岭")
    page.wait_for_function("() => !document.querySelector('[data-crisis-box]')")
    assert phone.external == []


def test_the_registry_lookup_shows_the_crisis_box_above_its_results(phone):
    page = phone.goto("registry/")
    page.fill("#xa-registry-q", "活着没意思")
    page.press("#xa-registry-q", "Enter")
    page.wait_for_selector(BOX, state="visible")
    where = crisis_box_above(page, "#xa-registry-results")
    assert where["shown"] and where["above"] and where["links"] == [f"tel:{n}" for n in CRISIS_NUMBERS]
    assert serious(phone.axe()) == []


def test_a_crisis_phrase_in_a_shared_link_shows_the_box_on_arrival(phone):
    page = phone.goto("registry/?q=" + urllib.parse.quote("想死"))
    page.wait_for_selector(BOX, state="visible")


def test_nothing_typed_is_sent_or_stored(phone):
    requests: list[str] = []
    page = phone.page
    page.on("request", lambda r: requests.append(r.url))
    page = phone.goto("")
    start = len(requests)
    open_header_search(page)
    typed = ["想死", "不想活了", "睡不着", "憂鬱"]
    for q in typed:
        search(page, q)
    page.goto(phone.base + "stations/", wait_until="networkidle")
    open_station_filters(page)
    page.fill("#xa-station-filters input[name=q]", "活着没意思")
    page.wait_for_selector(BOX)
    later = requests[start:]
    allowed = ("/pagefind/", "/assets/search-words.json", "/stations/", "/assets/", "/favicon")
    fetched = [u for u in later if u.startswith(phone.base)]
    assert all(any(a in urllib.parse.urlsplit(u).path for a in allowed) for u in fetched), fetched
    encoded = [urllib.parse.quote(q) for q in typed] + typed
    assert not [u for u in later if any(q in u for q in encoded)]
    # No query string on any request, but Pagefind's cache-busting timestamp on its entry file.
    assert not [u for u in later if urllib.parse.urlsplit(u).query and not re.fullmatch(r"ts=\d+", urllib.parse.urlsplit(u).query)]
    assert phone.external == []
    stored = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert not any(q in stored for q in typed + ["活着没意思"])


# ---- Words people use ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("睡不着", "/articles/sleep-and-insomnia/"),
    ("憂鬱", "/articles/depression-basics/"),
    ("忧郁", "/articles/depression-basics/"),
    ("抑鬱", "/articles/depression-basics/"),
    ("睡不著", "/articles/sleep-and-insomnia/"),
])
def test_lay_traditional_and_regional_words_find_the_page_about_them(tab, query, expected):
    page = tab.goto("")
    hits = search(page, query)
    assert expected in [h["url"] for h in hits[:3]], [h["url"] for h in hits[:5]]


def test_a_lay_word_is_searched_in_the_sites_words_and_says_so(tab):
    page = tab.goto("")
    search(page, "睡不着")
    assert "失眠" in status(page) and "睡不着" in status(page)


@pytest.mark.parametrize("query", ["躁郁症", "躁鬱症"])
def test_a_lay_word_for_an_illness_shows_the_pages_about_it_before_data_dictionaries(tab, query):
    page = tab.goto("")
    hits = search(page, query)
    assert hits and hits[0]["kind"] == "讲座" and "双相" in hits[0]["title"]
    kinds = [h["kind"] for h in hits]
    assert "开放数据" not in kinds or kinds.index("开放数据") > kinds.index("讲座")


def test_a_simplified_query_fetches_no_conversion_table_and_a_traditional_one_does(tab):
    page = tab.goto("")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    search(page, "心理咨询室")
    assert not any("xinan-t2s" in u for u in fetched)   # a first query stays within its byte budget
    hits = search(page, "諮詢")
    assert any(u.endswith("pagefind/xinan-t2s.txt") for u in fetched)
    assert "已按简体“咨询”搜索" in status(page) and hits


def test_older_people_find_several_pages(tab):
    page = tab.goto("")
    hits = search(page, "老年人")
    assert len(hits) >= 3
    assert "/articles/older-adults-memory-and-mood/" in [h["url"] for h in hits[:3]]




def test_in_elder_mode_the_crisis_numbers_are_large_tap_targets(browser, server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True, bypass_csp=True)
    context.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    page = context.new_page()
    page.goto(server, wait_until="networkidle")
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    open_header_search(page)
    search(page, "不想活了")
    page.wait_for_selector(f"#xa-search-panel {BOX}", state="visible")
    where = crisis_box_above(page, ".xa-search__results")
    assert where["above"] and where["tap"] >= 48 and where["width"] <= where["vw"]
    assert serious_in(page) == []
    context.close()


def serious_in(page) -> list[str]:
    from tests.browser.conftest import AXE
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
    return serious(result["violations"])


def test_repeated_runs_of_a_lecture_are_shown_once_with_the_upcoming_run_first(tab):
    import csv as _csv
    with open(DATA / "lectures" / "lectures.csv", encoding="utf-8") as fh:
        runs = [r for r in _csv.DictReader(fh) if r["title"] == "与焦虑和平相处"]
    assert len(runs) >= 3
    upcoming = {r["id"] for r in runs if r["start"][:10] > "2026-11-22" and r["status"] != "cancelled"}
    page = tab.goto("")
    hits = search(page, "与焦虑和平相处")
    shown = [h for h in hits if h["title"].endswith("与焦虑和平相处")]
    assert len(shown) == 1, hits
    if upcoming:
        assert shown[0]["url"].strip("/").split("/")[-1] in upcoming
    note = page.locator(".xa-search__runs:not([hidden])").first.inner_text()
    assert note.startswith("另有 ") and note.endswith(" 场同名讲座")
