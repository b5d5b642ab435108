"""Each page kind in chromium through Debian's nginx with the shipped config and the build's policy: the browser reports
no Content-Security-Policy violation while a reader uses the page (search, lookup, elder mode, map), and an unknown
URL — an unknown registration number above all — gets the Chinese 404 page."""
from __future__ import annotations

import io
import os

import pytest

from tests.browser.conftest import AXE, Page, serious
from tests.page_types import PAGE_TYPES, first

pytestmark = pytest.mark.browser

# Installed before any page script: every violation the browser reports, as text.
LISTEN = """window.__xaViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__xaViolations.push(
    e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));"""


class ServedPage(Page):
    """A tab on the nginx-served site that also collects CSP violations (events and console messages)."""

    def __init__(self, context, base: str):
        context.add_init_script(LISTEN)
        super().__init__(context, base)
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)
        self.status = None

    def goto(self, path: str):
        response = self.page.goto(self.base + path.lstrip("/"), wait_until="networkidle")
        self.status = response.status if response else None
        return self.page

    def axe(self, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
        # The policy rightly refuses a <script> the test would add: axe is evaluated through DevTools instead.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags))
        return result["violations"]

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__xaViolations") + self.console


def served(browser, nginx, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    return context, ServedPage(context, nginx.base)


@pytest.fixture
def site(browser, nginx):
    context, page = served(browser, nginx, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_site(browser, nginx):
    context, page = served(browser, nginx, viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_kind_served_by_nginx_reports_no_policy_violation(site, kind):
    page = site.goto(PAGE_TYPES[kind])
    assert site.status == 200
    page.wait_for_timeout(300)  # scripts that run after load (map, lookups, statuses)
    assert site.violations() == []
    assert site.external == []


def test_searching_from_the_header_reports_no_policy_violation(site):
    """Pagefind loads its WebAssembly, worker and index chunks: allowed by 'wasm-unsafe-eval' and 'self' only."""
    page = site.goto("")
    page.fill("#xa-search-input", "焦虑")
    page.keyboard.press("Enter")
    page.wait_for_function("() => { const p = document.getElementById('xa-search-panel');"
                           " return p && p.getAttribute('data-query') === '焦虑' && !p.hasAttribute('aria-busy'); }",
                           timeout=20000)
    assert page.locator(".xa-search__hit").count() > 0
    assert site.violations() == []


def test_looking_up_a_registration_number_reports_no_policy_violation(site):
    number = first("practitioners", "registration_number", status="active")
    page = site.goto(f"registry/?q={number}")
    page.wait_for_selector(f"text={number}", timeout=10000)
    assert site.violations() == []


def test_elder_mode_and_the_phone_menu_report_no_policy_violation(phone_site):
    page = phone_site.goto("stations/")
    page.click("#xa-elder-toggle")
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    page.reload(wait_until="networkidle")  # the choice is applied before first paint by the hashed inline script
    assert page.evaluate("document.documentElement.classList.contains('xa-elder')")
    page.click(".md-header label[for='__drawer']")
    page.wait_for_timeout(300)
    assert phone_site.violations() == []


def test_an_unknown_registration_number_gets_the_registry_404(phone_site):
    page = phone_site.goto("registry/FTXX-0000-99999/")
    assert phone_site.status == 404
    assert page.inner_text("h1") == "登记名册中没有这个编号"
    assert "不在本区心理服务从业人员登记名册中" in page.inner_text("#xa-404-registry")
    assert "FTXX-0000-99999" in page.inner_text("#xa-404-number")
    assert page.is_hidden("#xa-404-general")
    assert "举报" in page.inner_text("#xa-404-registry")
    # The lookup is offered with the number already in the box; submitting it runs the real lookup.
    assert page.input_value("#xa-404-q") == "FTXX-0000-99999"
    assert serious(phone_site.axe()) == []
    page.click(".xa-404-lookup button")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(phone_site.base + "registry/?q=FTXX-0000-99999")
    assert phone_site.violations() == []


def test_a_number_in_the_404_address_is_shown_as_text_never_as_markup(site):
    page = site.goto("registry/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/")
    assert site.status == 404
    page.wait_for_function("document.getElementById('xa-404-number').textContent !== ''", timeout=5000)
    assert page.locator("#xa-404-number img").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#xa-404-number")
    assert site.violations() == []


def test_any_other_unknown_url_gets_the_general_chinese_404(phone_site):
    page = phone_site.goto("stations/no-such-station/")
    assert phone_site.status == 404
    assert page.inner_text("h1") == "找不到这个页面"
    assert page.is_hidden("#xa-404-registry")
    assert page.title().startswith("页面不存在")
    assert serious(phone_site.axe()) == []
    page.click("#xa-404-general >> text=查找心理服务站点")
    page.wait_for_load_state("networkidle")
    assert page.url == phone_site.base + "stations/"
    assert phone_site.violations() == []


def test_without_javascript_the_404_page_says_both(browser, nginx):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        response = page.goto(nginx.base + "registry/FTXX-0000-99999/")
        assert response.status == 404
        text = page.inner_text("main")
        assert "找不到这个页面" in text and "不在本区心理服务从业人员登记名册中" in text and "举报" in text
        assert page.is_visible("#xa-404-q")
    finally:
        context.close()


@pytest.fixture(scope="module")
def tiled(tmp_path_factory):
    """The sample built with a 天地图 key (as XINAN_TIANDITU_KEY on a server), served by nginx with its policy."""
    from generator import csp
    from tests.conftest import build_site
    from tests.nginx import Nginx
    home = tmp_path_factory.mktemp("tiled")
    old = os.environ.get("XINAN_TIANDITU_KEY")
    os.environ["XINAN_TIANDITU_KEY"] = "test-key"
    try:
        build_site(home / "site")
    finally:
        if old is None:
            del os.environ["XINAN_TIANDITU_KEY"]
        else:
            os.environ["XINAN_TIANDITU_KEY"] = old
    csp.write_nginx_snippet(home / "site", home / "csp.conf")
    server = Nginx(home / "nginx", home / "site", home / "csp.conf")
    yield server
    server.stop()


def tile_png() -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (220, 230, 220)).save(out, "PNG")
    return out.getvalue()


def test_map_tiles_from_the_configured_host_are_allowed_and_no_other(browser, tiled):
    context, site = served(browser, tiled, viewport={"width": 1280, "height": 900})
    tiles: list[str] = []
    png = tile_png()

    def tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=png)
    context.route("https://*.tianditu.gov.cn/**", tile)  # stands in for 天地图; registered last, so it wins
    try:
        page = site.goto("stations/")
        page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0", timeout=15000)
        assert tiles and all("tk=test-key" in u for u in tiles)
        assert site.violations() == []
        assert site.external == []
        # Any other image host stays refused by the policy the build wrote.
        page.evaluate("() => { const i = new Image(); i.src = 'https://tile.openstreetmap.org/1/1/1.png';"
                      " document.body.append(i); }")
        page.wait_for_timeout(500)
        assert any("img-src blocked https://tile.openstreetmap.org" in v for v in site.violations())
    finally:
        context.close()
