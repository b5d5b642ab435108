"""The registry lookup in chromium: a number finds its one record, part of a name finds every name containing it,
statuses are spelled out (never colour alone), misses explain themselves, and a verification page needs no script."""
from __future__ import annotations

import csv
import re
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest

from generator.pages.registry import STATUS_ICONS, STATUS_LABELS, fnv1a, shard_count
from tests.browser.conftest import serious
from tests.conftest import DATA, TODAY

pytestmark = pytest.mark.browser


def practitioners() -> list[dict]:
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def effective(r: dict) -> str:
    """The status the site shows at the reference date (generator/context.py's rule)."""
    if r["status"] == "active":
        if r["valid_to"] < TODAY.isoformat():
            return "expired"
        if r["valid_from"] > TODAY.isoformat():
            return "pending"
    return r["status"]


def shared_run(rows: list[dict], prefix: bool) -> str:
    """The two-character run (at the start of names, or inside them) that the most names share."""
    runs = Counter()
    for r in rows:
        name = r["name"]
        runs.update({name[:2]} if prefix else {name[i:i + 2] for i in range(1, len(name) - 1)})
    run, n = runs.most_common(1)[0]
    assert n >= 3, "the sample data should have several names sharing a run"
    return run


def lookup(tab, q: str, **narrow):
    page = tab.goto("registry/")
    page.fill("#xa-registry-q", q)
    for field, value in narrow.items():
        page.select_option(f"#xa-registry-{field}", value)
    page.click("#xa-registry-lookup button[type=submit]")
    page.wait_for_selector("#xa-registry-results .xa-registry-heading, #xa-registry-results .xa-registry-hint")
    return page


def result_numbers(page) -> list[str]:
    return page.eval_on_selector_all("#xa-registry-results li a[href]",
                                     "as => as.map(a => decodeURIComponent(a.pathname.split('/').filter(Boolean).pop()))")


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize("typed", [lambda n: n, str.lower, fullwidth, lambda n: f"  {n} "],
                         ids=["as printed", "lower case", "full-width (IME)", "with spaces"])
def test_a_registration_number_finds_exactly_its_record(tab, typed):
    row = next(r for r in practitioners() if effective(r) == "active")
    page = lookup(tab, typed(row["registration_number"]))
    assert page.inner_text("#xa-registry-results h2") == "找到 1 条登记记录"
    assert result_numbers(page) == [row["registration_number"]]
    item = page.inner_text("#xa-registry-results li")
    assert row["name"] in item and row["registration_number"] in item and "有效" in item
    y, m, d = (int(x) for x in row["valid_to"].split("-"))
    assert f"有效期至 {y}年{m}月{d}日" in item
    # Focus moves to the outcome so a screen reader announces it.
    assert page.evaluate("document.activeElement.classList.contains('xa-registry-heading')")
    assert parse_qs(urlparse(page.url).query)["q"] == [typed(row["registration_number"]).strip()]


def test_a_lookup_fetches_only_the_index_summary_and_one_shard(tab):
    row = practitioners()[0]
    fetched = []
    tab.page.on("request", lambda req: fetched.append(req.url) if "/registry/index/" in req.url else None)
    lookup(tab, row["registration_number"])
    assert sorted(u.split("/registry/index/")[1] for u in fetched)[0] == "meta.json"
    assert len(fetched) == 2 and re.search(r"/number/\d+\.json$", fetched[1])
    assert tab.external == []


@pytest.mark.parametrize("prefix", [True, False], ids=["start of names", "inside names"])
def test_part_of_a_name_finds_every_name_containing_it(tab, prefix):
    rows = practitioners()
    q = shared_run(rows, prefix)
    expected = {r["registration_number"] for r in rows if q in r["name"]}
    page = lookup(tab, q)
    numbers = result_numbers(page)
    assert len(numbers) == len(set(numbers)), "each registration is listed once"
    assert set(numbers) == expected
    assert page.inner_text("#xa-registry-results h2") == f"找到 {len(expected)} 条登记记录"


def test_a_name_indexed_twice_in_one_shard_is_listed_once(tab):
    """A name sits in a shard once per two-character run that hashes there; the result must still list it once."""
    rows = practitioners()
    shards = shard_count(len(rows))

    def repeated(name):
        runs = sorted({name[i:i + 2] for i in range(len(name) - 1)})
        return next((g for g in runs if sum(fnv1a(o) % shards == fnv1a(g) % shards for o in runs) > 1), None)
    q = next(g for g in map(repeated, (r["name"] for r in rows)) if g)
    expected = {r["registration_number"] for r in rows if q in r["name"]}
    numbers = result_numbers(lookup(tab, q))
    assert sorted(numbers) == sorted(expected)


def test_a_name_narrowed_by_qualification_and_street(tab):
    rows = practitioners()
    q = shared_run(rows, prefix=True)
    kind = Counter(r["qualification"] for r in rows if q in r["name"]).most_common(1)[0][0]
    expected = {r["registration_number"] for r in rows if q in r["name"] and r["qualification"] == kind}
    page = lookup(tab, q, kind=kind)
    assert set(result_numbers(page)) == expected
    assert parse_qs(urlparse(page.url).query) == {"q": [q], "kind": [kind]}
    # The link restores the search.
    page = tab.goto(f"registry/?q={q}&kind={kind}&street=")
    page.wait_for_selector("#xa-registry-results .xa-registry-heading")
    assert set(result_numbers(page)) == expected
    assert page.input_value("#xa-registry-kind") == kind


