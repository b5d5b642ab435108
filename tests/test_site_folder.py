"""The command line works on the site of the folder it is run in (like `mkdocs`), never on the engine's checkout."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, TODAY

XINAN = Path(sys.executable).parent / "xinan"
SITE_FILES = ("mkdocs.yml", "data", "content", "site_overrides")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(XINAN), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def second_site(tmp_path_factory) -> Path:
    """A second copy of the sample site, somewhere else on disk (another district's clone)."""
    home = tmp_path_factory.mktemp("second") / "district"
    home.mkdir()
    for name in SITE_FILES:
        source = REPO_ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, home / name)
    return home


def test_new_article_in_another_site_is_written_into_that_site(second_site):
    result = run(second_site, "new", "article", "insomnia-tips-h25", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert (second_site / "content" / "articles" / "insomnia-tips-h25.md").is_file()
    assert not (REPO_ROOT / "content" / "articles" / "insomnia-tips-h25.md").exists()
    assert str(second_site / "content" / "articles") in result.stdout


def test_validate_reads_the_site_of_the_current_folder(second_site):
    result = run(second_site, "validate", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "校验通过" in result.stdout
    # The paths it names are the copy's.
    assert str(REPO_ROOT / "data") not in result.stderr


def test_validate_from_a_subfolder_finds_the_parent_site_settings(second_site):
    broken = second_site / "data" / "hotlines" / "hotlines.csv"
    original = broken.read_text(encoding="utf-8")
    try:
        broken.write_text(original.replace("12356", "12x56", 1), encoding="utf-8")
        result = run(second_site / "content" / "articles", "validate", "--today", TODAY.isoformat())
        assert result.returncode == 1
        assert "hotlines.csv" in result.stderr and "校验失败" in result.stderr
    finally:
        broken.write_text(original, encoding="utf-8")
    # The repository's own data were not what failed: it still validates.
    assert run(REPO_ROOT, "validate", "--today", TODAY.isoformat()).returncode == 0


def test_build_from_a_subfolder_writes_only_into_that_site(second_site):
    repo_site = REPO_ROOT / "site"
    before = repo_site.stat().st_mtime_ns if repo_site.exists() else None
    result = run(second_site / "data" / "stations", "build", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert (second_site / "site" / "index.html").is_file()
    assert (second_site / "site" / "articles" / "insomnia-tips-h25").exists() is False  # a draft is not built
    assert (repo_site.stat().st_mtime_ns if repo_site.exists() else None) == before


def test_config_option_names_the_site_from_anywhere(second_site, tmp_path):
    result = run(tmp_path, "--config", str(second_site / "mkdocs.yml"), "validate", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "校验通过" in result.stdout


def test_config_option_may_name_the_site_folder_and_a_missing_file_is_explained(second_site, tmp_path):
    assert run(tmp_path, "--config", str(second_site), "validate", "--today", TODAY.isoformat()).returncode == 0
    missing = run(tmp_path, "--config", str(tmp_path / "nope" / "mkdocs.yml"), "validate")
    assert missing.returncode == 1
    assert "找不到站点设置文件" in missing.stderr and "Traceback" not in missing.stderr
    empty = run(second_site, "--config", str(tmp_path), "build")
    assert empty.returncode == 1 and "找不到站点设置文件" in empty.stderr and "Traceback" not in empty.stderr


def test_outside_a_site_the_cli_says_so_in_chinese_and_exits_1(tmp_path):
    for args in (("validate",), ("build",), ("new", "article", "x")):
        result = run(tmp_path, *args)
        assert result.returncode == 1, args
        assert "这里不是心安站点" in result.stderr and "xinan init" in result.stderr
        assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_synth_works_in_the_engine_checkout(tmp_path):
    result = run(tmp_path, "synth", "--stations", "3", "--practitioners", "4", "--lectures", "2",
                 "--out", str(tmp_path / "out"), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "stations=3 practitioners=4 lectures=2" in result.stdout
    assert (tmp_path / "out" / "data" / "stations" / "stations.csv").is_file()
