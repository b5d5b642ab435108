"""iCalendar (RFC 5545) for lectures: stable UIDs, SEQUENCE from the data, cancelled events kept."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone, TimezoneStandard

from generator.config import TZ

STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "cancelled": "CANCELLED"}


def _vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("TZID", "Asia/Shanghai")
    std = TimezoneStandard()
    std.add("DTSTART", dt.datetime(1991, 9, 15, 0, 0, 0))
    std.add("TZOFFSETFROM", dt.timedelta(hours=8))
    std.add("TZOFFSETTO", dt.timedelta(hours=8))
    std.add("TZNAME", "CST")
    tz.add_component(std)
    return tz


def uid(lecture_id: str, site_url: str) -> str:
    host = site_url.split("//", 1)[-1].split("/", 1)[0]
    return f"{lecture_id}@{host}"


def event(lec, site, stamp: dt.datetime) -> Event:
    ev = Event()
    ev.add("UID", uid(lec.id, site.config.site_url))
    ev.add("SEQUENCE", lec.sequence)
    ev.add("DTSTAMP", stamp)
    ev.add("DTSTART", lec.start.astimezone(TZ), parameters={"TZID": "Asia/Shanghai"})
    ev.add("DTEND", lec.end.astimezone(TZ), parameters={"TZID": "Asia/Shanghai"})
    title = ("【已取消】" if lec.status == "cancelled" else "") + lec.title
    ev.add("SUMMARY", title)
    desc = [lec.summary, f"主讲：{lec.speaker}", f"主办：{lec.organiser}"]
    if lec.online_url:
        desc.append(f"线上参与：{lec.online_url}")
    if lec.registration_url:
        desc.append(f"报名：{lec.registration_url}")
    ev.add("DESCRIPTION", "\n".join(desc))
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
    cal = Calendar()
    cal.add("PRODID", "-//Xin'an//心安讲座日程//ZH")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("X-WR-CALNAME", name)
    cal.add("X-WR-TIMEZONE", "Asia/Shanghai")
    hours = site.config.lecture_feed_refresh_hours
    cal.add("REFRESH-INTERVAL", dt.timedelta(hours=hours), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", dt.timedelta(hours=hours))
    cal.add_component(_vtimezone())
    # DTSTAMP is the reference date, not the wall clock, so two builds of the same data are identical.
    stamp = dt.datetime.combine(site.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for lec in sorted(lectures, key=lambda x: (x.start, x.id)):
        cal.add_component(event(lec, site, stamp))
    return cal.to_ical()
