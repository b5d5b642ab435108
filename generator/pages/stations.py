"""Station directory: the list grouped by street and community, one page per station, and wall cards."""
from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import Iterator

from generator import changes, feeds, navigation
from generator import hours as hours_mod
from generator.context import Site
from generator.pages import Record, Want, everything, field_labels, report_url, rows_key
from generator.shell import shell_markdown
from generator.templating import jsonld
from generator.schema import PACKAGES

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "stations"
READS = (*PACKAGES, "releases")
SEARCHED = True

STANDARD_AREA = 20
STANDARD_FUNCTIONS = ("reception", "psychoeducation", "smart_platform", "referral")
DAY_URIS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def labels(site: Site) -> dict[str, dict[str, str]]:
    lab = field_labels(site, "stations", "stations", "kind", "level", "services", "audiences", "eligibility", "fee",
                       "languages", "accessibility", "functions")
    lab["qualification"] = site.labels("practitioners", "practitioners", "qualification")
    return lab


def standard_gaps(s, function_labels: dict[str, str]) -> list[str] | None:
    """What the station lacks against the construction standard; None where the standard does not apply."""
    if not s.has_place:
        return None
    gaps = []
    if s.area_m2 is None:
        gaps.append("未登记使用面积")
    elif s.area_m2 < STANDARD_AREA:
        gaps.append(f"使用面积 {s.area_m2:g} 平方米，不足 {STANDARD_AREA} 平方米")
    if s.staff_count < 1:
        gaps.append("没有专（兼）职工作人员")
    missing = [function_labels[f] for f in STANDARD_FUNCTIONS if f not in s.functions]
    if missing:
        gaps.append("缺少" + "、".join(missing) + "功能")
    return gaps


def docs(site: Site, env) -> dict[str, str]:
    """The list is a long page (10,000 stations at province scale): it is stamped into its nav page's shell."""
    changes.events(site, "stations", "stations")  # derived once, before the record pages are stamped
    return {"stations/index.md": shell_markdown(section=True)}


def serving(site: Site) -> list:
    """The stations in service, in the district's street order, then by community and id: the order of every list
    (groupby needs it). Closed and moved stations leave the lists (and their maps and filters)."""
    street_order = {sid: i for i, sid in enumerate(site.streets)}
    return sorted((s for s in site.stations.values() if not s.retired),
                  key=lambda s: (street_order.get(s.street, 999), s.community or "", s.id))


def split(site: Site) -> bool:
    """Whether stations/ lists only the streets (and the district-wide services): a site with more stations in
    service than extra.xinan.station_list_split. Street pages exist either way, so their URLs never depend on it."""
    return sum(1 for s in site.stations.values() if not s.retired) > site.config.station_list_split


def by_street(stations) -> dict[str, list]:
    """street code -> its stations, in the order given ("" for the district-wide hotlines and online services)."""
    out: dict[str, list] = {}
    for s in stations:
        out.setdefault(s.street or "", []).append(s)
    return out


def _grouped(site: Site, stations) -> list:
    """[(street or None, [(community, [stations])])] for stations already in list order."""
    out = []
    for street_id, items in groupby(stations, key=lambda s: s.street):
        out.append((site.streets.get(street_id or ""), [(c, list(g)) for c, g in groupby(items, key=lambda s: s.community)]))
    return out


def _retired(stations) -> list:
    return sorted((s for s in stations if s.retired), key=lambda s: (s.closed_on, s.id), reverse=True)


def _list_page(site: Site, env, *, url: str, title: str, description: str, mode: str, stations: list, retired: list,
               street=None, directory=(), total: int = 0) -> Record:
    text = env.get_template("stations_index.html").render(
        site=site, config=site.config, hotlines=site.hotlines, today=site.today, stations=stations, mode=mode,
        base="../../" if mode == "street" else "", street=street, directory=list(directory), total=total,
        streets=list(site.streets.values()), communities=sorted({s.community for s in stations if s.community}),
        grouped=_grouped(site, stations), labels=labels(site), retired=retired)
    return Record(url=url, title=title, section=mode != "street", content=text, scripts=("stations",),
                  head=feeds.head_link(site, f"stations/{feeds.FEED}", "站点开设与关闭（Atom 订阅）"),
                  description=description)


