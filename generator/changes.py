"""Record histories and change events, derived from the stored releases plus the data as the build publishes it.

A package's versions form a chain: each stored release in data/releases/<package>/ (oldest first), then the data
now, when it differs from the newest release. Walking one record along the chain gives its history: each step
where what the public is told about it changed is one event (a registration ending, a station moving), listed
once however many versions repeat it. The registry and station feeds list the same events.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import releases
from generator.context import Site

TRACKED = {  # (package, resource) -> the key field and the fields whose change is an event
    ("practitioners", "practitioners"): ("registration_number",
                                         ("status", "status_note", "ended_on", "end_reason", "valid_from", "valid_to")),
    ("stations", "stations"): ("id", ("name", "address", "status", "closed_on", "closed_reason", "successor")),
}
REGISTRY_EVENTS = {"registered", "suspended", "revoked", "ended", "reinstated", "renewed", "expired", "removed",
                   "restored"}
STATION_EVENTS = {"opened", "moved", "closed", "reopened", "relocated", "removed", "restored"}
EVENT_LABELS = {"registered": "新登记", "suspended": "暂停执业", "revoked": "撤销登记", "ended": "注销（不再登记）",
                "reinstated": "恢复有效", "renewed": "续期", "expired": "登记过期", "noted": "状态说明更新",
                "removed": "从公示名录中删除", "restored": "重新公示", "opened": "开始公示（开放）", "moved": "迁址",
                "closed": "关闭", "reopened": "恢复服务", "relocated": "地址或名称变更"}


@dataclass(frozen=True)
class Version:
    """One published state of a resource: key -> public row (values as the CSV has them)."""

    version: str
    date: str  # YYYY-MM-DD: the release's `created` day, or the day the current data last changed
    current: bool  # the data as built now, not a stored release
    rows: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Event:
    key: str
    kind: str  # a key of EVENT_LABELS
    date: str  # when it took effect: the record's own date where it has one, else when it was published
    published: str  # the day of the version that first showed it
    version: str
    current: bool
    status: str  # the record's status after the change
    note: str
    label: str  # the record's name, for feeds
    seq: int = 0  # the version's place in the chain: release dates need not rise (see opendata.last_updated)

    @property
    def title(self) -> str:
        return EVENT_LABELS[self.kind]

    @property
    def day(self) -> dt.date | None:
        return _day(self.date)

    @property
    def published_day(self) -> dt.date | None:
        return _day(self.published)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _current_rows(site: Site, package: str, resource: str, key: str) -> dict[str, dict[str, str]]:
    from generator.opendata import public_rows  # opendata imports the pages' context; imported when used
    header, rows = public_rows(site, package, site.specs[package].resources[resource])
    return {r[key]: r for r in (dict(zip(header, row)) for row in rows) if r.get(key)}


def chain(site: Site, package: str, resource: str) -> list[Version]:
    """The resource's published versions, oldest first: stored releases, then the data now if it differs."""
    cache_key = ("chain", package, resource)
    if cache_key in site.cache:
        return site.cache[cache_key]
    from generator.opendata import last_updated, release_root
    key = TRACKED[(package, resource)][0]
    root = release_root(site, package)
    out: list[Version] = []
    for v in releases.stored_versions(root):
        snap = releases.load(root / v)
        table = snap.tables.get(resource)
        if table is not None:
            out.append(Version(v, snap.date, False, {r[key]: r for r in table.records() if r.get(key)}))
    rows = _current_rows(site, package, resource, key)
    if not out or out[-1].rows != rows:
        out.append(Version(site.specs[package].version, last_updated(site, package).isoformat(), True, rows))
    site.cache[cache_key] = out
    return out


