"""Self-screening in chromium at 360×780: a person taps through each questionnaire and nothing leaves the device or
is stored; item 9 brings up the crisis lines at once; the JS and Python scorers agree at every band edge; keyboard
only; 48 px answer targets; the no-JavaScript paper form; axe in normal and elder mode."""
from __future__ import annotations

import pytest

from generator import screening
from tests.browser.conftest import inject_axe
from tests.test_screening import PUBLISHED, answers_for, boundary_cases, questionnaires

pytestmark = pytest.mark.browser

# Recorded from the first script on: every storage write, cookie write, IndexedDB open, beacon and history change.
RECORD = """
(() => {
  const log = window.__writes = [];
  const note = (kind, detail) => log.push({kind, detail: String(detail), loaded: document.readyState === 'complete'});
  for (const name of ['setItem', 'removeItem', 'clear']) {
    const real = Storage.prototype[name];
    Storage.prototype[name] = function (...args) {
      note((this === window.sessionStorage ? 'sessionStorage.' : 'localStorage.') + name, args[0]);
      return real.apply(this, args);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    get() { return cookie.get.call(this); },
    set(v) { note('cookie', v); cookie.set.call(this, v); }, configurable: true});
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) { note('indexedDB.open', args[0]); return open.apply(this, args); };
  if (navigator.sendBeacon) {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (...args) => { note('sendBeacon', args[0]); return beacon(...args); };
  }
  for (const name of ['pushState', 'replaceState']) {
    const real = history[name];
    history[name] = function (...args) { note('history.' + name, args[2]); return real.apply(this, args); };
  }
})();
"""

# The page's own screening.js module (the same instance the page runs: a module is evaluated once per URL).
SCREENING_JS = """(await import(document.querySelector('script[src$="assets/screening.js"]').src))"""


def phone_context(browser, elder: bool = False):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                              is_mobile=True, has_touch=True)
    if elder:
        ctx.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    ctx.add_init_script(RECORD)
    return ctx


def open_page(ctx, server: str, path: str):
    requests: list[str] = []
    page = ctx.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + path, wait_until="networkidle")
    page.wait_for_function("document.readyState === 'complete'")
    return page, requests


def tap_answers(page, answers: list[int]) -> None:
    for n, value in enumerate(answers, start=1):
        page.locator(f"#xa-screen-q{n} label:has(input[value='{value}'])").tap()


def result_order(page) -> list[str]:
    """The visible parts of the result, top to bottom, by id or class."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#xa-screen-result > *'))
        .filter(e => !e.hidden).map(e => e.id || e.className)""")


