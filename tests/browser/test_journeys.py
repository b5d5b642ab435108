"""Journeys on a 360×780 phone, in normal and elder mode, served by nginx as deployed: a person taps and types, and
the test checks what is on the screen. The verifier checks a counselor by name, by number (typed loosely), by the
QR code's address, and meets an unknown number; the lecture-goer finds a lecture in the month's agenda, opens it and
finds the calendar file; the elder turns on elder mode, opens the menu and reads a station."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Page, on_build_date
from tests.browser.test_registry_lookup import effective, practitioners
from tests.test_lectures import LECTURES, TODAY, start_of

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 360, 780


@pytest.fixture(params=["normal", "elder"])
def person(request, browser, nginx):
    """A phone on the home page; in elder mode the person has tapped 长辈模式 there first."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": WIDTH, "height": HEIGHT},
                                  is_mobile=True, has_touch=True)
    tab = on_build_date(Page(context, nginx.base))
    page = tab.goto("")
    if request.param == "elder":
        page.get_by_role("button", name="长辈模式").tap()
        assert page.get_by_role("button", name="标准模式").is_visible()
    tab.elder = request.param == "elder"
    yield tab
    assert tab.external == []
    context.close()


def on_screen(page, locator) -> bool:
    """Visible and, once scrolled to, inside the screen's width (nothing cut off at the right edge)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return locator.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def in_good_standing() -> dict:
    return next(r for r in practitioners() if effective(r) == "active" and r["name"])


def search_registry(page, typed: str):
    page.get_by_role("link", name="核验心理咨询师").first.tap()
    page.wait_for_url(re.compile(r"/registry/$"))
    box = page.get_by_label("姓名或登记编号")
    box.tap()
    box.type(typed)
    page.locator("#xa-registry-lookup button[type=submit]").tap()
    page.wait_for_selector("#xa-registry-results .xa-registry-heading, #xa-registry-results .xa-registry-hint")


def test_the_verifier_finds_a_counselor_by_name_and_opens_the_verification_page(person):
    row = in_good_standing()
    page = person.page
    search_registry(page, row["name"])
    result = page.locator("#xa-registry-results li", has_text=row["registration_number"]).first
    assert on_screen(page, result)
    assert "有效" in result.inner_text()
    result.locator("a").first.tap()
    page.wait_for_url(re.compile(re.escape(row["registration_number"]) + "/$"))
    assert page.locator("h1").inner_text() == row["name"]
    status = page.locator(".xa-verify__status:visible")  # the variant for the reader's date (assets/clock.js)
    assert on_screen(page, status) and "登记状态：有效" in re.sub(r"\s", "", status.inner_text())
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("loosely", [lambda n: n.replace("-", " "), lambda n: n.replace("-", "").lower()],
                         ids=["spaces for dashes", "no dashes, lower case"])
def test_the_verifier_finds_a_number_typed_loosely(person, loosely):
    row = in_good_standing()
    page = person.page
    search_registry(page, loosely(row["registration_number"]))
    assert page.locator("#xa-registry-results h2").inner_text() == "找到 1 条登记记录"
    result = page.locator("#xa-registry-results li").first
    assert on_screen(page, result)
    assert row["name"] in result.inner_text() and row["registration_number"] in result.inner_text()


def test_the_verifier_scanning_the_qr_code_lands_on_the_verification_page(person):
    row = in_good_standing()
    page = person.goto(f"registry/{row['registration_number']}/")  # what the wall card's QR code opens
    assert page.locator("h1").inner_text() == row["name"]
    status = page.locator(".xa-verify__status:visible")
    assert on_screen(page, status) and "登记状态：有效" in re.sub(r"\s", "", status.inner_text())
    assert status.bounding_box()["y"] < 2 * HEIGHT  # the answer within the first two screens
    assert no_sideways_scroll(page)


def test_an_unknown_number_gets_chinese_guidance_to_check_it_and_report_a_fake(person):
    page = person.goto("registry/FTXL-1999-99999/")
    assert page.locator("h1").inner_text() == "登记名册中没有这个编号"
    assert "FTXL-1999-99999" in page.locator("#xa-404-number").inner_text()
    assert page.get_by_label("按姓名或登记编号重新查询").input_value() == "FTXL-1999-99999"
    report = page.locator("#xa-404-report")
    assert on_screen(page, report)
    assert "伪造或冒用" in page.locator("#xa-404-registry").inner_text()
    assert no_sideways_scroll(page)


def test_the_lecture_goer_finds_a_lecture_in_the_month_agenda_and_its_calendar_file(person):
    lec = next(r for r in sorted(LECTURES, key=start_of) if start_of(r).date() >= TODAY and r["status"] == "scheduled")
    day = start_of(lec).date()
    page = person.page
    page.get_by_role("link", name=re.compile("心理健康讲座")).first.tap()
    page.wait_for_url(re.compile(r"/lectures/$"))
    page.get_by_role("link", name="按月查看").tap()
    month = page.locator(f"#m-{day:%Y-%m}")
    if not month.is_visible():
        page.locator(f"#xa-month-index a[href='#m-{day:%Y-%m}']").tap()
    agenda_day = month.locator(f".xa-agenda__day[data-date='{day.isoformat()}']")
    assert on_screen(page, agenda_day.locator(".xa-agenda__date"))
    entry = agenda_day.locator(f"li[data-id='{lec['id']}']")
    assert on_screen(page, entry)
    assert lec["title"] in entry.inner_text() and f"{start_of(lec):%H:%M}" in entry.inner_text()
    entry.get_by_role("link", name=lec["title"]).tap()
    page.wait_for_url(re.compile(re.escape(lec["id"]) + "/$"))
    ics = page.get_by_role("link", name=re.compile("加入我的日历"))
    assert on_screen(page, ics)
    assert ics.get_attribute("href") == f"{lec['id']}.ics"
    assert no_sideways_scroll(page)


def test_the_elder_turns_on_elder_mode_opens_the_menu_and_reads_a_station(person):
    page = person.page
    if not person.elder:
        page.get_by_role("button", name="长辈模式").tap()
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    page.locator("label.md-header__button[for=__drawer]").tap()
    menu_link = page.locator(".md-sidebar--primary .md-nav__link", has_text="找服务").first
    menu_link.wait_for(state="visible")
    page.wait_for_function("el => el.getBoundingClientRect().left >= 0", arg=menu_link.element_handle())  # slid in
    box = menu_link.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= WIDTH and box["height"] >= 48
    menu_link.tap()
    page.wait_for_url(re.compile(r"/stations/$"))
    station = page.locator("li.xa-station:visible > a").first
    station.scroll_into_view_if_needed()
    name = station.inner_text().strip()
    station.tap()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == name
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    assert size >= 18  # elder mode still on after moving to another page
    assert no_sideways_scroll(page)
