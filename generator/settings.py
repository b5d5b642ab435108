"""Every setting under `extra.xinan` in mkdocs.yml: its type, default and meaning, in one table.

`check()` refuses, all at once, keys the table does not know (naming the nearest known one, so a typo such as
`stale_after_day` points at `stale_after_days`), values of the wrong type, and the internal keys the build adds
itself. Each problem is one line `extra.xinan.<key>: message`; config.py checks the values' ranges and turns the
settings into a typed `SiteConfig`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.renderers import DEFAULT as DEFAULT_RENDERER
from generator.renderers import PROFILES

WHERE = "extra.xinan"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
TYPE_NAMES = {str: "字符串", int: "整数", bool: "true 或 false", list: "列表", dict: "映射", float: "数字"}


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: object
    meaning: str
    required: bool = False
    internal: bool = False  # written by the build into the renderer's copy of mkdocs.yml, never by the editor
    keys: tuple[str, ...] = ()  # a mapping's own keys, checked the same way
    choices: tuple[str, ...] | dict = ()  # the only values allowed (a mapping: its keys, as they are when checked)
    pattern: tuple = ()  # (compiled regex, what it means): a string value must match it
    written: str = ""  # how a value of the right type is written, for the mistyped-value message


SETTINGS = (
    Setting("district", str, None, "区名，如 福田区：页面标题、开放数据的发布者", required=True),
    Setting("city", str, None, "市名，如 深圳市", required=True),
    Setting("bounds", list, None, "辖区范围 [南纬, 西经, 北纬, 东经]（WGS-84）：范围外的坐标校验不通过", required=True),
    Setting("report_error", str, "", "“信息纠错”链接，{id} 与 {title} 会被填入"),
    Setting("stale_after_days", int, 365, "站点信息核实超过这么多天即标为可能过时"),
    Setting("data_stale_after_days", int, 30, "读者的日期晚于构建日期这么多天后，页面提示数据可能过时（1–3650）"),
    Setting("filing", dict, None, "页脚备案号：icp、police、site_code（generator/filing.py）"),
    Setting("registry_noindex", bool, True, "让搜索引擎不收录从业人员核验页"),
    Setting("station_list_split", int, 1000, "在服务的站点多于这个数时，站点列表页只列街道和热线，各街道的站点"
            "在 /stations/street/<街道代码>/ 分页列出（手机流量）；街道页总是生成"),
    Setting("lecture_feed_refresh_hours", int, 12, "讲座日历订阅的建议刷新间隔（小时）"),
    Setting("tiles", dict, None, "地图瓦片：provider（tianditu、osm、custom、none）、key、url、attribution、crs",
            keys=("provider", "key", "url", "attribution", "crs")),
    Setting("renderer", str, DEFAULT_RENDERER, "渲染命令：properdocs、mkdocs 或 zensical", choices=PROFILES),
    Setting("contract", str, None, "本站数据契约的版本号（语义化版本，如 1.2.0），可不填",
            pattern=(SEMVER, "语义化版本号（如 1.2.0）"), written='带引号的版本号，如 "1.0.0"'),
    Setting("chrome", dict, None, "每页的数据日期行，由构建写入渲染用的设置副本（generator/chrome.py）", internal=True),
)
BY_KEY = {s.key: s for s in SETTINGS}


def unknown(key, known, where: str) -> str:
    """The line for a key that is not a setting: the nearest known key when there is one."""
    near = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    hint = f"是不是 {near[0]}？" if near else f"可设置 {', '.join(known)}"
    return f"{where}.{key}: 未知设置，{hint}"


def type_ok(value, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def check(x: dict, where: str = WHERE) -> list[str]:
    """Every unknown, internal, missing or mistyped key of `extra.xinan`, one line each, in the file's order."""
    editable = [s.key for s in SETTINGS if not s.internal]
    problems = []
    for key, value in x.items():
        setting = BY_KEY.get(key)
        if setting is None:
            problems.append(unknown(key, editable, where))
        elif setting.internal:
            problems.append(f"{where}.{key}: 由构建自动添加，不要写在 mkdocs.yml 里")
        elif value is None and not setting.required:
            continue
        elif setting.choices and value not in tuple(setting.choices):
            problems.append(f"{where}.{key}: 应为 {'、'.join(setting.choices)} 之一，实际为 {value!r}")
        elif not type_ok(value, setting.type) and setting.written:
            problems.append(f"{where}.{key}: 应为{setting.written}，实际为 {value!r}")
        elif not type_ok(value, setting.type):
            problems.append(f"{where}.{key}: 应为{TYPE_NAMES[setting.type]}，实际为 {type(value).__name__}")
        elif setting.keys:
            problems += [unknown(k, setting.keys, f"{where}.{key}") for k in value if k not in setting.keys]
        elif setting.pattern and not setting.pattern[0].match(value):
            problems.append(f"{where}.{key}: “{value}”不是{setting.pattern[1]}")
    problems += [f"{where}.{s.key}: 缺少必填设置" for s in SETTINGS if s.required and s.key not in x]
    return problems


def value(x: dict, key: str):
    """A setting's value, or its default when it is not set."""
    got = x.get(key)
    return BY_KEY[key].default if got is None else got
