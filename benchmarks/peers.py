"""Peers at the 10,000-record scale, on the same records: our build, a naive mkdocs-material build, and Hugo.

Usage: .venv/bin/python benchmarks/peers.py [--records 10000] [--out benchmarks/out/peers]
Two naive builds turn every practitioner record into a Markdown page (material theme, built-in search on):
"default" is what MkDocs does with no `nav:` setting (every page in the nav, so every page repeats a
10,000-entry nav); "tuned" keeps records out of the nav. The default one runs under a time limit
(--naive-limit); when it does not finish, the limit is reported as a lower bound.
Hugo (Debian's `hugo`) renders the same pages with a minimal layout: it only renders and writes, so it is
compared with our render-and-write stage; our full build is reported beside it.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
FIELDS = ("registration_number", "name", "qualification", "level", "issuing_body", "status", "valid_from", "valid_to",
          "affiliation", "specialties", "languages")


def timed(cmd, cwd=None, limit: float | None = None) -> float | None:
    """Seconds the command took; None when it did not finish within `limit`."""
    t = time.perf_counter()
    try:
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t


def records(data: Path) -> list[dict]:
    with open(data / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        return [{k: r[k] for k in FIELDS} for r in csv.DictReader(fh)]


def page_body(r: dict) -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in r.items())
    return f"# {r['name']}（{r['registration_number']}）\n\n| 字段 | 值 |\n|---|---|\n{rows}\n"


def naive_mkdocs(recs: list[dict], work: Path, in_nav: bool, limit: float | None = None) -> float | None:
    name = "naive-default" if in_nav else "naive"
    docs = work / name / "docs"
    (docs / "registry").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for r in recs:
        (docs / "registry" / f"{r['registration_number']}.md").write_text(page_body(r), encoding="utf-8")
    (work / name / "mkdocs.yml").write_text(
        "site_name: naive\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n"
        + ("" if in_nav else "nav:\n  - 首页: index.md\n"), encoding="utf-8")
    return timed([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet"], cwd=work / name, limit=limit)


def hugo(recs: list[dict], work: Path) -> float:
    site = work / "hugo"
    (site / "content" / "registry").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text('baseURL = "https://xinan.example.cn/"\nlanguageCode = "zh-CN"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
        "<body><main>{{ .Content }}</main></body></html>", encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text("<!doctype html><title>{{ .Title }}</title>", encoding="utf-8")
    for r in recs:
        fm = json.dumps({"title": r["name"]}, ensure_ascii=False)
        (site / "content" / "registry" / f"{r['registration_number']}.md").write_text(
            f"{fm}\n\n{page_body(r)}", encoding="utf-8")
    return timed(["hugo", "--quiet", "--destination", str(site / "public")], cwd=site)


def ours(data: Path, content: Path, out: Path) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data), "--content", str(content),
                           "--out", str(out), "--today", TODAY, "--timings"], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    wall = time.perf_counter() - t
    stages = {line.rsplit(": ", 1)[0]: float(line.rsplit(": ", 1)[1][:-2])
              for line in proc.stdout.splitlines() if line.endswith(" s") and ": " in line}
    return {"wall_s": round(wall, 2), "stages_s": stages}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "peers"))
    ap.add_argument("--naive-limit", type=float, default=600, help="seconds the default naive build may take")
    args = ap.parse_args()
    work = Path(args.out)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "generator", "synth", "--practitioners", str(args.records), "--stations", "84",
                    "--lectures", "120", "--articles", "0", "--out", str(work / "data"), "--seed", "7", "--today", TODAY],
                   check=True, cwd=ROOT, capture_output=True)
    recs = records(work / "data" / "data")
    result = {"records": len(recs)}
    result["ours"] = ours(work / "data" / "data", work / "data" / "content", work / "ours")
    result["hugo_s"] = round(hugo(recs, work), 2)
    result["naive_mkdocs_s"] = round(naive_mkdocs(recs, work, in_nav=False), 2)
    default = naive_mkdocs(recs, work, in_nav=True, limit=args.naive_limit)
    result["naive_default_mkdocs_s"] = round(default, 2) if default is not None else f">{args.naive_limit:g}"
    st = result["ours"]["stages_s"]
    ours_rw = st.get("write", 0)
    result["ratios"] = {
        "naive_default_mkdocs_over_ours_full": (round(default / result["ours"]["wall_s"], 1) if default is not None
                                                else f">{args.naive_limit / result['ours']['wall_s']:.0f}"),
        "naive_tuned_mkdocs_over_ours_full": round(result["naive_mkdocs_s"] / result["ours"]["wall_s"], 1),
        "ours_render_write_over_hugo": round(ours_rw / result["hugo_s"], 2),
    }
    (work / "peers.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
