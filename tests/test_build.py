"""`xinan build`: layered, reproducible, atomic, self-hosted and private by schema."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from generator.cli import main
from tests.conftest import REPO_ROOT
from generator.schema import PACKAGES, load_descriptor, parse_descriptor
from tests.conftest import CONTENT, DATA, TODAY, build_site, copy_data


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def private_values() -> set[str]:
    values = set()
    for name in PACKAGES:
        spec = parse_descriptor(name, DATA / name, load_descriptor(DATA / name / "datapackage.yaml"))
        for res in spec.resources.values():
            private = [f.name for f in res.private_fields]
            if not private:
                continue
            with open(DATA / name / res.path, encoding="utf-8-sig") as fh:
                for row in csv.DictReader(fh):
                    values.update(row[f] for f in private if row[f] and len(row[f]) >= 6)
    return values


def test_two_builds_with_the_same_reference_date_are_byte_identical(site_dir, tmp_path):
    again = tmp_path / "again"
    build_site(again)
    assert tree_digest(again) == tree_digest(site_dir)


def test_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, capsys):
    out = tmp_path / "site"
    build_site(out)
    before = tree_digest(out)
    data = copy_data(tmp_path)
    path = data / "lectures" / "lectures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("scheduled", "maybe", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["build", "--data", str(data), "--content", str(CONTENT), "--out", str(out),
                 "--today", TODAY.isoformat()])
    assert code == 1
    assert "保持不变" in capsys.readouterr().err
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site") and p.is_dir()] == []  # no scratch folder


def test_no_private_field_value_reaches_the_site_or_the_downloads(site_dir):
    secrets = private_values()
    assert len(secrets) > 300  # the sample really has private values to leak
    leaks = []
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        blobs = [path.read_bytes()]
        if path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(path) as zf:
                blobs = [zf.read(n) for n in zf.namelist()]
        for blob in blobs:
            text = blob.decode("utf-8", errors="ignore")
            leaks += [(str(path.relative_to(site_dir)), v) for v in secrets if v in text]
    assert leaks == []


def test_private_field_names_are_absent_from_published_schemas(site_dir):
    for name in PACKAGES:
        text = (site_dir / "open-data" / name / "datapackage.json").read_text(encoding="utf-8")
        for field in ("id_card_number", "personal_phone", "home_address", "manager_mobile", "manager_name"):
            assert f'"{field}"' not in text


@pytest.mark.parametrize("package", PACKAGES)
def test_every_published_datapackage_passes_frictionless_validate(site_dir, package):
    descriptor = site_dir / "open-data" / package / "datapackage.json"
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    for res in data["resources"]:
        assert res["hash"].startswith("sha256:") and res["bytes"] > 0
    cli = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", str(descriptor)],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stdout[-2000:]


def test_every_station_and_practitioner_and_lecture_has_its_stable_url(site_dir):
    for name, key, prefix in (("stations", "id", "stations"), ("practitioners", "registration_number", "registry"),
                              ("lectures", "id", "lectures")):
        with open(DATA / name / f"{name}.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                assert (site_dir / prefix / row[key] / "index.html").exists(), row[key]


def test_expired_licence_marked_active_shows_as_expired(site_dir):
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["status"] == "active" and r["valid_to"] < TODAY.isoformat())
    html = (site_dir / "registry" / row["registration_number"] / "index.html").read_text(encoding="utf-8")
    assert "xa-status--expired" in html and "已过期" in html
    assert "xa-status--active" not in html


def test_drafts_are_not_published_but_preview_with_drafts(site_dir, tmp_path):
    assert not (site_dir / "articles" / "grief-and-loss").exists()
    assert (site_dir / "articles" / "sleep-and-insomnia" / "index.html").exists()
    preview = tmp_path / "preview"
    build_site(preview, drafts=True)
    assert "草稿预览" in (preview / "articles" / "grief-and-loss" / "index.html").read_text(encoding="utf-8")


def test_pages_reference_no_asset_outside_the_site(site_dir):
    from generator.postbuild import external_assets
    for page in site_dir.rglob("*.html"):
        assert external_assets(page.read_text(encoding="utf-8"), "https://xinan.example.cn/") == [], page


def test_renderer_is_one_line_in_mkdocs_yml_and_a_missing_one_fails_cleanly(tmp_path, capsys, monkeypatch):
    from generator import renderers
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    renderer: properdocs\n" in config
    # A supported renderer that is not installed: the build stops with a message naming it, nothing is written.
    monkeypatch.setitem(renderers.PROFILES, "no-such-renderer", renderers.Renderer("no-such-renderer", None, None))
    broken = REPO_ROOT / f".test-mkdocs-{tmp_path.name}.yml"
    broken.write_text(config.replace("renderer: properdocs", "renderer: no-such-renderer"), encoding="utf-8")
    try:
        out = tmp_path / "site"
        code = main(["--config", str(broken), "build", "--out", str(out), "--today", TODAY.isoformat()])
    finally:
        broken.unlink()
    assert code == 1
    assert "no-such-renderer" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("url, tab, count", [("stations/", "找服务", "83 个站点"), ("lectures/", "讲座", "即将举行")])
def test_the_long_list_pages_are_whole_pages_of_their_nav_tab(site_dir, url, tab, count):
    # The station and lecture lists are stamped into a shell of their own (not parsed as Markdown): they must still
    # be complete theme pages at their URL, with their tab current, their title, description and canonical URL.
    html = (site_dir / url / "index.html").read_text(encoding="utf-8")
    active = re.search(r'md-tabs__item--active">\s*<a href="\./" class="md-tabs__link">\s*([^<]+?)\s*</a>', html)
    assert active and active.group(1) == tab
    assert f"<title>{tab} - " in html
    assert f'<link rel="canonical" href="https://xinan.example.cn/{url}">' in html
    assert re.search(r'<meta name="description" content="福田区[^"]+">', html)
    assert count in html
    assert not re.search("XINANSHELL|URLPATH", html)
