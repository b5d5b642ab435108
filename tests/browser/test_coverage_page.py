"""The coverage page in a real browser: WCAG on a phone in both modes, charts without JavaScript, numbers as links."""
from __future__ import annotations

import pytest

from tests.browser.conftest import AXE

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _context(browser, elder=False, **kw):
    # bypass_csp: axe is injected by the test, not by the site, whose CSP rightly refuses inline scripts.
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                              bypass_csp=True, **kw)
    if elder:
        ctx.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    return ctx


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_coverage_page_has_no_wcag_violations_on_a_phone(browser, server, elder):
    ctx = _context(browser, elder=elder)
    page = ctx.new_page()
    page.goto(server + "coverage/", wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    found = [f"{v['id']} {[n['target'] for n in v['nodes'][:2]]}" for v in result["violations"]]
    scrolls = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    ctx.close()
    assert found == [] and not scrolls


def test_the_charts_and_numbers_are_there_without_javascript(browser, server):
    ctx = _context(browser, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "coverage/")
    charts = page.locator("svg.xa-cov-chart")
    assert charts.count() >= 2
    assert charts.first.is_visible() and charts.first.bounding_box()["width"] > 250
    assert "达标" in " ".join(charts.first.locator("text").all_text_contents())
    assert page.locator("#community_rooms .xa-cov-value a").inner_text().endswith("/82）")
    ctx.close()


def test_a_reader_follows_a_street_number_to_the_stations_it_counts(browser, server):
    ctx = _context(browser)
    page = ctx.new_page()
    page.goto(server + "coverage/", wait_until="networkidle")
    page.locator("[data-key='community_rooms:street:yl']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("stations/?street=yl&kind=community_room")
    shown = page.locator(".xa-station:visible")
    assert shown.count() >= 1
    assert all(n.startswith("yl-") for n in shown.evaluate_all("els => els.map(e => e.dataset.id)"))
    ctx.close()
