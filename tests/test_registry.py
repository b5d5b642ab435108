"""Registry pages: status from the dates, revoked records keep their page, noindex setting, lookup shards."""
from __future__ import annotations

import csv
import dataclasses
import json

from generator.build import build
from generator.config import load_config
from generator.pages.registry import fnv1a
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY


def rows(**where):
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if all(r[k] == v for k, v in where.items())]


def test_revoked_registration_keeps_a_page_that_says_revoked(site_dir):
    r = rows(status="revoked")[0]
    html = (site_dir / "registry" / r["registration_number"] / "index.html").read_text(encoding="utf-8")
    assert "已撤销" in html and "xa-verify--revoked" in html and "数据截至 2026年11月22日" in html


def test_registry_pages_ask_search_engines_not_to_index_them_when_configured(site_dir, tmp_path):
    number = rows(status="active")[0]["registration_number"]
    assert '<meta name="robots" content="noindex">' in (site_dir / "registry" / number / "index.html").read_text("utf-8")
    config = dataclasses.replace(load_config(REPO_ROOT / "mkdocs.yml"), registry_noindex=False)
    out = tmp_path / "site"
    build(config, DATA, CONTENT, out, TODAY, log=lambda *_: None)
    assert 'content="noindex"' not in (out / "registry" / number / "index.html").read_text("utf-8")


def test_lookup_shards_hold_each_number_in_exactly_its_hashed_shard(site_dir):
    base = site_dir / "registry" / "index"
    meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))
    assert meta["count"] == len(rows())
    for r in rows()[:50]:
        shard = json.loads((base / "number" / f"{fnv1a(r['registration_number']) % meta['shards']}.json").read_text())
        assert [e for e in shard if e[0] == r["registration_number"]][0][1] == r["name"]


def test_lookup_shards_carry_no_private_field(site_dir):
    private = {v for r in rows() for v in (r["id_card_number"], r["personal_phone"], r["home_address"]) if v}
    for path in (site_dir / "registry" / "index").rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert not any(v in text for v in private), path
