"""Catalogue metadata of a package (`catalog:` in datapackage.yaml): update frequency, themes, openness, coverage, contact."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.problems import Report
from generator.schema import DESCRIPTOR, PackageSpec

KEY = "catalog"
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY_SCHEME = EU + "frequency"
THEME_SCHEME = EU + "data-theme"
ACCESS_SCHEME = EU + "access-right"
# EU Publications Office "frequency" table codes a district publishes at, with how the pages say them.
FREQUENCIES = {"DAILY": "每日", "WEEKLY": "每周", "BIWEEKLY": "每两周", "MONTHLY": "每月", "QUARTERLY": "每季度",
               "BIANNUAL": "每半年", "ANNUAL": "每年", "IRREG": "不定期", "UPDATE_CONT": "持续更新"}
# EU "data-theme" table (the DCAT-AP theme taxonomy).
THEMES = {"AGRI": "农业、渔业、林业和食品", "ECON": "经济和金融", "EDUC": "教育、文化和体育", "ENER": "能源",
          "ENVI": "环境", "GOVE": "政府和公共部门", "HEAL": "卫生健康", "INTR": "国际事务", "JUST": "司法、法律体系和公共安全",
          "OP_DATPRO": "临时数据", "REGI": "地区和城市", "SOCI": "人口和社会", "TECH": "科学和技术", "TRAN": "交通"}
# Guangdong 公共数据开放暂行办法 (2022): 无条件开放 / 有条件开放 (不予开放 data is not published at all), and the EU
# access-right code that says the same to a DCAT harvester.
OPENNESS = {"无条件开放": "PUBLIC", "有条件开放": "RESTRICTED"}
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


@dataclass(frozen=True)
class CatalogMeta:
    frequency: str
    themes: tuple[str, ...]
    openness: str
    start: dt.date
    end: dt.date | None
    contact_name: str
    contact_email: str

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES[self.frequency]

    @property
    def theme_labels(self) -> list[str]:
        return [THEMES[t] for t in self.themes]

    @property
    def access_right(self) -> str:
        return OPENNESS[self.openness]


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def read(spec: PackageSpec, report: Report | None = None) -> CatalogMeta | None:
    """The package's catalogue metadata; every problem goes to `report` (one line each) and gives None."""
    report = report if report is not None else Report()
    path = spec.directory / DESCRIPTOR
    raw = spec.descriptor.get(KEY)
    if not isinstance(raw, dict):
        report.error(path, None, KEY, "缺少数据目录信息 catalog（更新频率 frequency、主题 themes、开放类型 openness、"
                                      "时间范围 temporal、联系方式 contact）", code="catalog")
        return None
    before = len(report.errors)

    def bad(fld: str, message: str) -> None:
        report.error(path, None, f"{KEY}.{fld}", message, code="catalog")

    frequency = str(raw.get("frequency", ""))
    if frequency not in FREQUENCIES:
        bad("frequency", f"更新频率“{frequency}”不是可用的代码：{'、'.join(FREQUENCIES)}")
    themes = raw.get("themes")
    if not isinstance(themes, list) or not themes:
        bad("themes", "主题 themes 应为至少一个主题代码的列表")
        themes = []
    for t in themes:
        if str(t) not in THEMES:
            bad("themes", f"主题“{t}”不是可用的代码：{'、'.join(THEMES)}")
    openness = str(raw.get("openness", ""))
    if openness not in OPENNESS:
        bad("openness", f"开放类型“{openness}”应为 无条件开放 或 有条件开放（不予开放的数据不得发布）")
    temporal = raw.get("temporal") if isinstance(raw.get("temporal"), dict) else {}
    start, end = _date(temporal.get("start")), _date(temporal.get("end")) if temporal.get("end") else None
    if start is None:
        bad("temporal.start", "时间范围的起始日期 temporal.start 应为 YYYY-MM-DD 日期")
    if temporal.get("end") and end is None:
        bad("temporal.end", "时间范围的截止日期 temporal.end 应为 YYYY-MM-DD 日期，或不填（表示至今）")
    if start and end and end < start:
        bad("temporal.end", f"截止日期 {end} 早于起始日期 {start}")
    contact = raw.get("contact") if isinstance(raw.get("contact"), dict) else {}
    name, email = str(contact.get("name") or "").strip(), str(contact.get("email") or "").strip()
    if not name:
        bad("contact.name", "联系方式应写明负责的部门或机构名称 contact.name")
    if not EMAIL.match(email):
        bad("contact.email", f"联系邮箱“{email}”不是有效的电子邮件地址")
    if len(report.errors) > before:
        return None
    return CatalogMeta(frequency, tuple(str(t) for t in themes), openness, start, end, name, email)


def check(spec: PackageSpec) -> Report:
    report = Report()
    read(spec, report)
    return report
