"""Registry lookup at scale: the shards of a synthetic register, and one lookup's transfer and time in chromium.

    .venv/bin/xinan synth --practitioners 100000 --stations 84 --lectures 120 --articles 0 --seed 7 \\
        --out /tmp/reg-100k --today 2026-11-22
    .venv/bin/python benchmarks/registry_lookup.py --data /tmp/reg-100k/data --site /tmp/site

--site is any built site (its registry page and scripts are used); its registry/index/ is replaced, in a copy, by
the shards written from --data. Lookups by number, by part of a name, by Traditional name, by surname (first
page, then the next) are typed on a 360 px phone; bytes are the gzip sizes of the /registry/index/ files fetched,
time is from pressing Enter until the results heading is shown, and main-thread time is the browser's own count of
the tab's task time over the same span (Chrome DevTools' Performance.getMetrics TaskDuration), which a busy machine
inflates less. The files are served by `python -m http.server` in a process of its own, so the server does not
share this script's interpreter with Playwright. The load average is printed before and after: on a shared
machine the times mostly measure waiting for a core. Prints a Markdown table."""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import load_config  # noqa: E402
from generator.context import load_site  # noqa: E402
from generator.pages import registry  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM  # noqa: E402


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--site", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    content = args.data.parent / "content"
    t = time.perf_counter()
    site = load_site(load_config(), args.data, content if content.exists() else ROOT / "content", dt.date(2026, 11, 22))
    out = Path(tempfile.mkdtemp(prefix="xinan-reg-")) / "site"
    shutil.copytree(args.site, out, ignore=shutil.ignore_patterns("pagefind", "[0-9A-Z]*-*"))
    shutil.rmtree(out / "registry" / "index", ignore_errors=True)

    def write(rel, text):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    registry.write_shards(site, write)
    print(f"{len(site.practitioners):,} registrations: model + shards {time.perf_counter() - t:.1f} s")
    index = out / "registry" / "index"
    sizes = [p.stat().st_size for p in index.rglob("*.json")]
    print(f"shard files {len(sizes):,}, largest {max(sizes) / 1024:.1f} KB raw, meta.json {gz(index / 'meta.json') / 1024:.1f} KB gz")

    people = sorted(site.practitioners.values(), key=lambda p: p.registration_number)
    someone = people[len(people) // 2]
    surname = Counter(p.name[0] for p in people).most_common(1)[0][0]
    import opencc
    trad = opencc.OpenCC("s2t").convert(someone.name)
    number = someone.registration_number.replace("-", " ").lower()
    queries = [("number, typed with spaces in lower case", number), ("part of a name", someone.name[:2]),
               ("Traditional name", trad), ("surname alone (most common), first page", surname)]

    server, base = serve(out)
    rows = []
    load_before = os.getloadavg()
    try:
        with sync_playwright() as pw:
            rows = lookups(pw, base, queries, surname, out, args.runs)
    finally:
        server.terminate()
        server.wait()
    load_after = os.getloadavg()
    print(f"load average (1/5/15 min) before: {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}, "
          f"after: {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} on {os.cpu_count()} cores")
    print("| lookup | typed | transfer (KB gz) | time to results, median (ms) | main-thread time, median (ms) | shown |\n"
          "|---|---|---|---|---|---|")
    for label, q, sent, times, busy, heading in rows:
        print(f"| {label} | {q} | {sent / 1024:.1f} | {statistics.median(times):.0f} | {statistics.median(busy):.0f} "
              f"| {heading} |")


def serve(folder: Path):
    """`python -m http.server` on a free port in its own process; returns (process, base URL) once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "registry/", timeout=1).close()
            return proc, base
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    raise SystemExit("the file server did not start")


def task_ms(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics.get("TaskDuration", 0.0) * 1000


def lookups(pw, base: str, queries, surname: str, out: Path, runs: int) -> list:
    """Each lookup `runs` times in a fresh phone-sized tab: (label, typed, bytes, times, main-thread times, heading)."""
    rows = []
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    for label, q in queries + [("surname alone, next page", None)]:
        times, busy, sent = [], [], 0
        for _ in range(runs):
            context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 780}, is_mobile=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(unquote(urlparse(r.url).path)) if "/registry/index/" in r.url else None)
            page.goto(base + "registry/", wait_until="networkidle")
            page.fill("#xa-registry-q", q or surname)
            if q is None:  # the next page of the surname list
                page.press("#xa-registry-q", "Enter")
                page.wait_for_selector(".xa-registry-more:not([hidden])")
                fetched.clear()
                n = page.locator("#xa-registry-results li").count()
                cpu, start = task_ms(cdp), time.perf_counter()
                page.click(".xa-registry-more")
                page.wait_for_function("n => document.querySelectorAll('#xa-registry-results li').length > n", arg=n)
            else:
                cpu, start = task_ms(cdp), time.perf_counter()
                page.press("#xa-registry-q", "Enter")
                page.wait_for_selector("#xa-registry-results .xa-registry-heading")
            times.append((time.perf_counter() - start) * 1000)
            busy.append(task_ms(cdp) - cpu)
            sent = sum(gz(out / f.lstrip("/")) for f in fetched)
            heading = page.inner_text("#xa-registry-results h2")
            context.close()
        rows.append((label, q or surname, sent, times, busy, heading))
    browser.close()
    return rows


if __name__ == "__main__":
    main()
