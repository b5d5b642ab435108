"""/open-data/: every package downloadable, valid and harvestable; versions that say what changed and a build
that refuses a breaking change without a major version."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from frictionless import Package

from generator import derived, forpeople, opendata, releases
from generator.cli import main
from generator.config import load_config
from generator.context import load_site
from generator.pages import opendata as opendata_pages
from generator.problems import BuildError
from generator.schema import PACKAGES, load_descriptor, parse_descriptor
from generator.templating import make_env
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY, copy_data

SITE_URL = "https://xinan.example.cn/"


# --- helpers -----------------------------------------------------------------------------------------------------

def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def published(site_dir: Path, package: str) -> dict:
    return json.loads((site_dir / "open-data" / package / "datapackage.json").read_text(encoding="utf-8"))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def spec(package: str):
    return parse_descriptor(package, DATA / package, load_descriptor(DATA / package / "datapackage.yaml"))


def page_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    article = re.sub(r'<script type="application/ld\+json">.*?</script>', "", article, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", article))


def publish_copy(data: Path, out: Path):
    """Validate, model and publish a data folder without rendering: the packages and their page Markdown."""
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    packages = opendata.publish(site, out)
    return site, {p.name: p for p in packages}, opendata_pages.docs(site, make_env(), packages)


def edit_descriptor(path: Path, edit) -> None:
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_csv(path: Path, edit) -> None:
    """Apply edit(header, rows) to a CSV in place."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    header, body = edit(header, body)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    path.write_text(buf.getvalue(), encoding="utf-8")


def drop_field(resource: str, name: str):
    def edit(descriptor):
        res = next(r for r in descriptor["resources"] if r["name"] == resource)
        res["schema"]["fields"] = [f for f in res["schema"]["fields"] if f["name"] != name]
    return edit


def set_version(version: str):
    return lambda descriptor: descriptor.update(version=version)


# --- downloads ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_downloads_over_http_and_validates_with_frictionless_including_hashes(server, package):
    url = f"{server}open-data/{package}/datapackage.json"
    report = Package(url).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(fetch(url))
    for res in descriptor["resources"]:
        data = fetch(f"{server}open-data/{package}/{res['path']}")
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_a_download_that_does_not_match_its_published_hash_fails_validation(server, tmp_path):
    for name in ("datapackage.json", "hotlines.csv"):
        (tmp_path / name).write_bytes(fetch(f"{server}open-data/hotlines/{name}"))
    csv_path = tmp_path / "hotlines.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("急救电话", "急救热线"), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert "hash-count" in {e.type for task in report.tasks for e in task.errors}


@pytest.mark.parametrize("package", PACKAGES)
def test_published_schemas_and_every_format_carry_public_fields_only(site_dir, package):
    source = spec(package)
    for res in published(site_dir, package)["resources"]:
        published_spec = derived.spec(source.resources[res["name"]])
        public = [f.name for f in published_spec.public_fields]
        titles = [f.title for f in published_spec.public_fields]
        assert [f["name"] for f in res["schema"]["fields"]] == public
        stem = site_dir / "open-data" / package / res["path"].rsplit(".", 1)[0]
        assert csv_rows((stem.parent / res["path"]).read_bytes())[0] == public
        assert csv_rows(Path(f"{stem}.excel.csv").read_bytes())[0] == titles
        assert all(list(record) == public for record in json.loads(Path(f"{stem}.json").read_text(encoding="utf-8")))
        sheet = openpyxl.load_workbook(f"{stem}.xlsx", read_only=True).worksheets[0]
        assert [c.value for c in next(sheet.iter_rows(max_row=1))] == titles


def test_no_private_value_is_inside_any_workbook(site_dir):
    private = {"440304199606019844", "13800138100", "深圳市福田区园东街55号园东苑11栋2107室"}  # first practitioner's
    for path in (site_dir / "open-data").rglob("*.xlsx"):
        with zipfile.ZipFile(path) as zf:
            text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
        assert not [v for v in private if v in text], path


