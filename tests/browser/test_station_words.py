"""The station filter's keyword box reads people's own words like the site search does, on a 360×780 phone in normal
and elder mode: lay words in the site's vocabulary (老人 -> 老年, 睡不着 -> 失眠), Traditional and regional forms
(憂鬱 -> 忧郁 -> 抑郁), and the labels of a station's type, services and audiences; a site word with `stations` in
data/editorial/synonyms.yaml also finds the stations offering those services."""
from __future__ import annotations

import pytest
import yaml

from tests.browser.conftest import Page, on_build_date, open_station_filters
from tests.browser.test_station_directory import ready, stations, visible_ids
from tests.conftest import DATA

pytestmark = pytest.mark.browser

FIELDS = {f["name"]: f for r in yaml.safe_load((DATA / "stations" / "datapackage.yaml").read_text("utf-8"))["resources"]
          if r["name"] == "stations" for f in r["schema"]["fields"]}
STREETS = {}
for line in (DATA / "stations" / "streets.csv").read_text("utf-8").splitlines()[1:]:
    STREETS[line.split(",")[0]] = line.split(",")[1]
PLACES = {s["term"]: s.get("stations", []) for s in
          yaml.safe_load((DATA / "editorial" / "synonyms.yaml").read_text("utf-8"))["synonyms"]}


def label(field: str, value: str) -> str:
    return {c["value"]: c["label"] for c in FIELDS[field]["categories"]}[value]


def shown_text(r: dict) -> str:
    """What a station's keyword can be found in: its name, address, community, street and the labels of its type,
    services and audiences (as the filter's drop-down lists write them)."""
    street = STREETS.get(r["street"], "")
    parts = [r["name"], r["address"], r["community"], street, label("kind", r["kind"])]
    parts += [label("services", v) for v in r["services"].split(";") if v]
    parts += [label("audiences", v) for v in r["audiences"].split(";") if v]
    return " ".join(parts)


def having(*words: str) -> set[str]:
    return {r["id"] for r in stations() if any(w in shown_text(r) for w in words)}


@pytest.fixture(params=[False, True], ids=["normal", "elder"])
def phone780(request, browser, server):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                                  is_mobile=True, has_touch=True, bypass_csp=True)
    tab = on_build_date(Page(context, server))
    page = tab.goto("stations/")
    if request.param:
        page.locator("#xa-elder-toggle").click()
        assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    yield tab
    context.close()


def filter_by(page, words: str, expected: set[str]) -> set[str]:
    """Type into the keyword box and wait until the count line says as many stations as expected (words.js works the
    words out after a fetch or two), or give up after 10 s; returns the stations a reader sees."""
    ready(open_station_filters(page))  # on a phone the filters are folded behind the summary line
    page.fill("#xa-station-filters input[name=q]", words)
    try:
        page.wait_for_function("n => document.getElementById('xa-station-count').textContent.startsWith('共 ' + n + ' ')",
                               arg=len(expected), timeout=10000)
    except Exception:
        pass  # the assertion on what is shown says what went wrong
    return set(visible_ids(page))


@pytest.mark.parametrize("typed, expected", [
    ("老人", having("老人", "老年")),                                   # 老人 -> 老年 (服务对象 老年人)
    ("長者", having("长者", "老年")),                                   # Traditional, then the lay word
    ("憂鬱", having("忧郁", "抑郁", *PLACES["抑郁"])),                     # Taiwan / Hong Kong usage of 抑郁
    ("睡不着", having("睡不着", "失眠", *PLACES["失眠"])),
    ("睡不著", having("睡不着", "失眠", *PLACES["失眠"])),                 # Taiwan form
    ("亲子", having("亲子", *PLACES["亲子"])),
])
def test_people_s_own_words_find_the_right_stations(phone780, typed, expected):
    page = phone780.page
    assert expected and len(expected) < len(stations())  # the words narrow the list without emptying it
    assert filter_by(page, typed, expected) == expected
    assert page.locator("#xa-station-count").inner_text().startswith(f"共 {len(expected)} 个站点")
    assert phone780.external == []


def test_a_lay_word_and_the_site_word_find_the_same_stations(phone780):
    page = phone780.page
    site_word = having("抑郁", *PLACES["抑郁"])
    assert filter_by(page, "抑郁", site_word) == filter_by(page, "憂鬱", site_word) == site_word
    both = having("老人", "老年") & having("园岭")
    assert both and filter_by(page, "老人 园岭", both) == both   # every word typed must match


def test_the_filter_says_which_words_it_searched_for_and_forgets_them_when_cleared(phone780):
    page = phone780.page
    filter_by(page, "睡不着", having("睡不着", "失眠", *PLACES["失眠"]))
    note = page.get_by_role("status").filter(has_text="睡不着")
    places = "”“".join(PLACES["失眠"])
    assert note.inner_text() == f"“睡不着”按本站用词“失眠”查找，也列出有“{places}”的站点。"
    assert note.is_visible() and page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    filter_by(page, "園嶺", having("园岭"))
    assert page.get_by_role("status").filter(has_text="園嶺").inner_text() == "“園嶺”按简体“园岭”查找。"
    filter_by(page, "", set(r["id"] for r in stations()))
    assert page.get_by_role("status").filter(has_text="查找").count() == 0 or \
        page.get_by_role("status").filter(has_text="查找").inner_text() == ""
