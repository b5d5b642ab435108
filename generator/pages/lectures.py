"""Lecture calendar: the list (upcoming first, archive), one page per lecture with Event JSON-LD and its .ics."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from generator import ical
from generator.context import Site
from generator.pages import Record, field_labels, report_url
from generator.templating import jsonld

EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "rescheduled": "EventRescheduled"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "hybrid": "MixedEventAttendanceMode"}


def labels(site: Site) -> dict[str, dict[str, str]]:
    return field_labels(site, "lectures", "lectures", "topic", "audiences", "setting", "mode", "status", "languages")


def venue(lec) -> str:
    if lec.station:
        return lec.station.name
    if lec.address:
        return lec.address
    return "线上"


def docs(site: Site, env) -> dict[str, str]:
    ordered = sorted(site.lectures.values(), key=lambda x: (x.start, x.id))
    upcoming = [x for x in ordered if x.end.date() >= site.today]
    past = [x for x in reversed(ordered) if x.end.date() < site.today]
    text = env.get_template("lectures_index.md").render(site=site, config=site.config, today=site.today,
                                                        upcoming=upcoming, past=past, labels=labels(site), venue=venue)
    return {"lectures/index.md": text}


def event_jsonld(site: Site, lec) -> dict:
    lab = labels(site)
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": lec.title, "description": lec.summary,
        "url": site.config.site_url + lec.url, "startDate": lec.start.isoformat(), "endDate": lec.end.isoformat(),
        "eventStatus": f"https://schema.org/{EVENT_STATUS[lec.status]}",
        "eventAttendanceMode": f"https://schema.org/{ATTENDANCE[lec.mode]}",
        "organizer": {"@type": "Organization", "name": lec.organiser},
        "performer": {"@type": "Person", "name": lec.speaker},
        "audience": [{"@type": "Audience", "audienceType": lab["audiences"][a]} for a in lec.audiences],
        "inLanguage": lec.languages, "isAccessibleForFree": lec.free,
    }
    if lec.previous_start:
        data["previousStartDate"] = lec.previous_start.isoformat()
    locations = []
    if lec.station and lec.station.has_place:
        st = lec.station
        locations.append({"@type": "Place", "name": st.name, "address": {
            "@type": "PostalAddress", "streetAddress": st.address, "addressLocality": site.config.city,
            "addressCountry": "CN"}, "geo": {"@type": "GeoCoordinates", "latitude": st.latitude,
                                              "longitude": st.longitude}})
    elif lec.address:
        locations.append({"@type": "Place", "name": lec.address, "address": {
            "@type": "PostalAddress", "streetAddress": lec.address, "addressLocality": site.config.city,
            "addressCountry": "CN"}})
    if lec.online_url:
        locations.append({"@type": "VirtualLocation", "url": lec.online_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if lec.capacity:
        data["maximumAttendeeCapacity"] = lec.capacity
    return data


def records(site: Site, env) -> Iterator[Record]:
    lab = labels(site)
    page = env.get_template("lecture.html")
    for lec in site.lectures.values():
        yield Record(url=lec.url, title=lec.title, description=lec.summary, head=jsonld(event_jsonld(site, lec)),
                     content=page.render(site=site, config=site.config, lec=lec, labels=lab, today=site.today,
                                         report_url=report_url(site, lec.id, lec.title)))


def files(site: Site, out: Path) -> None:
    for lec in site.lectures.values():
        (out / lec.url).mkdir(parents=True, exist_ok=True)
        (out / lec.url / f"{lec.id}.ics").write_bytes(ical.calendar([lec], site, lec.title))
