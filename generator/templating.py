"""Jinja2 environment and the Chinese formatting filters shared by every page kind."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

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
    # Percent-encoded beyond what a phone number holds, so no value can leave the tel: link.
    return "tel:" + quote(number.replace("-", ""), safe="+")


# Inside <script>, "<" could open a comment (<!--) or close the element, so "<", ">" and "&" are written as
# JSON escapes; U+2028/2029 too, which older JavaScript parsers take for line ends.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> str:
    """JSON that is safe inside an HTML <script> element, and still the same JSON to any parser."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)


def jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{script_json(data)}</script>'


# Python-Markdown's backslash escapes (its own list plus "|" from tables); "<", ">" and "&" are HTML-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(value: str) -> Markup:
    """Plain text for a Markdown line: Markdown syntax shown literally, HTML escaped, on one line."""
    flat = " ".join(str(value).split())
    return Markup(html.escape(_MD_SPECIAL.sub(r"\\\1", flat), quote=True))


def front_matter(values: dict) -> Markup:
    """YAML front matter lines for the renderer. The theme prints page.meta unescaped into <title>, meta tags
    and the header, so each text arrives HTML-escaped; YAML-dumped so no value can add a key or a line."""
    escaped = {k: html.escape(v, quote=True) if isinstance(v, str) else v for k, v in values.items()}
    return Markup(yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=10**9, default_style='"'))


def lab(codes, labels: dict) -> str:
    """Codes joined as their Chinese labels: ['free'] -> '免费'."""
    return "、".join(labels.get(c, c) for c in codes)


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(zh_date=zh_date, zh_datetime=zh_datetime, tel=tel, lab=lab, md_text=md_text,
                       front_matter=front_matter)
    env.globals.update(zh_duration=zh_duration, build_phase=clock.build_phase, phase_labels=clock.PHASE_LABELS)
    return env
