"""The site context: every record known and cross-linked before anything renders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator import clock, datacontract
from generator import holidays as holidays_mod
from generator import hours as hours_mod
from generator import editorial
from generator.articles import SafeMessagingRules, read_articles
from generator.caches import Caches
from generator.cells import row_digest
from generator.editorial import SearchWords
from generator.config import SiteConfig
from generator.models import Article, Hotline, Lecture, Practitioner, Station, Street
from generator.problems import BuildError, Report
from generator.screening import check_articles, read_questionnaires
from generator.schema import PackageSpec
from generator.validate import Tables, validate_data

SAFE_MESSAGING_RULES = Path("editorial") / "safe-messaging.yaml"


@dataclass
class Site:
    config: SiteConfig
    today: dt.date
    specs: dict[str, PackageSpec]
    tables: Tables
    streets: dict[str, Street]
    hotlines: list[Hotline]
    stations: dict[str, Station]
    practitioners: dict[str, Practitioner]
    lectures: dict[str, Lecture]
    articles: dict[str, Article]
    drafts: dict[str, Article] = field(default_factory=dict)
    questionnaires: dict = field(default_factory=dict)  # slug -> screening.Questionnaire (published, or --drafts)
    words: SearchWords = field(default_factory=SearchWords)  # crisis phrases and synonyms for the search boxes
    report: Report = field(default_factory=Report)
    holidays: holidays_mod.Arrangement = field(default_factory=holidays_mod.Arrangement)
    _by_id: dict = field(default_factory=dict, repr=False)
    _by_field: dict = field(default_factory=dict, repr=False)
    _stamps: dict = field(default_factory=dict, repr=False)
    cache: dict = field(default_factory=dict, repr=False)  # derived once per build (generator.changes)
    caches: Caches = field(default_factory=Caches, repr=False)  # what the build may reuse (generator/caches.py)

    def label(self, package: str, resource: str, fld: str, code: str) -> str:
        return self.specs[package].resources[resource].field(fld).label(code)

    def labels(self, package: str, resource: str, fld: str) -> dict[str, str]:
        return self.specs[package].resources[resource].field(fld).categories

    def row(self, package: str, resource: str, ident) -> dict | None:
        """The validated public row with this primary key (None if there is none)."""
        key = (package, resource)
        if key not in self._by_id:
            pk = self.specs[package].resources[resource].primary_key[0]
            self._by_id[key] = {r[pk]: r for r in self.tables.get(package, resource)}
        return self._by_id[key].get(ident)

    def row_stamp(self, row: dict) -> bytes:
        """A digest of a row's public values (computed once per row while `xinan serve` keeps the rows)."""
        if not self._stamps:
            for key, rows in self.tables.rows.items():
                for r, d in zip(rows, self.tables.stamps.get(key, ())):
                    self._stamps[id(r)] = d
        d = self._stamps.get(id(row))
        if d is None:
            d = self._stamps[id(row)] = row_digest(row)
        return d

    def rows_where(self, package: str, resource: str, fld: str, value) -> list[dict]:
        key = (package, resource, fld)
        if key not in self._by_field:
            groups: dict = {}
            for r in self.tables.get(package, resource):
                groups.setdefault(r.get(fld), []).append(r)
            self._by_field[key] = groups
        return self._by_field[key].get(value, [])

    @property
    def is_sample(self) -> bool:
        return any(s.is_sample for s in self.specs.values())


def effective_status(p: Practitioner, today: dt.date) -> str:
    """The status the dates imply: an active licence past valid_to is expired, one not yet started is pending."""
    return clock.registration_status(p.status, p.valid_from, p.valid_to, today)


def _station(r: dict) -> Station:
    return Station(
        id=r["id"], name=r["name"], kind=r["kind"], level=r["level"], street=r["street"], community=r["community"],
        address=r["address"], latitude=r["latitude"], longitude=r["longitude"], phones=r["phones"],
        hours_text=r["hours"] or "", exceptions_text=r["hours_exceptions"] or "",
        hours=hours_mod.parse(r["hours"] or "", r["hours_exceptions"] or ""), holidays=r["holidays"],
        services=r["services"], audiences=r["audiences"], eligibility=r["eligibility"],
        eligibility_note=r["eligibility_note"], fee=r["fee"], languages=r["languages"],
        accessibility=r["accessibility"], area_m2=r["area_m2"], staff_count=r["staff_count"],
        functions=r["functions"], online_url=r["online_url"], not_emergency=bool(r["not_emergency"]),
        verified_on=r["verified_on"], verified_source=r["verified_source"], status=r["status"] or "active",
        closed_on=r["closed_on"], closed_reason=r["closed_reason"], successor_id=r["successor"],
    )


def _practitioner(r: dict) -> Practitioner:
    # Only public fields are copied: private ones never enter the model, so no page can print them.
    return Practitioner(
        registration_number=r["registration_number"], name=r["name"], qualification=r["qualification"],
        level=r["level"], issuing_body=r["issuing_body"], status=r["status"], status_note=r["status_note"],
        valid_from=r["valid_from"], valid_to=r["valid_to"], affiliation=r["affiliation"],
        specialties=r["specialties"], languages=r["languages"], ended_on=r["ended_on"], end_reason=r["end_reason"],
    )


def _lecture(r: dict) -> Lecture:
    return Lecture(
        id=r["id"], title=r["title"], summary=r["summary"], topic=r["topic"], audiences=r["audiences"],
        setting=r["setting"], start=r["start"], end=r["end"], mode=r["mode"], station_id=r["station"],
        street=r["street"], address=r["address"], online_url=r["online_url"], speaker=r["speaker"],
        organiser=r["organiser"], registration_url=r["registration_url"], capacity=r["capacity"],
        status=r["status"], previous_start=r["previous_start"], sequence=r["sequence"],
        languages=r["languages"], sign_language=bool(r["sign_language"]), free=bool(r["free"]),
    )


