"""Coverage indicators: the service network counted against the policy targets, at the data date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

# The station kind each facility-rate measure counts, and the facilities column that is its denominator.
FACILITY_MEASURES = {
    "school_rooms": ("school_room", "schools"),
    "hospital_clinics": ("hospital_clinic", "general_hospitals"),
    "health_centre_rooms": ("health_centre_room", "health_centres"),
}
INACTIVE = {"closed", "retired", "moved", "suspended"}  # station statuses that no longer serve anyone
WINDOW_MONTHS = 12
UNIT_LABELS = {"percent": "%", "per_year": "场/年", "per_month": "次/月", "hours_per_week": "小时/周"}
# The columns of the published indicators table, in order (generator.coverage_data describes them).
COLUMNS = ("code", "title", "scope", "area", "area_name", "period", "counted", "denominator", "value", "unit",
           "target", "met", "gap", "deadline", "source_title", "source_clause")


@dataclass
class Indicator:
    """One number: `counted` of `denominator` (or a count), against `target` in `unit`."""

    code: str
    title: str
    scope: str  # district | street | community | month
    area: str  # "" for the district, a street id, "street/community", or a month "YYYY-MM"
    area_name: str
    period: str
    counted: float
    denominator: int | None  # None: the value is a count, not a share
    value: float | None  # None: no denominator, nothing to measure against
    unit: str
    target: float
    met: bool | None
    deadline: dt.date | None
    source_title: str
    source_clause: str
    items: list[str] = field(default_factory=list)  # what was counted: station or lecture ids
    link: str = ""  # site-relative URL listing what was counted

    @property
    def gap(self) -> float | None:
        """How far from the target (0 when met, None when nothing can be measured)."""
        if self.value is None:
            return None
        return round(max(self.target - self.value, 0.0), 1)

    def row(self) -> dict:
        return {"code": self.code, "title": self.title, "scope": self.scope, "area": self.area,
                "area_name": self.area_name, "period": self.period, "counted": _num(self.counted),
                "denominator": self.denominator, "value": None if self.value is None else _num(self.value),
                "unit": self.unit, "target": _num(self.target), "met": self.met, "gap": _num(self.gap),
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "source_title": self.source_title, "source_clause": self.source_clause}


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 1)


def is_active(station) -> bool:
    """Retired or closed stations do not count (a `status` column, when the data have one, says so)."""
    return str(getattr(station, "status", "") or "active") not in INACTIVE


def _rate(counted: int, denominator: int) -> float | None:
    return None if denominator <= 0 else round(100.0 * counted / denominator, 1)


def _met(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target


def weekly_hours(hours) -> float:
    """Open hours in a normal week (exceptions and holidays aside); 168 for 24/7."""
    if hours.always:
        return 168.0
    return round(sum(end - start for day in hours.weekly for start, end in day) / 60.0, 1)


def months_before(today: dt.date, n: int) -> list[str]:
    """The n complete calendar months before the month of `today`, oldest first, as 'YYYY-MM'."""
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append(f"{y:04d}-{m:02d}")
    return out[::-1]


def window_start(today: dt.date) -> dt.date:
    """The first day of the last-12-months window that ends on `today`."""
    try:
        return today.replace(year=today.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28) + dt.timedelta(days=1)


def held(lectures, today: dt.date) -> list:
    """Lectures that took place (not cancelled) in the 12 months ending on `today`."""
    first = window_start(today)
    return [x for x in lectures if x.status != "cancelled" and first <= _local_day(x.start) <= today]


def _local_day(moment: dt.datetime) -> dt.date:
    # Lecture times carry their offset; the calendar day is the one printed on the poster (local time).
    return moment.date()


def lecture_community(lecture, communities_by_street: dict[str, list[str]]) -> tuple[str, str] | None:
    """(street, community) a lecture was held in: its station's community, else a community named in its address."""
    st = getattr(lecture, "station", None)
    if st is not None and st.community and st.street:
        return st.street, st.community
    street = lecture.street or (st.street if st is not None else None)
    address = lecture.address or ""
    for name in communities_by_street.get(street or "", []):
        if f"{name}社区" in address:
            return street, name
    return None


