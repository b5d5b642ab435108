"""What a page is made from is what its key and its kind's READS say (the rebuilds of `xinan serve` keep a record
page whose key is unchanged, and a kind's pages and files whose READS packages are unchanged: generator/
incremental/). Checked by changing rows and looking at what the reader gets:

* a record page whose key did not change shows exactly what it showed before, whichever rows changed;
* a kind's record pages and files do not change when only packages outside its READS change.

Rows are changed in place and the site modelled again from them (context._model), so a round takes a second. A row
is changed by giving it, in every field but its primary key, the values of the next row of its table: the values
stay valid (codes, foreign keys, dates) and most of what the row shows changes. The hotlines and the holidays are
not changed here: every page's chrome names the crisis line and station pages read the holiday calendar, so both
are part of every key's base (fingerprints.Inputs "common")."""
from __future__ import annotations

import copy
import inspect

import pytest

from generator import context, kinds
from generator.caches import Caches
from generator.config import load_config
from generator.pages import everything, registry
from generator.problems import Report
from generator.templating import make_env
from tests.conftest import CONFIG, CONTENT, DATA, TODAY

BASE_PACKAGES = {"hotlines", "holidays"}  # in every key's base (see above)
ROUNDS = 4  # row 0, 1, 2, 3 of every table changed at once in each round
KEYED = [k for k in kinds.KINDS if "want" in inspect.signature(k.records).parameters
         and inspect.signature(k.records).parameters["want"].default is everything]


@pytest.fixture(scope="module")
def sample():
    return context.load_site(load_config(CONFIG), DATA, CONTENT, TODAY)


def remodel(sample, packages, i: int):
    """The sample site modelled again with row `i` of every table of `packages` given the next row's values."""
    tables = copy.copy(sample.tables)
    tables.rows = {key: [dict(r) for r in rows] for key, rows in sample.tables.rows.items()}
    tables.stamps = {}
    for (package, resource), rows in tables.rows.items():
        if package not in packages or len(rows) < 2:
            continue
        keep = {*tables.specs[package].resources[resource].primary_key, "_row"}
        row, donor = rows[i % len(rows)], rows[(i + 1) % len(rows)]
        row.update({f: v for f, v in donor.items() if f not in keep})
    articles = [*sample.articles.values(), *sample.drafts.values()]
    site = context._model(sample.config, sample.today, tables, Report(), articles, False, Caches())
    site.questionnaires, site.words = sample.questionnaires, sample.words
    return site


def record_pages(site, kind) -> tuple[dict[str, bytes], dict[str, tuple]]:
    """Each record page's key, and what a reader gets of it (title, description, head and content)."""
    keys: dict[str, bytes] = {}

    def want(url, key) -> bool:
        keys[url] = key()
        return True
    pages = {r.url: (r.title, r.description, r.head, r.content) for r in kind.records(site, make_env(), want)}
    return keys, pages


def kind_files(site, kind) -> dict[str, bytes]:
    files = {}
    kind.files(site, lambda rel, data: files.__setitem__(rel, data))
    return files


def unkeyed_changes(sample, kind, packages) -> tuple[list[str], int]:
    """Record pages of `kind` that changed although their key did not, over ROUNDS rounds of changed rows; and how
    many pages did change (with their key), so that a round that changes nothing is noticed."""
    keys0, pages0 = record_pages(sample, kind)
    wrong, changed = [], 0
    for i in range(ROUNDS):
        keys, pages = record_pages(remodel(sample, packages, i), kind)
        for url in pages0.keys() & pages.keys():
            if pages[url] != pages0[url]:
                changed += 1
                if keys[url] == keys0[url]:
                    wrong.append(f"round {i}: {url}")
    return wrong, changed


@pytest.mark.parametrize("kind", KEYED, ids=lambda k: k.NAME)
def test_a_record_page_whose_key_is_unchanged_shows_what_it_showed(sample, kind):
    wrong, changed = unkeyed_changes(sample, kind, set(kind.READS) - BASE_PACKAGES)
    assert wrong == []
    assert changed > 0


def test_the_key_check_finds_a_key_that_leaves_out_a_row_the_page_shows(sample, monkeypatch):
    # The registry's key without the station: a practitioner's page shows the station's name and address.
    real = registry.rows_key
    monkeypatch.setattr(registry, "rows_key", lambda site, practitioner, *rest: real(site, practitioner))
    wrong, _ = unkeyed_changes(sample, registry, {"stations"})
    assert wrong


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.NAME)
def test_a_kind_s_pages_and_files_do_not_change_with_packages_it_does_not_read(sample, kind):
    others = {p for p in sample.specs if p not in kind.READS} - BASE_PACKAGES
    if not others:
        pytest.skip(f"{kind.NAME} reads every package")
    _, pages0 = record_pages(sample, kind)
    files0 = kind_files(sample, kind)
    for i in range(ROUNDS):
        site = remodel(sample, others, i)
        assert record_pages(site, kind)[1] == pages0
        assert kind_files(site, kind) == files0


def test_the_reads_check_can_fail(sample):
    # The registry reads the stations: changing them changes its pages.
    assert record_pages(remodel(sample, {"stations"}, 0), registry)[1] != record_pages(sample, registry)[1]
