"""Real-browser harness: Playwright for Python driving Debian's chromium, with axe-core from npm."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page) -> None:
    """axe-core into the page through DevTools: the pages' Content-Security-Policy rightly refuses an added <script>."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
# Without these flags chromium phones home at start-up; the tests must see only the site's own requests.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A chromium tab that records every request leaving 127.0.0.1 (and blocks it)."""

    def __init__(self, context, base: str):
        self.context = context
        self.base = base
        self.external: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def goto(self, path: str):
        self.page.goto(self.base + path.lstrip("/"), wait_until="networkidle")
        return self.page

    def axe(self, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
        inject_axe(self.page)
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags))
        return result["violations"]


# The sample site speaks for its reference date, and dated statuses follow the reader's clock (assets/clock.js):
# the ordinary fixtures read it on the build date, whatever today is. tests/browser/test_time.py moves the clock.
BUILD_MOMENT = "2026-11-22T10:00:00+08:00"


def on_build_date(page: Page) -> Page:
    page.page.clock.install(time=BUILD_MOMENT)  # time still flows (timers run), from the build date
    return page


def phone_context(browser, **options):
    """A 360×780 touch phone reading Chinese in Beijing time, as the journeys' residents use."""
    return browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 780},
                               is_mobile=True, has_touch=True, **options)


@pytest.fixture
def tab(browser, server):
    # These contexts test behaviour, so the pages' Content-Security-Policy is set aside for the test's own probes
    # (string predicates, added scripts); tests/browser/test_nginx.py checks every page kind under the policy.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900},
                                  bypass_csp=True)
    yield on_build_date(Page(context, server))
    context.close()


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, bypass_csp=True)
    yield on_build_date(Page(context, server))
    context.close()


@pytest.fixture
def no_js(browser, server):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, bypass_csp=True)
    yield Page(context, server)
    context.close()


def serious(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} @ {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations if v["impact"] in ("serious", "critical")]


def open_station_filters(page):
    """The station list's filters as a phone reader reaches them: below 48em they fold into one summary line
    (筛选：…), which is tapped to open them; on wide screens they are open already."""
    page.wait_for_selector("#xa-station-filters:not([hidden])", state="attached")
    toggle = page.locator("#xa-filter-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    page.wait_for_selector("#xa-station-filters", state="visible")
    return page


def with_tiles(page, tiles: dict | None = None):
    """Serve stations/map.json as a site with a tile source would (the sample has none, so it shows no map).
    The tiles themselves are blocked by the harness like any other host, as a dead link would be."""
    tiles = tiles or {"provider": "osm", "key": "", "url": "", "attribution": "", "crs": "wgs84"}

    def fulfil(route):
        data = route.fetch().json()
        data["tiles"] = {**tiles, "configured": True}
        route.fulfill(json=data)
    page.route("**/stations/map.json", fulfil)
    return page
