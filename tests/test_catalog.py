"""The DCAT catalogue: catalogue metadata set and validated in the descriptors, shown on the dataset pages, and
conformant to the official DCAT-AP 3.0.1 SHACL shapes (vendored in tests/vendor/dcat-ap-3.0.1/)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyshacl
import pytest
import rdflib
import yaml
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from generator import catalogmeta
from generator.cli import main
from generator.schema import PACKAGES, load_descriptor, parse_descriptor
from tests.conftest import CONTENT, DATA, TODAY, copy_data

SHAPES = Path(__file__).parent / "vendor" / "dcat-ap-3.0.1"
SITE_URL = "https://xinan.example.cn/"


def shapes(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def results(data: rdflib.Graph, shape_graph: rdflib.Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every validation result."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shape_graph, inference="none", allow_warnings=True)
    return sorted((str(report.value(r, SH.resultSeverity)), str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultMessage))) for r in report.subjects(RDF.type, SH.ValidationResult))


def catalogue(site_dir: Path) -> dict:
    return json.loads((site_dir / "open-data" / "catalog.jsonld").read_text(encoding="utf-8"))


def graph(data: dict) -> rdflib.Graph:
    return rdflib.Graph().parse(data=json.dumps(data), format="json-ld")


@pytest.fixture(scope="module")
def violation_shapes() -> rdflib.Graph:
    return shapes("shapes.ttl", "range.ttl")


def test_catalogue_passes_the_dcat_ap_3_0_1_shapes_with_zero_violations(site_dir, violation_shapes):
    assert results(graph(catalogue(site_dir)), violation_shapes) == []


def test_catalogue_has_no_warning_of_the_recommended_dcat_ap_shapes(site_dir):
    assert results(graph(catalogue(site_dir)), shapes("shapes_recommended.ttl")) == []


def test_the_shapes_catch_a_landing_page_without_its_class(site_dir, violation_shapes):
    data = catalogue(site_dir)
    first = data["dcat:dataset"][0]
    first["dcat:landingPage"].pop("@type")
    found = results(graph(data), violation_shapes)
    assert [(severity.rsplit("#", 1)[1], focus) for severity, focus, _ in found] == [("Violation", first["@id"])]


def test_catalogue_carries_frequency_coverage_theme_contact_openness_and_file_dates(site_dir):
    g = graph(catalogue(site_dir))
    xinan = rdflib.Namespace(f"{SITE_URL}open-data/#")
    catalog = next(g.subjects(RDF.type, DCAT.Catalog))
    assert g.value(catalog, DCTERMS.issued) is not None
    assert str(g.value(catalog, DCAT.themeTaxonomy)) == catalogmeta.THEME_SCHEME
    datasets = {str(g.value(d, DCTERMS.identifier)): d for d in g.subjects(RDF.type, DCAT.Dataset)}
    assert sorted(datasets) == sorted(PACKAGES)
    lectures = datasets["lectures"]
    assert str(g.value(lectures, DCTERMS.accrualPeriodicity)).endswith("/frequency/WEEKLY")
    assert str(g.value(lectures, xinan.openness)) == "无条件开放"
    assert str(g.value(lectures, DCTERMS.accessRights)).endswith("/access-right/PUBLIC")
    assert {str(t).rsplit("/", 1)[1] for t in g.objects(lectures, DCAT.theme)} == {"HEAL", "EDUC"}
    period = g.value(lectures, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) == "2026-05-01"
    place = g.value(lectures, DCTERMS.spatial)
    assert str(g.value(place, DCAT.bbox)).startswith("POLYGON((113.995 22.5,")
    assert str(g.value(place, DCAT.centroid)) == "POINT(114.0575 22.5525)"
    contact = g.value(lectures, DCAT.contactPoint)
    assert str(g.value(contact, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) == \
        "mailto:xinan-data@example.cn"
    for dist in g.objects(lectures, DCAT.distribution):
        assert g.value(dist, DCTERMS.modified) is not None and g.value(dist, DCAT.byteSize) is not None
        assert g.value(dist, DCTERMS.description) is not None


def test_dataset_page_shows_the_catalogue_metadata(site_dir):
    html = (site_dir / "open-data" / "practitioners" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    for words in ("开放类型无条件开放", "更新频率每月", "时间范围2019年7月1日 至 今", "主题卫生健康、人口和社会",
                  "联系方式心安项目组（示例）开放数据联系人：xinan-data@example.cn", "空间范围深圳市福田区"):
        assert words in text
    index = (site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'id="openness"' in index and "xinan:openness" in index


def _spec(descriptor: dict):
    return parse_descriptor("lectures", DATA / "lectures", descriptor)


def test_every_catalogue_metadata_problem_is_reported_at_once_with_its_field():
    descriptor = load_descriptor(DATA / "lectures" / "datapackage.yaml")
    descriptor["catalog"] = {"frequency": "SOMETIMES", "themes": ["HEALTH"], "openness": "不予开放",
                             "temporal": {"start": "2026-13-01"}, "contact": {"name": "", "email": "not-an-email"}}
    report = catalogmeta.check(_spec(descriptor))
    assert {(p.field, p.code, p.severity) for p in report.problems} == {
        (f, "catalog", "error") for f in ("catalog.frequency", "catalog.themes", "catalog.openness",
                                          "catalog.temporal.start", "catalog.contact.name", "catalog.contact.email")}
    assert all(p.path.endswith("lectures/datapackage.yaml") for p in report.problems)


def test_a_descriptor_without_catalogue_metadata_is_refused():
    descriptor = load_descriptor(DATA / "lectures" / "datapackage.yaml")
    del descriptor["catalog"]
    assert [p.field for p in catalogmeta.check(_spec(descriptor)).problems] == ["catalog"]


def test_a_period_ending_before_it_starts_is_refused():
    descriptor = load_descriptor(DATA / "lectures" / "datapackage.yaml")
    descriptor["catalog"]["temporal"] = {"start": "2026-05-01", "end": "2026-04-30"}
    assert [p.field for p in catalogmeta.check(_spec(descriptor)).problems] == ["catalog.temporal.end"]


def test_validate_reports_a_bad_update_frequency_and_exits_1(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "hotlines" / "datapackage.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("frequency: IRREG", "frequency: HOURLY"),
                    encoding="utf-8")
    code = main(["validate", "--data", str(data), "--content", str(CONTENT), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 1
    assert "hotlines/datapackage.yaml" in err and "catalog.frequency" in err and "Traceback" not in err


def test_the_catalogue_links_each_dataset_and_itself_to_its_atom_change_feed(site_dir):
    graph = rdflib.Graph().parse(data=json.dumps(catalogue(site_dir)), format="json-ld", base=SITE_URL)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) >= 5
    for dataset in datasets:
        [feed] = graph.objects(dataset, rdflib.RDFS.seeAlso)
        assert str(feed) == f"{dataset}changes.xml"
        assert (site_dir / str(feed).removeprefix(SITE_URL)).is_file()
    [catalog_node] = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(graph.value(catalog_node, rdflib.RDFS.seeAlso)) == f"{SITE_URL}open-data/changes.xml"
