"""A surname alone with more registrations than one page: the lookup shows the first page and fetches the next ones
on request (at 100,000 registrations a common surname has thousands). The sample's surnames fit one 30-entry page,
so this site's lookup shards are written again with 3 entries a page."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections import Counter

import pytest

from generator.config import load_config
from generator.context import load_site
from generator.pages import registry
from tests.browser.test_registry_lookup import practitioners, result_numbers
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY

pytestmark = pytest.mark.browser
PAGE = 3


@pytest.fixture(scope="module")
def small_pages(site_dir, tmp_path_factory, request):
    out = tmp_path_factory.mktemp("surname") / "site"
    shutil.copytree(site_dir, out, ignore=shutil.ignore_patterns("pagefind"))
    shutil.rmtree(out / "registry" / "index")
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, TODAY)
    old, registry.SURNAME_PAGE = registry.SURNAME_PAGE, PAGE
    try:
        def write(rel, text):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text, encoding="utf-8")
        registry.write_shards(site, write)
    finally:
        registry.SURNAME_PAGE = old
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_a_common_surname_comes_a_page_at_a_time(browser, small_pages):
    rows = practitioners()
    surname, count = Counter(r["name"][0] for r in rows).most_common(1)[0]
    assert count > 2 * PAGE
    expected = sorted((r["name"], r["registration_number"]) for r in rows if r["name"].startswith(surname))
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, is_mobile=True)
    page = context.new_page()
    fetched = []
    page.on("request", lambda req: fetched.append(req.url.split("/registry/index/")[1]) if "/registry/index/" in req.url else None)
    page.goto(small_pages + "registry/", wait_until="networkidle")
    page.fill("#xa-registry-q", surname)
    page.press("#xa-registry-q", "Enter")
    page.wait_for_selector("#xa-registry-results .xa-registry-heading")
    assert result_numbers(page) == [n for _, n in expected[:PAGE]]
    assert page.inner_text("#xa-registry-results h2") == f"姓“{surname}”的登记人员共 {count} 人，已显示 {PAGE} 人"
    pages = -(-count // PAGE)
    for n in range(1, pages):
        page.click(".xa-registry-more")
        page.wait_for_function("n => document.querySelectorAll('#xa-registry-results li').length === n",
                               arg=min((n + 1) * PAGE, count))
        # Focus moves to the first newly shown registration.
        assert page.evaluate("document.activeElement.textContent") == expected[n * PAGE][0]
    assert result_numbers(page) == [n for _, n in expected]
    assert page.locator(".xa-registry-more").is_hidden()
    assert fetched == ["meta.json"] + [f"surname/{ord(surname):x}-{n}.json" for n in range(pages)]
    context.close()
