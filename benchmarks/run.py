"""Whole-site benchmark: synthesize data at a named scale, build it, report time per stage, peak RSS and output size.

Usage: .venv/bin/python benchmarks/run.py [--scales sample district city province] [--out benchmarks/out]
Writes benchmarks/out/results.json and prints a Markdown table for docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {  # practitioners, stations, lectures, articles
    "registry-10k": (10_000, 84, 120, 0),  # the registry issue's 10,000-practitioner register
    "district": (2_000, 300, 500, 100),
    "city": (20_000, 3_000, 2_000, 300),
    "province": (100_000, 10_000, 5_000, 1_000),
}
TODAY = "2026-11-22"


def settle(quiet_s: float = 5, limit_s: float = 180) -> None:
    """Wait until the disk is idle. Removing an old 2.5 GB site keeps ext4 busy (journal, discard) for a while
    after `rm` returns, and a build started then measured up to 30% slower; every timed build waits first."""
    subprocess.run(["sync"], check=False)

    def written() -> int:
        try:
            with open("/proc/diskstats") as f:
                return sum(int(line.split()[9]) for line in f if len(line.split()) > 9)
        except OSError:
            return 0
    deadline, last, quiet = time.time() + limit_s, written(), 0.0
    while quiet < quiet_s and time.time() < deadline:
        time.sleep(1)
        now = written()
        quiet = quiet + 1 if now == last else 0
        last = now


def run_build(data: Path, content: Path, out: Path) -> dict:
    """Build in a child process so its peak RSS is measured alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data), "--content", str(content),
                           "--out", str(out), "--today", TODAY, "--timings"], capture_output=True, text=True, cwd=ROOT)  # warnings are expected at scale
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stages = {}
    for line in proc.stdout.splitlines():
        if line.endswith(" s") and ": " in line:
            name, value = line.rsplit(": ", 1)
            stages[name] = float(value[:-2])
    files, size = 0, 0
    for dirpath, _, names in os.walk(out):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, n))
    lookup = lookup_bytes(out)
    return {"wall_s": round(wall, 2), "stages_s": stages, "peak_rss_mb": round(max(peak, before) / 1024, 1),
            "files": files, "output_mb": round(size / 1048576, 1), "registry_lookup_bytes": lookup}


def lookup_bytes(out: Path) -> int:
    """Bytes one registry lookup by number transfers: the shard manifest plus the largest number shard."""
    base = out / "registry" / "index"
    shards = list((base / "number").glob("*.json"))
    return (base / "meta.json").stat().st_size + max(p.stat().st_size for p in shards)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", default=["sample", "district"])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    args = ap.parse_args()
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in args.scales:
        if scale == "sample":
            data, content = ROOT / "data", ROOT / "content"
        else:
            p, s, lec, a = SCALES[scale]
            target = work / scale
            subprocess.run([sys.executable, "-m", "generator", "synth", "--practitioners", str(p), "--stations", str(s),
                            "--lectures", str(lec), "--articles", str(a), "--out", str(target), "--seed", "7",
                            "--today", TODAY], check=True, cwd=ROOT, capture_output=True)
            data, content = target / "data", target / "content"
        out = work / f"site-{scale}"
        shutil.rmtree(out, ignore_errors=True)  # a cold build: removing an old site is not part of the timing
        settle()
        results[scale] = run_build(data, content, out)
        print(scale, json.dumps(results[scale], ensure_ascii=False), flush=True)
    (work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print("\n| scale | wall (s) | validate+model | generate | render | write | post-build | peak RSS (MB) | files | output (MB) | lookup (bytes) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for scale, r in results.items():
        st = r["stages_s"]
        print(f"| {scale} | {r['wall_s']} | {st.get('validate+model')} | {st.get('generate')} | {st.get('render')} | "
              f"{st.get('write')} | {st.get('post-build')} | {r['peak_rss_mb']} | {r['files']} | {r['output_mb']} | "
              f"{r['registry_lookup_bytes']} |")


if __name__ == "__main__":
    main()