def compute(*, today: dt.date, streets: list[tuple[str, str]], communities: list[tuple[str, str]],
            facilities: dict[str, dict], targets: list[dict], stations: list, lectures: list,
            crisis_lines: list[tuple[str, float]] = ()) -> list[Indicator]:
    """Every indicator: for each target the district figure, then per street, then (for lectures) per community.

    streets: (id, name) in display order; communities: (street id, name); facilities: street id -> counts;
    targets: rows of coverage/targets; stations: Station-like (id, kind, street, community, hours);
    lectures: Lecture-like (id, status, start, street, address, station); crisis_lines: (name, weekly hours) of
    hotlines outside the station directory that a resident can call for psychological help."""
    active = [s for s in stations if is_active(s)]
    by_street = {sid: [c for st, c in communities if st == sid] for sid, _ in streets}
    names = dict(streets)
    out: list[Indicator] = []
    for t in targets:
        measure = t["measure"]
        base = dict(code=t["code"], title=t["title"], unit=t["unit"], target=float(t["target"]),
                    deadline=t.get("deadline"), source_title=t["source_title"], source_clause=t["source_clause"])
        if measure == "street_stations":
            out.extend(_street_stations(base, streets, active))
        elif measure == "community_rooms":
            out.extend(_community_rooms(base, streets, by_street, active))
        elif measure in FACILITY_MEASURES:
            out.extend(_facility_rate(base, measure, streets, facilities, active))
        elif measure == "community_lectures":
            out.extend(_community_lectures(base, streets, by_street, names, lectures, today))
        elif measure == "monthly_events":
            out.extend(_monthly_events(base, lectures, today))
        elif measure == "hotline_hours":
            out.append(_hotline_hours(base, active, crisis_lines))
    return out


def _share(base, scope, area, area_name, items, denominator, link, counted=None) -> Indicator:
    counted = len(items) if counted is None else counted
    value = _rate(counted, denominator)
    return Indicator(scope=scope, area=area, area_name=area_name, period="", counted=counted,
                     denominator=denominator, value=value, met=_met(value, base["target"]), items=items, link=link,
                     **base)


def _street_stations(base, streets, active) -> list[Indicator]:
    having = {sid: [s.id for s in active if s.kind == "street_station" and s.street == sid] for sid, _ in streets}
    covered = [sid for sid, _ in streets if having[sid]]
    rows = [_share(base, "district", "", "全区", covered, len(streets), "stations/?kind=street_station")]
    for sid, name in streets:
        rows.append(_share(base, "street", sid, name, having[sid], 1, f"stations/?street={sid}&kind=street_station",
                           counted=1 if having[sid] else 0))
    return rows


def _community_rooms(base, streets, by_street, active) -> list[Indicator]:
    rooms = {(s.street, s.community) for s in active if s.kind == "community_room" and s.community}
    rows, total, covered = [], 0, []
    for sid, name in streets:
        with_room = [c for c in by_street[sid] if (sid, c) in rooms]
        covered += [f"{sid}/{c}" for c in with_room]
        total += len(by_street[sid])
        rows.append(_share(base, "street", sid, name, with_room, len(by_street[sid]),
                           f"stations/?street={sid}&kind=community_room"))
    return [_share(base, "district", "", "全区", covered, total, "stations/?kind=community_room")] + rows


def _facility_rate(base, measure, streets, facilities, active) -> list[Indicator]:
    kind, column = FACILITY_MEASURES[measure]
    rows, items, total = [], [], 0
    for sid, name in streets:
        found = [s.id for s in active if s.kind == kind and s.street == sid]
        denominator = int((facilities.get(sid) or {}).get(column) or 0)
        items += found
        total += denominator
        rows.append(_share(base, "street", sid, name, found, denominator, f"stations/?street={sid}&kind={kind}"))
    return [_share(base, "district", "", "全区", items, total, f"stations/?kind={kind}")] + rows


