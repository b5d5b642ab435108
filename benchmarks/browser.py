"""Phone-side numbers measured in Debian's chromium on a built site.

Usage: .venv/bin/python benchmarks/browser.py SITE_DIR [--scale NAME]
Reports, as JSON: the home page's compressed transfer, the station list's transfer and the time until a
street filter has been applied, and one registry lookup's transfer and time (by number and by name).
Build SITE_DIR first, e.g. with benchmarks/run.py (benchmarks/out/site-<scale>).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".csv", ".ics", ".geojson", ".jsonld")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a host with compression serves them (gzip level 6 for text), so that a throttled network
    carries the bytes a phone would really download. Compressed bodies are kept for the server's life."""

    cache: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED or not path.is_file() \
                or (path.name == "index.html" and not self.path.split("?")[0].endswith(("/", ".html"))):
            return super().do_GET()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


def transfer(page, action) -> int:
    """Bytes the action transfers, counted gzip-compressed as a static host would serve them."""
    bodies = []
    handler = lambda r: bodies.append(r.response().body()) if r.response() else None  # noqa: E731
    page.on("requestfinished", handler)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", handler)
    return sum(len(gzip.compress(b, 6)) for b in bodies)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--data", type=Path, help="the data the site was built from (for a real name and number)")
    args = ap.parse_args()
    base, httpd = serve(args.site)
    meta = json.loads((args.site / "registry" / "index" / "meta.json").read_text(encoding="utf-8"))
    number = json.loads(next((args.site / "registry" / "index" / "number").glob("*.json")).read_text("utf-8"))[0][0]
    name = json.loads(next((args.site / "registry" / "index" / "number").glob("*.json")).read_text("utf-8"))[0][1]
    columns = json.loads((args.site / "stations" / "index.json").read_text(encoding="utf-8"))["columns"]
    street = next(code for code in columns["street"] if code)
    out = {"practitioners": meta["count"], "stations": len(columns["id"])}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        # The CSP is set aside only for this script's own probes (string predicates); the site's scripts run as served.
        ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="zh-CN",
                                  bypass_csp=True)
        page = ctx.new_page()
        out["home_bytes_gzip"] = transfer(page, lambda: page.goto(base, wait_until="networkidle"))
        ctx.clear_cookies()
        page = ctx.new_page()
        t = time.perf_counter()
        out["station_list_bytes_gzip"] = transfer(page, lambda: page.goto(base + "stations/", wait_until="load"))
        page.wait_for_selector("#xa-station-filters:not([hidden])", state="attached")  # ready (folded on phones)
        out["station_list_ready_ms"] = round((time.perf_counter() - t) * 1000)
        if page.locator("#xa-filter-toggle").is_visible():  # below 48em the filters fold into a summary line
            page.click("#xa-filter-toggle")
        t = time.perf_counter()
        page.select_option("#xa-station-filters select[name=street]", street)
        page.wait_for_function("location.search.includes('street=')")
        out["station_filter_ms"] = round((time.perf_counter() - t) * 1000)
        for kind, query in (("number", number), ("name", name[:2])):
            page = ctx.new_page()
            page.goto(base + "registry/", wait_until="networkidle")
            page.fill("#xa-registry-q", query)

            def lookup():
                started = time.perf_counter()
                page.press("#xa-registry-q", "Enter")
                page.wait_for_function("document.querySelector('#xa-registry-results').textContent.length > 0")
                out[f"lookup_{kind}_ms"] = round((time.perf_counter() - started) * 1000)
            out[f"lookup_{kind}_bytes_gzip"] = transfer(page, lookup)
        browser.close()
    httpd.shutdown()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
