"""extra.xinan in mkdocs.yml: every key is declared once (generator/settings.py); unknown, misspelt, mistyped and
internal keys are refused all at once, each on its own line naming the key, like MkDocs' own configuration."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from generator import settings
from generator.config import ConfigError, load_config
from tests.conftest import CONFIG, REPO_ROOT


def config_with(tmp_path, **changes):
    raw = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            raw["extra"]["xinan"].pop(key, None)
        else:
            raw["extra"]["xinan"][key] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def refused(path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value).splitlines()


def test_the_sample_settings_use_only_declared_keys():
    declared = {s.key for s in settings.SETTINGS if not s.internal}
    used = set(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["extra"]["xinan"])
    assert used <= declared and settings.check(yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["extra"]["xinan"]) == []


def test_every_setting_says_what_it_means_and_required_ones_have_no_default():
    for s in settings.SETTINGS:
        assert s.meaning and s.type in settings.TYPE_NAMES
        assert not (s.required and s.default is not None)


def test_a_misspelt_key_is_refused_naming_the_key_it_was_meant_to_be(tmp_path):
    lines = refused(config_with(tmp_path, stale_after_day=90))
    assert lines == ["extra.xinan.stale_after_day: 未知设置，是不是 stale_after_days？"]


def test_an_unknown_key_with_nothing_near_lists_the_settings(tmp_path):
    [line] = refused(config_with(tmp_path, colour="red"))
    assert line.startswith("extra.xinan.colour: 未知设置，可设置 district, city, bounds")
    assert "chrome" not in line  # the internal key is not offered to editors


def test_every_problem_is_refused_at_once_one_line_each(tmp_path):
    lines = refused(config_with(tmp_path, stale_after_day=90, registry_noindex="yes", city=None,
                                lecture_feed_refresh_hours=True, tiles={"provder": "osm"}, renderer="hugo"))
    assert lines == [
        "extra.xinan.registry_noindex: 应为true 或 false，实际为 str",
        "extra.xinan.lecture_feed_refresh_hours: 应为整数，实际为 bool",
        "extra.xinan.tiles.provder: 未知设置，是不是 provider？",
        "extra.xinan.renderer: 应为 mkdocs、properdocs、zensical 之一，实际为 'hugo'",
        "extra.xinan.stale_after_day: 未知设置，是不是 stale_after_days？",
        "extra.xinan.city: 缺少必填设置",
    ]


def test_the_chrome_key_is_the_builds_own_and_refused_from_the_editor(tmp_path):
    assert refused(config_with(tmp_path, chrome={"built": "2026-11-22"})) == [
        "extra.xinan.chrome: 由构建自动添加，不要写在 mkdocs.yml 里"]


@pytest.mark.parametrize("value, ok", [("1.2.0", True), ("2.0.0-rc.1", True), ("1.2", False), ("v1.2.0", False)])
def test_the_data_contract_version_is_optional_and_must_be_semver(tmp_path, value, ok):
    path = config_with(tmp_path, contract=value)
    if ok:
        assert load_config(path).raw["extra"]["xinan"]["contract"] == value
    else:
        assert refused(path) == [f"extra.xinan.contract: “{value}”不是语义化版本号（如 1.2.0）"]


def test_the_cli_prints_each_problem_on_its_own_line_naming_the_file(tmp_path):
    path = config_with(tmp_path, stale_after_day=90, colour="red")
    proc = subprocess.run([sys.executable, "-m", "generator", "--config", str(path), "validate"],
                          capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"{path}: 设置错误：extra.xinan.stale_after_day: 未知设置，是不是 stale_after_days？",
        f"{path}: 设置错误：extra.xinan.colour: 未知设置，可设置 district, city, bounds, report_error, "
        "stale_after_days, data_stale_after_days, filing, registry_noindex, station_list_split, lecture_feed_refresh_hours, tiles, "
        "renderer, contract"]


def test_a_settings_file_that_is_not_there_is_one_line_not_a_traceback(tmp_path):
    missing = tmp_path / "hugo.yml"
    proc = subprocess.run([sys.executable, "-m", "generator", "--config", str(missing), "build"],
                          capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"错误：{missing}: 找不到站点设置文件；--config 应指向站点的 mkdocs.yml（或站点文件夹）"]


def test_the_station_list_split_must_be_a_positive_count(tmp_path):
    assert refused(config_with(tmp_path, station_list_split=0)) == ["extra.xinan.station_list_split: 应为正整数"]
    assert load_config(config_with(tmp_path, station_list_split=5)).station_list_split == 5
