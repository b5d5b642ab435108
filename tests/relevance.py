"""The search relevance set (tests/search_relevance.yaml) run in chromium through the header search box: each query is
typed as a reader would, and a case is a hit when the expected page is among the first three results (or, for a
crisis phrase, when the crisis box is shown). Used by tests/browser/test_search_relevance.py and benchmarks/relevance.py."""
from __future__ import annotations

from pathlib import Path

import yaml

CASES = Path(__file__).with_name("search_relevance.yaml")
TOP = 3
HITS = """els => els.slice(0, 3).map(e => ({
    kind: e.querySelector('.xa-search__kind').textContent,
    title: e.querySelector('.xa-search__title').textContent,
    url: new URL(e.querySelector('a').href).pathname}))"""
DONE = """q => { const p = document.getElementById('xa-search-panel');
    return p && p.getAttribute('data-query') === q && !p.hasAttribute('aria-busy'); }"""


def load(path: Path = CASES) -> tuple[float, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return float(data["target"]), list(data["cases"])


def is_hit(case: dict, top: list[dict], crisis: bool, prefix: str = "/") -> bool:
    if case.get("crisis"):
        return crisis
    if case.get("none"):
        return top == []
    if "url" in case:
        return any(h["url"] == prefix + case["url"].lstrip("/") for h in top)
    return any(h["kind"] == case["kind"] and case.get("title", "") in h["title"] for h in top)


def run(page, cases: list[dict], prefix: str = "/") -> list[dict]:
    """Each case with its first results, whether the crisis box showed, and whether it is a hit. `page` shows any
    page of the site at a width where the header search box is visible."""
    out = []
    for case in cases:
        q = case["query"]
        page.fill("#xa-search-input", q)
        page.keyboard.press("Enter")
        page.wait_for_function(DONE, arg=q, timeout=20000)
        top = page.eval_on_selector_all(".xa-search__hit", HITS)
        crisis = True
        try:
            page.wait_for_selector("#xa-search-panel [data-crisis-box]", timeout=3000 if case.get("crisis") else 1)
        except Exception:  # playwright's TimeoutError: no box
            crisis = False
        out.append({**case, "top": top, "crisis_box": crisis, "hit": is_hit(case, top, crisis, prefix)})
    return out


def summary(results: list[dict]) -> dict[str, tuple[int, int]]:
    """Hits and cases per group (the `why` of each case), and overall."""
    groups: dict[str, list[int]] = {}
    for r in results:
        for g in (r["why"], "all"):
            groups.setdefault(g, [0, 0])
            groups[g][0] += r["hit"]
            groups[g][1] += 1
    return {g: (h, n) for g, (h, n) in groups.items()}