def _community_lectures(base, streets, by_street, names, lectures, today) -> list[Indicator]:
    period = f"{window_start(today).isoformat()}/{today.isoformat()}"
    counts: dict[tuple[str, str], list[str]] = {}
    for x in held(lectures, today):
        where = lecture_community(x, by_street)
        if where:
            counts.setdefault(where, []).append(x.id)
    per_community, street_rows, meeting_all, total = [], [], [], 0
    for sid, name in streets:
        meeting = []
        for c in by_street[sid]:
            ids = sorted(counts.get((sid, c), []))
            met = len(ids) >= base["target"]
            if met:
                meeting.append(f"{sid}/{c}")
            per_community.append(Indicator(scope="community", area=f"{sid}/{c}", area_name=f"{name} {c}",
                                           period=period, counted=len(ids), denominator=None, value=float(len(ids)),
                                           met=met, items=ids, **base,
                                           link=f"lectures/?street={sid}&community={quote(c)}#past"))
        # Street and district: the share of communities that reached the target (100% is the aim).
        share = dict(base, unit="percent", target=100.0)
        row = _share(share, "street", sid, name, meeting, len(by_street[sid]), f"lectures/?street={sid}#past")
        row.period = period
        street_rows.append(row)
        meeting_all += meeting
        total += len(by_street[sid])
    district = _share(dict(base, unit="percent", target=100.0), "district", "", "全区", meeting_all, total,
                      "lectures/#past")
    district.period = period
    return [district] + street_rows + per_community


def _monthly_events(base, lectures, today) -> list[Indicator]:
    months = months_before(today, WINDOW_MONTHS)
    by_month: dict[str, list[str]] = {m: [] for m in months}
    for x in lectures:
        key = f"{x.start:%Y-%m}"
        if x.status != "cancelled" and key in by_month:
            by_month[key].append(x.id)
    reached = [m for m in months if len(by_month[m]) >= base["target"]]
    district = _share(dict(base, unit="percent", target=100.0), "district", "", "全区", reached, len(months),
                      "lectures/#past")
    district.period = f"{months[0]}/{months[-1]}"
    rows = [district]
    for m in months:
        ids = sorted(by_month[m])
        rows.append(Indicator(scope="month", area=m, area_name=f"{m[:4]}年{int(m[5:])}月", period=m,
                              counted=len(ids), denominator=None, value=float(len(ids)),
                              met=len(ids) >= base["target"], items=ids, link="lectures/#past", **base))
    return rows


def _hotline_hours(base, active, crisis_lines) -> Indicator:
    lines = [(s.id, weekly_hours(s.hours)) for s in active if s.kind == "hotline"] + list(crisis_lines)
    best = max((h for _, h in lines), default=None)
    full = [ident for ident, h in lines if h >= base["target"]]
    return Indicator(scope="district", area="", area_name="全区", period="", counted=len(full), denominator=None,
                     value=best, met=_met(best, base["target"]), items=full, link="stations/?kind=hotline", **base)


def from_site(site) -> list[Indicator]:
    """The indicators of a built site (empty when the data have no coverage package)."""
    if "coverage" not in site.specs:
        return []
    rows = site.tables.get
    streets = [(s.id, s.name) for s in site.streets.values()]
    communities = [(r["street"], r["name"]) for r in rows("coverage", "communities")]
    facilities = {r["street"]: r for r in rows("coverage", "facilities")}
    return compute(today=site.today, streets=streets, communities=communities, facilities=facilities,
                   targets=rows("coverage", "targets"), stations=list(site.stations.values()),
                   lectures=list(site.lectures.values()))