def test_excel_csv_starts_with_a_bom_and_round_trips_chinese_text(server):
    for package in PACKAGES:
        for res in json.loads(fetch(f"{server}open-data/{package}/datapackage.json"))["resources"]:
            plain = fetch(f"{server}open-data/{package}/{res['path']}")
            excel = fetch(f"{server}open-data/{package}/{res['path'].rsplit('.', 1)[0]}.excel.csv")
            assert excel.startswith(codecs.BOM_UTF8)
            assert not plain.startswith(codecs.BOM_UTF8)
            assert len(csv_rows(excel)) == len(csv_rows(plain))
    text = fetch(f"{server}open-data/stations/streets.excel.csv")[3:].decode("utf-8")
    assert "园岭" in text and "\r\n" in text


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_cell_as_excel(value: str, kind: str) -> str:
    if kind in ("integer", "number") and value:
        number = float(value)
        return str(int(number)) if re.fullmatch(r"-?\d+", value) else repr(number)
    return value


@pytest.mark.parametrize("package", PACKAGES)
def test_xlsx_opens_with_openpyxl_and_has_the_same_rows_as_the_csv(server, tmp_path, package):
    source = spec(package)
    for res in json.loads(fetch(f"{server}open-data/{package}/datapackage.json"))["resources"]:
        rows = csv_rows(fetch(f"{server}open-data/{package}/{res['path']}"))
        path = tmp_path / f"{res['name']}.xlsx"
        path.write_bytes(fetch(f"{server}open-data/{package}/{res['path'].rsplit('.', 1)[0]}.xlsx"))
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        res_spec = derived.spec(source.resources[res["name"]])
        kinds = [res_spec.field(h).type for h in rows[0]]
        got = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        want = [forpeople.header(res_spec, rows[0])] + [
            [_csv_cell_as_excel(v, k) for v, k in zip(r, kinds)] for r in forpeople.rows(res_spec, rows[0], rows[1:])]
        assert got == want
        assert book.sheetnames[1] == "字段说明"
        assert book.properties.modified.date() <= TODAY


def test_xlsx_carries_no_wall_clock_time(tmp_path):
    """Zip entry times and document properties come from the data date, so two builds give identical bytes."""
    res = spec("hotlines").resources["hotlines"]
    stamp = dt.date(2026, 3, 4)
    first = opendata.xlsx(res, ["id", "name"], [["120", "=1+1"]], stamp)
    second = opendata.xlsx(res, ["id", "name"], [["120", "=1+1"]], stamp)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 3, 4, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-03-04T00:00:00Z") == 2  # created and modified
    path = tmp_path / "t.xlsx"
    path.write_bytes(first)
    # Text, never a formula, and neutralised as OWASP advises so that editing the cell cannot turn it into one.
    assert openpyxl.load_workbook(path).worksheets[0]["B2"].value == "'=1+1"
    assert openpyxl.load_workbook(path).worksheets[0]["B2"].data_type == "s"


def _sheet(path: Path, index: int) -> list[list[str]]:
    book = openpyxl.load_workbook(path)
    return [[_cell_text(v) for v in row] for row in book.worksheets[index].iter_rows(values_only=True)]


def test_excel_downloads_show_chinese_titles_and_labels_while_csv_and_json_keep_names_and_codes(site_dir):
    folder = site_dir / "open-data" / "practitioners"
    plain = csv_rows((folder / "practitioners.csv").read_bytes())
    excel = csv_rows((folder / "practitioners.excel.csv").read_bytes())
    sheet = _sheet(folder / "practitioners.xlsx", 0)
    records = json.loads((folder / "practitioners.json").read_text(encoding="utf-8"))
    first = dict(zip(plain[0], plain[1]))
    assert first["qualification"] == "counselor" and records[0]["qualification"] == "counselor"
    assert records[0]["effective_status"] == first["effective_status"] == "active"
    for people in (dict(zip(excel[0], excel[1])), dict(zip(sheet[0], sheet[1]))):
        assert people["资质类别"] == "心理咨询师" and people["登记状态"] == "有效" and people["当前登记状态"] == "有效"
        assert people["服务语言"] == "普通话"
        assert people["擅长领域"] == ";".join({"anxiety": "焦虑", "sleep": "睡眠", "family": "婚姻家庭",
                                               "workplace": "职场"}[c] for c in first["specialties"].split(";"))
    stations = dict(zip(*csv_rows((site_dir / "open-data" / "stations" / "stations.excel.csv").read_bytes())[:2]))
    assert stations["非急救服务"] in ("是", "否")  # booleans read as words


