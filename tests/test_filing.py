"""Footer filing numbers: validated in mkdocs.yml extra.xinan.filing, shown (and linked) only when set."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from generator import filing
from generator.config import ConfigError, load_config
from tests.conftest import REPO_ROOT

PARTIAL = "partials/copyright.html"
GOOD = {"icp": "粤ICP备12345678号-1", "police": "粤公网安备44030402000001号", "site_code": "4403040001"}


def footer(xinan: dict) -> str:
    env = Environment(loader=FileSystemLoader(REPO_ROOT / "generator" / "theme"), autoescape=True)
    env.filters["url"] = lambda path: path  # MkDocs' filter: a link relative to the page (the footer's report link)
    return env.get_template(PARTIAL).render(config={"copyright": "版权", "extra": {"xinan": xinan, "generator": False}})


def config_with(tmp_path: Path, value) -> Path:
    raw = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["extra"]["xinan"]["filing"] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_footer_shows_and_links_every_filing_number_that_is_set():
    html = footer({"filing": GOOD})
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">粤ICP备12345678号-1</a>' in html
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=44030402000001"' in html
    assert "政府网站标识码：4403040001" in html


def test_the_footer_shows_no_filing_line_when_none_is_set():
    assert "xa-filing" not in footer({})
    assert "xa-filing" not in footer({"filing": {}})
    only_icp = footer({"filing": {"icp": GOOD["icp"]}})
    assert "beian.miit.gov.cn" in only_icp and "beian.mps.gov.cn" not in only_icp and "标识码" not in only_icp


def test_the_sample_site_without_filing_numbers_has_none_in_its_footer(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "md-copyright" in html and "xa-filing" not in html and "beian" not in html


@pytest.mark.parametrize("key, value", [("icp", "ICP备12345678号"), ("icp", "粤ICP备123号"),
                                        ("police", "粤公网安备4403040200000号"), ("site_code", "44030400"),
                                        ("site_code", 4403040001)])
def test_a_malformed_filing_number_is_refused_naming_the_setting(key, value):
    assert [m.split(":")[0] for m in filing.check({key: value})] == [f"extra.xinan.filing.{key}"]


def test_every_filing_problem_is_reported_at_once_and_well_formed_numbers_pass():
    assert filing.check(GOOD) == [] and filing.check(None) == []
    problems = filing.check({"icp": "x", "police": "y", "site_code": "z", "mark": "党政机关"})
    assert len(problems) == 4 and all(re.match(r"^extra\.xinan\.filing\.\w+: ", p) for p in problems)


def test_load_config_refuses_a_bad_filing_number(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_config(config_with(tmp_path, {"icp": "备案中"}))
    assert "extra.xinan.filing.icp" in str(refused.value)
    assert load_config(config_with(tmp_path, GOOD)).raw["extra"]["xinan"]["filing"] == GOOD
