"""iCalendar (RFC 5545, with the RFC 7986 feed hints) for lectures: stable UIDs, SEQUENCE from the data, cancelled
events kept so subscribed calendars learn of the cancellation instead of silently losing the event."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vDuration

from generator.config import TZ

TZID = "Asia/Shanghai"
STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "cancelled": "CANCELLED"}


def _vtimezone() -> Timezone:
    """Asia/Shanghai as one observance: China has kept UTC+8 without daylight saving since its last DST ended at
    02:00 (UTC+9) on 1991-09-15, so this is exact for every lecture and far shorter than the full history."""
    tz = Timezone()
    tz.add("TZID", TZID)
    std = TimezoneStandard()
    std.add("DTSTART", dt.datetime(1991, 9, 15, 2, 0, 0))  # local time of the onset, as RFC 5545 3.6.5 asks
    std.add("TZOFFSETFROM", dt.timedelta(hours=9))
    std.add("TZOFFSETTO", dt.timedelta(hours=8))
    std.add("TZNAME", "CST")
    tz.add_component(std)
    return tz


def uid(lecture_id: str, site_url: str) -> str:
    """Derived from the lecture id and the site's host only, so it survives rebuilds, reordering and edits."""
    host = site_url.split("//", 1)[-1].split("/", 1)[0]
    return f"{lecture_id}@{host}"


def _local(t: dt.datetime) -> dt.datetime:
    # A ZoneInfo tzinfo makes icalendar write TZID=Asia/Shanghai, the same TZID as the VTIMEZONE above.
    return t.astimezone(TZ)


def _zh_time(t: dt.datetime) -> str:
    t = _local(t)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _description(lec) -> str:
    lines = []
    if lec.status == "cancelled":
        lines.append("【本场讲座已取消】")
    elif lec.status == "rescheduled" and lec.previous_start:
        lines.append(f"【已改期】原定 {_zh_time(lec.previous_start)}，现改为 {_zh_time(lec.start)}。")
    lines += [lec.summary, f"主讲：{lec.speaker}", f"主办：{lec.organiser}"]
    if lec.online_url:
        lines.append(f"线上参与：{lec.online_url}")
    if lec.registration_url and lec.status != "cancelled":
        lines.append(f"报名：{lec.registration_url}")
    return "\n".join(lines)


def event(lec, site, stamp: dt.datetime) -> Event:
    ev = Event()
    ev.add("UID", uid(lec.id, site.config.site_url))
    ev.add("SEQUENCE", lec.sequence)
    ev.add("DTSTAMP", stamp)
    ev.add("DTSTART", _local(lec.start))
    ev.add("DTEND", _local(lec.end))
    ev.add("SUMMARY", ("【已取消】" if lec.status == "cancelled" else "") + lec.title)
    ev.add("DESCRIPTION", _description(lec))
    if lec.station:
        ev.add("LOCATION", lec.station.name + (f"，{lec.station.address}" if lec.station.address else ""))
        if lec.station.has_place:
            ev.add("GEO", (lec.station.latitude, lec.station.longitude))
    elif lec.address:
        ev.add("LOCATION", lec.address)
    elif lec.online_url:
        ev.add("LOCATION", "线上")
    ev.add("URL", site.config.site_url + lec.url)
    ev.add("STATUS", STATUS[lec.status])
    ev.add("CATEGORIES", [site.label("lectures", "lectures", "topic", lec.topic)])
    return ev


def calendar(lectures, site, name: str) -> bytes:
    hours = site.config.lecture_feed_refresh_hours
    head, end = _head(site.caches.ical_heads, name, hours)
    events = b"".join(_event_bytes(lec, site) for lec in sorted(lectures, key=lambda x: (x.start, x.id)))
    return head + events + b"END:VCALENDAR" + end


def _head(heads: dict, name: str, hours: int) -> tuple[bytes, bytes]:
    """The calendar around the events (properties and VTIMEZONE), serialized once per name (kept in `heads`)."""
    if (name, hours) not in heads:
        cal = Calendar()
        cal.add("PRODID", "-//Xin'an//心安讲座日程//ZH")
        cal.add("VERSION", "2.0")
        cal.add("CALSCALE", "GREGORIAN")
        cal.add("METHOD", "PUBLISH")
        cal.add("NAME", name)  # RFC 7986
        cal.add("X-WR-CALNAME", name)  # the same name for clients that predate RFC 7986
        cal.add("X-WR-TIMEZONE", TZID)
        # RFC 7986 REFRESH-INTERVAL and Outlook's X-PUBLISHED-TTL both take an RFC 5545 duration ("PT12H").
        cal.add("REFRESH-INTERVAL", vDuration(dt.timedelta(hours=hours)), parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(dt.timedelta(hours=hours)))
        cal.add_component(_vtimezone())
        if len(heads) > 50_000:
            heads.clear()
        heads[(name, hours)] = tuple(cal.to_ical().rsplit(b"END:VCALENDAR", 1))
    return heads[(name, hours)]


def _event_bytes(lec, site) -> bytes:
    """A lecture appears in its own .ics and in several feeds; it is serialized once for as long as the caches live
    (site.caches: one build, or `xinan serve`'s Builder) and what it is made from is unchanged: the key is that,
    so caches shared by several sites never hand one site another's event."""
    events = site.caches.ical_events
    station = site.row("stations", "stations", lec.station_id) if lec.station_id else None
    key = (site.config.site_url, site.today, site.row_stamp(site.row("lectures", "lectures", lec.id)),
           site.row_stamp(station) if station else b"", site.label("lectures", "lectures", "topic", lec.topic))
    if len(events) > 4 * max(len(site.lectures), 1000):
        events.clear()
    if key not in events:
        # DTSTAMP must be UTC. It is the reference date rather than the wall clock, so two builds of the same
        # data are byte-identical; a later reference date still yields a later stamp.
        stamp = dt.datetime.combine(site.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
        events[key] = event(lec, site, stamp).to_ical()
    return events[key]
