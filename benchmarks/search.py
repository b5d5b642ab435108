"""Search benchmark: index size and the bytes one query transfers, for the sample site and a synthetic site.

Usage: .venv/bin/python benchmarks/search.py [--scales sample 5000] [--out benchmarks/out] [--reuse]

For each scale the site is built (the 5,000-article site is synthesized first with `xinan synth`), the Pagefind
bundle is measured on disk, and then chromium loads the home page, types each query into the header search box
(fill, then Enter) and records every request the query causes. Bytes are counted as a server with gzip would send
them: the gzip size of each fetched file (Pagefind's index, fragment, filter and metadata files are already gzip
files, so they count as they are). The search box's own script and stylesheet are loaded on every page; they are
reported separately and added to give "first query, UI included".
Writes benchmarks/out/search.json and prints the Markdown table used in docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import editorial, minify, search  # noqa: E402
from generator.problems import Report  # noqa: E402

TODAY = "2026-11-22"
SYNTH = {"5000": ["--articles", "5000", "--stations", "84", "--practitioners", "300", "--lectures", "120"]}
QUERIES = ["焦虑", "失眠", "心理咨询室", "园岭", "莲花", "抑郁症", "焦慮", "諮詢", "亲子", "沙头", "12356"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps"]
UI_FILES = ("assets/search.js", "assets/search.css", "assets/words.js")


def wire_bytes(path: Path) -> int:
    """Bytes on the wire with gzip: files that are already gzip (Pagefind's pf_* files) are sent as they are."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        return len(raw)
    return min(len(raw), len(gzip.compress(raw, compresslevel=6, mtime=0)))


def part(rel: str) -> str:
    """What a fetched file is: index / fragment / filter chunk, the metadata, or the file's name."""
    if not rel.startswith(search.BUNDLE + "/"):
        return rel
    rest = rel[len(search.BUNDLE) + 1:]
    if "/" in rest:
        return rest.split("/")[0]
    return "pf_meta" if rest.endswith(".pf_meta") else rest


def build(scale: str, work: Path, reuse: bool) -> Path:
    out = work / f"site-search-{scale}"
    if reuse and (out / "pagefind" / "pagefind-entry.json").exists():
        for rel in UI_FILES:  # the box's current script and style, minified as a build does (the index is
            text = (ROOT / "generator" / "theme" / rel).read_text(encoding="utf-8")  # rebuilt by bundle_stats)
            (out / rel).write_text(minify.minified(rel, text), encoding="utf-8")
        return out
    if scale == "sample":
        data, content = ROOT / "data", ROOT / "content"
    else:
        target = work / f"search-{scale}"
        subprocess.run([sys.executable, "-m", "generator", "synth", *SYNTH[scale], "--out", str(target), "--seed", "7",
                        "--today", TODAY], check=True, cwd=ROOT, capture_output=True)
        data, content = target / "data", target / "content"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data), "--content", str(content),
                           "--out", str(out), "--today", TODAY], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return out


def bundle_stats(site: Path) -> dict:
    """Re-index the built site (the output is reproducible, so this rewrites the same files) to time Pagefind alone."""
    t = time.perf_counter()
    # The synonyms' characters join the Traditional table, as in the build (synth copies data/editorial/).
    stats = search.index(site, SimpleNamespace(words=editorial.load(ROOT / "data", Report())))
    stats["index_s"] = round(time.perf_counter() - t, 2)
    bundle = site / search.BUNDLE
    parts = {"index": "index/*.pf_index", "fragment": "fragment/*.pf_fragment", "filter": "filter/*.pf_filter"}
    stats["parts_bytes"] = {k: sum(p.stat().st_size for p in bundle.glob(g)) for k, g in parts.items()}
    return stats


def serve(site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def measure_queries(site: Path, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for q in queries:
                context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base, wait_until="networkidle")
                fetched: list[str] = []
                page.on("request", lambda r: fetched.append(r.url))
                page.fill("#xa-search-input", q)
                page.keyboard.press("Enter")
                page.wait_for_function("q => { const p = document.getElementById('xa-search-panel'); return p.getAttribute('data-query') === q && !p.hasAttribute('aria-busy'); }", arg=q)
                page.wait_for_load_state("networkidle")
                first = page.locator(".xa-search__title").first.inner_text() if page.locator(".xa-search__hit").count() else ""
                files = sorted({unquote(urlparse(u).path).lstrip("/") for u in fetched if u.startswith(base)})
                by_part: dict[str, int] = {}
                for f in files:
                    by_part[part(f)] = by_part.get(part(f), 0) + wire_bytes(site / f)
                rows.append({"query": q, "requests": len(files), "bytes": sum(by_part.values()), "by_part": by_part,
                             "results": page.locator(".xa-search__status").inner_text(), "first": first,
                             "foreign_requests": [u for u in fetched if not u.startswith(base)]})
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", default=["sample", "5000"], choices=["sample", *SYNTH])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    ap.add_argument("--queries", nargs="+", default=QUERIES)
    ap.add_argument("--reuse", action="store_true", help="reuse a site already built in --out")
    args = ap.parse_args()
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in args.scales:
        site = build(scale, work, args.reuse)
        stats = bundle_stats(site)
        ui = {f: wire_bytes(site / f) for f in UI_FILES}
        rows = measure_queries(site, args.queries)
        sizes = [r["bytes"] for r in rows]
        results[scale] = {"index": stats, "ui_bytes": ui, "queries": rows,
                          "first_query_bytes": {"median": int(statistics.median(sizes)), "max": max(sizes)},
                          "first_query_bytes_ui_included": {"median": int(statistics.median(sizes)) + sum(ui.values()),
                                                            "max": max(sizes) + sum(ui.values())}}
        print(scale, json.dumps({k: v for k, v in results[scale].items() if k != "queries"}, ensure_ascii=False),
              flush=True)
    (work / "search.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
    print("\n| site | pages indexed | index on disk (MB) | files | indexing (s) | first query, median / max (KB gz) "
          "| + search box script and style (KB gz) | first query, UI included, max (KB gz) |")
    print("|---|---|---|---|---|---|---|---|")
    for scale, r in results.items():
        s, q = r["index"], r["first_query_bytes"]
        ui = sum(r["ui_bytes"].values())
        print(f"| {scale} | {s['pages']:,} | {s['index_bytes'] / 1048576:.1f} | {s['files']:,} | {s['index_s']} "
              f"| {kb(q['median'])} / {kb(q['max'])} | {kb(ui)} | {kb(q['max'] + ui)} |")
    print("\n| site | query | requests | bytes (KB gz) | first result | status |")
    print("|---|---|---|---|---|---|")
    for scale, r in results.items():
        for row in r["queries"]:
            print(f"| {scale} | {row['query']} | {row['requests']} | {kb(row['bytes'])} | {row['first']} "
                  f"| {row['results']} |")


if __name__ == "__main__":
    main()