def shown(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_completing_a_questionnaire_sends_and_stores_nothing(browser, server, slug, elder):
    q = questionnaires()[slug]
    ctx = phone_context(browser, elder)
    page, requests = open_page(ctx, server, f"screening/{slug}/")
    url = page.url
    loaded = len(requests)
    answers = answers_for(q, 12)
    tap_answers(page, answers)
    page.locator("#xa-screen-score").tap()
    assert shown(page, "#xa-screen-result")
    page.locator("#xa-screen-reset").tap()
    tap_answers(page, answers_for(q, q.max_score))
    page.locator("#xa-screen-score").tap()
    page.wait_for_timeout(300)
    writes = page.evaluate("window.__writes")
    assert requests[loaded:] == []                       # no request after the page had loaded
    assert [w for w in writes if w["loaded"]] == []      # no storage, cookie, IndexedDB, beacon or history write
    # Before load, the only write is the site's own elder-mode preference (elder.js), never an answer.
    assert {(w["kind"], w["detail"]) for w in writes} <= {("localStorage.setItem", "xinan-elder")}
    assert page.url == url
    assert page.evaluate("document.cookie") == ""
    ctx.close()


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_the_result_shows_the_band_in_plain_words_with_next_steps_and_the_crisis_lines(browser, server, slug):
    q = questionnaires()[slug]
    ctx = phone_context(browser)
    page, _ = open_page(ctx, server, f"screening/{slug}/")
    for total in (0, 12, q.max_score):
        page.locator("#xa-screen-reset").tap()
        tap_answers(page, answers_for(q, total))
        page.locator("#xa-screen-score").tap()
        band = screening.band_for(q, total)
        result = page.locator("#xa-screen-result")
        text = result.inner_text()
        assert page.inner_text("#xa-screen-total") == str(total)
        assert band.label in text and band.advice in text
        assert page.eval_on_selector_all(".xa-screen__band", "els => els.filter(e => e.checkVisibility())"
                                         ".map(e => [+e.dataset.min, +e.dataset.max])") == [[band.min, band.max]]
        assert "这是筛查结果，不是诊断" in text and "接下来可以做什么" in text
        assert result.locator(".xa-crisis").is_visible()          # every result carries the crisis lines
        for number in ("12356", "120", "110"):
            assert result.locator(f".xa-crisis__number[href='tel:{number}']").is_visible()
        assert result.locator("a[href$='stations/#xa-near-me']").is_visible()
        assert result.locator("a[href='../../registry/']").is_visible()
        assert page.evaluate("document.activeElement.id") == "xa-screen-result"
    ctx.close()


def test_item_9_above_not_at_all_shows_the_crisis_lines_at_once_and_first_in_the_result(browser, server):
    q = questionnaires()["phq-9"]
    ctx = phone_context(browser)
    page, _ = open_page(ctx, server, "screening/phq-9/")
    assert not shown(page, "#xa-screen-urgent")
    page.locator("#xa-screen-q9 label:has(input[value='1'])").tap()      # before any other answer
    urgent = page.locator("#xa-screen-urgent")
    assert urgent.is_visible() and urgent.get_attribute("role") == "alert"
    assert urgent.locator("a[href='tel:12356']").is_visible()
    assert not shown(page, "#xa-screen-result")
    page.locator("#xa-screen-q9 label:has(input[value='0'])").tap()
    assert not urgent.is_visible()
    tap_answers(page, answers_for(q, 3, safety_answer=2))               # a low total: item 9 still counts
    assert urgent.is_visible()
    page.locator("#xa-screen-score").tap()
    order = result_order(page)
    assert order[:4] == ["xa-screen-result-title", "xa-screen-result-urgent", "xa-crisis",
                         "xa-screen__total"]
    # Without item 9, the crisis lines follow the next steps (still in every result).
    page.locator("#xa-screen-reset").tap()
    tap_answers(page, answers_for(q, 3, safety_answer=0))
    page.locator("#xa-screen-score").tap()
    order = result_order(page)
    assert "xa-screen-result-urgent" not in order
    assert order.index("xa-crisis") > order.index("xa-screen__total")
    ctx.close()


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_js_and_python_scorers_agree_at_every_band_boundary(browser, server, slug):
    q = questionnaires()[slug]
    ctx = phone_context(browser)
    page, _ = open_page(ctx, server, f"screening/{slug}/")
    bands = page.evaluate("""() => Array.from(document.querySelectorAll('.xa-screen__band'))
        .map(e => ({min: +e.dataset.min, max: +e.dataset.max}))""")
    safety = q.safety_item or 0
    for total, _ in boundary_cases(slug):
        for safety_answer in ((None, 0, 1) if safety else (None,)):
            try:
                answers = answers_for(q, total, safety_answer)
            except ValueError:
                continue  # e.g. 27 with item 9 at 0 is not a possible answer sheet
            py = screening.score(q, answers)
            js = page.evaluate(f"async ([a, b, s]) => {SCREENING_JS}.score(a, b, s)", [answers, bands, safety])
            assert (js["total"], js["band"]["min"], js["band"]["max"], js["urgent"]) == \
                   (py.total, py.band.min, py.band.max, py.urgent), (total, answers)
    # And through the page itself, at the edges of every band.
    for total, (low, high) in boundary_cases(slug):
        page.locator("#xa-screen-reset").tap()
        tap_answers(page, answers_for(q, total))
        page.locator("#xa-screen-score").tap()
        visible = page.locator(f".xa-screen__band[data-min='{low}'][data-max='{high}']")
        assert visible.is_visible() and page.inner_text("#xa-screen-total") == str(total)
    ctx.close()


def test_unanswered_questions_are_named_and_focus_goes_to_the_first(browser, server):
    ctx = phone_context(browser)
    page, _ = open_page(ctx, server, "screening/gad-7/")
    for n in (1, 2, 4, 5, 7):
        page.locator(f"#xa-screen-q{n} label:has(input[value='1'])").tap()
    page.locator("#xa-screen-score").tap()
    assert page.inner_text("#xa-screen-missing") == "还有 2 道题没有回答：第 3、6 题。每道题都回答后才能计分。"
    assert not shown(page, "#xa-screen-result")
    assert page.evaluate("document.activeElement.name") == "q3"
    ctx.close()


def test_the_whole_questionnaire_works_with_the_keyboard_alone(browser, server):
    q = questionnaires()["gad-7"]
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780})
    page = ctx.new_page()
    page.goto(server + "screening/gad-7/", wait_until="networkidle")
    page.focus("#xa-screen-q1 input[value='0']")
    for n in range(1, len(q.items) + 1):
        page.keyboard.press("Space")                 # choose "完全不会"
        for _ in range(n % 4):
            page.keyboard.press("ArrowDown")         # then move the choice down the list
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "xa-screen-score"
    page.keyboard.press("Enter")
    expected = sum(n % 4 for n in range(1, len(q.items) + 1))
    assert page.inner_text("#xa-screen-total") == str(expected)
    assert page.evaluate("document.activeElement.id") == "xa-screen-result"
    ctx.close()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_answer_target_is_at_least_48px(browser, server, elder):
    ctx = phone_context(browser, elder)
    page, _ = open_page(ctx, server, "screening/phq-9/")
    sizes = page.eval_on_selector_all(".xa-screen__option, #xa-screen-actions button",
                                      "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert len(sizes) == 9 * 4 + 2
    assert all(w >= 48 and h >= 48 for w, h in sizes), sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ctx.close()


def test_without_javascript_the_page_is_a_paper_form_with_the_scoring_rules(no_js):
    page = no_js.goto("screening/phq-9/")
    assert page.locator("input[type=radio]").count() == 36
    assert page.locator("fieldset legend").count() == 9
    assert page.locator(".xa-screen-table tbody tr").count() == 5
    assert page.locator(".xa-screen-table").is_visible()
    assert not page.locator("#xa-screen-actions").is_visible()       # nothing to submit without the script
    assert not page.locator("#xa-screen-result").is_visible()
    assert page.locator("#xa-crisis-rules").is_visible()
    assert "第 9 题" in page.inner_text(".xa-screen-rules")
    page.locator("#xa-screen-q1 label:has(input[value='2'])").click()
    page.keyboard.press("Enter")                                     # no implicit submission either
    assert "?" not in page.url and no_js.external == []


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_screening_pages_have_no_wcag_violations_at_360px(browser, server, elder):
    ctx = phone_context(browser, elder)
    page = ctx.new_page()
    found = {}
    for path in ("screening/", "screening/phq-9/", "screening/gad-7/"):
        page.goto(server + path, wait_until="networkidle")
        if path != "screening/":
            q = questionnaires()[path.split("/")[1]]
            tap_answers(page, answers_for(q, q.max_score))      # item 9 endorsed: the urgent box is shown too
            page.locator("#xa-screen-score").tap()
        inject_axe(page)
        result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        if result["violations"]:
            found[path] = [f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:2]]}"
                           for v in result["violations"]]
    assert found == {}
    ctx.close()


def test_site_search_finds_the_questionnaires(tab):
    from tests.browser.test_search import search
    page = tab.goto("")
    for query, url in (("抑郁自测", "/screening/phq-9/"), ("焦虑自测", "/screening/gad-7/"), ("PHQ-9", "/screening/phq-9/"),
                       ("心理测评", "/screening/")):
        assert [h["url"] for h in search(page, query)][:1] == [url], query