def test_xlsx_field_sheet_documents_every_published_field_with_codes(site_dir):
    res = derived.spec(spec("practitioners").resources["practitioners"])
    rows = _sheet(site_dir / "open-data" / "practitioners" / "practitioners.xlsx", 1)
    assert rows[0] == list(forpeople.FIELD_SHEET_HEADER)
    assert [r[1] for r in rows[1:]] == [f.name for f in res.public_fields]
    by_name = {r[1]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_name["qualification"]["中文名"] == "资质类别"
    assert "counselor = 心理咨询师" in by_name["qualification"]["代码及含义"]
    assert "expired = 已过期" in by_name["effective_status"]["代码及含义"]
    assert "数据日期" in by_name["effective_status"]["说明"]
    assert by_name["valid_to"]["类型"] == "日期" and by_name["registration_number"]["必填"] == "是"


def test_effective_status_column_equals_what_the_registry_pages_show_in_every_format(site_dir):
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, TODAY)
    folder = site_dir / "open-data" / "practitioners"
    plain = csv_rows((folder / "practitioners.csv").read_bytes())
    column = {r[0]: r[plain[0].index("effective_status")] for r in plain[1:]}
    assert column == {k: p.effective_status for k, p in site.practitioners.items()}
    records = json.loads((folder / "practitioners.json").read_text(encoding="utf-8"))
    assert {r["registration_number"]: r["effective_status"] for r in records} == column
    stale = [k for k, p in site.practitioners.items() if p.status == "active" and p.effective_status == "expired"]
    assert stale  # the sample has registrations the source still calls active
    page = (site_dir / "registry" / stale[0] / "index.html").read_text(encoding="utf-8")
    assert "已过期" in page
    field = next(f for f in published(site_dir, "practitioners")["resources"][0]["schema"]["fields"]
                 if f["name"] == "effective_status")
    assert field[derived.MARK] is True and "数据日期" in field["description"]
    assert [c["value"] for c in field["categories"]] == field["constraints"]["enum"]


def test_a_derived_column_changing_with_the_data_date_is_not_a_change_since_the_release(tmp_path):
    later = TODAY + dt.timedelta(days=800)
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, later)
    package = opendata.publish_package(site, "practitioners", tmp_path / "practitioners")
    assert package.changelog.status == "unchanged"
    rows = csv_rows((tmp_path / "practitioners" / "practitioners.csv").read_bytes())
    now = csv_rows((DATA.parent / "data" / "practitioners" / "practitioners.csv").read_bytes())
    assert sum(r[-1] == "expired" for r in rows[1:]) > sum(r[5] == "expired" for r in now[1:])


def test_people_labels_keep_unknown_codes_and_formula_like_text_as_text():
    f = spec("practitioners").resources["practitioners"].field("specialties")
    assert forpeople.label("anxiety;unknown", f) == "焦虑;unknown"
    assert forpeople.label("=1+1", f) == "=1+1"
    assert forpeople.label("", f) == ""


def test_json_download_types_values_by_schema(site_dir):
    records = json.loads((site_dir / "open-data" / "stations" / "stations.json").read_text(encoding="utf-8"))
    first = records[0]
    assert isinstance(first["staff_count"], int) and isinstance(first["not_emergency"], bool)
    assert isinstance(first["phones"], list) and isinstance(first["latitude"], float)
    assert any(r["hours_exceptions"] is None for r in records)


def test_whole_package_zip_is_a_valid_data_package(site_dir, tmp_path):
    with zipfile.ZipFile(site_dir / "open-data" / "stations" / "stations.zip") as zf:
        zf.extractall(tmp_path)
    names = sorted(p.name for p in (tmp_path / "stations").iterdir())
    assert names == ["datapackage.json", "stations.csv", "streets.csv"]
    assert Package(str(tmp_path / "stations" / "datapackage.json")).validate().valid


# --- harvesting --------------------------------------------------------------------------------------------------

