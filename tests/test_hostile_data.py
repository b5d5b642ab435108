"""Hostile and careless data: identifiers in full, hidden characters, line breaks, formulas, non-finite numbers,
broken files and descriptors are refused as located one-line problems, never a traceback, never a replaced record."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import time

import pytest

from generator import opendata, textpolicy
from generator.cli import main
from generator.config import load_config
from tests.conftest import REPO_ROOT
from generator.validate import validate_data
from tests.conftest import CONTENT, TODAY, copy_data
from tests.test_validate import rewrite

LINE = re.compile(r"^[^\n:]+:\d*:[^:\n]*: (错误|警告): [^\n]+$")
TEXT_CELL = {("stations", "stations"): "name", ("lectures", "lectures"): "title",
             ("practitioners", "practitioners"): "name", ("hotlines", "hotlines"): "description"}


def errors(data):
    report, _ = validate_data(data, load_config(REPO_ROOT / "mkdocs.yml"), TODAY)
    return report.errors


def codes_at(data, row, field):
    return {p.code for p in errors(data) if p.row == row and p.field == field}


def cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def validate_cli(data, capsys):
    code, out = cli(["validate", "--data", str(data), "--content", str(CONTENT), "--today", TODAY.isoformat()], capsys)
    assert "Traceback" not in out
    problems = [line for line in out.splitlines() if not line.startswith(("校验", "已从"))]
    for line in problems:
        assert LINE.match(line), f"not a path:row:field line: {line!r}"
    return code, out


def set_cell(path, row, field, value):
    rewrite(path, lambda rows: rows[row - 2].update({field: value}))


# --- identifiers -------------------------------------------------------------------------------------------------

def test_an_id_with_a_trailing_newline_is_refused_and_never_replaces_the_real_record(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "practitioners" / "practitioners.csv"

    def impersonate(rows):
        real = next(r for r in rows if r["registration_number"] == "FTZL-2025-00001")
        rows.append({**real, "registration_number": "FTZL-2025-00001\n", "name": "冒名者", "status": "revoked"})
    rewrite(path, impersonate)
    last = len(path.read_text(encoding="utf-8").splitlines()) - 1  # the quoted cell spans two physical lines
    found = [p for p in errors(data) if p.field == "registration_number"]
    assert {p.code for p in found} == {"identifier-whitespace", "near-duplicate"}
    near = next(p for p in found if p.code == "near-duplicate")
    assert near.row == last and "第 3 行" in near.message  # names both rows
    out_dir = tmp_path / "site"
    out_dir.mkdir()
    (out_dir / "last-good").write_text("x")
    code, out = cli(["build", "--data", str(data), "--content", str(CONTENT), "--today", TODAY.isoformat(),
                     "--out", str(out_dir)], capsys)
    assert code == 1 and "Traceback" not in out
    assert [p.name for p in out_dir.iterdir()] == ["last-good"]


@pytest.mark.parametrize("package, resource, field, value", [
    ("stations", "stations", "id", "yl-sqs-001\n"),
    ("stations", "stations", "id", "yl-sqs-001 "),
    ("lectures", "lectures", "id", "l-2026-0001\n"),
    ("stations", "streets", "id", "yl\n"),
    ("lectures", "lectures", "station", "fb-sf-002\n"),
    ("practitioners", "practitioners", "affiliation", " nyu-dw-001"),
])
def test_ids_and_keys_with_surrounding_whitespace_are_refused(tmp_path, package, resource, field, value):
    data = copy_data(tmp_path)
    set_cell(data / package / f"{resource}.csv", 2, field, value)
    assert "identifier-whitespace" in codes_at(data, 2, field)


def test_a_key_equal_after_nfkc_and_case_folding_is_a_near_duplicate_naming_both_rows(tmp_path):
    data = copy_data(tmp_path)
    path = data / "stations" / "streets.csv"
    rewrite(path, lambda rows: rows[1].update(name="ＡＢ"))
    rewrite(path, lambda rows: rows[2].update(name="ab"))
    [problem] = [p for p in errors(data) if p.code == "near-duplicate"]
    assert (problem.row, problem.field) == (4, "name") and "第 3 行" in problem.message


# --- text fields -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("char, key", list(zip(["\x00", "\x0b", "\x0c", "\x1b", "\x85", "\u202e", "\u2066", "\u2069", "\u2028"],
                                               sorted(TEXT_CELL) * 3)))
def test_control_and_bidi_characters_are_refused_in_every_package(tmp_path, char, key):
    data = copy_data(tmp_path)
    package, resource = key
    path = data / package / f"{resource}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    set_cell(path, 2, TEXT_CELL[key], "心安" + char + rows[0][TEXT_CELL[key]])
    assert codes_at(data, 2, TEXT_CELL[key]) == {"hidden-character"}


@pytest.mark.parametrize("field", ["title", "summary", "speaker", "address"])
def test_a_line_break_in_a_single_line_field_is_refused_by_validate(tmp_path, field):
    data = copy_data(tmp_path)
    set_cell(data / "lectures" / "lectures.csv", 2, field, "第一行\n第二行")
    assert "line-break" in codes_at(data, 2, field)


def test_a_line_break_in_a_lecture_title_fails_validate_instead_of_crashing_the_calendar(tmp_path, capsys):
    data = copy_data(tmp_path)
    set_cell(data / "lectures" / "lectures.csv", 2, "title", "讲座\r\nBEGIN:VEVENT")
    code, out = validate_cli(data, capsys)
    assert code == 1 and "lectures.csv:2:title:" in out


def test_a_field_the_schema_marks_multiline_keeps_its_line_breaks_and_no_cr_reaches_the_feed(tmp_path):
    from tests.conftest import build_site
    data = copy_data(tmp_path)
    descriptor = data / "lectures" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    marker = "        - name: summary\n"
    assert marker in text
    descriptor.write_text(text.replace(marker, marker + "          multiline: true\n"), encoding="utf-8")
    set_cell(data / "lectures" / "lectures.csv", 2, "summary", "第一行\r\n第二行")
    assert not errors(data)
    out = tmp_path / "site"
    build_site(out, data=data)
    feed = (out / "open-data" / "lectures" / "lectures.ics").read_bytes()
    assert b"\r" not in feed.replace(b"\r\n", b"")
    assert "第一行\\n第二行" in feed.decode("utf-8").replace("\r\n ", "")
    path = data / "lectures" / "lectures.csv"
    set_cell(path, 2, "summary", "第一行,XCRX第二行")  # quoted for its comma: the CR stays inside the cell
    path.write_bytes(path.read_bytes().replace(b"XCRX", b"\r"))  # a lone CR is never a line break
    assert "line-break" in codes_at(data, 2, "summary")


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","点击")', "+1+2", "-2+3", "@SUM(A1)", " =1+1"])
@pytest.mark.parametrize("package, resource, field", [
    ("stations", "stations", "name"), ("lectures", "lectures", "title"), ("practitioners", "practitioners", "name"),
    ("stations", "stations", "address")])
def test_free_text_that_would_start_a_spreadsheet_formula_is_refused(tmp_path, value, package, resource, field):
    data = copy_data(tmp_path)
    set_cell(data / package / f"{resource}.csv", 2, field, value)
    assert "formula" in codes_at(data, 2, field)


def test_excel_downloads_neutralise_formula_starts_while_csv_and_json_keep_the_value():
    from tests.test_opendata import spec
    res = spec("lectures").resources["lectures"]
    header = [f.name for f in res.public_fields]
    row = ["" for _ in header]
    row[header.index("summary")] = '=HYPERLINK("http://evil.example")'
    row[header.index("capacity")] = "-5"  # a number, not text: left alone
    row[header.index("id")] = "l-x"
    kinds = opendata._kinds(res, header)
    excel = opendata.excel_csv(header, [row], kinds).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(excel)))[1]
    assert cells[header.index("summary")] == "'" + row[header.index("summary")]
    assert cells[header.index("capacity")] == "-5"
    plain = list(csv.reader(io.StringIO(opendata.to_csv(header, [row]))))[1]
    assert plain == row
    assert json.loads(opendata.records_json(res, header, [row]))[0]["summary"] == row[header.index("summary")]
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(opendata.xlsx(res, header, [row], TODAY)))
    values = [c.value for c in next(book.worksheets[0].iter_rows(min_row=2, max_row=2))]
    assert values[header.index("summary")] == "'" + row[header.index("summary")]
    assert values[header.index("capacity")] == -5


# --- numbers and JSON --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1e999", "-1e999", "NaN", "nan", "inf", "Infinity"])
def test_non_finite_numbers_are_refused_with_a_located_error(tmp_path, value):
    data = copy_data(tmp_path)
    set_cell(data / "stations" / "stations.csv", 2, "area_m2", value)
    assert "not-finite" in codes_at(data, 2, "area_m2")


def test_published_json_is_strict_and_never_writes_infinity():
    from tests.test_opendata import spec
    res = spec("stations").resources["stations"]
    header = ["id", "area_m2"]
    with pytest.raises(ValueError):
        opendata.records_json(res, header, [["a", "1e999"]])


# --- files that are not tables -----------------------------------------------------------------------------------

def test_a_cell_over_128_kb_is_a_located_error_not_a_traceback(tmp_path, capsys):
    data = copy_data(tmp_path)
    set_cell(data / "stations" / "stations.csv", 3, "eligibility_note", "长" * 140_000)
    code, out = validate_cli(data, capsys)
    assert code == 1 and "stations/stations.csv:3:" in out


def test_a_cell_over_the_cell_limit_is_refused(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "stations" / "stations.csv", 3, "eligibility_note", "长" * (textpolicy.MAX_CELL + 1))
    assert codes_at(data, 3, "eligibility_note") == {"cell-size"}


def test_a_csv_path_that_is_a_directory_is_reported(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "lectures" / "lectures.csv"
    path.unlink()
    path.mkdir()
    code, out = validate_cli(data, capsys)
    assert code == 1 and "lectures/lectures.csv::: 错误:" in out


def test_an_unbalanced_quote_is_reported_on_one_line(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "stations" / "stations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ',"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    code, out = validate_cli(data, capsys)
    assert code == 1 and "stations/stations.csv:4:" in out


def test_a_row_with_ten_thousand_extra_cells_is_refused_within_five_seconds(tmp_path, capsys):
    data = copy_data(tmp_path)
    path = data / "practitioners" / "practitioners.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] += "," * 10_000
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.process_time()  # CPU time: the promise holds on a busy machine too
    code, out = validate_cli(data, capsys)
    assert time.process_time() - start < 5
    assert code == 1 and "practitioners/practitioners.csv:6::" in out
    assert {p.code for p in errors(data) if p.row == 6} == {"extra-cell"}


# --- descriptors -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    ("deep nesting", "resources: " + "[" * 5000 + "]" * 5000 + "\n"),
    ("alias bomb", None),  # "billion laughs": 9 ** 9 strings in the title if expanded
    ("huge file", "description: " + "x" * (2 * 1024 * 1024) + "\n"),
    ("syntax error", "name: [unclosed\n  title: x\n"),
    ("not a mapping", "- just\n- a list\n"),
    ("path outside the folder", "resources:\n  - {name: stations, path: ../../etc/passwd, schema: {fields: [{name: id}]}}\n"),
    ("bad pattern", "resources:\n  - {name: s, path: s.csv, schema: {fields: [{name: id, constraints: {pattern: '('}}]}}\n"),
    ("not utf-8", "name: 站点\n".encode("gb18030")),
])
def test_an_unusable_descriptor_is_one_located_line_fast(tmp_path, capsys, name, text):
    data = copy_data(tmp_path)
    path = data / "stations" / "datapackage.yaml"
    if text is None:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        path.write_text(path.read_text(encoding="utf-8") + bomb + "title: *i\n", encoding="utf-8")
    elif isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    start = time.process_time()
    code, out = validate_cli(data, capsys)
    assert time.process_time() - start < 5, name
    assert code == 1 and "stations/datapackage.yaml:" in out
    [line] = [x for x in out.splitlines() if "datapackage.yaml" in x]
    assert len(line) < 300


# --- reproducible bytes ------------------------------------------------------------------------------------------

HIDE_LXML = """
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name == "lxml" or name.startswith("lxml."):
            raise ImportError("hidden for this test")
sys.meta_path.insert(0, Hide())
"""
WRITE_XLSX = """
import hashlib, sys, datetime as dt
from generator import opendata
from tests.test_opendata import spec
import openpyxl
res = spec("hotlines").resources["hotlines"]
print(hashlib.sha256(opendata.xlsx(res, ["id", "name"], [["a", "热线"]], dt.date(2026, 1, 1))).hexdigest())
"""


def test_xlsx_bytes_do_not_depend_on_whether_lxml_is_installed():
    import importlib.util
    if importlib.util.find_spec("lxml") is None:
        pytest.skip("lxml is not installed here, so there is nothing to compare")
    hashes = []
    for prelude in ("import lxml.etree\n", HIDE_LXML):
        proc = subprocess.run([sys.executable, "-c", prelude + WRITE_XLSX], capture_output=True, text=True,
                              cwd=REPO_ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        hashes.append(proc.stdout.strip())
    assert hashes[0] == hashes[1]
    assert hashlib.sha256(b"").hexdigest() not in hashes