def index_page(site: Site, env, want: Want) -> Record | None:
    """stations/: every station grouped by street and community, the filters, the map and the crisis lines; above
    extra.xinan.station_list_split stations, the streets with their counts and the district-wide services only."""
    hub = split(site)
    if not want("stations/", lambda: rows_key(site, *site.tables.get("stations", "stations"),
                                              *site.tables.get("stations", "streets")) + repr(hub).encode()):
        return None
    # The stations in service; closed and moved ones are listed apart, at the end.
    stations = serving(site)
    description = (f"{site.config.district}心理服务站点名录：{len(stations)} 个站点、热线和线上平台，"
                   "按街道、类型、服务对象和开放时间查找。")
    if not hub:
        return _list_page(site, env, url="stations/", title="找服务", description=description, mode="list",
                          stations=stations, retired=_retired(site.stations.values()))
    streets = by_street(stations)
    directory = [(street, len(streets.get(code, ()))) for code, street in site.streets.items()]
    return _list_page(site, env, url="stations/", title="找服务", description=description, mode="hub",
                      stations=streets.get("", []), retired=_retired(s for s in site.stations.values() if not s.street),
                      directory=directory, total=len(stations))


def street_pages(site: Site, env, want: Want) -> Iterator[Record]:
    """stations/street/<code>/: one street's stations by community, with its own filters and index; one per street of
    the streets table (whose published rows are never deleted), at any size of site, so the URLs are stable."""
    every = by_street(site.stations.values())  # closed ones too: each street page lists its own apart
    in_service = by_street(serving(site))
    for code, street in site.streets.items():
        mine = every.get(code, [])
        url = f"stations/street/{code}/"
        if not want(url, lambda mine=mine, code=code: rows_key(site, site.row("stations", "streets", code), *(
                site.row("stations", "stations", s.id) for s in mine))):
            continue
        stations = in_service.get(code, [])
        yield _list_page(site, env, url=url, title=f"{street.name}街道 · 心理服务站点", mode="street",
                         stations=stations, retired=_retired(mine), street=street,
                         description=f"{site.config.district}{street.name}街道的心理服务站点：{len(stations)} 个，"
                                     "按社区排列，附开放时间、电话和导航。")


def _exception_lines(s, today: dt.date) -> list[str]:
    """Closures and changed hours still to come or under way; past ones are history, not a plan for a visit."""
    out = []
    for e in s.hours.exceptions:
        if e.end < today:
            continue
        when = str(e.start) if e.start == e.end else f"{e.start} 至 {e.end}"
        what = "闭馆" if not e.spans else "、".join(
            f"{hours_mod.fmt_minutes(a)}–{hours_mod.fmt_minutes(b)}" for a, b in e.spans)
        out.append(f"{when}：{what}")
    return out


def station_jsonld(site: Site, s) -> dict:
    data = {"@context": "https://schema.org", "@type": "Place" if s.has_place else "Organization",
            "@id": site.config.site_url + s.url, "name": s.name, "url": site.config.site_url + s.url}
    if s.retired:  # no hours or phone that a search engine would show as current
        return data
    if s.phones:
        data["telephone"] = s.phones[0]
    if s.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": s.address, "addressLocality": site.config.city,
                           "addressRegion": "广东省", "addressCountry": "CN"}
    if s.has_place:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": s.latitude, "longitude": s.longitude}
        specs = []
        if s.hours.always:
            specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{d}" for d in DAY_URIS],
                          "opens": "00:00", "closes": "23:59"})
        for i, spans in enumerate(s.hours.weekly):
            for a, b in spans:
                specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{DAY_URIS[i]}",
                              "opens": hours_mod.fmt_minutes(a), "closes": hours_mod.fmt_minutes(b)})
        for e in s.hours.exceptions:
            for a, b in e.spans or [(0, 0)]:
                specs.append({"@type": "OpeningHoursSpecification", "validFrom": str(e.start), "validThrough": str(e.end),
                              "opens": hours_mod.fmt_minutes(a), "closes": hours_mod.fmt_minutes(b)})
        if specs:
            data["openingHoursSpecification"] = specs
    return data


