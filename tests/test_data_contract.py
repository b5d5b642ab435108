"""A site declares which data-contract version its data follow; validate says what to change when the engine's
contract has moved on (warnings for a minor version, errors per change for a major one)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import datacontract
from generator.config import ConfigError, load_config
from tests.conftest import CONFIG, DATA, REPO_ROOT, TODAY

HISTORY = """
versions:
  - {version: 1.0.0, date: 2026-12-02, summary: 首个版本, changes: []}
  - version: 1.1.0
    date: 2027-03-01
    summary: 站点可写无障碍说明
    changes:
      - {kind: added, package: stations, resource: stations, field: accessibility_note,
         message: 可选字段 accessibility_note（无障碍补充说明）；想用时在 stations.csv 加这一列}
  - version: 2.0.0
    date: 2027-09-01
    summary: 讲座地址拆分
    changes:
      - {kind: renamed, package: lectures, resource: lectures, field: address,
         message: 字段 address 改名为 venue_address；把 lectures.csv 的表头和 datapackage.yaml 的字段名一起改}
      - {kind: added, message: 新的编辑规则文件 data/editorial/glossary.yaml，从引擎的 xinan init 模板复制}
"""


@pytest.fixture()
def history(tmp_path) -> list[datacontract.Version]:
    path = tmp_path / "CHANGELOG.yaml"
    path.write_text(HISTORY, encoding="utf-8")
    return datacontract.load(path)


def lines(report) -> list[str]:
    return [str(p) for p in report.problems]


def test_the_engine_contract_is_1_0_0_and_the_sample_follows_it():
    assert datacontract.current() == "1.0.0"
    config = load_config(CONFIG)
    assert config.contract == "1.0.0"
    assert datacontract.check(config.contract, CONFIG, DATA).problems == []


def test_a_site_at_the_engine_version_hears_nothing(history):
    assert datacontract.check("2.0.0", CONFIG, DATA, history).problems == []


def test_a_minor_version_behind_warns_naming_what_was_added(history):
    report = datacontract.check("1.0.0", CONFIG, DATA, history[:2])
    assert report.errors == []
    shown = lines(report)
    assert any("data/stations/datapackage.yaml::stations/accessibility_note: 警告: 约定 1.1.0 新增：可选字段 "
               "accessibility_note" in line for line in shown), shown
    last = shown[-1]
    assert ":extra.xinan.contract: 警告:" in last and "次版本更新" in last and 'contract 改为 "1.1.0"' in last


def test_a_major_version_behind_is_an_error_per_change_and_field(history):
    report = datacontract.check("1.0.0", CONFIG, DATA, history)
    errors = [str(p) for p in report.errors]
    assert any("datapackage.yaml::lectures/address: 错误: 约定 2.0.0 改名：字段 address 改名为 venue_address" in e
               for e in errors), errors
    assert any("mkdocs.yml::: 错误: 约定 2.0.0 新增：新的编辑规则文件 data/editorial/glossary.yaml" in e for e in errors), errors
    assert any("主版本不同" in e and 'contract 改为 "2.0.0"' in e for e in errors), errors
    # The minor change on the way is still only a warning: the site's data already work without it.
    assert [str(p) for p in report.warnings if "accessibility_note" in str(p)]
    # The declaration's row is the line of `contract:` in mkdocs.yml.
    row = datacontract.declared_line(CONFIG)
    assert CONFIG.read_text(encoding="utf-8").splitlines()[row - 1].strip() == 'contract: "1.0.0"'
    assert any(f"mkdocs.yml:{row}:extra.xinan.contract: 错误: 站点数据按约定 1.0.0 编写" in e for e in errors), errors


def test_a_site_newer_than_the_engine_or_an_unknown_version_is_an_error(history):
    newer = lines(datacontract.check("2.1.0", CONFIG, DATA, history))
    assert len(newer) == 1 and "比本引擎支持的约定 2.0.0 新" in newer[0] and "pip install --upgrade" in newer[0]
    unknown = lines(datacontract.check("1.0.5", CONFIG, DATA, history))
    assert len(unknown) == 1 and "不存在" in unknown[0] and "1.0.0、1.1.0、2.0.0" in unknown[0]
    bad = lines(datacontract.check("v1", CONFIG, DATA, history))
    assert len(bad) == 1 and "x.y.z" in bad[0]


def test_a_malformed_engine_changelog_is_refused(tmp_path):
    path = tmp_path / "CHANGELOG.yaml"
    path.write_text("versions:\n  - {version: 1.1.0}\n  - {version: 1.0.0}\n", encoding="utf-8")
    with pytest.raises(datacontract.ContractError):
        datacontract.load(path)
    path.write_text("versions:\n  - {version: 1.0.0, changes: [{kind: moved, message: x}]}\n", encoding="utf-8")
    with pytest.raises(datacontract.ContractError):
        datacontract.load(path)


def _site_copy(tmp_path: Path, contract_line: str | None) -> Path:
    site = tmp_path / "site-copy"
    site.mkdir()
    for name in ("data", "content", "site_overrides"):
        shutil.copytree(REPO_ROOT / name, site / name)
    text = CONFIG.read_text(encoding="utf-8")
    replacement = "" if contract_line is None else f"    {contract_line}\n"
    (site / "mkdocs.yml").write_text(text.replace('    contract: "1.0.0"\n', replacement), encoding="utf-8")
    return site


def _validate(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "xinan"), "validate", "--today", TODAY.isoformat()],
                          cwd=site, capture_output=True, text=True, timeout=120)


def test_validate_tells_a_site_without_a_declaration_the_line_to_add(tmp_path):
    result = _validate(_site_copy(tmp_path, None))
    assert result.returncode == 0, result.stderr
    assert 'mkdocs.yml::extra.xinan.contract: 警告: 站点没有声明数据约定版本；请在 extra.xinan 下加一行 contract: "1.0.0"' \
        in result.stderr
    assert "15 个警告" in result.stdout  # the sample's 14 and this one


def test_validate_refuses_a_site_newer_than_the_engine(tmp_path):
    result = _validate(_site_copy(tmp_path, 'contract: "9.0.0"'))
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stderr and ":extra.xinan.contract: 错误: 站点数据按约定 9.0.0 编写" in result.stderr


def test_a_contract_that_is_not_a_string_is_a_settings_error(tmp_path):
    site = _site_copy(tmp_path, "contract: 1.0")
    with pytest.raises(ConfigError, match=r"extra\.xinan\.contract: 应为带引号的版本号"):
        load_config(site / "mkdocs.yml")
