"""Retiring records instead of deleting them: closed or moved stations, ended registrations, and published rows.

A record that was published in a release keeps its row (and so its page) for ever: a station that closes gets a
status, a date and a reason; a registration that ends gets status `ended`, a date and a reason. `check` enforces
that, and refuses a row that a stored release published but the data no longer has.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator import releases
from generator.problems import Report

STATION_RETIRED = ("closed", "moved")
PRACTITIONER_RETIRED = ("ended",)

# What an editor does instead of deleting a published row, by (package, resource).
RETIRE_HOW = {
    ("stations", "stations"): "请恢复这一行，把 status 改为 closed（已关闭）或 moved（已迁址，并在 successor 填接续站点），"
                              "并填写 closed_on 和 closed_reason；站点页面会保留并注明已关闭",
    ("practitioners", "practitioners"): "请恢复这一行，把 status 改为 ended（已注销、不再登记），并填写 ended_on 和 "
                                        "end_reason；核验页和二维码会保留并注明“不再登记”",
    ("lectures", "lectures"): "请恢复这一行；讲座不再举办时把 status 改为 cancelled 并把 sequence 加 1",
}
RETIRE_DEFAULT = "请恢复这一行；已发布的记录不能删除，只能修改"


def station_status(row: dict) -> str:
    return row.get("status") or "active"


def _released_keys(data_dir: Path, package: str, resource: str, key: str) -> dict[str, str]:
    """Every key value any stored release of the resource published -> the first version that published it."""
    root = releases.release_root(data_dir, package)
    seen: dict[str, str] = {}
    for version in releases.stored_versions(root):
        try:
            descriptor = json.loads((root / version / "datapackage.json").read_text(encoding="utf-8"))
            res = next(r for r in descriptor.get("resources") or [] if r.get("name") == resource)
            text = (root / version / res["path"]).read_bytes().decode("utf-8-sig")
        except (OSError, ValueError, StopIteration, KeyError):
            continue  # a damaged release is reported by the version checks; nothing to compare here
        for row in csv.DictReader(io.StringIO(text, newline="")):
            value = (row.get(key) or "").strip()
            if value:
                seen.setdefault(value, version)
    return seen


def check_released_rows(tables, data_dir: Path, report: Report) -> None:
    """A row published in any stored release must still be in the data (retired, perhaps, but there)."""
    for (package, resource), rows in tables.rows.items():
        res = tables.specs[package].resources[resource]
        if (package, resource) in tables.broken or len(res.primary_key) != 1:
            continue
        key = res.primary_key[0]
        released = _released_keys(Path(data_dir), package, resource, key)
        if not released:
            continue
        present = {str(r.get(key)) for r in rows if r.get(key) not in (None, "")}
        how = RETIRE_HOW.get((package, resource), RETIRE_DEFAULT)
        for value, version in sorted(released.items()):
            if value not in present:
                report.error(tables.paths[(package, resource)], None, key,
                             f"“{value}”已在 {version} 版发布，不能从数据中删除（网址和二维码必须一直有效）。{how}",
                             code="removed-released")


def _check_stations(tables, report: Report) -> None:
    path = tables.paths.get(("stations", "stations"))
    rows = tables.get("stations", "stations")
    by_id = {r.get("id"): r for r in rows}
    for row in rows:
        n, status = row["_row"], station_status(row)
        if status in STATION_RETIRED:
            for fld in ("closed_on", "closed_reason"):
                if not row.get(fld):
                    report.error(path, n, fld, "站点已关闭或迁址时必须填写此项", code="required")
            if row.get("closed_on") and row["closed_on"] > tables.today:
                report.error(path, n, "closed_on", f"关闭日期 {row['closed_on']} 晚于数据日期；站点关闭前请保持 active，"
                             "到关闭当天再改状态", code="date")
        else:
            for fld in ("closed_on", "closed_reason"):
                if row.get(fld):
                    report.error(path, n, fld, "只有已关闭（closed）或已迁址（moved）的站点填写此项", code="status-fields")
        successor = row.get("successor")
        if status == "moved" and not successor:
            report.error(path, n, "successor", "已迁址的站点须填写接续站点编号", code="required")
        elif successor and status != "moved":
            report.error(path, n, "successor", "只有已迁址（moved）的站点填写接续站点", code="status-fields")
        elif successor == row.get("id"):
            report.error(path, n, "successor", "接续站点不能是本站点", code="successor")
        elif successor and successor not in by_id:
            report.error(path, n, "successor", f"找不到接续站点“{successor}”（stations 表中没有）", code="foreign-key")
        elif successor and station_status(by_id[successor]) in STATION_RETIRED:
            report.error(path, n, "successor", f"接续站点“{successor}”本身已关闭或迁址；请填写仍在服务的站点",
                         code="successor")


def _check_practitioners(tables, report: Report) -> None:
    path = tables.paths.get(("practitioners", "practitioners"))
    stations = {r.get("id"): r for r in tables.get("stations", "stations")}
    for row in tables.get("practitioners", "practitioners"):
        n, status, ended = row["_row"], row.get("status"), row.get("ended_on")
        if status in PRACTITIONER_RETIRED:
            for fld in ("ended_on", "end_reason"):
                if not row.get(fld):
                    report.error(path, n, fld, "登记注销（ended）时必须填写此项", code="required")
            if ended and ended > tables.today:
                report.error(path, n, "ended_on", f"注销日期 {ended} 晚于数据日期；注销生效前请保持原状态", code="date")
            if ended and row.get("valid_from") and ended < row["valid_from"]:
                report.error(path, n, "ended_on", f"注销日期 {ended} 早于有效期起 {row['valid_from']}", code="date-order")
        else:
            for fld in ("ended_on", "end_reason"):
                if row.get(fld):
                    report.error(path, n, fld, "只有已注销（ended）的登记填写此项", code="status-fields")
        station = stations.get(row.get("affiliation") or "")
        if status == "active" and station and station_status(station) in STATION_RETIRED:
            report.warning(path, n, "affiliation", f"所属站点“{station['id']}”已关闭或迁址；请改为现在的执业站点",
                           code="retired-station")


def _check_lectures(tables, report: Report) -> None:
    path = tables.paths.get(("lectures", "lectures"))
    stations = {r.get("id"): r for r in tables.get("stations", "stations")}
    for row in tables.get("lectures", "lectures"):
        station, start = stations.get(row.get("station") or ""), row.get("start")
        if (station and station_status(station) in STATION_RETIRED and station.get("closed_on") and start
                and row.get("status") != "cancelled" and start.date() >= station["closed_on"]):
            report.error(path, row["_row"], "station",
                         f"站点“{station['id']}”已于 {station['closed_on']} 关闭或迁址，讲座不能在那里举办；"
                         "请改到其他站点，或把 status 改为 cancelled", code="retired-station")


def check(tables, data_dir: Path, report: Report) -> None:
    """Every retirement rule: status fields that go together, successors, and published rows that were deleted."""
    _check_stations(tables, report)
    _check_practitioners(tables, report)
    _check_lectures(tables, report)
    check_released_rows(tables, data_dir, report)