def test_a_suspended_practitioner_shows_as_suspended_in_results_and_on_the_verification_page(tab):
    row = next(r for r in practitioners() if r["status"] == "suspended")
    page = lookup(tab, row["registration_number"])
    badge = page.locator("#xa-registry-results li .xa-status")
    assert badge.count() == 1
    assert "xa-status--suspended" in badge.get_attribute("class")
    assert "暂停执业" in badge.inner_text()
    # An icon as well as colour: the drawn pause bars, the same shape as on the verification page.
    assert badge.locator("svg[aria-hidden=true] path").get_attribute("d") == STATUS_ICONS["suspended"]

    page.click("#xa-registry-results li a")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == row["name"]
    status = page.locator(".xa-verify__status .xa-status--suspended")
    assert status.count() == 1 and "暂停执业" in status.inner_text()


def test_an_unknown_number_explains_why_and_how_to_report(tab):
    known = {r["registration_number"] for r in practitioners()}
    prefix = practitioners()[0]["registration_number"].split("-")[0]
    unknown = next(f"{prefix}-2099-{n:05d}" for n in range(1, 99999) if f"{prefix}-2099-{n:05d}" not in known)
    page = lookup(tab, unknown)
    assert page.inner_text("#xa-registry-results h2") == f"没有找到与“{unknown}”匹配的登记记录"
    text = page.inner_text("#xa-registry-results")
    assert "登记编号" in text and "其他区" in text and "2026年11月22日" in text
    href = page.get_attribute("#xa-registry-results a[href^='#']", "href")
    assert page.locator(href).inner_text() == "查不到怎么办"
    assert result_numbers(page) == []


def test_a_single_latin_letter_asks_for_more(tab):
    page = lookup(tab, "a")
    assert page.inner_text("#xa-registry-results") == "请输入姓氏、姓名，或完整的登记编号"


@pytest.mark.parametrize("typed", ["FTXL2023 00003", "ftxl 2023 00003", "FTXL202300003", "ＦＴＸＬ２０２３　００００３",
                                   "FTXL—2023—00003", "ftxl_2023_00003"])
def test_a_number_is_found_whatever_its_case_dashes_and_spaces(tab, typed):
    page = lookup(tab, typed)
    assert result_numbers(page) == ["FTXL-2023-00003"]


@pytest.mark.parametrize("typed", ["林曉雯", "林曉", "林 晓 雯", "林曉雯 "])
def test_a_name_typed_in_traditional_characters_is_found(tab, typed):
    page = lookup(tab, typed)
    assert "FTXL-2023-00003" in result_numbers(page)
    assert all("林晓" in n for n in page.eval_on_selector_all("#xa-registry-results li > a", "as => as.map(a => a.textContent)"))


def test_a_surname_alone_lists_everyone_with_that_surname(tab):
    rows = practitioners()
    surname = Counter(r["name"][0] for r in rows).most_common(1)[0][0]
    expected = {r["registration_number"] for r in rows if r["name"].startswith(surname)}
    fetched = []
    tab.page.on("request", lambda req: fetched.append(req.url) if "/registry/index/" in req.url else None)
    page = lookup(tab, surname)
    assert set(result_numbers(page)) == expected
    assert page.inner_text("#xa-registry-results h2").startswith(f"姓“{surname}”的登记人员共 {len(expected)} 人")
    assert [u.split("/registry/index/")[1] for u in fetched] == ["meta.json", f"surname/{ord(surname):x}-0.json"]


def test_a_surname_nobody_has_is_not_found_without_fetching_a_shard(tab):
    fetched = []
    tab.page.on("request", lambda req: fetched.append(req.url) if "/registry/index/" in req.url else None)
    page = lookup(tab, "鑫")
    assert "没有找到" in page.inner_text("#xa-registry-results h2")
    assert [u.split("/registry/index/")[1] for u in fetched] == ["meta.json"]


# The page's own registry.js module (the same instance the page runs: a module is evaluated once per URL).
REGISTRY_JS = """(await import(document.querySelector('script[src$="assets/registry.js"]').src))"""


def test_the_shard_hash_matches_the_build(tab):
    page = tab.goto("registry/")
    for text in ["林晓", "FTXL-2023-00003", "𠮷田", "a", ""]:
        assert page.evaluate(f"async t => {REGISTRY_JS}.fnv1a(t)", text) == fnv1a(text), text


def pick_by_status() -> list[dict]:
    rows = practitioners()
    out = {}
    for r in rows:
        out.setdefault(effective(r), r)
    # The case the brief singles out: recorded active, but past valid_to at the reference date.
    assert any(r["status"] == "active" and effective(r) == "expired" for r in rows)
    out["expired"] = next(r for r in rows if r["status"] == "active" and effective(r) == "expired")
    return [out[k] for k in sorted(out)]


@pytest.mark.parametrize("row", pick_by_status(), ids=lambda r: effective(r))
def test_the_verification_page_is_right_without_javascript(no_js, row):
    page = no_js.goto(f"registry/{row['registration_number']}/")
    assert page.locator("h1").inner_text() == row["name"]
    assert row["registration_number"] in page.inner_text(".xa-facts")
    status = page.locator(f".xa-verify__status .xa-status--{effective(row)}")
    assert status.count() == 1
    assert STATUS_LABELS[effective(row)] in status.inner_text()
    assert no_js.external == []


@pytest.mark.parametrize("where", ["lookup after a search", "lookup with no match", "verification page"])
def test_no_serious_accessibility_violation(tab, where):
    row = practitioners()[0]
    if where == "verification page":
        tab.goto(f"registry/{row['registration_number']}/")
    else:
        lookup(tab, row["name"][:2] if where == "lookup after a search" else "ZZ-2099-00001")
    assert serious(tab.axe()) == []
    assert tab.external == []
