"""`xinan validate`: every defect reported at once as path:row:field, exit 1; clean data exit 0, nothing written."""
from __future__ import annotations

import csv
import io

import pytest

from generator.cli import main
from generator.config import load_config
from generator.validate import validate_data
from tests.conftest import REPO_ROOT, CONTENT, TODAY, copy_data


def rewrite(path, edit):
    """Apply `edit(rows)` to a CSV file's rows (list of dicts) and write it back in the same column order."""
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    edit(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def run_validate(data, capsys):
    code = main(["validate", "--data", str(data), "--content", str(CONTENT), "--today", TODAY.isoformat()])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_sample_data_is_valid_and_validate_writes_nothing(tmp_path, capsys):
    data = copy_data(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, out = run_validate(data, capsys)
    assert code == 0, out
    assert "校验通过" in out
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_every_defect_is_reported_at_once_with_file_row_and_field(tmp_path, capsys):
    data = copy_data(tmp_path)
    stations = data / "stations" / "stations.csv"
    lectures = data / "lectures" / "lectures.csv"

    def break_stations(rows):
        rows[1]["id"] = rows[0]["id"]                  # duplicate id -> row 3
        rows[2]["name"] = ""                           # missing required -> row 4
        rows[3]["fee"] = "sometimes"                   # bad enum -> row 5
        rows[4]["latitude"] = "39.9042"                # Beijing: outside the district -> row 6

    def break_lectures(rows):
        rows[0]["station"] = "no-such-station"         # unknown station id -> row 2
        rows[1]["end"] = rows[1]["start"][:11] + "00:30:00+08:00"  # same day, before the start

    rewrite(stations, break_stations)
    rewrite(lectures, break_lectures)
    code, out = run_validate(data, capsys)
    assert code == 1
    s, lec = "stations/stations.csv", "lectures/lectures.csv"
    expected = [
        f"{s}:3:id:", f"{s}:4:name:", f"{s}:5:fee:", f"{s}:6:latitude:",
        f"{lec}:2:station:", f"{lec}:3:end:",
    ]
    for fragment in expected:
        assert any(fragment in line for line in out.splitlines()), f"missing {fragment!r} in:\n{out}"
    assert "不在福田区范围内" in out
    assert "找不到编号“no-such-station”" in out


def test_problems_are_typed_objects_tests_can_assert_on(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data / "stations" / "stations.csv", lambda rows: rows[0].update(kind="castle"))
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    [problem] = [p for p in report.errors]
    assert (problem.row, problem.field, problem.code) == (2, "kind", "constraint-error")
    assert problem.path.endswith("stations.csv")


def test_gbk_file_from_excel_is_rejected_naming_the_encoding_and_the_fix(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "stations" / "stations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, out = run_validate(data, capsys)
    assert code == 1
    assert "stations.csv::" in out and "GBK/GB18030" in out and "CSV UTF-8" in out and "xinan fix-encoding" in out


def test_fix_encoding_converts_gbk_to_utf8_saying_so(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "stations" / "stations.csv"
    original = path.read_text(encoding="utf-8")
    path.write_bytes(original.encode("gb18030"))
    assert main(["fix-encoding", str(path)]) == 0
    assert "已从 GBK/GB18030 转换为 UTF-8" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == original
    assert run_validate(data, capsys)[0] == 0


def test_utf8_file_with_bom_passes(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "practitioners" / "practitioners.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = run_validate(data, capsys)
    assert code == 0, out


def test_expired_licence_marked_in_good_standing_is_a_warning_not_an_error(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "practitioners" / "practitioners.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    target = next(r for r in rows if r["status"] == "active" and r["valid_to"] >= TODAY.isoformat())

    def expire(rows):
        for r in rows:
            if r["registration_number"] == target["registration_number"]:
                r["valid_to"] = "2025-12-31"
    rewrite(path, expire)
    code, out = run_validate(data, capsys)
    assert code == 0
    row = next(i for i, r in enumerate(rows, start=2) if r is target)
    assert f"practitioners.csv:{row}:status: 警告" in out


@pytest.mark.parametrize("hours, message", [
    ("Mo-Fr 9:00-17:00", "HH:MM-HH:MM"),
    ("Xx 09:00-17:00", "Mo Tu We"),
    ("Mo 17:00-09:00", "晚于开始时间"),
])
def test_opening_hours_syntax_errors_are_reported(tmp_path, capsys, hours, message):
    data = copy_data(tmp_path)
    rewrite(data / "stations" / "stations.csv", lambda rows: rows[0].update(hours=hours))
    code, out = run_validate(data, capsys)
    assert code == 1
    assert any(":2:hours:" in line and message in line for line in out.splitlines()), out


def test_bad_phone_number_is_reported(tmp_path, capsys):
    data = copy_data(tmp_path)
    rewrite(data / "stations" / "stations.csv", lambda rows: rows[0].update(phones="8888"))
    code, out = run_validate(data, capsys)
    assert code == 1 and ":2:phones:" in out


def test_a_lecture_moved_since_the_last_release_needs_a_higher_sequence_naming_the_number(tmp_path):
    data = copy_data(tmp_path)
    lectures = data / "lectures" / "lectures.csv"

    def move(rows):  # l-2026-0001 is in the stored releases (the newest, 1.0.1) with sequence 0
        assert rows[0]["id"] == "l-2026-0001" and rows[0]["sequence"] == "0"
        rows[0].update(start=rows[0]["start"].replace("10:00", "14:00"), end=rows[0]["end"].replace("12:00", "16:00"),
                       title=rows[0]["title"] + "（新）")

    rewrite(lectures, move)
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    [problem] = [p for p in report.errors]
    assert (problem.row, problem.field, problem.code) == (2, "sequence", "sequence")
    assert "开始时间、结束时间" in problem.message and "改为 1" in problem.message and "1.0.1" in problem.message

    rewrite(lectures, lambda rows: rows[0].update(sequence="1"))
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    assert report.errors == []


def test_a_lecture_retitled_since_the_last_release_keeps_its_sequence(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data / "lectures" / "lectures.csv", lambda rows: rows[0].update(title=rows[0]["title"] + "（修订）"))
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    assert [p for p in report.errors if p.field == "sequence"] == []


def test_a_station_id_taken_by_the_lists_street_pages_is_refused(tmp_path, capsys):
    """stations/street/<code>/ are the street pages: a station with id `street` would have no page of its own."""
    data = copy_data(tmp_path)
    rewrite(data / "stations" / "stations.csv", lambda rows: rows.append({**rows[-1], "id": "street"}))
    code, out = run_validate(data, capsys)
    n = len((data / "stations" / "stations.csv").read_text(encoding="utf-8").splitlines())
    assert code == 1 and f"stations.csv:{n}:id: 错误: 编号“street”是站点列表的保留地址" in out
