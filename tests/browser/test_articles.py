"""Article pages in chromium: review dates, the reviewer, the help box, and an overdue notice."""
from __future__ import annotations

import pytest

from tests.browser.conftest import serious

pytestmark = pytest.mark.browser


def test_article_shows_review_dates_reviewer_and_the_help_box(tab):
    page = tab.goto("articles/supporting-someone-at-risk-of-suicide/")
    review = page.locator(".xa-review").inner_text()
    assert "最后审核" in review and "下次审核" in review and "审核：" in review
    box = page.locator(".xa-article-foot .xa-crisis")
    assert box.is_visible()
    text = box.inner_text()
    assert "12356" in text and "120" in text and "110" in text
    assert page.locator('.xa-article-foot .xa-crisis a[href="tel:12356"]').count() == 1
    assert serious(tab.axe()) == [] and tab.external == []


def test_an_article_past_its_review_date_says_so(tab):
    page = tab.goto("articles/sleep-and-insomnia/")
    assert page.locator(".xa-alert--overdue").is_visible()


def test_topic_index_opens_from_the_article_list(tab):
    page = tab.goto("articles/")
    page.locator('a[href="topic/sleep/"]').click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("主题：")
    assert page.locator(".xa-results li").count() >= 1
    assert serious(tab.axe()) == []
