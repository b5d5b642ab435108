"""Elder mode is elder-sized everywhere: on a 360×780 phone, after tapping 长辈模式, every link, button, field, list
box, disclosure and labelled control a reader can see on one page of each kind is at least 48×48 CSS pixels, and
the crisis numbers keep their red."""
from __future__ import annotations

import pytest

from tests.browser.conftest import Page, on_build_date
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.browser
MIN = 48
# One page of each kind, and the Chinese 404 page under /registry/ (a mistyped or fake number).
PAGES = {**PAGE_TYPES, "not found": "registry/FTXL-1999-99999/"}

# Every target a person can see and tap: elements of zero size (closed <details>, display:none) and those entirely
# off the screen's width (the closed phone menu slides in from the left) are not on screen. A label that holds or
# names a control counts as one target with it (tapping either works), so the larger of the two is measured.
TARGETS = """min => {
  const W = document.documentElement.clientWidth, small = [];
  const seen = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < W && s.visibility !== 'hidden' &&
      !el.closest('[aria-hidden=true], .md-skip, [hidden]');
  };
  const box = el => el.getBoundingClientRect();
  const name = el => (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20) + '"');
  const labelled = new Set();
  for (const label of document.querySelectorAll('label')) {
    const control = label.control;
    if (!control || !seen(label) && !seen(control)) continue;
    labelled.add(control);
    const a = box(label), b = seen(control) ? box(control) : a;
    const w = Math.max(a.width, b.width), h = Math.max(a.height, b.height);
    if (w < min || h < min) small.push(name(label) + ' ' + Math.round(w) + '×' + Math.round(h));
  }
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary')) {
    if (labelled.has(el) || !seen(el)) continue;
    const r = box(el);
    if (r.width < min || r.height < min) small.push(name(el) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
  }
  return {count: document.querySelectorAll('a[href], button, input, select, summary, label').length, small};
}"""


def small_targets(page) -> list[str]:
    return page.evaluate(TARGETS, MIN)["small"]


@pytest.fixture
def elder_phone(browser, nginx):
    """Served by nginx as deployed, so an unknown address gets the site's 404 page."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                                  is_mobile=True, has_touch=True)
    page = on_build_date(Page(context, nginx.base))
    p = page.goto("")
    p.get_by_role("button", name="长辈模式").click()
    assert p.evaluate("document.documentElement.classList.contains('xa-elder')")
    yield page
    context.close()


def test_every_target_on_every_page_kind_is_at_least_48_px_in_elder_mode(elder_phone):
    found = {}
    for kind, path in PAGES.items():
        page = elder_phone.goto(path)
        assert page.evaluate("document.documentElement.classList.contains('xa-elder')"), kind
        small = small_targets(page)
        if small:
            found[kind] = small
    assert found == {}, f"{sum(map(len, found.values()))} targets under {MIN}×{MIN} px: {found}"


def test_checkboxes_are_large_in_elder_mode(elder_phone):
    page = elder_phone.goto(PAGE_TYPES["lecture list"])
    box = page.locator("#xa-lecture-filters input[type=checkbox]").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24


@pytest.mark.parametrize("url", ["", PAGES["not found"]], ids=["home", "not found"])
def test_crisis_numbers_keep_their_red_in_elder_mode(elder_phone, url):
    page = elder_phone.goto(url)
    colours = page.eval_on_selector_all(".xa-crisis__number", "els => els.map(e => getComputedStyle(e).color)")
    assert len(colours) >= 3  # 12356, 120 and 110 at least
    for colour in colours:
        r, g, b = (int(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
        assert r > 120 and g < 60 and b < 60, colour  # red, not the elder mode's black-green links
