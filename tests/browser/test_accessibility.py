"""WCAG 2.1 AA on every page type, in normal and elder-friendly mode, on a phone and a desktop."""
from __future__ import annotations

import gzip

import pytest

from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.browser
WCAG = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def context(browser, width, height=800, elder=False, scale=1):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=scale,
                              viewport={"width": width, "height": height})
    if elder:
        ctx.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    return ctx


def each_page(ctx, base: str, probe) -> dict:
    """{page type: what probe(page) found} for every page type where it found something."""
    page = ctx.new_page()
    found = {}
    for kind, path in PAGE_TYPES.items():
        page.goto(base + path, wait_until="networkidle")
        result = probe(page)
        if result:
            found[kind] = result
    ctx.close()
    return found


def violations(page) -> list[str]:
    from tests.browser.conftest import inject_axe
    inject_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(WCAG))
    return [f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:2]]}" for v in result["violations"]]


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_type_has_zero_wcag_violations(browser, server, width, elder):
    ctx = context(browser, width, elder=elder)

    def probe(page):
        mode_ok = page.evaluate("document.documentElement.classList.contains('xa-elder')") == elder
        return (["elder mode not as set"] if not mode_ok else []) + violations(page)
    assert each_page(ctx, server, probe) == {}


@pytest.mark.parametrize("width, scale", [(360, 1), (640, 2)], ids=["phone-360px", "desktop-at-200%-zoom"])
def test_no_page_scrolls_horizontally(browser, server, width, scale):
    # 200% zoom of a 1280 px window lays the page out in 640 CSS pixels.
    ctx = context(browser, width, scale=scale)
    wide = each_page(ctx, server, lambda page: max(0, page.evaluate("document.documentElement.scrollWidth") - width))
    assert wide == {}


def test_elder_mode_enlarges_text_raises_contrast_and_persists_across_pages(browser, server):
    ctx = context(browser, 1280)
    page = ctx.new_page()
    page.goto(server + PAGE_TYPES["article"], wait_until="networkidle")
    probe = "() => { const p = document.querySelector('.md-typeset p:not(.xa-meta)'); const s = getComputedStyle(p);" \
            " return [parseFloat(s.fontSize), parseFloat(s.lineHeight) / parseFloat(s.fontSize), s.color]; }"
    size, _, colour = page.evaluate(probe)
    page.locator("#xa-elder-toggle").click()
    assert page.locator("#xa-elder-toggle").get_attribute("aria-pressed") == "true"
    big, line, dark = page.evaluate(probe)
    assert big >= 18 and big > size and line >= 1.3
    assert dark == "rgb(0, 0, 0)" and colour != dark   # 21:1 on white
    page.goto(server + PAGE_TYPES["station"], wait_until="networkidle")
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    page.locator("#xa-elder-toggle").click()
    page.goto(server, wait_until="networkidle")
    assert not page.evaluate("document.documentElement.classList.contains('xa-elder')")
    ctx.close()


def test_keyboard_reaches_skip_link_first_and_then_the_crisis_line(tab):
    page = tab.goto("")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className + '|' + document.activeElement.getAttribute('href')")
    assert "md-skip" in first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "tel:12356":
            break
    else:
        pytest.fail("the crisis line is not reachable by keyboard")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_every_page_has_title_description_and_open_graph_card(site_dir):
    for kind, path in PAGE_TYPES.items():
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        for needle in ('property="og:title"', 'property="og:description"', 'property="og:image"',
                       'name="description"', "<title>"):
            assert needle in html, (kind, needle)
        assert "XINANSHELL" not in html, kind


def test_home_page_transfers_at_most_300_kb_compressed_and_nothing_from_elsewhere(browser, server):
    ctx = context(browser, 360)
    page = ctx.new_page()
    bodies, external = [], []
    page.on("requestfinished", lambda r: bodies.append(r.response().body()) if r.response() else None)
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server, wait_until="networkidle")
    ctx.close()
    compressed = sum(len(gzip.compress(b, 6)) for b in bodies)
    assert external == []
    assert compressed <= 300 * 1024, compressed


def test_in_elder_mode_the_phone_menu_opens_and_its_links_are_tappable(browser, server):
    """At 360 px, 长辈模式 then ☰: the drawer shows the site's sections, each a target of at least 48 px."""
    ctx = context(browser, 360)
    page = ctx.new_page()
    page.goto(server + PAGE_TYPES["article"], wait_until="networkidle")
    page.locator("#xa-elder-toggle").click()
    page.locator("label.md-header__button[for=__drawer]").click()
    menu = page.locator(".md-sidebar--primary .md-nav__link", has_text="找服务").first
    menu.wait_for(state="visible")
    for _ in range(20):  # the drawer slides in
        box = menu.bounding_box()
        if box and box["x"] >= 0:
            break
        page.wait_for_timeout(100)
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["height"] >= 48
    menu.click()
    page.wait_for_url("**/stations/")
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    ctx.close()
