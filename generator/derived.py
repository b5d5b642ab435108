"""Derived columns: values the site computes from the data (effective registration status), published as columns."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from generator.schema import ResourceSpec, _field

if TYPE_CHECKING:  # releases imports this module; context need not load with it
    from generator.context import Site

# Marks a field in the published datapackage.json as computed by the site, not kept in the source data; releases
# ignore such fields when comparing, because their values follow from the data date, not from an edit.
MARK = "xinan:derived"

EFFECTIVE_STATUS = {
    "name": "effective_status",
    "title": "当前登记状态",
    "description": "由网站在数据日期（数据包的 created 日期）按有效期计算的登记状态，与核验页显示的一致：源数据为 active "
                   "而有效期已过的显示为“已过期”（expired），有效期尚未开始的显示为“尚未生效”（pending）；其他状态与源数据相同。"
                   "此列不在源数据中，不能编辑。",
    "type": "string",
    "categories": [{"value": "active", "label": "有效"}, {"value": "pending", "label": "尚未生效"},
                   {"value": "suspended", "label": "暂停执业"}, {"value": "expired", "label": "已过期"},
                   {"value": "revoked", "label": "已撤销"}, {"value": "ended", "label": "已注销"}],
    "constraints": {"required": True, "enum": ["active", "pending", "suspended", "expired", "revoked", "ended"]},
    MARK: True,
}

# (package, resource) -> [(field descriptor, the primary key column it is looked up by)]
DERIVED = {("practitioners", "practitioners"): [(EFFECTIVE_STATUS, "registration_number")]}


def fields(res: ResourceSpec) -> list[dict]:
    """The derived field descriptors a resource is published with, in column order after the source fields."""
    return [dict(d) for d, _ in DERIVED.get((res.package, res.name), [])]


def spec(res: ResourceSpec) -> ResourceSpec:
    """The resource as published: its fields followed by the derived ones."""
    extra = [_field(d) for d in fields(res)]
    return dataclasses.replace(res, fields=res.fields + extra) if extra else res


def _value(site: Site, name: str, key: str) -> str:
    if name == "effective_status":
        practitioner = site.practitioners.get(key)
        return practitioner.effective_status if practitioner else ""
    raise KeyError(name)


def extend(site: Site, res: ResourceSpec, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The public header and rows with the derived columns appended, each computed exactly as the pages compute it."""
    derived = DERIVED.get((res.package, res.name), [])
    if not derived:
        return header, rows
    keys = [header.index(key) for _, key in derived]
    out = [row + [_value(site, d["name"], row[k].strip()) for (d, _), k in zip(derived, keys)] for row in rows]
    return header + [d["name"] for d, _ in derived], out


def strip(descriptor: dict, tables: dict) -> None:
    """Remove derived fields and their columns from a published descriptor and its tables (in place)."""
    for res in descriptor.get("resources") or []:
        schema = res.get("schema") or {}
        names = {f["name"] for f in schema.get("fields") or [] if f.get(MARK)}
        if not names:
            continue
        schema["fields"] = [f for f in schema["fields"] if f["name"] not in names]
        table = tables.get(res["name"])
        if table is not None:
            keep = [i for i, h in enumerate(table.header) if h not in names]
            table.header = [table.header[i] for i in keep]
            table.rows = [[r[i] for i in keep if i < len(r)] for r in table.rows]
