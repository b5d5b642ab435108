"""Typed records: what the validated data and articles mean, independent of any renderer."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.hours import Hours


@dataclass
class Street:
    id: str
    name: str
    latitude: float
    longitude: float


@dataclass
class Hotline:
    id: str
    name: str
    number: str
    kind: str
    hours: str
    always_open: bool
    description: str
    priority: int
    source: str


@dataclass
class Station:
    id: str
    name: str
    kind: str
    level: str
    street: str | None
    community: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    phones: list[str]
    hours_text: str
    exceptions_text: str
    hours: Hours
    holidays: str
    services: list[str]
    audiences: list[str]
    eligibility: str
    eligibility_note: str | None
    fee: str
    languages: list[str]
    accessibility: list[str]
    area_m2: float | None
    staff_count: int
    functions: list[str]
    online_url: str | None
    not_emergency: bool
    verified_on: dt.date
    verified_source: str
    status: str = "active"  # active, closed or moved (see generator.retirement)
    closed_on: dt.date | None = None
    closed_reason: str | None = None
    successor_id: str | None = None
    # Filled in by the context.
    lectures: list["Lecture"] = field(default_factory=list)
    practitioners: list["Practitioner"] = field(default_factory=list)
    successor: "Station | None" = None

    @property
    def retired(self) -> bool:
        """Closed or moved: the page stays, with a notice; lists, maps and wall cards leave it out."""
        return self.status != "active"

    @property
    def url(self) -> str:
        return f"stations/{self.id}/"

    @property
    def has_place(self) -> bool:
        return self.latitude is not None


@dataclass
class Practitioner:
    registration_number: str
    name: str
    qualification: str
    level: str | None
    issuing_body: str
    status: str  # as in the source
    status_note: str | None
    valid_from: dt.date
    valid_to: dt.date
    affiliation: str | None
    specialties: list[str]
    languages: list[str]
    effective_status: str = ""  # what the dates imply at the reference date
    station: Station | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None

    @property
    def retired(self) -> bool:
        """The registration ended (注销): no longer registered, though its page and QR target stay."""
        return self.status == "ended"

    @property
    def url(self) -> str:
        return f"registry/{self.registration_number}/"


@dataclass
class Lecture:
    id: str
    title: str
    summary: str
    topic: str
    audiences: list[str]
    setting: str
    start: dt.datetime
    end: dt.datetime
    mode: str
    station_id: str | None
    street: str | None
    address: str | None
    online_url: str | None
    speaker: str
    organiser: str
    registration_url: str | None
    capacity: int | None
    status: str
    previous_start: dt.datetime | None
    sequence: int
    languages: list[str]
    sign_language: bool
    free: bool
    station: Station | None = None

    @property
    def url(self) -> str:
        return f"lectures/{self.id}/"


@dataclass
class Source:
    title: str
    url: str


@dataclass
class Article:
    slug: str
    path: str
    title: str
    summary: str
    topics: list[str]
    audiences: list[str]
    authors: list[str]
    reviewer_name: str
    reviewer_credentials: str
    reviewed_on: dt.date
    next_review: dt.date
    updated_on: dt.date
    status: str
    sources: list[Source]
    suicide_related: bool
    sample: bool
    body: str
    related_stations: list[str] = field(default_factory=list)
    related_lectures: list[str] = field(default_factory=list)
    last_changed: dt.date | None = None  # from git history
    body_line: int = 1  # line of the file where the body starts, for messages
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line, for messages

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"