def _made_from(caches: Caches, key: tuple, rows: list[dict], make):
    """What was made from a resource's rows, kept by resource (caches.made) while the caches keep the rows
    between builds (`xinan serve`): rows read again are a new list, so an unchanged list means unchanged results."""
    if not caches.keep:
        return make(rows)
    old = caches.made.get(key)
    if old is not None and old[0] is rows:
        return old[1]
    value = make(rows)
    caches.made[key] = (rows, value)
    return value


def _drop_private_values(tables: Tables, caches: Caches) -> None:
    """Private columns are needed only to validate; afterwards no template can reach them through the site."""
    for key, rows in tables.rows.items():
        private = {f.name for f in tables.specs[key[0]].resources[key[1]].private_fields}
        if private:  # new rows, in the same order (tables.stamps stays aligned): the read ones may be kept
            tables.rows[key] = _made_from(caches, ("public",) + key, rows, lambda rows: [
                {k: v for k, v in row.items() if k not in private} for row in rows])


def load_site(config: SiteConfig, data_dir: Path, content_dir: Path, today: dt.date,
              drafts: bool = False, caches: Caches | None = None) -> Site:
    """Validate everything, then model and cross-link it; raises BuildError with every problem. `caches`: what
    earlier builds of the same Builder left to reuse (a fresh, empty one when not given)."""
    caches = caches or Caches()
    report, tables = validate_data(data_dir, config, today, caches)
    report.extend(datacontract.check(config.contract, config.config_file, data_dir))
    codes = {"topics": set(), "audiences": set()}
    if "lectures" in tables.specs:
        try:
            codes["topics"] = set(tables.specs["lectures"].labels("lectures", "topic"))
            codes["audiences"] = set(tables.specs["lectures"].labels("lectures", "audiences"))
        except KeyError:  # a descriptor without them fails its release check; articles are checked against none
            pass
    rules_path = Path(data_dir) / SAFE_MESSAGING_RULES
    if rules_path.exists():
        rules = SafeMessagingRules.load(rules_path)
    else:
        report.error(rules_path, None, None, "缺少安全报道规则文件")
        rules = SafeMessagingRules([], [], [], [])
    all_articles = read_articles(content_dir, codes, rules, report, caches)
    questionnaires = read_questionnaires(data_dir, report)
    check_articles(questionnaires, {a.slug for a in all_articles if a.status == "published" or drafts}, report)
    words = editorial.load(data_dir, report)
    if not report.ok:
        raise BuildError(report)

    try:
        site = _model(config, today, tables, report, all_articles, drafts, caches)
    except (KeyError, TypeError) as exc:
        # A field the site needs was removed from a schema (with a major version bump, so validation let it pass).
        report.error(Path(data_dir), None, str(exc).strip("'"), f"数据包缺少网站需要的字段：{exc}")
        raise BuildError(report) from exc
    site.questionnaires = {q.slug: q for q in questionnaires if q.status == "published" or drafts}
    site.words = words
    return site


def _model(config, today, tables, report, all_articles, drafts, caches: Caches) -> Site:
    streets = {r["id"]: Street(r["id"], r["name"], r["latitude"], r["longitude"])
               for r in tables.get("stations", "streets")}
    hotlines = sorted((Hotline(**{k: v for k, v in r.items() if k != "_row"}) for r in tables.get("hotlines", "hotlines")),
                      key=lambda h: (h.priority, h.id))
    stations = {r["id"]: _station(r) for r in tables.get("stations", "stations")}
    # 100,000 at province scale: kept between rebuilds while the register is unchanged (links are set below).
    practitioners = _made_from(caches, ("model", "practitioners"), tables.get("practitioners", "practitioners"),
                               lambda rows: {r["registration_number"]: _practitioner(r) for r in rows})
    lectures = {r["id"]: _lecture(r) for r in tables.get("lectures", "lectures")}

    _drop_private_values(tables, caches)
    for p in practitioners.values():
        p.effective_status = effective_status(p, today)
        p.station = stations.get(p.affiliation or "")
        if p.station and p.effective_status == "active" and not p.station.retired:
            p.station.practitioners.append(p)
    for lec in lectures.values():
        lec.station = stations.get(lec.station_id or "")
        if lec.station:
            lec.street = lec.street or lec.station.street
            lec.station.lectures.append(lec)
    for st in stations.values():
        st.successor = stations.get(st.successor_id or "")
        st.lectures.sort(key=lambda x: (x.start, x.id))
        st.practitioners.sort(key=lambda x: x.registration_number)

    published, draft = {}, {}
    for a in all_articles:
        for sid in a.related_stations:
            if sid not in stations:
                report.error(a.path, 1, "related_stations", f"找不到站点编号“{sid}”")
        for lid in a.related_lectures:
            if lid not in lectures:
                report.error(a.path, 1, "related_lectures", f"找不到讲座编号“{lid}”")
        (published if a.status == "published" else draft)[a.slug] = a
    if not report.ok:
        raise BuildError(report)
    if drafts:
        published.update(draft)
    return Site(config=config, today=today, specs=tables.specs, tables=tables, streets=streets, hotlines=hotlines,
                stations=stations, practitioners=practitioners, lectures=lectures, articles=published,
                drafts=draft, report=report, holidays=holidays_mod.from_tables(tables), caches=caches)
