"""The /coverage/ page of the sample site: its numbers are the published indicators, its charts are SVG with text."""
from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

from frictionless import Resource, Schema

from generator.opendata import CATALOG


class _Numbers(HTMLParser):
    """Every <a data-key> on the page with the <data value> inside it, and the SVG charts with their text."""

    def __init__(self):
        super().__init__()
        self.numbers: dict[str, list[str]] = {}
        self.hrefs: dict[str, str] = {}
        self.key = None
        self.svgs: list[dict] = []
        self.in_svg = None
        self.tag = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "data-key" in a:
            self.key = a["data-key"]
            self.hrefs[self.key] = a["href"]
            self.numbers.setdefault(self.key, [])
        elif tag == "data" and self.key:
            self.numbers[self.key].append(a["value"])
        elif tag == "svg" and "xa-cov-chart" in (a.get("class") or ""):
            self.in_svg = {"attrs": a, "title": "", "desc": "", "text": [], "hatched": 0}
        if self.in_svg is not None:
            if tag == "rect" and (a.get("fill") or "").startswith("url(#"):
                self.in_svg["hatched"] += 1
        self.tag = tag

    def handle_endtag(self, tag):
        if tag == "a":
            self.key = None
        if tag == "svg" and self.in_svg is not None:
            self.svgs.append(self.in_svg)
            self.in_svg = None

    def handle_data(self, data):
        if self.in_svg is not None and self.tag in ("title", "desc"):
            self.in_svg[self.tag] += data
        elif self.in_svg is not None and self.tag == "text":
            self.in_svg["text"].append(data)


def _page(site_dir) -> _Numbers:
    parser = _Numbers()
    parser.feed((site_dir / "coverage" / "index.html").read_text(encoding="utf-8"))
    return parser


def _published(site_dir) -> list[dict]:
    with open(site_dir / "open-data" / "coverage" / "indicators.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_number_on_the_page_is_the_published_indicator(site_dir):
    page, rows = _page(site_dir), _published(site_dir)
    by_key = {f"{r['code']}:{r['scope']}:{r['area']}": r for r in rows}
    assert page.numbers, "the page shows no indicator"
    for key, values in page.numbers.items():
        assert key in by_key, key
        assert values == ([by_key[key]["value"]] if by_key[key]["value"] else []), key
    # Every district figure and every street figure of the published table is on the page.
    shown = {k for k in by_key if k.split(":")[1] in ("district", "street", "community", "month")}
    assert shown == set(page.numbers)


def test_the_json_equals_the_csv(site_dir):
    rows = _published(site_dir)
    data = json.loads((site_dir / "open-data" / "coverage" / "indicators.json").read_text(encoding="utf-8"))
    assert len(data["indicators"]) == len(rows)
    for r, j in zip(rows, data["indicators"]):
        assert r["value"] == ("" if j["value"] is None else str(j["value"]))
        assert r["met"] == ("" if j["met"] is None else str(j["met"]).lower())


def test_the_indicators_csv_is_valid_against_its_published_table_schema(site_dir):
    folder = site_dir / "open-data" / "coverage"
    schema = Schema.from_descriptor(json.loads((folder / "indicators.schema.json").read_text(encoding="utf-8")))
    report = Resource(path="indicators.csv", basepath=str(folder), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_target_on_the_page_cites_its_source(site_dir):
    html = (site_dir / "coverage" / "index.html").read_text(encoding="utf-8")
    with open("data/coverage/targets.csv", encoding="utf-8") as fh:
        targets = list(csv.DictReader(fh))
    for t in targets:
        section = re.search(rf'<section class="xa-cov-card" id="{t["code"]}".*?</section>', html, re.S)
        assert section, t["code"]
        assert t["source_title"] in section[0] and t["source_clause"] in section[0]


def test_numbers_link_to_what_they_count(site_dir):
    page = _page(site_dir)
    assert page.hrefs["community_rooms:street:yl"] == "../stations/?street=yl&kind=community_room"
    assert page.hrefs["monthly_events:district:"] == "../lectures/#past"
    assert page.hrefs["community_lectures:community:yl/百花"] == "../lectures/?street=yl&community=%E7%99%BE%E8%8A%B1#past"


def test_charts_are_svg_with_a_text_alternative_and_words_not_only_colour(site_dir):
    svgs = _page(site_dir).svgs
    assert len(svgs) >= 2
    for svg in svgs:
        assert svg["attrs"]["role"] == "img" and svg["title"] and svg["desc"]
        words = " ".join(svg["text"])
        if svg["hatched"]:
            assert "未达标" in words or "未达标" in svg["desc"]


def test_the_indicators_are_in_the_catalogue(site_dir):
    catalog = json.loads((site_dir / "open-data" / CATALOG).read_text(encoding="utf-8"))
    urls = [d["dcat:downloadURL"]["@id"] for ds in catalog["dcat:dataset"] for d in ds["dcat:distribution"]]
    for name in ("indicators.csv", "indicators.json", "indicators.schema.json"):
        assert any(u.endswith(f"/open-data/coverage/{name}") for u in urls), name
