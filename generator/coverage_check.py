"""Checks of the coverage package against the station directory: what Table Schema cannot say."""
from __future__ import annotations

from generator.coverage import FACILITY_MEASURES, is_active
from generator.problems import Report


def check(tables, report: Report) -> None:
    needed = [("coverage", "communities"), ("stations", "stations")]
    if any(key not in tables.rows or key in tables.broken for key in needed):
        return  # a package that could not be read is reported already; its checks are skipped
    stations = [r for r in tables.get("stations", "stations") if is_active(_Row(r))]
    _check_communities(tables, stations, report)
    _check_denominators(tables, stations, report)
    _check_sources(tables, report)


class _Row:
    def __init__(self, row: dict):
        self.status = row.get("status")


def _check_communities(tables, stations, report: Report) -> None:
    known = {(r.get("street"), r.get("name")) for r in tables.get("coverage", "communities")}
    path = tables.paths[("stations", "stations")]
    for row in stations:
        community, street = row.get("community"), row.get("street")
        if community and (street, community) not in known:
            report.error(path, row["_row"], "community",
                         f"社区“{community}”不在街道“{street or '（空）'}”的社区名单中"
                         f"（{tables.paths[('coverage', 'communities')]}）", code="community")


def _check_denominators(tables, stations, report: Report) -> None:
    path = tables.paths.get(("coverage", "facilities"))
    for row in tables.get("coverage", "facilities"):
        for kind, column in FACILITY_MEASURES.values():
            counted = sum(1 for s in stations if s.get("kind") == kind and s.get("street") == row.get("street"))
            total = row.get(column)
            if isinstance(total, int) and total < counted:
                report.error(path, row["_row"], column,
                             f"分母 {total} 小于站点名录中该街道已有的站点数 {counted}（类型 {kind}）", code="denominator")


def _check_sources(tables, report: Report) -> None:
    spec = tables.specs.get("coverage")
    titles = {str(s.get("title")) for s in (spec.descriptor.get("sources") or [])} if spec else set()
    path = tables.paths.get(("coverage", "targets"))
    for row in tables.get("coverage", "targets"):
        title = row.get("source_title")
        if title and title not in titles:
            report.error(path, row["_row"], "source_title",
                         f"出处文件“{title}”不在数据包描述的 sources 中，请先在 datapackage.yaml 的 sources 登记",
                         code="source")
