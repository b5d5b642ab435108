"""Incremental rebuilds (the Builder behind `xinan serve`): after each kind of edit, the live site must equal a clean
build of the same inputs byte for byte, only what changed is written, and a failed rebuild changes nothing.

The edits are applied one after another to one working copy (tests in this file run in order on one worker),
and after each one the rebuilt site is compared with a clean build made from scratch by `python -m generator
build` in its own process: nothing the Builder keeps (generator/caches.py) can leak into the oracle. Each edit
test also checks that the edited text shows where a reader would see it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import Builder
from generator.config import load_config
from generator.problems import BuildError
from generator.publish import file_digests as tree
from generator.context import load_site
from generator.opendata import cut_release
from tests.conftest import CONFIG, REPO_ROOT, CONTENT, TODAY, copy_data
from tests.test_opendata import edit_csv, edit_descriptor, set_version


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(f"{'缺少' if k not in a else '多出' if k not in b else '不同'} {k}"
                  for k in a.keys() | b.keys() if a.get(k) != b.get(k))


class Workspace:
    def __init__(self, root: Path):
        self.root = root
        self.data = copy_data(root)
        self.content = root / "content"
        shutil.copytree(CONTENT, self.content)
        self.live = root / "site"
        self.builder = Builder(load_config(REPO_ROOT / "mkdocs.yml"), self.data, self.content, self.live, log=lambda *_: None, remember=True)
        self.builder.build(TODAY)

    def rebuild(self):
        result = self.builder.build(TODAY, defer_search=True)
        self.builder.refresh_search()
        return result

    def assert_equals_clean_build(self) -> None:
        clean = self.root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        proc = subprocess.run([sys.executable, "-m", "generator", "--config", str(CONFIG), "build",
                               "--today", TODAY.isoformat(), "--data", str(self.data), "--content", str(self.content),
                               "--out", str(clean)], cwd=self.root, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        assert proc.returncode == 0, proc.stderr
        assert differences(tree(self.live), tree(clean)) == []

    def shows(self, rel: str) -> str:
        """A live file's text (an iCalendar file's folded lines joined again)."""
        text = (self.live / rel).read_text(encoding="utf-8")
        return text.replace("\n ", "") if rel.endswith(".ics") else text

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} no longer contains {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("incremental"))


def test_rebuilding_unchanged_inputs_remakes_and_writes_nothing(ws):
    result = ws.rebuild()
    assert result.remade == [] and result.changed == 0 and result.removed == 0
    ws.assert_equals_clean_build()


def test_editing_an_article_rewrites_only_article_pages_and_equals_a_clean_build(ws):
    registry_page = ws.live / "registry" / "FTXL-2023-00003" / "index.html"
    before = registry_page.stat().st_ino, registry_page.stat().st_mtime_ns
    ws.edit("content/articles/sleep-and-insomnia.md", "。", "。（本句为增量构建测试所加）")
    result = ws.rebuild()
    assert "records:registry" not in result.remade and "qr" not in result.remade
    assert 0 < result.changed < 20
    assert (registry_page.stat().st_ino, registry_page.stat().st_mtime_ns) == before
    assert "本句为增量构建测试所加" in (ws.live / "articles" / "sleep-and-insomnia" / "index.html").read_text("utf-8")
    ws.assert_equals_clean_build()


def test_editing_a_station_rewrites_only_pages_that_show_it_and_equals_a_clean_build(ws):
    elsewhere = ws.live / "stations" / "ft-jwzx-001" / "index.html"  # another station, no shared records
    before = elsewhere.stat().st_mtime_ns
    ws.edit("data/stations/stations.csv", "园岭街道心理服务站", "园岭街道心理服务站（新址）")
    result = ws.rebuild()
    assert "open-data:stations" in result.remade and "open-data:practitioners" not in result.remade
    assert elsewhere.stat().st_mtime_ns == before
    assert "园岭街道心理服务站（新址）" in (ws.live / "stations" / "yl-xlz-001" / "index.html").read_text("utf-8")
    ws.assert_equals_clean_build()


def test_a_rebuild_that_guessed_the_page_shells_wrong_builds_again_and_equals_a_clean_build(ws):
    # A rebuild stamps record pages into last build's shells before the renderer has run; should the renderer's
    # shells then differ, those pages must not survive. Simulate a stale guess by altering a kept shell.
    shell = ws.builder.shells[2]
    shell.parts[0] = shell.parts[0] + "<!--STALE-SHELL-->"
    ws.edit("data/stations/stations.csv", "福田区清晖精神卫生中心", "福田区清晖精神卫生中心（门诊部）")
    result = ws.rebuild()
    assert "records:stations" in result.remade
    page = ws.shows("stations/ft-jwzx-001/index.html")
    assert "STALE-SHELL" not in page and "福田区清晖精神卫生中心（门诊部）" in page
    assert "STALE-SHELL" not in "".join(ws.builder.shells[2].parts)
    ws.assert_equals_clean_build()


def test_renaming_a_practitioner_redraws_only_their_qr_code_and_equals_a_clean_build(ws):
    qr = ws.live / "registry" / "FTXL-2023-00003" / "qr.svg"
    other = sorted(p for p in (ws.live / "registry").glob("*/qr.svg") if p != qr)[0]
    before = other.stat().st_mtime_ns
    ws.edit("data/practitioners/practitioners.csv", "林晓雯", "林晓文")
    ws.rebuild()
    assert "林晓文" in qr.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == before
    ws.assert_equals_clean_build()


def test_editing_a_lecture_and_a_hotline_equals_a_clean_build(ws):
    ws.edit("data/lectures/lectures.csv", "化解冲突：有话好好说", "化解冲突：好好说话")
    ws.edit("data/hotlines/hotlines.csv", "全国", "全国统一")
    ws.rebuild()
    assert "化解冲突：好好说话" in ws.shows("lectures/l-2026-0001/index.html")
    assert "SUMMARY:化解冲突：好好说话" in ws.shows("lectures/l-2026-0001/l-2026-0001.ics")
    feed = ws.shows("open-data/lectures/lectures.ics")  # the subscribed calendar names the lecture anew
    assert "SUMMARY:化解冲突：好好说话" in feed
    assert "全国统一统一心理援助热线" in ws.shows("index.html")
    ws.assert_equals_clean_build()


def test_ending_a_registration_keeps_its_page_removes_its_qr_code_and_equals_a_clean_build(ws):
    # A published row is never deleted (validate refuses it): the registration ends and its page says so.
    def end(header, rows):
        for r in rows:
            if r[0] == "FTXL-2023-00003":
                for k, v in (("status", "ended"), ("ended_on", "2026-11-21"), ("end_reason", "本人申请注销")):
                    r[header.index(k)] = v
        return header, rows
    edit_csv(ws.data / "practitioners" / "practitioners.csv", end)
    result = ws.rebuild()
    assert result.removed >= 1  # its QR code
    assert not (ws.live / "registry" / "FTXL-2023-00003" / "qr.svg").exists()
    assert "已注销 · 不再登记" in (ws.live / "registry" / "FTXL-2023-00003" / "index.html").read_text("utf-8")
    ws.assert_equals_clean_build()


def test_storing_a_release_updates_record_histories_and_feeds_and_equals_a_clean_build(ws):
    edit_descriptor(ws.data / "practitioners" / "datapackage.yaml", set_version("1.1.1"))
    cut_release(load_site(load_config(REPO_ROOT / "mkdocs.yml"), ws.data, ws.content, TODAY), ("practitioners",))
    result = ws.rebuild()
    assert "records:registry" in result.remade and "files:registry" in result.remade
    page = (ws.live / "registry" / "FTXL-2023-00003" / "index.html").read_text("utf-8")
    assert "1.1.1 版" in page and "当前数据" not in page
    assert "FTXL-2023-00003" in (ws.live / "registry" / "changes.xml").read_text("utf-8")
    ws.assert_equals_clean_build()


def test_adding_and_deleting_an_article_equals_a_clean_build(ws):
    source = ws.content / "articles" / "anxiety-basics.md"
    copy = ws.content / "articles" / "anxiety-basics-2.md"
    copy.write_text(source.read_text(encoding="utf-8").replace("title: 焦虑是", "title: 再谈焦虑是"), encoding="utf-8")
    ws.rebuild()
    assert "再谈焦虑是" in ws.shows("articles/anxiety-basics-2/index.html")
    ws.assert_equals_clean_build()
    copy.unlink()
    ws.rebuild()
    assert not (ws.live / "articles" / "anxiety-basics-2").exists()
    ws.assert_equals_clean_build()


def test_a_failed_rebuild_leaves_the_live_site_untouched(ws):
    before = tree(ws.live)
    ws.edit("data/stations/stations.csv", "园岭街道心理服务站（新址）", "")  # a required name, now empty
    with pytest.raises(BuildError) as err:
        ws.rebuild()
    assert any(p.field == "name" for p in err.value.report.errors)
    assert tree(ws.live) == before
    assert not [p for p in ws.root.iterdir() if ".building-" in p.name], "no scratch folder is left behind"


def test_a_rebuild_that_breaks_the_model_reports_the_invalid_cell_and_changes_nothing(ws):
    """A changed package is checked by frictionless beside the rebuild; rows it rejects (here an impossible
    date that the model cannot compare) must fail the rebuild with that cell's problem, not a crash."""
    ws.edit("data/stations/stations.csv", "yl-xlz-001,,", "yl-xlz-001,园岭街道心理服务站（新址）,")  # the last break
    ws.rebuild()
    path = ws.data / "practitioners" / "practitioners.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[lines[0].split(",").index("valid_to")] = "2026-13-45"
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    before = tree(ws.live)
    with pytest.raises(BuildError) as err:
        ws.rebuild()
    assert any(p.field == "valid_to" and p.row == 2 for p in err.value.report.errors)
    assert tree(ws.live) == before
