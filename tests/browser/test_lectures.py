"""The lecture calendar in chromium: filters that narrow every view and live in the address, the month view,
cancelled lectures that say so, Event JSON-LD, a complete page without JavaScript, accessible, nothing foreign."""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import serious
from tests.test_lectures import BY_ID, LECTURES, TODAY, community_of, start_of, street_of

pytestmark = pytest.mark.browser

CANCELLED = next(r["id"] for r in LECTURES if r["status"] == "cancelled")
RESCHEDULED = next(r["id"] for r in LECTURES if r["status"] == "rescheduled")
LISTED = "#xa-lecture-list > li, #xa-lecture-archive > li"
SHOWN = "els => els.filter(e => !e.hidden).map(e => e.dataset.id)"


def shown(page, selector: str = LISTED) -> list[str]:
    return page.eval_on_selector_all(selector, SHOWN)


def expected(audience: str = "", street: str = "", community: str = "", mode: str = "") -> set[str]:
    """The filter rules, computed from the CSV and the stations' streets: a lecture for all residents also suits each
    particular group; a hybrid lecture can be attended on site and online."""
    ways = {"offline": {"offline", "hybrid"}, "online": {"online", "hybrid"}}
    out = set()
    for r in LECTURES:
        audiences = r["audiences"].split(";")
        if audience and audience not in audiences and not (audience != "all" and "all" in audiences):
            continue
        if street and street_of(r) != street:
            continue
        if community and community_of(r) != community:
            continue
        if mode and r["mode"] not in ways[mode]:
            continue
        out.add(r["id"])
    return out


def filtered(tab, **choices):
    page = tab.goto("lectures/")
    for name, value in choices.items():
        page.select_option(f"#xa-lecture-filters [name={name}]", value)
    return page


def test_filtering_by_audience_and_street_shows_exactly_the_matching_lectures(tab):
    page = filtered(tab, audience="elderly", street="hf")
    want = expected(audience="elderly", street="hf")
    assert 0 < len(want) < len(LECTURES)
    assert set(shown(page)) == want
    assert len(shown(page)) == len(want)  # each lecture once: upcoming or archive
    # The counts in the headings follow.
    upcoming = [i for i in want if BY_ID[i]["end"][:10] >= TODAY.isoformat()]
    assert page.inner_text("[data-count=upcoming]") == str(len(upcoming))
    assert tab.external == []


def test_the_filters_are_in_the_address_and_restored_on_load(tab):
    page = filtered(tab, audience="elderly", street="hf")
    query = parse_qs(urlparse(page.url).query)
    assert query["audience"] == ["elderly"] and query["street"] == ["hf"]
    page.reload(wait_until="networkidle")
    assert page.input_value("[name=audience]") == "elderly"
    assert page.input_value("[name=street]") == "hf"
    assert set(shown(page)) == expected(audience="elderly", street="hf")
    # A shared link opens straight on the same selection.
    other = tab.goto("lectures/?mode=online&audience=workers")
    assert set(shown(other)) == expected(mode="online", audience="workers")


def test_filters_combine_and_clear_without_a_reload(tab):
    page = filtered(tab, mode="offline")
    community = next(community_of(r) for r in LECTURES if community_of(r))
    page.select_option("[name=community]", community)
    assert set(shown(page)) == expected(mode="offline", community=community)
    page.evaluate("window.__same = true")  # survives only if the page is never reloaded
    page.click("#xa-lecture-filters button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#xa-lecture-list > li[hidden]').length === 0")
    assert set(shown(page)) == set(BY_ID)
    assert page.evaluate("window.__same") is True
    assert urlparse(page.url).query == ""


def test_the_filters_also_narrow_the_month_view(tab):
    page = filtered(tab, audience="elderly", street="hf")
    in_calendar = page.eval_on_selector_all("#xa-lecture-calendar li[data-id]", SHOWN)
    assert in_calendar and set(in_calendar) <= expected(audience="elderly", street="hf")
    hidden = page.eval_on_selector_all("#xa-lecture-calendar li[data-id]",
                                       "els => els.filter(e => e.hidden).map(e => e.dataset.id)")
    assert hidden and not set(hidden) & expected(audience="elderly", street="hf")


