"""The site in chromium: crisis lines first, pages reachable, accessible, and nothing loaded from elsewhere."""
from __future__ import annotations

import pytest

from tests.browser.conftest import serious
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_home_page_shows_the_crisis_line_before_anything_else(tab):
    page = tab.goto("")
    crisis = page.locator(".xa-crisis")
    assert crisis.is_visible()
    assert "12356" in crisis.inner_text()
    assert page.locator('.xa-crisis a[href="tel:12356"]').count() == 1
    # Nothing in the page's main content comes before the crisis box except the title.
    order = page.evaluate("""() => {
        const box = document.querySelector('.xa-crisis').getBoundingClientRect().top;
        return [...document.querySelectorAll('.md-content p, .md-content nav, .md-content ul')]
            .filter(e => !e.closest('.xa-crisis')).map(e => e.getBoundingClientRect().top).filter(t => t < box).length;
    }""")
    assert order == 0
    assert tab.external == []


def test_a_station_page_opens_from_the_list(tab):
    page = tab.goto("stations/")
    link = page.locator("li.xa-station a").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == name
    assert "/stations/" in page.url and page.url.rstrip("/").split("/")[-1] != "stations"
    assert "不提供急救服务" in page.inner_text("body")


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_has_no_serious_accessibility_violation_and_no_foreign_request(tab, kind):
    page = tab.goto(PAGE_TYPES[kind])
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert serious(tab.axe()) == []
    assert tab.external == []
