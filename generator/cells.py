"""One reading of a CSV cell and one digest of a row, for every step that needs them.

`convert()` gives the typed value of a cell as validated rows carry it (validate.py); `json_value()` the same cell
as the JSON downloads write it (opendata.py: dates stay text, a number written without a fraction stays an
integer); `boolean()` the spellings frictionless accepts (its default trueValues and falseValues, case as
written), so a cell the validator passed means the same everywhere. `row_digest()` is the digest of a row's public
values that incremental rebuilds key pages on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

# frictionless' BooleanField defaults (Table Schema: trueValues, falseValues).
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
_BOOLEANS = {**dict.fromkeys(TRUE_VALUES, True), **dict.fromkeys(FALSE_VALUES, False)}
_INTEGER = re.compile(r"-?\d+")


def boolean(text: str) -> bool | None:
    """True or False for a spelling frictionless accepts, None for anything else."""
    return _BOOLEANS.get(text.strip())


def _kind(f) -> str:
    return f.type if f is not None else "string"


def _items(text: str, f) -> list[str]:
    return [v.strip() for v in text.split(f.delimiter or ",") if v.strip()]


def convert(text: str | None, f) -> object:
    """A cell as the typed value its field (a schema.FieldSpec, or None for text) says; None for an empty cell (an
    empty list for a list field) and for a value the validator reports."""
    if text is None:
        return None
    kind = _kind(f)
    value = text.strip()
    if value == "":
        return [] if kind == "list" else None
    if "\r" in value:
        value = value.replace("\r\n", "\n")  # a multi-line cell from Excel: one kind of line break downstream
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "boolean":
            return boolean(value)
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "datetime":
            # Frictionless reports anything not in ISO form with a 'T'; parse only what it accepts.
            return dt.datetime.fromisoformat(value) if "T" in value else None
        if kind == "list":
            return _items(value, f)
    except ValueError:
        return None
    return value


def number(text: str) -> int | float:
    """A number as written: an integer when it has no fraction or exponent (JSON keeps `5` as 5, not 5.0)."""
    value = text.strip()
    return int(value) if _INTEGER.fullmatch(value) else float(value)


def json_value(text: str, f) -> object:
    """A validated cell as the JSON downloads write it: numbers, booleans and lists typed as convert() reads
    them, null for empty, and text (dates too) as written."""
    kind = _kind(f)
    if text.strip() == "" or kind in ("integer", "boolean", "list"):
        return convert(text, f)
    if kind == "number":
        return number(text)
    return text.strip()


def row_digest(row: dict, private=()) -> bytes:
    """A digest of a row's values but its CSV row number and the `private` fields."""
    text = repr(sorted((k, v) for k, v in row.items() if k != "_row" and k not in private))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
