"""Atom change feeds: per data package, for all packages, and of registry and station events.

Every feed follows from the releases and the data (generator.releases, generator.changes), never from the wall
clock, so two builds of the same inputs write the same bytes. Entry ids are the page they describe plus what
changed, so a feed reader shows each change once.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import escape as html

from generator import changes, releases
from generator.context import Site
from generator.retirement import PRACTITIONER_RETIRED, STATION_RETIRED

FEED = "changes.xml"  # the file name of every change feed, beside the page it belongs to
SHOWN = 50  # records named per kind of change in one entry; more are counted
EVENT_LIMIT = 500  # newest events in the registry and station feeds
RETIRED = {("stations", "stations"): STATION_RETIRED, ("practitioners", "practitioners"): PRACTITIONER_RETIRED}
PACKAGE_FEEDS = "open-data/"  # /open-data/<package>/changes.xml and /open-data/changes.xml


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str  # YYYY-MM-DD, Beijing time
    link: str
    html: str  # the entry's content, HTML


def _stamp(day: str) -> str:
    return f"{day}T00:00:00+08:00"


def atom(site: Site, path: str, title: str, alternate: str, entries: list[Entry]) -> str:
    """An Atom 1.0 document at site_url + path."""
    base = site.config.site_url
    updated = max((e.updated for e in entries), default=site.today.isoformat())
    items = "".join(
        f"<entry><id>{escape(e.id)}</id><title>{escape(e.title)}</title>"
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(e.link)}/><updated>{_stamp(e.updated)}</updated>"
        f"<content type=\"html\">{escape(e.html)}</content></entry>" for e in entries)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
            f"<id>{escape(base + path)}</id><title>{escape(site.config.site_name + ' · ' + title)}</title>"
            f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + path)}/>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + alternate)}/>"
            f"<updated>{_stamp(updated)}</updated>"
            f"<author><name>{escape(site.config.raw.get('site_author') or site.config.site_name)}</name></author>"
            + items + "</feed>\n")


# --- per package: what each release changed --------------------------------------------------------------------

def _named(records: list[releases.RecordChange], fields: bool = False) -> str:
    items = []
    for r in records[:SHOWN]:
        text = f"{html(r.key)}" + (f" {html(r.label)}" if r.label else "")
        if fields:
            text += "：" + "；".join(f"{html(f)} “{html(a)}” → “{html(b)}”" for f, a, b in r.fields)
        items.append(f"<li>{text}</li>")
    more = f"<li>另有 {len(records) - SHOWN} 条</li>" if len(records) > SHOWN else ""
    return f"<ul>{''.join(items)}{more}</ul>"


def retired_changes(package: str, res: releases.ResourceChanges) -> tuple[list, list]:
    """The resource's changed records split into (retired in this change, otherwise changed)."""
    codes = RETIRED.get((package, res.name), ())
    retired = [c for c in res.changed if any(f == "status" and b in codes and a not in codes for f, a, b in c.fields)]
    return retired, [c for c in res.changed if c not in retired]


def diff_html(package: str, diff: releases.Diff) -> str:
    parts = [f"<p>{html(c.text)}</p>" for c in diff.schema]
    for res in diff.resources:
        retired, changed = retired_changes(package, res)
        for label, records, fields in (("新增", res.added, False), ("删除", res.removed, False),
                                       ("停用（关闭、迁址或注销）", retired, True), ("修改", changed, True)):
            if records:
                parts.append(f"<p>{html(res.title)}：{label} {len(records)} 条</p>{_named(records, fields)}")
    return "".join(parts) or "<p>没有记录层面的更改。</p>"


def package_entries(site: Site, name: str, title: str, log: releases.Changelog) -> list[Entry]:
    """One entry per stored release, and one for the data now when it is not yet a stored release; newest first."""
    page = f"{site.config.site_url}open-data/{name}/changelog/"
    out = []
    if log.diff is not None and not log.diff.empty:
        suffix = "" if log.status == "upcoming" else f"-{log.diff.target_date}"
        out.append(Entry(f"{page}#v{log.version}{suffix}", f"{title} {log.version} 版（当前发布，尚未存档）",
                         log.diff.target_date or site.today.isoformat(), page, diff_html(name, log.diff)))
    for diff in log.history:
        out.append(Entry(f"{page}#v{diff.target}", f"{title} {diff.target} 版",
                         diff.target_date or site.today.isoformat(), page, diff_html(name, diff)))
    if log.first is not None:
        counts = "；".join(f"{html(t)} {len(table.rows)} 条" for t, table in log.first.tables.items())
        out.append(Entry(f"{page}#v{log.first.version}", f"{title} {log.first.version} 版（首次发布）",
                         log.first.date or site.today.isoformat(), page, f"<p>首次发布：{counts}。</p>"))
    return out


def package_feed(site: Site, name: str, title: str, log: releases.Changelog) -> str:
    return atom(site, f"{PACKAGE_FEEDS}{name}/{FEED}", f"{title} · 更改", f"open-data/{name}/changelog/",
                package_entries(site, name, title, log))


def all_feed(site: Site, packages) -> str:
    """Every package's entries in one feed, newest first."""
    entries = [e for p in packages for e in package_entries(site, p.name, p.title, p.changelog)]
    entries.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return atom(site, f"{PACKAGE_FEEDS}{FEED}", "开放数据更改", "open-data/", entries)


# --- registry and stations: one entry per event -----------------------------------------------------------------

def _event_entries(site: Site, events: list[changes.Event], url_of, labels: dict[str, str]) -> list[Entry]:
    out = []
    for e in events:
        link = site.config.site_url + url_of(e.key)
        body = f"<p>{html(e.title)}：{html(e.date)}。{html(e.note)}</p>" if e.note else f"<p>{html(e.title)}：{html(e.date)}。</p>"
        status = labels.get(e.status, e.status)
        out.append(Entry(f"{link}#{e.kind}-{e.date}", f"{e.label}（{e.key}）：{e.title}", e.published, link,
                         body + f"<p>现在的状态：{html(status)}。</p>"))
    return out


def registry_feed(site: Site) -> str:
    """New registrations, suspensions, revocations, endings (and reinstatements, renewals) as they were published."""
    events = changes.recent(site, "practitioners", "practitioners", changes.REGISTRY_EVENTS, EVENT_LIMIT)
    labels = site.labels("practitioners", "practitioners", "status")
    return atom(site, f"registry/{FEED}", "登记变动", "registry/",
                _event_entries(site, events, lambda k: f"registry/{k}/", labels))


def stations_feed(site: Site) -> str:
    """Stations opened, moved, closed or reopened, as they were published."""
    events = changes.recent(site, "stations", "stations", changes.STATION_EVENTS, EVENT_LIMIT)
    labels = site.labels("stations", "stations", "status")
    return atom(site, f"stations/{FEED}", "站点开设与关闭", "stations/",
                _event_entries(site, events, lambda k: f"stations/{k}/", labels))


def head_link(site: Site, path: str, title: str) -> str:
    """<link rel="alternate feed"> advertising a feed, for a page's <head>. Not rel="alternate" alone: the theme's
    script takes every link[rel=alternate] for a language version and fetches sitemap.xml beside its URL (a request
    to the public site from every preview); the token list still says "alternate" to feed readers."""
    return (f'<link rel="alternate feed" type="application/atom+xml" title={quoteattr(title)} '
            f'href={quoteattr(site.config.site_url + path)}>')
