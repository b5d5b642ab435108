"""Lecture calendar: the list (upcoming first, a month view, the archive, subscription feeds) and one page per
lecture with Event JSON-LD and its .ics. Every time shown or published is Asia/Shanghai wall time."""
from __future__ import annotations

import calendar as calendar_mod
import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from generator import ical, search
from generator.config import TZ
from generator.context import Site
from generator.pages import Record, Want, everything, field_labels, report_url, rows_key
from generator.shell import shell_markdown
from generator.templating import jsonld
from generator.schema import PACKAGES

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "lectures"
READS = PACKAGES
SEARCHED = True

EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "rescheduled": "EventRescheduled"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "hybrid": "MixedEventAttendanceMode"}
MIN_MONTHS = 6  # the month view covers the reference month and at least the five after it
FEED_DIR = "open-data/lectures/"  # where generator/opendata.py writes the subscription feeds
# schema.org has narrower Audience types for some groups; the Chinese label stays in audienceType for all of them.
AUDIENCE_TYPES = {"parents": ("ParentAudience", {}),
                  "students": ("EducationalAudience", {"educationalRole": "student"}),
                  "teachers": ("EducationalAudience", {"educationalRole": "teacher"})}


def labels(site: Site) -> dict[str, dict[str, str]]:
    return field_labels(site, "lectures", "lectures", "topic", "audiences", "setting", "mode", "status", "languages")


def local(t: dt.datetime) -> dt.datetime:
    """The data may carry any offset; readers and calendars get Beijing time."""
    return t.astimezone(TZ)


def venue(lec) -> str:
    if lec.station:
        return lec.station.name
    if lec.address:
        return lec.address
    return "线上"


def street(lec) -> str:
    """The station's street for a lecture held at a station, else the street the lecture names itself."""
    return (lec.station.street if lec.station else None) or lec.street or ""


def community(lec) -> str:
    """Only a station knows its community; a lecture held elsewhere names its street at most."""
    return (lec.station.community if lec.station else None) or ""


def filter_data(lec) -> dict[str, str]:
    """What the list's filters compare, as data-* attributes; lists are space-separated codes."""
    return {"audiences": " ".join(lec.audiences), "topic": lec.topic, "street": street(lec),
            "community": community(lec), "setting": lec.setting, "mode": lec.mode,
            "languages": " ".join(lec.languages), "sign": "1" if lec.sign_language else "0"}


@dataclass
class Entry:
    lec: object
    moved: bool = False  # True on the day a rescheduled lecture was originally planned for


@dataclass
class Day:
    date: dt.date | None  # None pads the first and last week
    entries: list[Entry]
    today: bool = False


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    count: int

    @property
    def id(self) -> str:
        return f"m-{self.year}-{self.month:02d}"

    @property
    def caption(self) -> str:
        return f"{self.year}年{self.month}月"


def _add_month(year: int, month: int, n: int = 1) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def months(site: Site, lectures: list) -> list[Month]:
    """Calendar grids, Monday first, from the reference month to the last month with a lecture (at least six)."""
    by_day: dict[dt.date, list[Entry]] = {}
    for lec in lectures:
        by_day.setdefault(local(lec.start).date(), []).append(Entry(lec))
        if lec.status == "rescheduled" and lec.previous_start:
            by_day.setdefault(local(lec.previous_start).date(), []).append(Entry(lec, moved=True))
    for entries in by_day.values():
        entries.sort(key=lambda e: (e.moved, local(e.lec.start), e.lec.id))
    first = (site.today.year, site.today.month)
    last = _add_month(*first, MIN_MONTHS - 1)
    if lectures:
        latest = max(local(x.start).date() for x in lectures)
        last = max(last, (latest.year, latest.month))
    out, ym = [], first
    cal = calendar_mod.Calendar(firstweekday=0)
    while ym <= last:
        weeks = [[Day(d, by_day.get(d, []), d == site.today) if d.month == ym[1] else Day(None, [])
                  for d in week] for week in cal.monthdatescalendar(*ym)]
        count = sum(1 for w in weeks for d in w for e in d.entries if not e.moved)
        out.append(Month(ym[0], ym[1], weeks, count))
        ym = _add_month(*ym)
    return out


@dataclass
class Feed:
    file: str
    title: str
    count: int

    def https(self, site: Site) -> str:
        return site.config.site_url + FEED_DIR + self.file

    def webcal(self, site: Site) -> str:
        # webcal:// asks the reader's calendar app to subscribe rather than import once; same host and path.
        return "webcal://" + self.https(site).split("://", 1)[1]


def feeds(site: Site) -> tuple[Feed, list[Feed], list[Feed]]:
    """The subscription feeds generator/opendata.py publishes: all lectures, one per street, one per audience."""
    lectures = list(site.lectures.values())
    everything = Feed("lectures.ics", "全部讲座", len(lectures))
    streets = [Feed(f"street-{s.id}.ics", f"{s.name}街道", sum(1 for x in lectures if x.street == s.id))
               for s in site.streets.values()]
    audiences = [Feed(f"audience-{code}.ics", label, sum(1 for x in lectures if code in x.audiences))
                 for code, label in labels(site)["audiences"].items()]
    return everything, streets, audiences


def communities(site: Site) -> list[tuple[str, str]]:
    """(community, street name) for every community that hosts a lecture, in street order."""
    order = {sid: i for i, sid in enumerate(site.streets)}
    found = {(lec.station.street or "", lec.station.community) for lec in site.lectures.values()
             if lec.station and lec.station.community}
    return [(c, site.streets[s].name if s in site.streets else "")
            for s, c in sorted(found, key=lambda sc: (order.get(sc[0], 999), sc[1]))]


