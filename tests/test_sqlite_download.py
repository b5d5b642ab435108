"""/open-data/xinan.sqlite: every public table, typed, keys declared and holding, same rows as the CSVs, same bytes
from the same input, hashed and listed in the catalogue."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3

from generator import sqlitedb
from generator.schema import PACKAGES
from tests.conftest import build_site


def connect(site_dir):
    return sqlite3.connect(f"file:{site_dir / 'open-data' / sqlitedb.FILENAME}?mode=ro", uri=True)


def published_resources(site_dir):
    for package in PACKAGES:
        descriptor = json.loads((site_dir / "open-data" / package / "datapackage.json").read_text(encoding="utf-8"))
        for res in descriptor["resources"]:
            yield package, res


def test_every_public_table_is_in_the_database_with_the_csv_row_count_and_columns(site_dir):
    con = connect(site_dir)
    for package, res in published_resources(site_dir):
        rows = list(csv.reader(io.StringIO((site_dir / "open-data" / package / res["path"]).read_text(encoding="utf-8"))))
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{res["name"]}")')]
        assert columns == rows[0] == [f["name"] for f in res["schema"]["fields"]]
        assert con.execute(f'SELECT count(*) FROM "{res["name"]}"').fetchone()[0] == len(rows) - 1


def test_foreign_keys_are_declared_and_hold(site_dir):
    con = connect(site_dir)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    lectures = {(r[2], r[3], r[4]) for r in con.execute("PRAGMA foreign_key_list(lectures)")}
    assert ("stations", "station", "id") in lectures
    assert [r[1] for r in con.execute("PRAGMA table_info(practitioners)") if r[5]] == ["registration_number"]


def test_columns_are_typed_from_the_schema(site_dir):
    con = connect(site_dir)
    types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(stations)")}
    assert types["staff_count"] == "INTEGER" and types["latitude"] == "REAL" and types["name"] == "TEXT"
    row = con.execute("SELECT typeof(staff_count), typeof(latitude), typeof(not_emergency), not_emergency "
                      "FROM stations WHERE latitude IS NOT NULL LIMIT 1").fetchone()
    assert row[:3] == ("integer", "real", "integer") and row[3] in (0, 1)
    start = con.execute("SELECT valid_from FROM practitioners LIMIT 1").fetchone()[0]
    assert len(start) == 10 and start[4] == "-"  # ISO date text
    assert con.execute("SELECT count(*) FROM xinan_fields WHERE \"table\" = 'practitioners' "
                       "AND field = 'effective_status' AND codes LIKE '%expired = 已过期%'").fetchone()[0] == 1


def test_a_private_field_never_reaches_the_database(site_dir):
    con = connect(site_dir)
    columns = {r[1] for r in con.execute("PRAGMA table_info(practitioners)")}
    assert not columns & {"id_card_number", "personal_phone", "home_address"}


def test_the_database_is_hashed_and_listed_in_the_catalogue_and_on_the_open_data_page(site_dir):
    data = (site_dir / "open-data" / sqlitedb.FILENAME).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    catalogue = json.loads((site_dir / "open-data" / "catalog.jsonld").read_text(encoding="utf-8"))
    for dataset in catalogue["dcat:dataset"]:
        dist = next(d for d in dataset["dcat:distribution"] if d["@id"].endswith("/open-data/xinan.sqlite"))
        assert dist["spdx:checksum"]["spdx:checksumValue"]["@value"] == digest
        assert dist["dcat:byteSize"]["@value"] == str(len(data))
    page = (site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="xinan.sqlite"' in page and digest in page


def test_the_same_input_gives_the_same_database_bytes(site_dir, tmp_path):
    build_site(tmp_path / "again")
    assert (tmp_path / "again" / "open-data" / sqlitedb.FILENAME).read_bytes() == \
        (site_dir / "open-data" / sqlitedb.FILENAME).read_bytes()
