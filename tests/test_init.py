"""`xinan init` starts a district's site that validates and builds at once, with every setting explained, the data
packages' schemas, the real crisis lines and the editorial files; it never writes into a folder in use."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import datacontract, init
from generator.schema import DESCRIPTOR, PACKAGES, REFERENCE_PACKAGES
from tests.conftest import CONFIG, DATA, TODAY

XINAN = Path(sys.executable).parent / "xinan"
OPTIONS = ("--district", "临江区", "--city", "江城市", "--bounds", "30.10,120.00,30.30,120.30",
           "--site-url", "https://xinan.linjiang.example.org", "--email", "xinan@linjiang.example.org")


def xinan(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(XINAN), *args, "--today", TODAY.isoformat()], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("init")
    result = xinan(home, "init", "linjiang", *OPTIONS)
    assert result.returncode == 0, result.stderr
    assert "xinan validate" in result.stdout and "README.md" in result.stdout
    return home / "linjiang"


@pytest.fixture(scope="module")
def built(new_site) -> Path:
    result = xinan(new_site, "build")
    assert result.returncode == 0, result.stderr
    return new_site / "site"


def test_the_new_site_validates_at_once_with_no_contract_or_data_warning(new_site):
    result = xinan(new_site, "validate")
    assert result.returncode == 0, result.stderr
    assert "校验通过（数据日期 2026-11-22）：0 个站点，0 名从业人员，0 场讲座，1 篇已发布文章" in result.stdout
    # The only warnings are the screening questionnaires' sample wording, which a reviewer must replace.
    warnings = [line for line in result.stderr.splitlines() if "警告" in line]
    assert warnings and all("wording: sample" in line for line in warnings), warnings


def test_the_new_site_builds_into_its_own_folder_with_the_district_named(built, new_site):
    assert (built / "index.html").is_file()
    for page in ("stations", "registry", "lectures", "articles/how-to-find-help", "about", "privacy",
                 "screening/phq-9", "open-data/stations"):
        assert (built / page / "index.html").is_file(), page
    about = (built / "about" / "index.html").read_text(encoding="utf-8")
    assert "江城市临江区社会心理服务网站" in about and "福田" not in about
    article = (built / "articles" / "how-to-find-help" / "index.html").read_text(encoding="utf-8")
    assert "在临江区可以到哪里找到心理帮助" in article
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "12356" in home and "心安 · 临江区社会心理服务" in home
    assert (built / "pagefind").is_dir()


def test_the_published_packages_are_the_districts_not_the_samples(built):
    for name in ("stations", "practitioners", "lectures", "coverage", "hotlines"):
        descriptor = json.loads((built / "open-data" / name / "datapackage.json").read_text(encoding="utf-8"))
        text = json.dumps({k: v for k, v in descriptor.items() if k != "resources"}, ensure_ascii=False)
        assert "示例" not in text and "虚构" not in text and "福田" not in text, name
        assert descriptor["homepage"] == f"https://xinan.linjiang.example.org/open-data/{name}/"
        assert descriptor["version"] == "1.0.0"
    hotlines = (built / "open-data" / "hotlines" / "hotlines.csv").read_text(encoding="utf-8-sig")
    assert all(number in hotlines for number in ("12356", "120", "110", "12320"))


def test_settings_explain_every_option_the_sample_has(new_site):
    sample = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["extra"]["xinan"]
    lines = (new_site / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    ours = yaml.safe_load("\n".join(lines))
    assert set(sample) <= set(ours["extra"]["xinan"]), set(sample) - set(ours["extra"]["xinan"])
    assert ours["extra"]["xinan"]["district"] == "临江区" and ours["extra"]["xinan"]["city"] == "江城市"
    assert ours["extra"]["xinan"]["bounds"] == [30.1, 120.0, 30.3, 120.3]
    assert ours["extra"]["xinan"]["contract"] == datacontract.current()
    assert ours["site_url"] == "https://xinan.linjiang.example.org/"
    assert set(ours) >= set(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))) - {"repo_url", "repo_name", "edit_uri"}
    start = lines.index("  xinan:")
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.startswith("    ") and not line.startswith("     ") and not line.lstrip().startswith("#"):
            assert lines[number - 1].lstrip().startswith("#"), f"extra.xinan option without a comment: {line}"


def test_record_tables_have_the_schema_header_and_no_made_up_rows(new_site):
    for package in PACKAGES:
        descriptor = yaml.safe_load((new_site / "data" / package / DESCRIPTOR).read_text(encoding="utf-8"))
        sample = yaml.safe_load((DATA / package / DESCRIPTOR).read_text(encoding="utf-8"))
        assert descriptor["xinan"]["sample"] is False
        # The schemas are the data contract: the sample's, word for word (but the streets' Futian description).
        assert json.dumps(descriptor["resources"], ensure_ascii=False).replace("临江区的街道", "福田区的十个街道") == \
            json.dumps(sample["resources"], ensure_ascii=False), package
        for resource in descriptor["resources"]:
            with open(new_site / "data" / package / resource["path"], encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh))
            assert rows[0] == [f["name"] for f in resource["schema"]["fields"]], resource["path"]
            if package not in ("hotlines", "coverage"):
                assert rows[1:] == [], resource["path"]
    targets = (new_site / "data" / "coverage" / "targets.csv").read_text(encoding="utf-8")
    assert "福田" not in targets and "全国社会心理服务体系建设试点2020年重点工作任务" in targets


def test_scaffold_copies_of_the_sample_files_have_not_drifted():
    """The scaffold ships copies of the sample's national and editorial files and descriptors (an engine installed
    from a wheel has no sample to copy from). Fix a failure with: cp data/<path> generator/scaffold/data/<path>"""
    scaffold = init.SCAFFOLD / "data"
    copies = sorted(p.relative_to(scaffold).as_posix() for p in scaffold.rglob("*") if p.is_file())
    for relative in copies:
        assert (scaffold / relative).read_bytes() == (DATA / relative).read_bytes(), f"cp data/{relative} {scaffold}"
    national = [p.relative_to(DATA).as_posix() for folder in ("editorial", "hotlines", "holidays")
                for p in (DATA / folder).rglob("*") if p.is_file()]
    assert set(national) <= set(copies), set(national) - set(copies)
    assert {f"{p}/{DESCRIPTOR}" for p in (*PACKAGES, *REFERENCE_PACKAGES)} <= set(copies)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = xinan(tmp_path, "init", "site", *OPTIONS)
    assert result.returncode == 1
    assert "已存在且不是空文件夹" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert xinan(tmp_path, "init", "empty", *OPTIONS).returncode == 0
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


@pytest.mark.parametrize("option, value, said", [
    ("--bounds", "30.1,120.0,30.3", "四个数字"),
    ("--bounds", "30.1,120.0,北,120.3", "四个数字"),
    ("--bounds", "30.3,120.0,30.1,120.3", "南纬须小于北纬"),
    ("--email", "not-an-address", "--email 应为"),
    ("--site-url", "xinan.example.org", "--site-url 应为"),
    ("--district", "临 江区", "--district 应为"),
    ("--city", "江城$市", "--city 应为"),
])
def test_bad_options_are_explained_in_chinese_and_nothing_is_written(tmp_path, option, value, said):
    args = list(OPTIONS)
    args[args.index(option) + 1] = value
    result = xinan(tmp_path, "init", "new", *args)
    assert result.returncode == 1
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "new").exists()
