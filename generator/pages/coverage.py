"""Coverage page (/coverage/): the district against each policy target, a table per street, and SVG charts."""
from __future__ import annotations

from markupsafe import Markup, escape

from generator.context import Site
from generator.coverage import UNIT_LABELS, Indicator, from_site
from generator.schema import PACKAGES

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "coverage"
READS = PACKAGES
SEARCHED = False

BAR_WIDTH = 280  # px of the 0-100 % scale in the bar charts


def fmt(value) -> str:
    """A number as printed: integers without decimals, others with one."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def shown(i: Indicator) -> str:
    """The headline of an indicator in words, e.g. '35.7%（5/14）' or '12 场'."""
    if i.value is None:
        return "无分母，无法计算"
    unit = UNIT_LABELS.get(i.unit, i.unit)
    if i.denominator is not None:
        return f"{fmt(i.value)}{unit}（{fmt(i.counted)}/{i.denominator}）"
    return f"{fmt(i.value)} {unit}"


def status(i: Indicator) -> str:
    return "无法计算" if i.met is None else "已达标" if i.met else "未达标"


def gap_text(i: Indicator) -> str:
    if i.met is None or i.met:
        return ""
    unit = UNIT_LABELS.get(i.unit, i.unit)
    return f"差 {fmt(i.gap)} 个百分点" if i.unit == "percent" else f"差 {fmt(i.gap)} {unit}"


def _svg(ident: str, title: str, desc: str, width: int, height: int, body: list[str]) -> Markup:
    head = (f'<svg class="xa-cov-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
            f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
            '<defs><pattern id="' + ident + '-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#b3261e" stroke-width="3"/></pattern></defs>')
    return Markup(head + "".join(body) + "</svg>")


def rate_chart(ident: str, title: str, rows: list[Indicator]) -> Markup:
    """Horizontal bars of shares (0-100 %), the target as a marked line; not met: hatched bar and the word 未达标."""
    line = 48
    body, desc = [], []
    for n, i in enumerate(rows):
        y = 6 + n * line
        label = i.title if i.scope == "district" else i.area_name
        word = status(i)
        desc.append(f"{label}：{shown(i)}，目标 {fmt(i.target)}%，{word}")
        body.append(f'<text x="0" y="{y + 13}" font-size="14">{escape(label)}</text>')
        bar_y = y + 19
        body.append(f'<rect x="0" y="{bar_y}" width="{BAR_WIDTH}" height="20" fill="#eee" stroke="#767676"/>')
        if i.value is not None:
            w = round(BAR_WIDTH * min(i.value, 100) / 100, 1)
            fill = "#1b6e3a" if i.met else f"url(#{ident}-hatch)"
            body.append(f'<rect x="0" y="{bar_y}" width="{w}" height="20" fill="{fill}" stroke="#333"/>')
            tx = round(BAR_WIDTH * min(i.target, 100) / 100, 1)
            body.append(f'<line x1="{tx}" y1="{bar_y - 3}" x2="{tx}" y2="{bar_y + 23}" stroke="#000" '
                        'stroke-width="2" stroke-dasharray="3 2"/>')
        value = fmt(i.value) + "%" if i.value is not None else "—"
        body.append(f'<text x="{BAR_WIDTH + 8}" y="{bar_y + 15}" font-size="14">{escape(value)} {escape(word)}</text>')
    desc_text = "；".join(desc) + "。虚线为目标值；斜线填充表示未达标，实心表示已达标。"
    return _svg(ident, title, desc_text, BAR_WIDTH + 120, 10 + len(rows) * line, body)


def count_chart(ident: str, title: str, rows: list[Indicator]) -> Markup:
    """Vertical bars of counts (events per month) with the target as a dashed line; months below it hatched."""
    top, chart_h, col = 20, 120, 34
    peak = max([r.value or 0 for r in rows] + [r.target for r in rows] + [1])
    body, desc = [], []
    for n, i in enumerate(rows):
        x = 30 + n * col
        h = round(chart_h * (i.value or 0) / peak, 1)
        fill = "#1b6e3a" if i.met else f"url(#{ident}-hatch)"
        body.append(f'<rect x="{x}" y="{top + chart_h - h}" width="26" height="{h}" fill="{fill}" stroke="#333"/>')
        body.append(f'<text x="{x + 13}" y="{top + chart_h - h - 4}" font-size="13" text-anchor="middle">'
                    f'{escape(fmt(i.value))}</text>')
        body.append(f'<text x="{x + 13}" y="{top + chart_h + 16}" font-size="12" text-anchor="middle">'
                    f'{escape(i.area[2:4] + "/" + i.area[5:])}</text>')
        desc.append(f"{i.area_name} {fmt(i.value)} 次（{status(i)}）")
    if rows:
        ty = top + chart_h - round(chart_h * rows[0].target / peak, 1)
        body.append(f'<line x1="24" y1="{ty}" x2="{30 + len(rows) * col}" y2="{ty}" stroke="#000" '
                    'stroke-width="2" stroke-dasharray="4 3"/>')
        body.append(f'<text x="0" y="{ty + 4}" font-size="11">目标</text>')
    desc_text = "；".join(desc) + "。虚线为每月目标；斜线填充表示当月未达标。"
    return _svg(ident, title, desc_text, 40 + len(rows) * col, top + chart_h + 26, body)


def page_data(site: Site) -> dict:
    indicators = from_site(site)
    codes = list(dict.fromkeys(i.code for i in indicators))
    district = {i.code: i for i in indicators if i.scope == "district"}
    by_street: dict[str, dict[str, Indicator]] = {}
    for i in indicators:
        if i.scope == "street":
            by_street.setdefault(i.area, {})[i.code] = i
    communities = [i for i in indicators if i.scope == "community"]
    community_rows: dict[str, list[Indicator]] = {}
    for i in communities:
        community_rows.setdefault(i.area.split("/", 1)[0], []).append(i)
    months = [i for i in indicators if i.scope == "month"]
    shares = [district[c] for c in codes if c in district and district[c].unit == "percent"]
    charts = [rate_chart("cov-district", "全区各项指标与目标", shares)]
    if months:
        charts.append(count_chart("cov-months", f"近 {len(months)} 个月每月科普活动次数", months))
    street_codes = [c for c in codes if any(c in s for s in by_street.values())]
    for code in street_codes:
        rows = [by_street[s.id][code] for s in site.streets.values() if code in by_street.get(s.id, {})]
        charts.append(rate_chart(f"cov-{code}", f"各街道：{rows[0].title}", rows))
    return {"indicators": indicators, "codes": codes, "district": district, "by_street": by_street,
            "street_codes": street_codes, "communities": communities, "community_rows": community_rows, "months": months, "charts": charts}


def docs(site: Site, env) -> dict[str, str]:
    if "coverage" not in site.specs:
        return {}
    data = page_data(site)
    text = env.get_template("coverage.md").render(
        site=site, config=site.config, today=site.today, streets=list(site.streets.values()), shown=shown,
        status=status, gap_text=gap_text, fmt=fmt, units=UNIT_LABELS, **data)
    return {"coverage/index.md": text}


def records(site, env, want=None):
    return iter(())


def files(site, write):
    return None