def records(site: Site, env, want: Want = everything) -> Iterator[Record]:
    lab = labels(site)
    page = env.get_template("station.html")
    wall = env.get_template("wall.html")
    stale_before = site.today - dt.timedelta(days=site.config.stale_after_days)
    index = index_page(site, env, want)
    if index is not None:
        yield index
    yield from street_pages(site, env, want)
    for s in site.stations.values():
        def key(s=s) -> str:
            return rows_key(site, site.row("stations", "stations", s.id), site.row("stations", "streets", s.street),
                            *site.rows_where("practitioners", "practitioners", "affiliation", s.id),
                            *(site.row("lectures", "lectures", lec.id) for lec in s.lectures),
                            site.row("stations", "stations", s.successor_id) if s.successor_id else None
                            ) + repr(changes.history(site, "stations", "stations", s.id)).encode()
        page_wanted = want(s.url, key)
        wall_wanted = bool(s.practitioners) and s.has_place and want(f"{s.url}wall/", key)
        if not page_wanted and not wall_wanted:
            continue
        if page_wanted:
            upcoming = [lec for lec in s.lectures if lec.start.date() >= site.today]
            content = page.render(
                site=site, config=site.config, s=s, street=site.streets.get(s.street or ""), labels=lab,
                today=site.today, hours_rows=[] if s.hours.empty else hours_mod.weekly_rows(s.hours),
                exceptions=_exception_lines(s, site.today), standard=standard_gaps(s, lab["functions"]), upcoming=upcoming,
                stale=s.verified_on < stale_before, report_url=report_url(site, s.id, s.name),
                history=changes.history(site, "stations", "stations", s.id),
                status_labels=site.labels("stations", "stations", "status"),
                nav_links=navigation.links(s.name, s.address, s.latitude, s.longitude) if s.has_place else [],
                gcj=navigation.wgs_to_gcj(s.latitude, s.longitude) if s.has_place else None)
            desc = f"{lab['kind'][s.kind]}" + (f"，{s.address}" if s.address else "") + "。开放时间、电话、服务内容和近期讲座。"
            if s.retired:
                desc = f"{'已迁址' if s.status == 'moved' else '已关闭'}（{s.closed_on}）。{s.closed_reason or ''}"
            yield Record(url=s.url, title=s.name + ("（已迁址）" if s.status == "moved" else "（已关闭）" if s.retired else ""),
                         description=desc, content=content, scripts=("stations",),
                         head=jsonld(station_jsonld(site, s)) + feeds.head_link(
                             site, f"stations/{feeds.FEED}", "站点开设与关闭（Atom 订阅）"))
        if wall_wanted:
            cards = [{"p": p, "url": site.config.site_url + p.url, "qr": f"../../../{p.url}qr.svg"}
                     for p in s.practitioners]
            yield Record(url=f"{s.url}wall/", title=f"{s.name} · 资质公示", content=wall.render(
                site=site, config=site.config, s=s, cards=cards, labels=lab, today=site.today),
                description=f"{s.name}在岗登记人员资质公示卡，可打印上墙，扫码核验。",
                head='<meta name="robots" content="noindex">')


# What the list's filters, open-now lines, keyword search and map read of each station, as columns (one list per
# field: a third smaller than one object per station once compressed, and quicker to parse on a phone). Phones and
# eligibility are not here: the lists show them from the page itself, and the hub's results link to the station.
INDEX_FIELDS = ("id", "name", "kind", "street", "community", "address", "lat", "lon", "hours", "exceptions",
                "holidays", "services", "audiences", "fee", "languages", "accessibility")
INDEX_ATTRS = {"lat": "latitude", "lon": "longitude", "hours": "hours_text", "exceptions": "exceptions_text"}
OPTIONAL_TEXT = ("street", "community", "address")  # empty text, not null, where a hotline has none


def index_json(site: Site, stations) -> str:
    """The filter index of `stations` (in service, in list order): {"date", "columns": {field: [value per station]}}."""
    columns = {f: [] for f in INDEX_FIELDS}
    for s in stations:
        for f in INDEX_FIELDS:
            value = getattr(s, INDEX_ATTRS.get(f, f))
            columns[f].append("" if value is None and f in OPTIONAL_TEXT else value)
    return json.dumps({"date": site.today.isoformat(), "columns": columns}, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)


def files(site: Site, write) -> None:
    """stations/index.json: the filter index of every station in service (the list, or the hub's search across
    streets); stations/street/<code>/index.json: one street's; stations/map.json: the tile source, the streets'
    centres and the labels the map needs (a station page asks only for this, and only when a map can be drawn);
    and the feed of stations opened, moved and closed."""
    write(f"stations/{feeds.FEED}", feeds.stations_feed(site))
    stations = serving(site)
    write("stations/index.json", index_json(site, stations))
    streets = by_street(stations)
    for code in site.streets:
        write(f"stations/street/{code}/index.json", index_json(site, streets.get(code, [])))
    tiles = site.config.tiles
    data = {"tiles": {"provider": tiles.provider, "configured": tiles.configured, "key": tiles.key, "url": tiles.url,
                      "attribution": tiles.attribution, "crs": tiles.crs},
            "streets": {k: {"name": v.name, "lat": v.latitude, "lon": v.longitude} for k, v in site.streets.items()},
            "labels": {"kind": site.labels("stations", "stations", "kind"), "fee": site.labels("stations", "stations", "fee")}}
    write("stations/map.json", json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
