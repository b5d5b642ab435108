"""/open-data/ in chromium: the catalogue, dataset and changelog pages are accessible, load nothing from elsewhere,
fit a phone, and their links reach every package and its files."""
from __future__ import annotations

import pytest

from generator.schema import PACKAGES
from tests.browser.conftest import serious

pytestmark = pytest.mark.browser

PAGES = ["open-data/"] + [f"open-data/{p}/" for p in PACKAGES] + [f"open-data/{p}/changelog/" for p in PACKAGES]


@pytest.mark.parametrize("path", PAGES)
def test_open_data_pages_have_no_serious_accessibility_violation_and_no_foreign_request(tab, path):
    page = tab.goto(path)
    assert page.locator("h1").count() == 1
    assert serious(tab.axe()) == []
    assert tab.external == []


def test_catalogue_leads_to_every_dataset_page_and_each_download_is_served(tab):
    page = tab.goto("open-data/")
    for package in PACKAGES:
        heading = page.locator(f"#pkg-{package} a")
        title = heading.inner_text()
        heading.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == title
        hrefs = page.eval_on_selector_all(".md-content .xa-results a[href]", "as => as.map(a => a.href)")
        assert hrefs
        for href in hrefs:
            assert page.request.get(href).status == 200, href
        page.go_back()
        page.wait_for_load_state("networkidle")
    assert tab.external == []


@pytest.mark.parametrize("path", ["open-data/", "open-data/stations/", "open-data/lectures/changelog/"])
def test_open_data_pages_fit_a_phone_screen_with_wide_tables_scrolling_in_place(phone, path):
    page = phone.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert phone.external == []
