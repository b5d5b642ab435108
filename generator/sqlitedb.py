"""The database download: every public table in one SQLite file, typed, with primary and foreign keys."""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from generator.cells import boolean
from generator.schema import FieldSpec, ResourceSpec

FILENAME = "xinan.sqlite"
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}  # everything else is TEXT
FIELDS_TABLE = "xinan_fields"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _value(text: str, f: FieldSpec | None):
    """A CSV cell as stored: NULL for empty, numbers as numbers, booleans as 0/1, dates as ISO text, lists as in the CSV."""
    kind = f.type if f else "string"
    if text.strip() == "":
        return None
    text = text.strip() if kind in SQL_TYPES else text
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return int(bool(boolean(text)))
    return text


def create_table(res: ResourceSpec, header: list[str], keys: list[dict]) -> str:
    specs = {f.name: f for f in res.fields}
    lines = []
    for name in header:
        f = specs.get(name)
        kind = SQL_TYPES.get(f.type if f else "string", "TEXT")
        required = " NOT NULL" if f and f.required else ""
        lines.append(f"{_quote(name)} {kind}{required}")
    if res.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(_quote(k) for k in res.primary_key)})")
    for fk in keys:
        ref = fk["reference"]
        lines.append(f"FOREIGN KEY ({', '.join(_quote(n) for n in fk['fields'])}) REFERENCES {_quote(ref['resource'])} "
                     f"({', '.join(_quote(n) for n in ref['fields'])})")
    return f"CREATE TABLE {_quote(res.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def build(tables: list[tuple[ResourceSpec, list[str], list[list[str]], list[dict]]]) -> bytes:
    """The database as bytes: (resource, header, rows, published foreign keys) per table, in the order given. The
    same tables give the same bytes: one connection, fixed page size, rows in file order, no timestamps."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FILENAME
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA page_size = 4096")
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute(f"CREATE TABLE {FIELDS_TABLE} (\"table\" TEXT NOT NULL, field TEXT NOT NULL, title TEXT NOT NULL, "
                        "type TEXT NOT NULL, description TEXT NOT NULL, codes TEXT NOT NULL, "
                        "PRIMARY KEY (\"table\", field))")
            for res, header, rows, keys in tables:
                con.execute(create_table(res, header, keys))
                specs = {f.name: f for f in res.fields}
                columns = [specs.get(h) for h in header]
                marks = ", ".join("?" for _ in header)
                con.executemany(f"INSERT INTO {_quote(res.name)} VALUES ({marks})",
                                ([_value(v, f) for v, f in zip(row, columns)] for row in rows))
                con.executemany(f"INSERT INTO {FIELDS_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                                [(res.name, f.name, f.title, f.type, f.description,
                                  "；".join(f"{c} = {label}" for c, label in f.categories.items()))
                                 for f in (specs[h] for h in header if h in specs)])
            con.commit()
        finally:
            con.close()
        return path.read_bytes()