def docs(site: Site, env) -> dict[str, str]:
    """The calendar is a long page (5,000 lectures a year at province scale): stamped into its nav page's shell."""
    return {"lectures/index.md": shell_markdown(section=True)}


def index_page(site: Site, env, want: Want) -> Record | None:
    """lectures/: upcoming lectures, the month calendars, the archive and the feeds to subscribe to."""
    if not want("lectures/", lambda: rows_key(site, *site.tables.get("lectures", "lectures"),
                                              *site.tables.get("stations", "stations"),
                                              *site.tables.get("stations", "streets"))):
        return None
    ordered = sorted(site.lectures.values(), key=lambda x: (local(x.start), x.id))
    upcoming = [x for x in ordered if local(x.end).date() >= site.today]
    past = [x for x in reversed(ordered) if local(x.end).date() < site.today]
    everything, street_feeds, audience_feeds = feeds(site)
    text = env.get_template("lectures_index.html").render(
        site=site, config=site.config, today=site.today, upcoming=upcoming, past=past, labels=labels(site),
        venue=venue, local=local, data=filter_data, months=months(site, ordered), streets=list(site.streets.values()),
        communities=communities(site), all_feed=everything, street_feeds=street_feeds, audience_feeds=audience_feeds)
    return Record(url="lectures/", title="讲座", section=True, content=text, scripts=("lectures",), description=(
        f"{site.config.district}心理健康科普讲座日程：即将举行的讲座、按月查看、往期回顾，可按人群和街道筛选、订阅日历。"))


def _audience(code: str, label: str) -> dict:
    kind, extra = AUDIENCE_TYPES.get(code, ("PeopleAudience", {}))
    return {"@type": kind, "audienceType": label, **extra}


def _place(site: Site, name: str, address: str, geo: tuple[float, float] | None) -> dict:
    place = {"@type": "Place", "name": name, "address": {
        "@type": "PostalAddress", "streetAddress": address, "addressLocality": site.config.city,
        "addressRegion": "广东省", "addressCountry": "CN"}}
    if geo:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": geo[0], "longitude": geo[1]}
    return place


def _locations(site: Site, lec) -> list[dict]:
    locations = []
    st = lec.station
    if st and st.has_place:
        locations.append(_place(site, st.name, st.address or st.name, (st.latitude, st.longitude)))
    elif lec.address:
        locations.append(_place(site, lec.address, lec.address, None))
    online = lec.online_url or (st.online_url if st and not st.has_place else None)
    if online:
        locations.append({"@type": "VirtualLocation", "url": online})
    return locations


def event_jsonld(site: Site, lec) -> dict:
    lab = labels(site)
    url = site.config.site_url + lec.url
    data = {
        "@context": "https://schema.org", "@type": "Event", "@id": url, "name": lec.title,
        "description": lec.summary, "url": url,
        "startDate": local(lec.start).isoformat(), "endDate": local(lec.end).isoformat(),
        "eventStatus": f"https://schema.org/{EVENT_STATUS[lec.status]}",
        "eventAttendanceMode": f"https://schema.org/{ATTENDANCE[lec.mode]}",
        "organizer": {"@type": "Organization", "name": lec.organiser},
        "performer": {"@type": "Person", "name": lec.speaker},
        "audience": [_audience(a, lab["audiences"][a]) for a in lec.audiences],
        "inLanguage": lec.languages[0] if len(lec.languages) == 1 else lec.languages,
        "isAccessibleForFree": lec.free,
    }
    # schema.org: previousStartDate belongs to a rescheduled event only.
    if lec.status == "rescheduled" and lec.previous_start:
        data["previousStartDate"] = local(lec.previous_start).isoformat()
    locations = _locations(site, lec)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if lec.capacity:
        data["maximumAttendeeCapacity"] = lec.capacity
    if lec.registration_url or lec.free:
        offer = {"@type": "Offer", "url": lec.registration_url or url}
        if lec.free:
            offer.update(price=0, priceCurrency="CNY")
        data["offers"] = offer
    return data


SEARCH_WEIGHT_PAST = 0.4
SEARCH_WEIGHT_CANCELLED = 0.1


def search_weight(status: str, over: bool) -> float | None:
    """Site search ranks an upcoming lecture above past runs, and a cancelled one last."""
    return SEARCH_WEIGHT_CANCELLED if status == "cancelled" else SEARCH_WEIGHT_PAST if over else None


def records(site: Site, env, want: Want = everything) -> Iterator[Record]:
    lab = labels(site)
    page = env.get_template("lecture.html")
    index = index_page(site, env, want)
    if index is not None:
        yield index
    for lec in site.lectures.values():
        if not want(lec.url, lambda: rows_key(site, site.row("lectures", "lectures", lec.id),
                                              site.row("stations", "stations", lec.station_id),
                                              site.row("stations", "streets", street(lec)))):
            continue
        title = {"cancelled": "【已取消】", "rescheduled": "【已改期】"}.get(lec.status, "") + lec.title
        over = local(lec.end).date() < site.today
        yield Record(url=lec.url, title=title, description=lec.summary,
                     head=jsonld(event_jsonld(site, lec)) + search.weight_meta(search_weight(lec.status, over)),
                     content=page.render(site=site, config=site.config, lec=lec, labels=lab, today=site.today,
                                         local=local, over=over, community=community(lec),
                                         street=site.streets.get(street(lec)),
                                         report_url=report_url(site, lec.id, lec.title)))


def files(site: Site, write) -> None:
    for lec in site.lectures.values():
        write(f"{lec.url}{lec.id}.ics", ical.calendar([lec], site, lec.title))
