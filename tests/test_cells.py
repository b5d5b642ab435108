"""One reading of a CSV cell (generator/cells.py): the validated rows, the JSON downloads and the SQLite database read
every cell of the sample data as frictionless does, booleans in frictionless's own spellings; one folder walker
and one way to fork serve every step."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from decimal import Decimal

import pytest
from frictionless import fields as ffields

from generator import cells, linkcheck, procs, publish, walk
from generator.build import tree_digest
from generator.problems import Report
from generator.validate import load_packages
from tests.conftest import DATA

FRICTIONLESS = {"integer": ffields.IntegerField, "number": ffields.NumberField, "boolean": ffields.BooleanField,
                "date": ffields.DateField, "datetime": ffields.DatetimeField, "string": ffields.StringField}


def sample_cells():
    """(field, text) for every non-empty cell of every resource of the sample data."""
    tables = load_packages(DATA, Report())
    for (package, name), path in tables.paths.items():
        res = tables.specs[package].resources[name]
        specs = {f.name: f for f in res.fields}
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        for row in rows[1:]:
            for header, text in zip(rows[0], row):
                if header in specs and text.strip():
                    yield specs[header], text


def plain(value):
    return float(value) if isinstance(value, Decimal) else value


def test_every_sample_cell_is_read_as_frictionless_reads_it():
    checked = 0
    for f, text in sample_cells():
        if f.type in FRICTIONLESS:
            theirs, note = FRICTIONLESS[f.type](name=f.name).read_cell(text.strip())
            assert note is None and plain(theirs) == cells.convert(text, f), (f.name, text)
            checked += 1
    assert checked > 5000


def test_the_json_downloads_write_each_cell_as_the_rows_read_it():
    for f, text in sample_cells():
        ours, written = cells.convert(text, f), cells.json_value(text, f)
        if isinstance(ours, (dt.date, dt.datetime)):
            assert written == text.strip() and ours == type(ours).fromisoformat(written)
        else:
            assert written == ours and type(written) in (type(ours), int), (f.name, text)


@pytest.mark.parametrize("text", ["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "tRue", "yes", "2"])
def test_a_boolean_means_what_frictionless_says_it_means(text):
    theirs, note = ffields.BooleanField(name="x").read_cell(text)
    assert cells.boolean(text) == (None if note else theirs)


def test_the_downloads_and_the_database_agree_on_every_boolean(site_dir):
    records = json.loads((site_dir / "open-data" / "lectures" / "lectures.json").read_text(encoding="utf-8"))
    con = sqlite3.connect(site_dir / "open-data" / "xinan.sqlite")
    stored = dict(con.execute("SELECT id, free FROM lectures"))
    assert {r["id"]: r["free"] for r in records} == {k: bool(v) for k, v in stored.items()}
    assert set(stored.values()) == {0, 1}


def test_a_row_digest_ignores_the_row_number_and_private_fields():
    row = {"_row": 2, "id": "a", "phone": "1"}
    assert cells.row_digest(row) == cells.row_digest({**row, "_row": 9})
    assert cells.row_digest(row, {"phone"}) == cells.row_digest({"_row": 3, "id": "a"})
    assert cells.row_digest(row) != cells.row_digest({**row, "id": "b"})


def test_one_walker_lists_every_file_sorted_with_posix_paths(tmp_path):
    for rel in ("b/z.txt", "b/a.txt", "a.txt", "a/b/c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    listed = [rel for _, rel in walk.files(tmp_path)]
    assert listed == ["a.txt", "a/b/c.txt", "b/a.txt", "b/z.txt"]
    assert sorted(publish.file_digests(tmp_path)) == sorted(linkcheck.site_files(tmp_path)) == sorted(listed)
    assert list(walk.files(tmp_path / "missing")) == []
    before = tree_digest(tmp_path)
    (tmp_path / "a" / "b" / "c.txt").write_text("changed")
    assert tree_digest(tmp_path) != before


def _double(n):
    return 2 * n


def _fail():
    raise ValueError("坏数据")


def test_a_forked_child_sends_back_its_result_or_its_error():
    assert procs.Child(_double, 21).result() == 42
    with pytest.raises(procs.ChildError, match="^frictionless 校验进程失败：ValueError: 坏数据$"):
        procs.Child(_fail, what="frictionless 校验进程").result()


def test_the_package_forks_only_through_procs_child():
    package = DATA.parent / "generator"
    forks = [p.name for p in package.rglob("*.py") if p.name not in ("procs.py", "synth.py")
             and ("multiprocessing" in p.read_text(encoding="utf-8") or "os.fork" in p.read_text(encoding="utf-8"))]
    assert forks == []
