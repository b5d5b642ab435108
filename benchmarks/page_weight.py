"""Page weight on a phone: the bytes a page needs before its first render, per page kind.

Usage: .venv/bin/python benchmarks/page_weight.py SITE_DIR [--pages home stations ...]
Chromium at 360×780 with 4× CPU throttling and a slow-4G network (150 ms, 1.6 Mbit/s down) opens each page in a
fresh context; counted, gzip-compressed as a static host sends them, are the responses that had finished by the
first contentful paint ("before first render") and all responses until the network is idle ("total"), with the
engine's scripts among them; the first and largest contentful paints; the total blocking time (the part over 50 ms
of every long task from the first paint until the network is idle, as Lighthouse counts it). On a station list that
has filters, it then times a reader's first filter: 现在开放 ticked until the count of results is on screen (the
hub of a large site fetches its index then). Prints JSON.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

from benchmarks.browser import ARGS, serve

MOMENT = "2026-11-24T10:00:00+08:00"  # a Tuesday morning, Beijing time, for the open-now filter
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def pages(site: Path) -> dict[str, str]:
    station = next(p.parent.name for p in sorted((site / "stations").glob("*/index.html"))
                   if "data-xa-copy" in p.read_text(encoding="utf-8"))
    street = next(p.parent.name for p in sorted((site / "stations" / "street").glob("*/index.html")))
    return {"home": "", "station list": "stations/", "street page": f"stations/street/{street}/",
            "station page": f"stations/{station}/", "registry": "registry/", "lecture list": "lectures/"}


# Long tasks and paints from the start of the page, whatever the observer's timing.
OBSERVE = """
window.__xaLong = []; window.__xaLcp = 0;
new PerformanceObserver(l => l.getEntries().forEach(e => __xaLong.push([e.startTime, e.duration])))
  .observe({type: "longtask", buffered: true});
new PerformanceObserver(l => l.getEntries().forEach(e => { __xaLcp = e.startTime; }))
  .observe({type: "largest-contentful-paint", buffered: true});
"""


def gz_size(site: Path, url: str, cache: dict) -> int:
    path = unquote(urlparse(url).path).lstrip("/")
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    if file not in cache:
        cache[file] = len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0
    return cache[file]


def measure(browser, site: Path, base: str, path: str, cache: dict) -> dict:
    # The CSP is set aside only for this script's own probes (string predicates); the site's scripts run as served.
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True, locale="zh-CN",
                              bypass_csp=True)
    page = ctx.new_page()
    page.add_init_script(OBSERVE)
    page.add_init_script(f"window.XINAN_NOW = {json.dumps(MOMENT)}")  # open-now as on a weekday morning
    page.set_default_timeout(300_000)  # a province-scale list takes long on a slow phone network
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(base + path, wait_until="load")  # every script, deferred or not, has run by then
    page.wait_for_load_state("networkidle")  # and what they fetched (index.json, holidays) has arrived
    timing = page.evaluate("""() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {fcp: fcp ? fcp.startTime : null, lcp: window.__xaLcp, long: window.__xaLong, now: performance.now(),
                resources: performance.getEntriesByType('resource').map(r => [r.name, r.responseEnd])};
    }""")
    fcp = timing["fcp"]
    doc = gz_size(site, base + path, cache)
    before = doc + sum(gz_size(site, u, cache) for u, end in timing["resources"] if fcp is not None and end <= fcp)
    total = doc + sum(gz_size(site, u, cache) for u, _ in timing["resources"])
    engine = [u for u, _ in timing["resources"] if re.search(r"/assets/[a-z]+\.js$", u)]
    blocking = sum(max(0.0, d - 50) for start, d in timing["long"] if fcp is not None and start + d > fcp)
    out = {"before_first_render_gz": before, "total_gz": total, "fcp_ms": round(fcp) if fcp else None,
           "lcp_ms": round(timing["lcp"]) if timing["lcp"] else None, "total_blocking_ms": round(blocking),
           "engine_scripts": " ".join(u.rsplit("/", 1)[1] for u in engine),
           "engine_scripts_gz": sum(gz_size(site, u, cache) for u in engine)}
    if page.locator("#xa-filter-toggle").count() and page.locator("#xa-filter-toggle").is_visible():
        out.update(first_filter(page, site, cache))
    ctx.close()
    return out


def first_filter(page, site: Path, cache: dict) -> dict:
    """现在开放 ticked on a phone: time and bytes until the count of results is on the screen."""
    before = page.evaluate("performance.getEntriesByType('resource').length")
    long_before = page.evaluate("window.__xaLong.length")
    started = page.evaluate("performance.now()")
    page.locator("#xa-filter-toggle").tap()
    page.locator("#xa-station-filters input[name=open]").check()
    page.wait_for_function("document.getElementById('xa-station-count').textContent.includes('符合条件')")
    done = page.evaluate("performance.now()")
    fetched = page.evaluate(f"performance.getEntriesByType('resource').slice({before}).map(r => r.name)")
    long = page.evaluate(f"window.__xaLong.slice({long_before})")
    return {"first_filter_ms": round(done - started), "first_filter_gz": sum(gz_size(site, u, cache) for u in fetched),
            "first_filter_blocking_ms": round(sum(max(0.0, d - 50) for _, d in long)),
            "first_filter_result": page.inner_text("#xa-station-count")}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--pages", nargs="*", help="names from: home, station list, street page, station page, registry, lecture list")
    args = ap.parse_args()
    base, httpd = serve(args.site)
    wanted = pages(args.site)
    cache: dict = {}
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in wanted.items():
            if not args.pages or name in args.pages:
                out[name] = measure(browser, args.site, base, path, cache)
        browser.close()
    httpd.shutdown()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
