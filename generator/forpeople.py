"""Spreadsheets for people: Chinese field titles as headers, Chinese labels for codes, a sheet describing each field."""
from __future__ import annotations

from generator.schema import FieldSpec, ResourceSpec

FIELD_SHEET = "字段说明"
FIELD_SHEET_HEADER = ("中文名", "字段名", "类型", "必填", "说明", "代码及含义")
BOOLEAN_LABELS = {"true": "是", "1": "是", "false": "否", "0": "否"}


def header(res: ResourceSpec, names: list[str]) -> list[str]:
    """The Chinese title of each column (the field name where a field has no title)."""
    specs = {f.name: f for f in res.fields}
    return [specs[n].title if n in specs else n for n in names]


def label(value: str, f: FieldSpec | None) -> str:
    """A cell as a person reads it: codes as their labels (each item of a list), booleans as 是/否; values without a
    label are kept as they are, so nothing is lost."""
    if f is None or value.strip() == "":
        return value
    if f.type == "boolean":
        return BOOLEAN_LABELS.get(value.strip().lower(), value)
    if not f.categories:
        return value
    if f.type == "list":
        sep = f.delimiter or ","
        return sep.join(f.label(item.strip()) for item in value.split(sep))
    return f.label(value.strip())


def rows(res: ResourceSpec, names: list[str], data: list[list[str]]) -> list[list[str]]:
    specs = {f.name: f for f in res.fields}
    columns = [specs.get(n) for n in names]
    return [[label(v, f) for v, f in zip(row, columns)] for row in data]


def codes(f: FieldSpec) -> str:
    return "；".join(f"{code} = {text}" for code, text in f.categories.items())


def field_rows(res: ResourceSpec, type_names: dict[str, str]) -> list[tuple[str, ...]]:
    """One row per public field for the field sheet: title, name, type, required, description, codes."""
    out = []
    for f in res.public_fields:
        kind = type_names.get(f.type, f.type)
        if f.type == "list":
            kind += f"（以“{f.delimiter}”分隔）"
        out.append((f.title, f.name, kind, "是" if f.required else "否", f.description, codes(f)))
    return out