def _practitioner_event(old: dict | None, new: dict) -> tuple[str, str, str] | None:
    """(kind, date, note) for a registration that was `old` and is now `new` (None: no event)."""
    status, note = new.get("status", ""), new.get("status_note", "")
    validity = f"有效期 {new.get('valid_from', '')} 至 {new.get('valid_to', '')}"
    if old is None:
        return "registered", new.get("valid_from", ""), "；".join(x for x in (validity, note) if x)
    if old.get("status") != status:
        if status == "ended":
            return "ended", new.get("ended_on", ""), new.get("end_reason", "")
        if status == "active":
            renewed = old.get("valid_to") != new.get("valid_to")
            return ("renewed" if renewed else "reinstated"), (new.get("valid_from", "") if renewed else ""), \
                validity if renewed else note
        return status if status in EVENT_LABELS else "noted", "", note
    if old.get("valid_to") != new.get("valid_to") or old.get("valid_from") != new.get("valid_from"):
        return "renewed", new.get("valid_from", ""), validity
    if old.get("status_note") != note or old.get("end_reason") != new.get("end_reason"):
        return "noted", "", note or new.get("end_reason", "")
    return None


def _station_event(old: dict | None, new: dict, names: dict[str, str]) -> tuple[str, str, str] | None:
    status = new.get("status") or "active"
    if old is None:
        return "opened", "", new.get("address", "")
    before = old.get("status") or "active"
    if before != status:
        if status == "moved":
            successor = new.get("successor", "")
            where = f"迁至{names.get(successor, successor)}" if successor else "迁址"
            return "moved", new.get("closed_on", ""), "；".join(x for x in (where, new.get("closed_reason", "")) if x)
        if status == "closed":
            return "closed", new.get("closed_on", ""), new.get("closed_reason", "")
        return "reopened", "", new.get("address", "")
    parts = []
    if old.get("name") != new.get("name"):
        parts.append(f"更名为{new.get('name', '')}")
    if old.get("address") != new.get("address"):
        parts.append(f"地址改为{new.get('address') or '（无）'}")
    return ("relocated", "", "；".join(parts)) if parts else None


def events(site: Site, package: str, resource: str) -> dict[str, list[Event]]:
    """Each record's events along the chain, oldest first, by key."""
    cache_key = ("events", package, resource)
    if cache_key in site.cache:
        return site.cache[cache_key]
    key_field, tracked = TRACKED[(package, resource)]
    versions = chain(site, package, resource)
    names = {k: r.get("name", "") for v in versions for k, r in v.rows.items()} if package == "stations" else {}
    out: dict[str, list[Event]] = {}
    seen: set[str] = set()
    previous: dict[str, dict[str, str]] = {}
    for seq, v in enumerate(versions):
        for k, row in v.rows.items():
            old = previous.get(k)
            # Most rows are the same from one version to the next: one dict comparison (in C) settles those.
            if old is not None and (old == row or all(old.get(f, "") == row.get(f, "") for f in tracked)):
                continue
            if old is None and k in seen:
                found = ("restored", "", "")
            elif package == "practitioners":
                found = _practitioner_event(old, row)
            else:
                found = _station_event(old, row, names)
            if found is not None:
                kind, date, note = found
                status = row.get("status") or "active"
                out.setdefault(k, []).append(Event(k, kind, date or v.date, v.date, v.version, v.current, status,
                                                   note, row.get("name", ""), seq))
        for k, old in previous.items():
            if k not in v.rows:
                out.setdefault(k, []).append(Event(k, "removed", v.date, v.date, v.version, v.current,
                                                   old.get("status") or "active", "", old.get("name", ""), seq))
        seen.update(v.rows)
        previous = v.rows
    site.cache[cache_key] = out
    return out


def history(site: Site, package: str, resource: str, key: str) -> list[Event]:
    """One record's history, oldest first."""
    return events(site, package, resource).get(key, [])


def recent(site: Site, package: str, resource: str, kinds: set[str], limit: int) -> list[Event]:
    """The newest events of these kinds, newest first; what the first version lists is the baseline, not a change."""
    found = [e for evs in events(site, package, resource).values() for e in evs if e.kind in kinds and e.seq > 0]
    found.sort(key=lambda e: (e.seq, e.date, e.key, e.kind), reverse=True)
    return found[:limit]