def test_catalog_jsonld_parses_as_json_ld_and_names_every_distribution(site_dir):
    from pyld import jsonld
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    text = (site_dir / "open-data" / "catalog.jsonld").read_text(encoding="utf-8")
    assert jsonld.expand(json.loads(text))  # the context is inline: no network needed
    graph = Graph().parse(data=text, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, dcat.Catalog))
    assert len(catalogs) == 1
    datasets = set(graph.objects(catalogs[0], dcat.dataset))
    assert len(datasets) == len(PACKAGES)
    for package in PACKAGES:
        dataset = URIRef(f"{SITE_URL}open-data/{package}/")
        assert dataset in datasets
        title = graph.value(dataset, DCTERMS.title)
        assert title.language == "zh" and title == Literal(published(site_dir, package)["title"], lang="zh")
        for prop in (DCTERMS.description, DCTERMS.license, DCTERMS.publisher, DCTERMS.modified):
            assert graph.value(dataset, prop) is not None, (package, prop)
        urls = {graph.value(d, dcat.downloadURL) for d in graph.objects(dataset, dcat.distribution)}
        folder = site_dir / "open-data" / package
        # The change feed (changes.xml) describes the releases; it is not a distribution of the data.
        files = {URIRef(f"{SITE_URL}open-data/{package}/{p.name}") for p in folder.iterdir()
                 if p.is_file() and p.name not in ("index.html", "changes.xml")}
        assert files | {URIRef(f"{SITE_URL}open-data/xinan.sqlite")} == urls  # the database holds every package
        for dist in graph.objects(dataset, dcat.distribution):
            assert graph.value(dist, dcat.mediaType) and graph.value(dist, DCTERMS["format"])


@pytest.mark.parametrize("package", PACKAGES)
def test_every_dataset_page_embeds_a_schema_org_dataset(site_dir, package):
    html = (site_dir / "open-data" / package / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = next(d for d in map(json.loads, blocks) if d.get("@type") == "Dataset")
    assert data["name"] == published(site_dir, package)["title"]
    assert data["version"] == published(site_dir, package)["version"]
    assert data["license"].startswith("https://creativecommons.org/")
    for dist in data["distribution"]:
        assert dist["contentUrl"].startswith(f"{SITE_URL}open-data/{package}/")
        assert (site_dir / dist["contentUrl"][len(SITE_URL):]).is_file()


# --- pages -------------------------------------------------------------------------------------------------------

def test_catalogue_lists_every_package_with_version_update_licence_counts_and_sample_notice(site_dir):
    html = (site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    text = page_text(site_dir / "open-data" / "index.html")
    for package in PACKAGES:
        descriptor = published(site_dir, package)
        section = re.search(rf'<section aria-labelledby="pkg-{package}">.*?</section>', html, re.S).group(0)
        assert descriptor["title"] in section and descriptor["version"] in section
        assert descriptor["licenses"][0]["title"] in section
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">\d{4}年\d+月\d+日</time>', section)
        rows = sum(len(csv_rows((site_dir / "open-data" / package / r["path"]).read_bytes())) - 1
                   for r in descriptor["resources"])
        counts = [int(n) for n in re.findall(r"(\d+) 条", section)]
        assert sum(counts) == rows
        assert ("示例数据" in section) == bool(descriptor["xinan"]["sample"])
    assert "catalog.jsonld" in text


def test_dataset_page_documents_every_public_field_foreign_keys_preview_and_downloads(site_dir):
    page = site_dir / "open-data" / "lectures" / "index.html"
    html, text = page.read_text(encoding="utf-8"), page_text(page)
    for field in spec("lectures").resources["lectures"].public_fields:
        assert f"<th scope=\"row\"><code>{field.name}</code></th><td>{field.title}</td>" in html
    assert "进社区" in text and "l-2026-0042" in text  # a category label and an example
    assert "station（举办站点）的值是“心理服务站点名录（示例数据）”数据包中“服务站点”表（stations）中某条记录的id（站点编号）" in text
    assert "可以留空" in text
    first_id = csv_rows((DATA / "lectures" / "lectures.csv").read_bytes())[1][0]
    assert f"<td>{first_id}</td>" in html  # preview
    for name in ("lectures.csv", "lectures.excel.csv", "lectures.xlsx", "lectures.json", "lectures.ics", "lectures.zip",
                 "datapackage.json"):
        assert f'href="{name}"' in html
    stations = page_text(site_dir / "open-data" / "stations" / "index.html")
    assert "本数据包“服务站点”表（stations）的street（所属街道）引用本表的id" in stations


def test_sample_changelog_says_no_changes_since_its_newest_release(site_dir):
    for package in PACKAGES:
        text = page_text(site_dir / "open-data" / package / "changelog" / "index.html")
        newest = releases.stored_versions(DATA / "releases" / package)[-1]
        assert f"自 {newest} 版发布以来没有更改" in text
        assert "首次发布" in text


# --- releases and versions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("release", sorted((DATA / "releases").glob("*/*/datapackage.json")),
                         ids=lambda p: f"{p.parent.parent.name}-{p.parent.name}")
def test_every_stored_release_is_a_valid_public_data_package(release):
    assert Package(str(release)).validate().valid
    descriptor = json.loads(release.read_text(encoding="utf-8"))
    assert descriptor["version"] == release.parent.name
    source = spec(release.parent.parent.name)
    for res in descriptor["resources"]:
        # An older release may have fewer fields (a minor version adds some); none of them is private.
        fields = [f["name"] for f in res["schema"]["fields"]]
        assert csv_rows((release.parent / res["path"]).read_bytes())[0] == fields
        assert not {f.name for f in source.resources[res["name"]].private_fields} & set(fields)


def test_the_sample_is_kept_as_release_1_0_0_of_every_package():
    assert all("1.0.0" in releases.stored_versions(DATA / "releases" / p) for p in PACKAGES)


def withdraw(resource: str, name: str):
    """Mark a field `public: false`: it stays in the source data but leaves the published schema."""
    def edit(descriptor):
        res = next(r for r in descriptor["resources"] if r["name"] == resource)
        next(f for f in res["schema"]["fields"] if f["name"] == name)["public"] = False
    return edit


def version_line(path: Path) -> int:
    return next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("version:"))


