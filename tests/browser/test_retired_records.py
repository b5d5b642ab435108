"""A phone held up to an old QR code or an old link: the retired record says so at once, in normal and elder mode."""
from __future__ import annotations

import pytest

from tests.browser.conftest import Page, serious
from tests.test_retire import ENDED, MOVED, SUCCESSOR

pytestmark = pytest.mark.browser


@pytest.fixture(params=[False, True], ids=["normal", "elder"])
def phone780(request, browser, server):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                                  is_mobile=True, has_touch=True)
    if request.param:
        context.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    yield Page(context, server)
    context.close()


def test_scanning_an_ended_registrations_qr_code_says_not_registered_on_the_first_screen(phone780):
    page = phone780.goto(f"registry/{ENDED}/")
    notice = page.locator(".xa-retired")
    assert notice.is_visible() and "已注销 · 不再登记" in notice.inner_text()
    box = notice.bounding_box()
    assert box["y"] < 780 and box["width"] <= 360  # on the first screen, not wider than the phone
    assert "请不要接受其作为咨询师为您服务" in notice.inner_text()
    assert page.locator(".xa-status--ended").first.inner_text().strip() == "已注销"
    assert page.locator(".xa-print-card").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious(phone780.axe()) == []
    assert phone780.external == []


def test_an_old_link_to_a_moved_station_leads_on_to_its_successor(phone780):
    page = phone780.goto(f"stations/{MOVED}/")
    notice = page.locator(".xa-retired")
    assert notice.is_visible() and "已迁址" in notice.inner_text()
    assert notice.bounding_box()["y"] < 780
    assert page.locator("[data-open-line]").count() == 0
    assert page.locator("table.xa-history tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious(phone780.axe()) == []
    notice.locator(f'a[href$="stations/{SUCCESSOR}/"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/stations/{SUCCESSOR}/")
    assert page.locator(".xa-retired").count() == 0
    assert phone780.external == []
