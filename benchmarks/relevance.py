"""Top-3 hit rate of the search relevance set (tests/search_relevance.yaml) on a built site, in chromium.

    .venv/bin/python benchmarks/relevance.py --site /tmp/site [--label "Pagefind 1.5.2"]

Prints one Markdown table row per group and the misses; docs/benchmarks.md records the results."""
from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository's tests package

from tests import relevance
from tests.browser.conftest import ARGS, CHROMIUM


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _, cases = relevance.load()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/", wait_until="networkidle")
        results = relevance.run(page, cases)
        browser.close()
    httpd.shutdown()
    groups = relevance.summary(results)
    print(f"| group | {args.label or 'top-3 hits'} |\n|---|---|")
    for g, (h, n) in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        print(f"| {g} | {h}/{n} ({h / n:.0%}) |")
    for r in results:
        if not r["hit"]:
            print("miss:", r["query"], [h["url"] for h in r["top"]])


if __name__ == "__main__":
    main()