def test_the_month_view_shows_a_lecture_on_its_day_one_month_at_a_time(tab):
    lec = next(r for r in LECTURES if start_of(r).date().replace(day=1) > TODAY.replace(day=1))
    day = start_of(lec).date()
    page = tab.goto("lectures/")
    visible = page.eval_on_selector_all("section.xa-month", "els => els.filter(e => !e.hidden).map(e => e.id)")
    assert visible == [f"m-{TODAY:%Y-%m}"]
    month = f"m-{day:%Y-%m}"
    page.click(f"#xa-month-index a[href='#{month}']")
    assert page.is_visible(f"#{month}") and not page.is_visible(f"#m-{TODAY:%Y-%m}")
    assert page.inner_text(f"#{month} caption") == f"{day.year}年{day.month}月"
    link = page.locator(f"td[data-date='{day.isoformat()}'] a[href='{lec['id']}/']")
    assert link.is_visible()
    assert f"month={day:%Y-%m}" in page.url
    page.reload(wait_until="networkidle")
    assert page.is_visible(f"#{month}")  # the month is restored with the page


def test_the_month_view_marks_a_cancelled_lecture(no_js):
    lec = next(r for r in LECTURES if r["status"] == "cancelled" and start_of(r).date() >= TODAY.replace(day=1))
    page = no_js.goto("lectures/")
    entry = page.locator(f"td[data-date='{start_of(lec).date().isoformat()}'] li[data-id='{lec['id']}']")
    assert entry.is_visible()
    assert "已取消" in entry.inner_text()


def test_without_javascript_every_lecture_and_every_month_is_on_the_page(no_js):
    page = no_js.goto("lectures/")
    listed = page.eval_on_selector_all(LISTED, "els => els.map(e => e.dataset.id)")
    assert sorted(listed) == sorted(BY_ID)
    assert not page.is_visible("#xa-lecture-filters")
    months = page.eval_on_selector_all("section.xa-month", "els => els.filter(e => e.offsetParent).length")
    assert months >= 6
    nxt = page.locator(f"#m-{TODAY:%Y-%m} a[rel=next]")
    target = nxt.get_attribute("href")
    nxt.click()
    assert page.url.endswith(target)


def test_a_cancelled_lecture_page_says_it_is_cancelled(tab):
    page = tab.goto(f"lectures/{CANCELLED}/")
    status = page.locator("#xa-lecture-status")
    assert status.is_visible()
    assert "已取消" in status.inner_text()
    # Said before anything else in the content: the title, then the notice.
    top = page.evaluate("() => document.querySelector('h1').nextElementSibling.id")
    assert top == "xa-lecture-status"


@pytest.mark.parametrize("lecture_id, status", [(CANCELLED, "EventCancelled"), (RESCHEDULED, "EventRescheduled"),
                                                (next(r["id"] for r in LECTURES if r["status"] == "scheduled"),
                                                 "EventScheduled")])
def test_the_json_ld_on_a_lecture_page_parses_with_the_right_event_status(tab, lecture_id, status):
    page = tab.goto(f"lectures/{lecture_id}/")
    [text] = page.eval_on_selector_all('script[type="application/ld+json"]', "els => els.map(e => e.textContent)")
    data = json.loads(text)
    assert data["@type"] == "Event"
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert dt.datetime.fromisoformat(data["startDate"]) == start_of(BY_ID[lecture_id])


def test_add_to_calendar_is_a_plain_ics_download(tab):
    page = tab.goto(f"lectures/{RESCHEDULED}/")
    link = page.locator(f"a[href='{RESCHEDULED}.ics']")
    assert link.get_attribute("download") is not None
    response = page.request.get(page.url + f"{RESCHEDULED}.ics")
    assert response.ok and response.body().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("path", ["lectures/", f"lectures/{CANCELLED}/", f"lectures/{RESCHEDULED}/",
                                  "lectures/?audience=elderly&street=hf&month=2027-01"])
def test_lecture_pages_have_no_serious_accessibility_violation_and_no_foreign_request(tab, path):
    page = tab.goto(path)
    assert page.locator("h1").count() == 1
    assert serious(tab.axe()) == []
    assert tab.external == []
