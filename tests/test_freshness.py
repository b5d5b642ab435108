"""Every page says how fresh its data are, and the setting that decides when readers are warned is checked."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from generator import clock
from generator.config import ConfigError, load_config
from tests.conftest import REPO_ROOT
from generator.pages.lectures import local


def config_with(tmp_path, value):
    raw = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["extra"]["xinan"]["data_stale_after_days"] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [0, -3, "30", 2.5, True, 100000])
def test_a_bad_staleness_setting_is_refused_naming_the_key(tmp_path, value):
    with pytest.raises(ConfigError, match=r"extra\.xinan\.data_stale_after_days"):
        load_config(config_with(tmp_path, value))


def test_the_staleness_setting_is_read(tmp_path):
    assert load_config(config_with(tmp_path, 90)).data_stale_after_days == 90
    assert load_config(REPO_ROOT / "mkdocs.yml").data_stale_after_days == 30


def test_every_page_says_when_its_data_were_updated(site_dir):
    pages = [p for p in site_dir.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 400  # record pages (stamped into shells) as well as the renderer's own
    missing = [str(p.relative_to(site_dir)) for p in pages
               if 'data-xa-built="2026-11-22"' not in p.read_text(encoding="utf-8")]
    assert missing == []
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "数据更新于 2026年11月22日" in home and 'data-xa-stale-after="30"' in home and 'data-xa-hotline="12356"' in home


def test_lecture_pages_carry_the_times_the_browser_needs(site_dir):
    html = (site_dir / "lectures" / "l-2026-0062" / "index.html").read_text(encoding="utf-8")
    start = clock.epoch_ms(dt.datetime(2026, 12, 2, 19, 30, tzinfo=local(dt.datetime.now(dt.timezone.utc)).tzinfo))
    assert f'data-xa-start="{start}"' in html
    assert "状态截至 2026年11月22日（2026-11-22）" in html


def test_build_phase_uses_beijing_midnight_of_the_reference_date():
    start = dt.datetime(2026, 11, 22, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    lec = type("L", (), {"start": start, "end": start + dt.timedelta(hours=1)})
    assert clock.build_phase(lec, dt.date(2026, 11, 22)) == "today"
    assert clock.build_phase(lec, dt.date(2026, 11, 23)) == "ended"
    assert clock.build_phase(lec, dt.date(2026, 11, 21)) == "upcoming"
