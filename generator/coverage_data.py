"""The coverage indicators as open data: indicators.csv and .json with their Table Schema."""
from __future__ import annotations

import csv
import io
import json

from generator.coverage import COLUMNS, from_site

# Table Schema of indicators.csv: the published resource is described as fully as the source packages.
FIELDS = [
    {"name": "code", "title": "指标代码", "type": "string", "description": "对应 targets 表的 code；页面锚点 /coverage/#<code>。",
     "constraints": {"required": True}},
    {"name": "title", "title": "指标名称", "type": "string", "constraints": {"required": True}},
    {"name": "scope", "title": "统计范围", "type": "string", "description": "district 全区；street 街道；community 社区；month 月份。",
     "constraints": {"required": True, "enum": ["district", "street", "community", "month"]}},
    {"name": "area", "title": "地区代码", "type": "string",
     "description": "全区为空；街道为街道代码；社区为“街道代码/社区名称”；月份为 YYYY-MM。"},
    {"name": "area_name", "title": "地区名称", "type": "string"},
    {"name": "period", "title": "统计期间", "type": "string",
     "description": "讲座类指标的统计期间（起/止，含当天）；站点类指标为数据日期的现状，为空。"},
    {"name": "counted", "title": "已统计数", "type": "number", "description": "计入的站点、社区、月份或讲座的数量。",
     "constraints": {"required": True, "minimum": 0}},
    {"name": "denominator", "title": "分母", "type": "integer", "description": "比例类指标的分母；计数类指标为空。",
     "constraints": {"minimum": 0}},
    {"name": "value", "title": "指标值", "type": "number",
     "description": "比例类为百分比（保留一位小数）；计数类为数量；分母为 0 时为空（无法计算）。"},
    {"name": "unit", "title": "单位", "type": "string",
     "constraints": {"required": True, "enum": ["percent", "per_year", "per_month", "hours_per_week"]}},
    {"name": "target", "title": "目标值", "type": "number", "constraints": {"required": True}},
    {"name": "met", "title": "是否达标", "type": "boolean", "description": "无法计算时为空。"},
    {"name": "gap", "title": "差距", "type": "number", "description": "距目标还差多少（单位同 unit）；已达标为 0。"},
    {"name": "deadline", "title": "期限", "type": "date"},
    {"name": "source_title", "title": "出处文件", "type": "string", "constraints": {"required": True}},
    {"name": "source_clause", "title": "出处条款", "type": "string", "constraints": {"required": True}},
]
SCHEMA = {"fields": FIELDS, "missingValues": [""]}
assert tuple(f["name"] for f in FIELDS) == COLUMNS


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def tables(site) -> tuple[list[dict], bytes, bytes, bytes]:
    """(rows, CSV, JSON, Table Schema JSON) of the indicators at the site's data date."""
    rows = [i.row() for i in from_site(site)]
    # generator.opendata imports this module, so its to_csv is not used here; same dialect (RFC 4180, LF).
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_neutral(_cell(r[c])) for c in COLUMNS])
    data = json.dumps({"date": site.today.isoformat(), "indicators": rows}, ensure_ascii=False, indent=1) + "\n"
    schema = json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n"
    return rows, buf.getvalue().encode("utf-8"), data.encode("utf-8"), schema.encode("utf-8")


def _neutral(text: str) -> str:
    # Titles and clauses come from data: a leading =, +, - or @ would be a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def downloads(site, directory, write) -> list:
    """The indicator files of the coverage package, written with `write(directory, name, data, label, kind)`."""
    _, csv_bytes, json_bytes, schema_bytes = tables(site)
    return [write(directory, "indicators.csv", csv_bytes, "覆盖指标（CSV，按数据日期计算）", "csv"),
            write(directory, "indicators.json", json_bytes, "覆盖指标（JSON）", "json"),
            write(directory, "indicators.schema.json", schema_bytes, "覆盖指标的表结构（Table Schema）", "json")]
