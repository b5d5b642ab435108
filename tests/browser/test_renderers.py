"""The sample built with Zensical passes axe like the default renderer's site (theme differences: themefix.py)."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.browser.test_accessibility import context, each_page, violations
from tests.renderer_sites import renderer_site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zensical_server(renderer_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(renderer_site("zensical")))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_page_type_built_with_zensical_has_zero_wcag_violations_on_a_phone(browser, zensical_server, elder):
    ctx = context(browser, 360, height=780, elder=elder)

    def probe(page):
        mode_ok = page.evaluate("document.documentElement.classList.contains('xa-elder')") == elder
        return (["elder mode not as set"] if not mode_ok else []) + violations(page)
    assert each_page(ctx, zensical_server, probe) == {}


def test_a_page_built_with_zensical_offers_one_search_box_the_sites_own(browser, zensical_server):
    ctx = context(browser, 360, height=780)
    page = ctx.new_page()
    page.goto(zensical_server + "articles/", wait_until="networkidle")
    assert page.locator(".md-search").count() == 0  # Zensical's own search, switched off in the generated config
    assert page.locator("form[role='search'] #xa-search-input").count() == 1  # search.js mounted the site's box
    ctx.close()
