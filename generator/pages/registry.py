"""Practitioner registry: the lookup page, one verification page per registration, cards, and lookup shards."""
from __future__ import annotations

import functools
import json
from typing import Iterator

from generator import changes, feeds
from generator.context import Site
from generator.search import t2s_pairs
from generator.pages import Record, Want, everything, report_url, rows_key

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "registry"
READS = ("practitioners", "stations", "releases")
SEARCHED = False

STATUS_LABELS = {"active": "有效", "suspended": "暂停执业", "expired": "已过期", "revoked": "已撤销",
                 "pending": "尚未生效", "ended": "已注销"}
STATUS_HELP = {
    "active": "登记有效：此人目前可以在登记的资质范围内提供服务。",
    "suspended": "暂停执业：此人目前不得提供服务。如果仍在为您服务，请停止并向我们举报，可以另找登记有效的人员。",
    "expired": "已过期：登记已超过有效期，目前不能视为有效登记。请确认对方是否已续期，或另找登记有效的人员。",
    "revoked": "已撤销：登记已被撤销，此人不得以登记人员身份提供服务。如果仍在为您服务，请向我们举报。",
    "pending": "尚未生效：登记尚未到生效日期。",
    "ended": "已注销（不再登记）：此人已不是登记在册的心理服务人员，不能再以登记人员身份提供服务。请不要接受其作为咨询师为您服务；"
             "如果仍在以登记人员身份服务，请向我们举报。",
}
# Status icons as SVG path data (16×16, stroked): drawn the same on every phone, unlike symbol characters.
STATUS_ICONS = {
    "active": "M3 8.5l3.2 3.2L13 4.8",
    "suspended": "M5.5 3.5v9M10.5 3.5v9",
    "expired": "M14 8A6 6 0 1 1 2 8a6 6 0 1 1 12 0M8 4.5V8l2.5 1.8",
    "revoked": "M4 4l8 8M12 4l-8 8",
    "pending": "M3.5 8h.01M8 8h.01M12.5 8h.01",
    "ended": "M3 8h10",
}
SURNAME_PAGE = 30  # registrations per page of a surname-only lookup (林): one page is fetched at a time
MIN_PER_SHARD = 96  # registrations per number shard at scale; a name shard holds ~2.7 times as many entries


@functools.lru_cache(maxsize=1 << 20)
def fnv1a(text: str) -> int:
    """32-bit FNV-1a over code points; assets/registry.js computes the same to find a shard."""
    h = 0x811C9DC5
    for ch in text:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def surname_key(char: str) -> str:
    """A surname page's file name part: the character's code point in hex (file names stay ASCII)."""
    return format(ord(char), "x")


def shard_count(n: int) -> int:
    count = 16
    while count * MIN_PER_SHARD < n:
        count *= 2
    return count


def _labels(site: Site) -> dict[str, dict[str, str]]:
    return {"qualification": site.labels("practitioners", "practitioners", "qualification"),
            "specialties": site.labels("practitioners", "practitioners", "specialties"),
            "languages": site.labels("practitioners", "practitioners", "languages")}


def docs(site: Site, env) -> dict[str, str]:
    # Histories are derived once here, in the build's own process, before the record pages are split with a fork.
    changes.events(site, "practitioners", "practitioners")
    text = env.get_template("registry_index.md").render(
        site=site, config=site.config, today=site.today, labels=_labels(site), streets=list(site.streets.values()),
        status_labels=STATUS_LABELS, status_help=STATUS_HELP, status_icons=STATUS_ICONS, count=len(site.practitioners),
        report_url=report_url(site, "registry", "从业人员名录"))
    return {"registry/index.md": text}


