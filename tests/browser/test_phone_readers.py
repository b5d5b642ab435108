"""Readers the desktop layout forgot: on a phone the month view is an agenda with every lecture of the month on
screen; without JavaScript the registry says how to verify instead of showing a search form that cannot work, and
every page says what needs JavaScript; in WeChat's in-app browser a download link explains how to open the page in
a browser instead of doing nothing."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import Page, on_build_date
from tests.page_types import PAGE_TYPES
from tests.test_lectures import LECTURES, TODAY, start_of

pytestmark = pytest.mark.browser
WIDTH = 360
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 XWEB/1230095 MMWEBSDK/20240501 "
             "MicroMessenger/8.0.50.2701(0x28003237) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")


def phone_context(browser, elder=False, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": WIDTH, "height": 780},
                                  is_mobile=True, has_touch=True, **options)
    context.add_init_script("try{localStorage.setItem('xinan-elder','%s')}catch(e){}" % ("1" if elder else "0"))
    return context


@pytest.fixture(params=["normal", "elder"])
def phone_tab(request, browser, server):
    context = phone_context(browser, elder=request.param == "elder")
    yield on_build_date(Page(context, server))
    context.close()


def lectures_in(year: int, month: int) -> list[dict]:
    return [r for r in LECTURES if (start_of(r).year, start_of(r).month) == (year, month)]


@pytest.mark.parametrize("offset", [0, 1], ids=["this month", "next month"])
def test_on_a_phone_every_lecture_of_the_month_is_on_screen_in_the_agenda(phone_tab, offset):
    year, month = (TODAY.year + (TODAY.month + offset - 1) // 12, (TODAY.month + offset - 1) % 12 + 1)
    wanted = lectures_in(year, month)
    assert wanted, "the sample has lectures in this month, so the test can fail"
    page = phone_tab.goto("lectures/")
    if offset:
        page.locator(f"#xa-month-index a[href='#m-{year}-{month:02d}']").tap()
    section = page.locator(f"#m-{year}-{month:02d}")
    assert not section.locator("table.xa-cal").is_visible()  # the 840 px grid is not squeezed into the phone
    for lec in wanted:
        item = section.locator(f".xa-agenda li[data-id='{lec['id']}']:not([data-moved])")
        item.scroll_into_view_if_needed()
        assert item.is_visible(), lec["id"]
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, lec["id"]
        text = item.inner_text()
        assert lec["title"] in text and start_of(lec).strftime("%H:%M") in text
        day = start_of(lec).date()
        heading = section.locator(f".xa-agenda__day[data-date='{day.isoformat()}'] .xa-agenda__date")
        assert heading.inner_text().startswith(f"{day.month}月{day.day}日 周{'一二三四五六日'[day.weekday()]}")
        if lec["status"] == "cancelled":
            assert "已取消" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_on_a_wide_screen_the_month_view_stays_a_grid(tab):
    page = tab.goto("lectures/")
    month = page.locator(f"#m-{TODAY:%Y-%m}")
    assert month.locator("table.xa-cal").is_visible()
    assert not month.locator(".xa-agenda").is_visible()


def test_without_javascript_the_registry_explains_how_to_verify_instead_of_a_dead_form(no_js):
    page = no_js.goto("registry/")
    assert not page.locator("#xa-registry-lookup").is_visible()
    note = page.locator("#xa-registry-noscript")
    assert note.is_visible()
    text = note.inner_text()
    assert "二维码" in text and "/registry/" in text and "下载公示名录" in text
    # The note comes before where the form stands, so it is read first.
    before = page.evaluate("""() => !!(document.getElementById('xa-registry-noscript').parentElement
        .compareDocumentPosition(document.getElementById('xa-registry-lookup')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    assert before


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_without_javascript_every_page_says_search_and_elder_mode_need_it(no_js, kind):
    page = no_js.goto(PAGE_TYPES[kind])
    note = page.locator(".xa-noscript")
    assert note.is_visible()
    assert "搜索" in note.inner_text() and "长辈模式" in note.inner_text() and "JavaScript" in note.inner_text()


def test_with_javascript_no_page_shows_the_no_javascript_notes(tab):
    page = tab.goto("registry/")
    assert not page.locator(".xa-noscript").is_visible()
    assert page.locator("#xa-registry-lookup").is_visible()


@pytest.fixture
def wechat(browser, server):
    context = phone_context(browser, user_agent=WECHAT_UA)
    yield on_build_date(Page(context, server))
    context.close()


def first_upcoming_lecture() -> dict:
    return next(r for r in sorted(LECTURES, key=start_of) if start_of(r).date() >= TODAY and r["status"] == "scheduled")


@pytest.mark.parametrize("path, link", [
    (f"lectures/{first_upcoming_lecture()['id']}/", "a[href$='.ics']"),
    ("open-data/stations/", "a[href$='.xlsx']"),
    ("open-data/stations/", "a[href$='.zip']"),
], ids=["lecture .ics", "dataset .xlsx", "dataset .zip"])
def test_in_wechat_a_download_link_says_how_to_open_the_page_in_a_browser(wechat, path, link):
    page = wechat.goto(path)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    assert "在浏览器打开" in page.locator(".xa-wechat-hint").inner_text()  # said before any tap
    target = page.locator(link).first
    target.scroll_into_view_if_needed()
    target.tap()
    note = page.locator("#xa-wechat-note")
    note.wait_for(state="visible")
    assert "点右上角 ··· 选择“在浏览器打开”" in note.inner_text()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    page.wait_for_timeout(300)
    assert downloads == []


def test_outside_wechat_the_calendar_file_downloads_without_a_note(browser, server):
    context = phone_context(browser)
    tab = on_build_date(Page(context, server))
    lec = first_upcoming_lecture()
    page = tab.goto(f"lectures/{lec['id']}/")
    assert page.locator(".xa-wechat-hint").count() == 0
    with page.expect_download() as got:
        page.locator("a[href$='.ics']").first.tap()
    assert got.value.suggested_filename == f"{lec['id']}.ics"
    assert page.locator("#xa-wechat-note").count() == 0
    context.close()
