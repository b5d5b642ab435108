"""Screenshots of the main pages at 360×780 in normal and elder mode, for review (`make screenshots`).

Builds the sample site at its data date into a scratch folder, serves it on 127.0.0.1 and saves, for each page
kind (tests/page_types.py) and the 404 page of an unknown registration number, the first screen and the whole
page to screenshots/<mode>/<kind>.png and <kind>-full.png. Nothing is committed (screenshots/ is git-ignored).
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
                context.close()
            browser.close()
        httpd.shutdown()
    print(f"{len(PAGES)} pages in normal and elder mode, first screen and whole page: {args.out}")


if __name__ == "__main__":
    main()
