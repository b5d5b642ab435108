"""Screenshots of the main pages at 360×780 in normal and elder mode, for review (`make screenshots`).

Builds the sample site at its data date into a scratch folder, serves it on 127.0.0.1 and saves, for each page
kind (tests/page_types.py) and the 404 page of an unknown registration number, the first screen and the whole
page to screenshots/<mode>/<kind>.png and <kind>-full.png; then each journey of tests/browser/test_journeys*.py
walked as a person would (tapping, typing), the screen after each step to screenshots/<mode>/journey-<name>-<n>.png.
Nothing is committed (screenshots/ is git-ignored).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import ARGS, BUILD_MOMENT, CHROMIUM  # noqa: E402
from tests.conftest import build_site  # noqa: E402
from tests.page_types import PAGE_TYPES  # noqa: E402

PAGES = {**PAGE_TYPES, "not found": "registry/FTXL-1999-99999/"}
NIGHT = "2026-11-22T23:00:00+08:00"  # a Sunday night: only the 24-hour hotline is open


def first_row(name: str, **where) -> dict:
    import csv
    with open(ROOT / "data" / name / f"{name}.csv", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if all(r[k] == v for k, v in where.items()))


def _night(page, shot):
    page.locator("#xa-filter-toggle").tap()
    shot()
    page.locator("#xa-station-filters input[name=open]").check()
    page.locator("#xa-filter-done").tap()
    shot()


def _verify(page, shot):
    p = first_row("practitioners", status="active")
    page.locator("#xa-registry-q").type(p["registration_number"].lower())
    page.locator("#xa-registry-lookup button[type=submit]").tap()
    page.wait_for_selector("#xa-registry-results .xa-registry-heading")
    shot()
    page.locator("#xa-registry-results li").first.locator("a").first.tap()
    page.wait_for_url("**/registry/" + p["registration_number"] + "/")
    page.wait_for_load_state("networkidle")
    shot()


def _lectures(page, shot):
    page.get_by_role("link", name="按月查看").tap()
    shot()
    page.locator(".xa-month:not([hidden]) .xa-agenda__day li[data-id] a").first.tap()
    page.wait_for_url("**/lectures/*/")
    page.wait_for_load_state("networkidle")
    shot()


def _street(page, shot):
    page.locator(".xa-group h2 a, #xa-street-directory a").first.tap()
    page.wait_for_load_state("networkidle")
    shot()
    page.locator("li.xa-station > a").first.tap()
    page.wait_for_url("**/stations/*/")
    page.wait_for_load_state("networkidle")
    page.locator("#map").scroll_into_view_if_needed()
    shot()


# name: (start page, the reader's clock, steps)
JOURNEYS = {
    "night-open-now": ("stations/", NIGHT, _night),
    "street-to-station": ("stations/", BUILD_MOMENT, _street),
    "verify-by-number": ("registry/", BUILD_MOMENT, _verify),
    "lecture-agenda": ("lectures/", BUILD_MOMENT, _lectures),
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, and the site's own 404 page for an unknown address (as nginx serves it)."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        shutil.rmtree(args.out, ignore_errors=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for mode in ("normal", "elder"):
                context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True,
                                              has_touch=True, viewport={"width": 360, "height": 780})
                context.add_init_script("try{localStorage.setItem('xinan-elder','%s')}catch(e){}"
                                        % ("1" if mode == "elder" else "0"))
                page = context.new_page()
                page.clock.install(time=BUILD_MOMENT)
                folder = args.out / mode
                folder.mkdir(parents=True, exist_ok=True)
                for kind, path in PAGES.items():
                    page.goto(base + path, wait_until="networkidle")
                    name = kind.replace(" ", "-")
                    page.screenshot(path=folder / f"{name}.png")
                    page.screenshot(path=folder / f"{name}-full.png", full_page=True)
                page.close()
                for name, (path, moment, steps) in JOURNEYS.items():
                    page = context.new_page()
                    page.clock.install(time=moment)
                    page.goto(base + path, wait_until="networkidle")
                    taken = []

                    def shot(page=page, name=name, taken=taken):
                        taken.append(1)
                        page.screenshot(path=folder / f"journey-{name}-{len(taken)}.png")
                    shot()
                    steps(page, shot)
                    page.close()
                context.close()
            browser.close()
        httpd.shutdown()
    print(f"{len(PAGES)} pages and {len(JOURNEYS)} journeys in normal and elder mode: {args.out}")


if __name__ == "__main__":
    main()
