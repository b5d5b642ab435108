"""Incremental rebuilds, as `xinan serve` makes them: one clean build, then one edit at a time, timed.

Usage: .venv/bin/python benchmarks/incremental.py [--scales sample province] [--verify] [--out benchmarks/out]

For each scale the data are synthesized (sample: a copy of the repository's), built once by a Builder that
remembers (the first build of `xinan serve`), then edited: one article, one station, one practitioner. Each
rebuild is timed until the change is in the live site ("visible": what the preview shows) and until the search
index is refreshed as well. With --verify the site after the last edit is compared, file by file, with a clean
build of the same inputs. Results go to benchmarks/out/incremental.json and a Markdown table is printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import SCALES, TODAY, settle  # noqa: E402
from generator.build import Builder, build  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.publish import file_digests as tree  # noqa: E402


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def second_field(path: Path, column: int) -> str:
    """The value in `column` of the first data row (a name to edit)."""
    import csv
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return next(rows)[column]


def edits(data: Path, content: Path) -> list[tuple[str, callable]]:
    article = sorted((content / "articles").glob("*.md"))[0]
    station = second_field(data / "stations" / "stations.csv", 1)
    person = second_field(data / "practitioners" / "practitioners.csv", 1)
    return [
        ("one article", lambda: replace_once(article, "。", "。（修订）")),
        ("one station", lambda: replace_once(data / "stations" / "stations.csv", station, station + "（新址）")),
        ("one practitioner", lambda: replace_once(data / "practitioners" / "practitioners.csv", person, person + "甲")),
    ]


def prepare(scale: str, work: Path) -> tuple[Path, Path]:
    target = work / f"inc-{scale}"
    shutil.rmtree(target, ignore_errors=True)
    if scale == "sample":
        shutil.copytree(ROOT / "data", target / "data")
        shutil.copytree(ROOT / "content", target / "content")
    else:
        p, s, lec, a = SCALES[scale]
        subprocess.run([sys.executable, "-m", "generator", "synth", "--practitioners", str(p), "--stations", str(s),
                        "--lectures", str(lec), "--articles", str(a), "--out", str(target), "--seed", "7",
                        "--today", TODAY], check=True, cwd=ROOT, capture_output=True)
    return target / "data", target / "content"


def run(scale: str, work: Path, verify: bool) -> dict:
    data, content = prepare(scale, work)
    today = dt.date.fromisoformat(TODAY)
    live = work / f"inc-{scale}" / "site"
    config = load_config(ROOT / "mkdocs.yml")
    settle()
    builder = Builder(config, data, content, live, log=lambda *_: None, remember=True)
    t = time.perf_counter()
    first = builder.build(today)
    result = {"first_build_s": round(time.perf_counter() - t, 2), "files": first.files, "edits": {}}
    for label, edit in edits(data, content):
        edit()
        t = time.perf_counter()
        r = builder.build(today, defer_search=True)
        visible = time.perf_counter() - t
        builder.refresh_search()
        total = time.perf_counter() - t
        builder.tidy()  # what xinan serve does while it waits for the next edit
        result["edits"][label] = {"visible_s": round(visible, 2), "with_search_s": round(total, 2),
                                  "files_written": r.changed, "files_removed": r.removed, "parts_remade": r.remade}
        print(scale, label, json.dumps(result["edits"][label], ensure_ascii=False), flush=True)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if verify:
        clean = work / f"inc-{scale}" / "clean"
        build(config, data, content, clean, today, log=lambda *_: None)
        a, b = tree(live), tree(clean)
        result["equals_clean_build"] = a == b
        result["files_compared"] = len(a)
        shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(live, ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", default=["sample"])
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = ap.parse_args()
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    results = {scale: run(scale, work, args.verify) for scale in args.scales}
    (work / "incremental.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print("\n| scale | edit | visible (s) | with search index (s) | files written | parts made again |")
    print("|---|---|---|---|---|---|")
    for scale, r in results.items():
        for label, e in r["edits"].items():
            print(f"| {scale} | {label} | {e['visible_s']} | {e['with_search_s']} | {e['files_written']} | "
                  f"{len(e['parts_remade'])} |")
    for scale, r in results.items():
        print(f"{scale}: first build {r['first_build_s']} s, {r['files']} files, peak RSS {r['peak_rss_mb']} MB"
              + (f", equals a clean build: {r['equals_clean_build']} ({r['files_compared']} files)"
                 if "equals_clean_build" in r else ""))


if __name__ == "__main__":
    main()
