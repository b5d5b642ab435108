"""The relevance set (tests/search_relevance.yaml, at least 60 queries in residents' words) reaches its top-3 target
in chromium against the built sample, through the header search box on Pagefind's JavaScript API."""
from __future__ import annotations

import pytest

from tests import relevance

pytestmark = pytest.mark.browser


def test_the_relevance_set_is_big_and_varied():
    _, cases = relevance.load()
    assert len(cases) >= 60 and len({c["query"] for c in cases}) == len(cases)
    assert {"lay word", "traditional", "regional", "typo", "street", "crisis", "no match"} <= {c["why"] for c in cases}


def test_the_top_three_hit_rate_meets_the_target(tab):
    target, cases = relevance.load()
    page = tab.goto("")
    results = relevance.run(page, cases)
    misses = [(r["query"], [h["url"] for h in r["top"]]) for r in results if not r["hit"]]
    rate = sum(r["hit"] for r in results) / len(results)
    assert rate >= target, f"{rate:.1%} < {target:.0%}; misses: {misses}"
    assert tab.external == []
