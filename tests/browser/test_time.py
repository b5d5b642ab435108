"""What the site says follows the reader's clock (Beijing time), not the build's: registrations, lectures, the home
page's upcoming list, "open now" on holidays of a provisional year, and the "data may be out of date" notice.
Playwright's clock stands in for a reader opening the built site months or years later."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from generator import clock
from generator.config import TZ
from tests.browser.conftest import Page
from tests.conftest import TODAY

pytestmark = pytest.mark.browser

BUILD_MORNING = "2026-11-22T10:00:00+08:00"
TWO_YEARS_LATER = "2028-11-22T10:00:00+08:00"
WEEKDAY_ONLY_STATION = "hf-wcn-001"  # Mo-Fr 08:30-12:00,14:00-18:00, closed on public holidays


@pytest.fixture
def reader(browser, server):
    """A phone at 360×780 whose clock is set by the test (before the page loads) and can be put in elder mode."""
    contexts = []

    def make(moment: str, elder: bool = False, zone: str = "Asia/Shanghai") -> Page:
        ctx = browser.new_context(locale="zh-CN", timezone_id=zone, viewport={"width": 360, "height": 780},
                                  is_mobile=True, has_touch=True)
        if elder:
            ctx.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
        contexts.append(ctx)
        tab = Page(ctx, server)
        tab.page.clock.set_fixed_time(moment)
        return tab

    yield make
    for ctx in contexts:
        ctx.close()


def text(page, selector: str) -> str:
    return " ".join(page.locator(selector).all_inner_texts())


def visible_status(page) -> str:
    return text(page, ".xa-verify:visible .xa-status")


def test_a_registration_is_valid_on_the_build_date(reader):
    page = reader(BUILD_MORNING).goto("registry/FTXL-2023-00003/")
    assert visible_status(page) == "有效"
    assert page.locator(".xa-print-card").is_visible()
    assert "状态按您设备的日期（北京时间 2026年11月22日）计算" in text(page, "[data-xa-asof]")
    assert not page.locator("[data-xa-stale]").is_visible()
    assert "数据更新于 2026年11月22日" in text(page, ".xa-fresh")


def test_a_registration_opened_after_its_end_date_shows_expired_in_elder_mode(reader):
    # Valid to 2028-06-27: a reader scanning the wall card in September 2028 must not read 有效.
    page = reader("2028-09-05T09:00:00+08:00", elder=True).goto("registry/FTXL-2023-00003/")
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    assert visible_status(page) == "已过期"
    assert "有效" not in visible_status(page)
    assert not page.locator(".xa-print-card").is_visible()  # no card to print for an expired registration
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_registration_ends_at_midnight_beijing_time_whatever_the_device_zone(reader):
    # 2028-06-28 00:30 in Beijing is still 2028-06-27 in London: the register speaks Beijing time.
    page = reader("2028-06-27T16:30:00+00:00", zone="Europe/London").goto("registry/FTXL-2023-00003/")
    assert visible_status(page) == "已过期"
    page = reader("2028-06-27T15:30:00+00:00", zone="Europe/London").goto("registry/FTXL-2023-00003/")
    assert visible_status(page) == "有效"


def test_a_suspended_registration_stays_suspended_after_its_dates(reader):
    page = reader(TWO_YEARS_LATER).goto("registry/FTJY-2024-00006/")
    assert visible_status(page) == "暂停执业"


def test_without_javascript_the_status_says_when_it_was_computed(no_js):
    page = no_js.goto("registry/FTXL-2023-00003/")
    assert visible_status(page) == "有效"
    assert "状态截至 2026年11月22日（2026-11-22）" in text(page, "[data-xa-asof]")
    assert "数据更新于 2026年11月22日" in text(page, ".xa-fresh")


def test_registry_lookup_and_station_staff_follow_the_reader_date(reader):
    tab = reader("2027-01-05T10:00:00+08:00")  # FTJY-2021-00001 (st-gx-001) was valid to 2026-12-23
    page = tab.goto("registry/?q=FTJY-2021-00001")
    page.wait_for_selector(".xa-registry-list li")
    assert text(page, ".xa-registry-list .xa-status") == "已过期"
    page = tab.goto("stations/st-gx-001/")
    staff = page.locator("#xa-station-staff li[data-xa-recorded]")
    expired = page.locator("#xa-station-staff li[data-xa-valid*=' 2026-12-23']")
    assert expired.count() == 1 and not expired.is_visible()
    assert staff.count() > 1 and "另有 1 名人员" in text(page, "[data-xa-dropped]")
    page = tab.goto("stations/st-gx-001/wall/")
    assert not page.locator("#xa-wall-cards li[data-xa-valid*=' 2026-12-23']").is_visible()


def test_lectures_are_today_under_way_and_ended_on_the_reader_clock(reader):
    # l-2026-0062: 2026-12-02 19:30–21:30; l-2026-0061: 2026-12-01 15:00–16:00 (from the example).
    tab = reader("2026-12-02T10:00:00+08:00")
    page = tab.goto("lectures/")
    page.wait_for_selector("#xa-lecture-list li[data-xa-phase]", state="attached")  # clock.js has run
    assert page.locator("#xa-lecture-list li[data-id='l-2026-0062'] .xa-phase").inner_text() == "今天"
    assert not page.locator("#xa-lecture-list li[data-id='l-2026-0061']").is_visible()
    assert page.locator("td.xa-cal__today").get_attribute("data-date") == "2026-12-02"
    assert page.locator("td[data-date='2026-11-22']").get_attribute("aria-current") is None
    shown = int(page.locator("[data-count='upcoming']").first.inner_text())
    assert shown == page.locator("#xa-lecture-list li:visible").count()
    page = tab.goto("")
    home = page.locator("#xa-home-lectures li:visible")
    assert home.count() == 5
    assert "l-2026-0061" not in " ".join(a.get_attribute("href") for a in page.locator("#xa-home-lectures li:visible a").all())
    page = reader("2026-12-02T20:00:00+08:00").goto("lectures/l-2026-0062/")
    assert page.locator(".xa-phase").inner_text() == "进行中"
    page = reader("2026-12-03T08:00:00+08:00").goto("lectures/l-2026-0062/")
    assert page.locator(".xa-phase").inner_text() == "已结束"
    assert page.locator("#xa-lecture-status").is_visible()


def test_open_now_on_a_2027_public_holiday_says_the_year_is_provisional(reader):
    # 2027-10-01 (Friday) is National Day by the legal-holiday rules; the official 2027 notice is not out.
    page = reader("2027-10-01T10:00:00+08:00").goto(f"stations/{WEEKDAY_ONLY_STATION}/")
    line = page.locator(".xa-open-line")
    page.wait_for_selector(".xa-open-line:not(:empty)")  # (the pages' CSP forbids evaluating strings)
    assert line.inner_text().startswith("已关闭")
    assert "2027 年节假日安排为暂定" in line.inner_text() and "请先致电确认" in line.inner_text()
    assert "暂定" in text(page, ".xa-holiday-source")


def test_a_likely_2027_make_up_working_day_is_not_guessed(reader):
    # Saturday 2027-02-20 would be a make-up working day only if the notice says so; the provisional data list
    # none, so the station shows its weekend hours (closed) and tells the reader to phone first.
    page = reader("2027-02-20T10:00:00+08:00").goto(f"stations/{WEEKDAY_ONLY_STATION}/")
    page.wait_for_selector(".xa-open-line:not(:empty)")  # (the pages' CSP forbids evaluating strings)
    line = page.locator(".xa-open-line").inner_text()
    assert line.startswith("已关闭") and "暂定" in line and "请先致电确认" in line


def test_two_years_after_the_build_every_page_says_its_data_may_be_out_of_date(reader):
    tab = reader(TWO_YEARS_LATER, elder=True)
    for path in ("", "registry/FTXL-2023-00003/", "lectures/"):
        page = tab.goto(path)
        note = page.locator("[data-xa-stale]")
        assert note.is_visible(), path
        assert "731 天没有更新" in note.inner_text() and "12356" in note.inner_text()
    page = tab.goto(f"stations/{WEEKDAY_ONLY_STATION}/")
    note = page.locator("[data-xa-stale]").inner_text()
    assert "0755-80944623" in note and "12356" in note
    # 2028 has no arrangement at all: no open-now guess.
    page.wait_for_selector(".xa-open-line:not(:empty)")  # (the pages' CSP forbids evaluating strings)
    assert "请先致电确认" in page.locator(".xa-open-line").inner_text()
    assert "2028 年节假日安排尚未公布" in page.locator(".xa-open-line").inner_text()


CASES_DATES = ["2026-11-21", "2026-11-22", "2026-11-23", "2028-06-27", "2028-06-28"]


# The page's own clock.js module (the same instance the page runs: a module is evaluated once per URL).
CLOCK_JS = """(await import(document.querySelector('script[src$="assets/clock.js"]').src))"""


def test_registration_status_is_the_same_in_python_and_javascript(reader):
    page = reader(BUILD_MORNING).goto("registry/")
    cases = [(s, f, t, d) for s in ("active", "suspended", "revoked", "expired")
             for f, t, d in itertools.product(CASES_DATES, CASES_DATES, CASES_DATES) if f <= t]
    got = page.evaluate(f"async cs => {{ const c = {CLOCK_JS}; return cs.map(x => c.registration(x[0], x[1], x[2], x[3])); }}",
                        cases)
    want = [clock.registration_status(s, dt.date.fromisoformat(f), dt.date.fromisoformat(t), dt.date.fromisoformat(d))
            for s, f, t, d in cases]
    assert got == want
    assert {"active", "pending", "expired", "suspended"} <= set(want)


def test_lecture_phase_is_the_same_in_python_and_javascript(reader):
    page = reader(BUILD_MORNING).goto("lectures/")
    start = dt.datetime(2026, 12, 2, 19, 30, tzinfo=TZ)
    end = start + dt.timedelta(hours=2)
    nows = [start + dt.timedelta(minutes=m) for m in (-24 * 60 - 1, -19 * 60 - 31, -19 * 60 - 30, -1, 0, 119, 120, 300)]
    nows.append(dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.timezone.utc))  # 08:00 Beijing, same day
    cases = [(clock.epoch_ms(start), clock.epoch_ms(end), clock.epoch_ms(n)) for n in nows]
    got = page.evaluate(f"async cs => {{ const c = {CLOCK_JS}; return cs.map(x => c.phase(x[0], x[1], x[2])); }}", cases)
    want = [clock.lecture_phase(start, end, n) for n in nows]
    assert got == want
    assert set(want) == {"upcoming", "today", "live", "ended"}


def test_build_time_statuses_equal_what_the_browser_computes_on_the_build_date(reader, site_dir):
    """Python's build-time text and the browser on the build date agree on every lecture of the list."""
    page = reader(f"{TODAY.isoformat()}T00:00:00+08:00").goto("lectures/")
    phases = page.eval_on_selector_all("#xa-lecture-list li[data-xa-start]", "els => els.map(e => e.dataset.xaPhase)")
    assert phases and set(phases) <= {"upcoming", "today"}
