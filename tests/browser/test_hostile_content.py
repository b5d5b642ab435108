"""In a real browser: article markup in title, summary and body, and a station name opening an HTML comment,
run nothing and leave the page whole, on a phone in normal and elder mode."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.hostile import EVIL_STATION, EVIL_TITLE, LINK_TITLE, STATION_ID, build_hostile_site

PAGES = ["articles/evil-title/", "articles/link-title/", "articles/", "articles/topic/sleep/", "",
         f"stations/{STATION_ID}/", "stations/"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_markup_from_articles_and_stations_runs_nothing_and_leaves_pages_intact(browser, hostile_server, elder):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                              is_mobile=True, has_touch=True)
    if elder:
        ctx.add_init_script("try{localStorage.setItem('xinan-elder','1')}catch(e){}")
    dialogs, errors = [], []
    try:
        page = ctx.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for url in PAGES:
            page.goto(hostile_server + url, wait_until="networkidle")
            assert page.locator("footer.md-footer").count() == 1, url
            assert page.locator("footer.md-footer").is_visible() or page.locator("footer.md-footer").bounding_box()
            assert page.locator("article h1").first.is_visible(), url
            assert page.locator("article img[onerror], article script:not([type='application/ld+json']), a[href^='javascript']").count() == 0, url
            assert page.evaluate("document.documentElement.classList.contains('xa-elder')") == elder
        page.goto(hostile_server + "articles/evil-title/", wait_until="networkidle")
        assert page.locator("article h1").first.inner_text() == EVIL_TITLE
        assert page.title().startswith(EVIL_TITLE)
        assert page.locator("meta[property='og:title']").get_attribute("content") == EVIL_TITLE
        assert page.locator(".admonition").is_visible() and page.locator(".xa-crisis").is_visible()
        page.goto(hostile_server + "articles/link-title/", wait_until="networkidle")
        assert page.locator("article h1").first.inner_text() == LINK_TITLE
        page.goto(hostile_server + f"stations/{STATION_ID}/", wait_until="networkidle")
        assert page.locator("article h1").first.inner_text() == EVIL_STATION
        assert page.locator("#map, .xa-report, footer.md-footer").count() >= 1
    finally:
        ctx.close()
    assert dialogs == [] and errors == [], (dialogs, errors)
