"""One policy for every CSV cell: identifiers in full, no hidden characters, one line unless the schema says so, finite
numbers, bounded sizes; checked on the raw cells before frictionless sees them, and spreadsheet-safe downloads."""
from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from typing import TYPE_CHECKING

from generator.schema import FieldSpec, ResourceSpec

if TYPE_CHECKING:  # problems.py uses one_line() from here
    from generator.problems import Report

MAX_CELL = 10_000  # characters in one cell; a summary is a few hundred
MAX_CSV_BYTES = 256 * 1024 * 1024  # one CSV file; a province's register is a few tens of MB

# C0 controls except LF/CR (line breaks are their own rule), DEL, C1 controls, bidi embeddings/overrides/isolates and
# marks, line/paragraph separators, the zero-width no-break space (a BOM inside a cell) and noncharacters.
HIDDEN = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ufeff\ufffe\uffff]")
# What Excel and LibreOffice read as the start of a formula (OWASP "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = ("number", "integer")
SEP = "\x1f"  # joins a column's cells; a hidden character, so no valid cell contains it
# Whitespace str.strip() removes that is neither hidden nor an ASCII space: rare, so looked for once per file.
OTHER_SPACE = re.compile("[\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
TEXT_TYPES = ("string", "list")


def shown(value: str, limit: int = 30) -> str:
    """A value as a one-line message may quote it: hidden characters as <U+202E> (code point in hex), at most `limit` characters."""
    cut = value[:limit]
    text = HIDDEN.sub(lambda m: f"<U+{ord(m[0]):04X}>", cut).replace("\r", "<CR>").replace("\n", "<LF>")
    return text + ("…" if len(value) > limit else "")


def one_line(message: str) -> str:
    """A message as one line of output, whatever a value quoted in it contains."""
    if HIDDEN.search(message) or "\n" in message or "\r" in message:
        return HIDDEN.sub(lambda m: f"<U+{ord(m[0]):04X}>", message).replace("\r", "<CR>").replace("\n", "<LF>")
    return message


def normalised(value: str) -> str:
    """The form two identifiers are compared in: Unicode NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def is_multiline(f: FieldSpec) -> bool:
    """A field may hold line breaks only when its descriptor says `multiline: true`."""
    return f.raw.get("multiline") is True


def key_fields(res: ResourceSpec) -> set[str]:
    """Fields that identify or point at a record, or hold a code: matched in full, no surrounding whitespace."""
    names = set(res.primary_key)
    for fk in res.foreign_keys + res.external_foreign_keys:
        names.update(fk.get("fields") or [])
    for f in res.fields:
        c = f.constraints
        if c.get("unique") or c.get("pattern") or f.raw.get("format"):
            names.add(f.name)
    return names


def unique_fields(res: ResourceSpec) -> list[str]:
    names = [f.name for f in res.fields if f.constraints.get("unique")]
    if len(res.primary_key) == 1 and res.primary_key[0] not in names:
        names.append(res.primary_key[0])
    return names


def free_text(f: FieldSpec) -> bool:
    """Names, titles, addresses, notes: strings without codes, patterns or formats, where anything may be typed."""
    c = f.constraints
    return f.type == "string" and not (c.get("enum") or c.get("pattern") or f.raw.get("format"))


def formula_like(value: str) -> bool:
    return value.startswith(FORMULA_START)


def spreadsheet_safe(value: str) -> str:
    """A text cell as Excel must see it: a leading ' keeps a formula start from being evaluated (OWASP)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def read_csv(text: str, path: str, report: Report) -> tuple[list[str], list[list[str]]] | None:
    """Header and records of a CSV, or None (reported) when the file cannot be read as a table."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        header = next(reader, [])
        rows.extend(reader)
    except csv.Error as exc:
        number = len(rows) + 2
        message = ("单元格过长（超过 131072 个字符），或引号不配对" if "field limit" in str(exc)
                   else f"CSV 格式错误：{shown(str(exc), 80)}")
        report.error(path, number, None, message, code="csv")
        return None
    return header, rows


def check_table(text: str, res: ResourceSpec, path: str, report: Report) -> bool:
    """Report every cell that breaks the policy; False when the file is not a sound table (frictionless would choke
    or crawl on it: unreadable, an over-long cell, more cells than the header), so it is not checked further."""
    table = read_csv(text, path, report)
    if table is None:
        return False
    header, rows = table
    sound = True
    width = len(header)
    hidden = HIDDEN.search(text) is not None  # one scan of the file spares a search per cell in the usual case
    unusual = hidden or OTHER_SPACE.search(text) is not None
    for column, label in enumerate(header, start=1):
        if len(label) > 100 or HIDDEN.search(label) or "\n" in label or "\r" in label:
            report.error(path, 1, None, f"第 {column} 列的表头“{shown(label)}”无效", code="header")
            sound = False
    long_cells = len(text) > MAX_CELL
    for number, cells in enumerate(rows, start=2):
        if len(cells) > width:
            report.error(path, number, None, f"本行有 {len(cells)} 个单元格，多于表头的 {width} 列；"
                         f"多出的第一个是“{shown(cells[width])}”", code="extra-cell")
            sound = False
        if long_cells and max(map(len, cells), default=0) > MAX_CELL:
            for name, value in zip(header + [""] * len(cells), cells):
                if len(value) > MAX_CELL:
                    report.error(path, number, name or None, f"单元格过长（{len(value)} 个字符，最多 {MAX_CELL}）",
                                 code="cell-size")
            sound = False
    if not sound:
        return False
    specs = {f.name: f for f in res.fields}
    keys = key_fields(res)
    columns = [(i, specs[name]) for i, name in enumerate(header) if name in specs]
    # Rows with more cells than the header were refused above, so the columns line up once short rows are padded.
    padded = rows if all(len(c) == width for c in rows) else [c + [""] * (width - len(c)) for c in rows]
    table_columns = list(zip(*padded))
    for i, f in columns:
        column = table_columns[i] if table_columns else ()
        if unusual or _suspect(column, f.type in NUMBER_TYPES):
            cells = [(k + 2, v, len(rows[k])) for k, v in enumerate(column)]
            _check_column(path, f, f.name in keys, cells, width, hidden, report)
    for name in unique_fields(res):
        if name in header:
            i = header.index(name)
            _check_near_duplicates(path, name, [(n, c[i]) for n, c in enumerate(rows, 2) if i < len(c)], report)
    return True


def _suspect(column, number: bool) -> bool:
    """Whether any cell of the column might break a rule, by a few substring searches of the joined column: a
    100,000-row register has 1.5 million cells, and when all is well none of them is looked at one by one."""
    joined = SEP + SEP.join(column) + SEP
    if number:
        return any(c.isalpha() for c in set(joined))  # inf, nan, 1e999
    if "\n" in joined or "\r" in joined:
        return True
    return any(SEP + c in joined for c in "=+-@ ") or " " + SEP in joined


def _check_column(path: str, f: FieldSpec, is_key: bool, cells: list[tuple[int, str, int]], width: int,
                  hidden: bool, report: Report) -> None:
    multiline, text, free = is_multiline(f), f.type in TEXT_TYPES, free_text(f)
    for number, value, count in cells:
        if value == "":
            continue
        bad = HIDDEN.search(value) if hidden else None
        if bad:
            report.error(path, number, f.name, f"含有不可见的控制字符或方向控制字符 U+{ord(bad[0]):04X}，请删除",
                         code="hidden-character")
            continue
        if is_key and value != value.strip():
            report.error(path, number, f.name, f"“{shown(value)}”前后有空格或换行；编号和代码须完整匹配，请删除",
                         code="identifier-whitespace")
            continue
        if ("\n" in value or "\r" in value) and not (multiline and "\r" not in value.replace("\r\n", "")):
            hint = "；可能有未配对的引号" if count < width else ""
            report.error(path, number, f.name, f"此项只能填一行，不能换行{hint}", code="line-break")
            continue
        if f.type in NUMBER_TYPES:
            try:
                finite = math.isfinite(float(value))
            except (ValueError, OverflowError):
                continue  # not a number at all: frictionless reports it as a type error
            if not finite:
                report.error(path, number, f.name, f"值“{shown(value)}”不是有限的数字", code="not-finite")
            continue
        if text and free and not multiline and formula_like(value.strip()):
            report.error(path, number, f.name, f"“{shown(value)}”不能以 = + - @ 开头（电子表格会把它当作公式）",
                         code="formula")


def _check_near_duplicates(path: str, name: str, cells: list[tuple[int, str]], report: Report) -> None:
    first: dict[str, tuple[int, str]] = {}
    for number, value in cells:
        if value.strip() == "":
            continue
        key = value.strip().casefold() if value.isascii() else normalised(value)  # NFKC keeps ASCII as it is
        if key in first and first[key][1] != value:  # equal raw values are frictionless's unique-error
            row, other = first[key]
            report.error(path, number, name, f"“{shown(value)}”与第 {row} 行的“{shown(other)}”实质相同"
                         "（忽略全角半角、大小写和首尾空白后一致），不能重复", code="near-duplicate")
        first.setdefault(key, (number, value))
