"""Jinja2 environment and the Chinese formatting filters shared by every page kind."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import clock

WEEKDAYS = "一二三四五六日"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def zh_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def zh_datetime(t: dt.datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日（周{WEEKDAYS[t.weekday()]}）{t:%H:%M}"


def zh_duration(start: dt.datetime, end: dt.datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)
    h, m = divmod(minutes, 60)
    return (f"{h} 小时" if h else "") + (f"{m} 分钟" if m else "") or "0 分钟"


def tel(number: str) -> str:
    return "tel:" + number.replace("-", "")


def jsonld(data: dict) -> str:
    # "</" is escaped so a value can never close the script element.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def lab(codes, labels: dict) -> str:
    """Codes joined as their Chinese labels: ['free'] -> '免费'."""
    return "、".join(labels.get(c, c) for c in codes)


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(zh_date=zh_date, zh_datetime=zh_datetime, tel=tel, lab=lab)
    env.globals.update(zh_duration=zh_duration, build_phase=clock.build_phase, phase_labels=clock.PHASE_LABELS)
    return env