def test_removing_a_field_without_a_major_version_bump_fails_the_build_naming_the_field(tmp_path, capsys):
    data = copy_data(tmp_path)
    descriptor = data / "stations" / "datapackage.yaml"
    edit_descriptor(descriptor, withdraw("stations", "verified_source"))
    out = tmp_path / "site"
    code = main(["build", "--data", str(data), "--content", str(CONTENT), "--out", str(out),
                 "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert f"{descriptor}:{version_line(descriptor)}:verified_source: 错误: stations 表删除字段 verified_source" in err
    assert "请把 version 从 1.1.0 升为 2.0.0" in err


def test_the_version_rule_reads_descriptors_alone_so_validation_can_report_a_removed_field(tmp_path):
    data = copy_data(tmp_path)
    path = data / "hotlines" / "datapackage.yaml"
    edit_descriptor(path, drop_field("hotlines", "source"))
    report = releases.check_package(parse_descriptor("hotlines", data / "hotlines", load_descriptor(path)), data)
    assert [str(p) for p in report.errors] == [
        f"{path}:{version_line(path)}:source: 错误: hotlines 表删除字段 source（原为 string），这是不兼容的更改："
        "请把 version 从 1.0.0 升为 2.0.0（主版本号加 1），或撤回这项更改"]
    edit_descriptor(path, set_version("2.0.0"))
    assert releases.check_package(parse_descriptor("hotlines", data / "hotlines", load_descriptor(path)), data).ok


def test_retyping_a_field_without_a_major_version_bump_fails_naming_the_field(tmp_path):
    data = copy_data(tmp_path)

    def retype(descriptor):
        field = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == "priority")
        field.update(type="string", example="1", constraints={"required": True})
    edit_descriptor(data / "hotlines" / "datapackage.yaml", retype)
    with pytest.raises(BuildError) as exc:
        publish_copy(data, tmp_path / "out")
    [problem] = exc.value.report.errors
    assert (problem.field, problem.path) == ("priority", str(data / "hotlines" / "datapackage.yaml"))
    assert "类型由 integer 改为 string" in problem.message


def test_a_version_lower_than_the_last_release_fails_the_build(tmp_path):
    data = copy_data(tmp_path)
    edit_descriptor(data / "stations" / "datapackage.yaml", set_version("0.9.0"))
    with pytest.raises(BuildError) as exc:
        publish_copy(data, tmp_path / "out")
    assert [p.field for p in exc.value.report.errors] == ["version"]
    assert "低于已发布的 1.1.0" in exc.value.report.errors[0].message


def test_removing_a_field_with_a_major_version_bump_publishes_and_the_changelog_lists_it(tmp_path):
    data = copy_data(tmp_path)
    edit_descriptor(data / "stations" / "datapackage.yaml",
                    lambda d: (withdraw("stations", "verified_source")(d), set_version("2.0.0")(d)))
    _, packages, pages = publish_copy(data, tmp_path / "out")
    log = packages["stations"].changelog
    assert log.status == "upcoming" and [c.kind for c in log.diff.schema] == ["field-removed"]
    page = pages["open-data/stations/changelog/index.md"]
    assert "2.0.0 版相对上一个发布版本 1.1.0 有以下更改" in page
    assert "不兼容更改：</strong>stations 表删除字段 verified_source" in page
    assert all(r.empty for r in log.diff.resources)  # the other fields' values did not change
    header = csv_rows((tmp_path / "out" / "open-data" / "stations" / "stations.csv").read_bytes())[0]
    assert "verified_source" not in header


def test_changelog_lists_records_added_retired_and_changed_by_primary_key(tmp_path):
    data = copy_data(tmp_path)

    def edit(header, rows):
        number, name, phone = (header.index(k) for k in ("registration_number", "name", "personal_phone"))
        status, ended, reason = (header.index(k) for k in ("status", "ended_on", "end_reason"))
        # A released row cannot be deleted (validate refuses it); it is retired instead.
        rows[5][status], rows[5][ended], rows[5][reason] = "ended", "2026-11-20", "本人申请注销"
        rows[0][name] = "林晓雯（已更名）"
        rows[1][phone] = "13900000000"  # a private field: not published, so not a change
        added = list(rows[2])
        added[number] = "FTXL-2026-99999"
        rows.append(added)
        return header, rows
    edit_csv(data / "practitioners" / "practitioners.csv", edit)
    rows = csv_rows((DATA / "practitioners" / "practitioners.csv").read_bytes())
    site, packages, pages = publish_copy(data, tmp_path / "out")
    log = packages["practitioners"].changelog
    assert log.status == "unreleased" and log.diff.schema == []
    [res] = log.diff.resources
    assert [c.key for c in res.added] == ["FTXL-2026-99999"]
    assert res.removed == []
    assert [(c.key, c.fields) for c in res.changed] == [
        (rows[1][0], [("name", "林晓雯", "林晓雯（已更名）")]),
        (rows[6][0], [("status", rows[6][5], "ended"), ("ended_on", "", "2026-11-20"), ("end_reason", "", "本人申请注销")])]
    assert site.report.warnings == [w for w in site.report.warnings if w.code != "version"]
    page = pages["open-data/practitioners/changelog/index.md"]
    assert "自 1.1.0 版发布以来有以下更改，尚未作为新版本发布" in page
    assert "新增 1 条，删除 0 条，修改 2 条" in page
    assert "“林晓雯” → “林晓雯（已更名）”" in page and "FTXL-2026-99999" in page and rows[6][0] in page
    assert "13900000000" not in page


def test_adding_a_field_is_a_minor_change_that_warns_without_a_minor_bump(tmp_path):
    data = copy_data(tmp_path)

    def add(descriptor):
        descriptor["resources"][0]["schema"]["fields"].append(
            {"name": "note", "title": "备注", "type": "string", "description": "补充说明。"})
    edit_descriptor(data / "stations" / "datapackage.yaml", add)
    edit_csv(data / "stations" / "streets.csv", lambda h, rows: (h + ["note"], [r + [""] for r in rows]))
    site, packages, _ = publish_copy(data, tmp_path / "out")
    assert packages["stations"].changelog.diff.level == releases.MINOR
    [warning] = [w for w in site.report.warnings if w.code == "version"]
    assert warning.field == "note" and "升为 1.2.0" in warning.message


def test_schema_comparison_grades_changes_by_semantic_version():
    def snapshot(fields, key=("id",), version="1.0.0"):
        res = {"name": "t", "path": "t.csv", "schema": {"fields": fields, "primaryKey": list(key)}}
        return releases.Snapshot(version, {"name": "p", "version": version, "resources": [res]}, {})

    base = [{"name": "id", "type": "string"}, {"name": "n", "type": "integer", "title": "数量"}]
    kinds = lambda new, **kw: {(c.kind, c.level) for c in releases.compare(snapshot(base), snapshot(new, **kw)).schema}
    assert kinds(base[:1]) == {("field-removed", releases.MAJOR)}
    assert kinds([base[0], {**base[1], "type": "number"}]) == {("field-retyped", releases.MAJOR)}
    assert kinds([*base, {"name": "m", "type": "string"}]) == {("field-added", releases.MINOR)}
    assert kinds([base[0], {**base[1], "constraints": {"minimum": 0}}]) == {("constraints", releases.MINOR)}
    assert kinds([base[0], {**base[1], "title": "件数"}]) == {("described", releases.PATCH)}
    assert kinds(base, key=("n",)) == {("primary-key", releases.MAJOR)}


def test_cutting_a_release_stores_it_and_the_next_build_reports_no_changes_since_it(tmp_path):
    data = copy_data(tmp_path)
    edit_csv(data / "practitioners" / "practitioners.csv",
             lambda h, rows: (h, [*rows[:-1], [*rows[-1][:1], rows[-1][1] + "（更名）", *rows[-1][2:]]]))
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    with pytest.raises(releases.ReleaseError) as refused:
        opendata.cut_release(site, ("practitioners",))
    assert "practitioners" in str(refused.value) and "请先提高 version" in str(refused.value)
    assert releases.stored_versions(data / "releases" / "practitioners") == ["1.0.0", "1.1.0"]

    edit_descriptor(data / "practitioners" / "datapackage.yaml", set_version("1.1.1"))
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    lines = opendata.cut_release(site)
    assert any("practitioners: 已保存版本 1.1.1" in line for line in lines)
    assert sum("已发布且没有更改，跳过" in line for line in lines) == len(PACKAGES) - 1  # every package but practitioners
    stored = data / "releases" / "practitioners" / "1.1.1"
    assert sorted(p.name for p in stored.iterdir()) == ["datapackage.json", "practitioners.csv"]
    assert Package(str(stored / "datapackage.json")).validate().valid

    _, packages, pages = publish_copy(data, tmp_path / "out")
    log = packages["practitioners"].changelog
    assert log.status == "unchanged" and log.base.version == "1.1.1"
    assert [(d.base, d.target, d.counts["changed"]) for d in log.history][0] == ("1.1.0", "1.1.1", 1)
    page = pages["open-data/practitioners/changelog/index.md"]
    assert "自 1.1.1 版发布以来没有更改" in page and "相对 1.1.0：新增 0 条、删除 0 条、修改 1 条记录" in page


# --- last updated ------------------------------------------------------------------------------------------------

def test_last_updated_outside_git_is_the_newest_verification_date_else_the_reference_date(tmp_path):
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), copy_data(tmp_path), CONTENT, TODAY)
    newest = max(s.verified_on for s in site.stations.values())
    assert opendata.last_updated(site, "stations") == newest < TODAY
    assert opendata.last_updated(site, "hotlines") == TODAY


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_last_updated_in_git_is_the_last_commit_of_the_package_folder_or_today_while_edits_are_uncommitted(tmp_path):
    data = copy_data(tmp_path)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.cn", "GIT_AUTHOR_DATE": "2026-10-01T12:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-10-01T12:00:00+08:00", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def git(*args):
        subprocess.run(["git", "-C", str(data), *args], check=True, capture_output=True, env=env)
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "data")
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY)
    assert opendata.last_updated(site, "hotlines") == dt.date(2026, 10, 1)
    path = data / "hotlines" / "hotlines.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert opendata.last_updated(site, "hotlines") == TODAY
    assert opendata.last_updated(site, "lectures") == dt.date(2026, 10, 1)