def records(site: Site, env, want: Want = everything) -> Iterator[Record]:
    lab = _labels(site)
    page = env.get_template("practitioner.html")
    robots = '<meta name="robots" content="noindex">' if site.config.registry_noindex else ""
    robots += feeds.head_link(site, f"registry/{feeds.FEED}", "登记变动（Atom 订阅）")
    for p in site.practitioners.values():
        def key(p=p) -> bytes:
            station = site.row("stations", "stations", p.affiliation) if p.affiliation else None
            return rows_key(site, site.row("practitioners", "practitioners", p.registration_number),
                            station, station and site.row("stations", "streets", station["street"])) + repr(
                changes.history(site, "practitioners", "practitioners", p.registration_number)).encode()
        if not want(p.url, key):
            continue
        status = STATUS_LABELS[p.effective_status]
        yield Record(
            url=p.url, title=f"{p.name}（{p.registration_number}）· 登记核验",
            description=f"{lab['qualification'][p.qualification]} {p.name}，登记编号 {p.registration_number}，状态：{status}。",
            head=robots, content=page.render(
                site=site, config=site.config, p=p, labels=lab, today=site.today, status_labels=STATUS_LABELS,
                status_icons=STATUS_ICONS, history=changes.history(site, "practitioners", "practitioners",
                                                                 p.registration_number),
                status_help=STATUS_HELP, report_url=report_url(site, p.registration_number, p.name)))


def files(site: Site, write) -> None:
    """The lookup shards and the registry's change feed (QR codes are written beside the pages, see
    generator.pipeline.write_qr_codes)."""
    write_shards(site, write)
    write(f"registry/{feeds.FEED}", feeds.registry_feed(site))


def write_shards(site: Site, write) -> None:
    """Lookup shards: by registration number, by every two-character run of a name (for partial names), and pages
    of registrations by the name's first character (a surname alone, as public registers allow)."""
    items = sorted(site.practitioners.values(), key=lambda p: p.registration_number)
    n = shard_count(len(items))
    by_number: dict[int, list] = {}
    by_name: dict[int, list] = {}
    by_surname: dict[str, list] = {}
    for p in items:
        entry = [p.registration_number, p.name, p.qualification, p.effective_status, p.valid_to.isoformat(),
                 p.station.name if p.station else "", p.station.street if p.station else "",
                 p.status, p.valid_from.isoformat()]  # assets/clock.js recomputes a dated status from these
        by_number.setdefault(fnv1a(p.registration_number) % n, []).append(entry)
        grams = {p.name[i:i + 2] for i in range(len(p.name) - 1)} or {p.name}
        for gram in sorted(grams):
            by_name.setdefault(fnv1a(gram) % n, []).append(entry)
        if p.name:
            by_surname.setdefault(p.name[0], []).append(entry)
    for kind, shards in (("number", by_number), ("name", by_name)):
        for key in range(n):
            write(f"registry/index/{kind}/{key}.json",
                  json.dumps(shards.get(key, []), ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    for char, entries in by_surname.items():
        entries.sort(key=lambda e: (e[1], e[0]))
        for page in range(0, len(entries), SURNAME_PAGE):
            write(f"registry/index/surname/{surname_key(char)}-{page // SURNAME_PAGE}.json",
                  json.dumps(entries[page: page + SURNAME_PAGE], ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    meta = {"shards": n, "count": len(items), "date": site.today.isoformat(),
            "labels": {"qualification": _labels(site)["qualification"], "status": STATUS_LABELS}, "icons": STATUS_ICONS,
            "streets": {s.id: s.name for s in site.streets.values()},
            # How many registrations each first character has, and its page size: a surname lookup knows how many
            # pages there are, and that a surname nobody has needs no request.
            "surnames": {c: len(e) for c, e in sorted(by_surname.items())}, "surname_page": SURNAME_PAGE,
            # Traditional -> Simplified for the characters names use (林曉雯 -> 林晓雯), from OpenCC's table.
            "t2s": t2s_pairs({c for p in items for c in p.name})}
    write("registry/index/meta.json", json.dumps(meta, ensure_ascii=False, sort_keys=True, allow_nan=False))
