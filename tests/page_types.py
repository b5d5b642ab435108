"""One URL per page type of the sample site, chosen from the data so the set follows the data."""
from __future__ import annotations

import csv

from tests.conftest import DATA


def first(name: str, key: str, **where) -> str:
    with open(DATA / name / f"{name}.csv", encoding="utf-8") as fh:
        return next(r[key] for r in csv.DictReader(fh) if all(r[k] == v for k, v in where.items()))


PAGE_TYPES = {
    "home": "",
    "station list": "stations/",
    "street": f"stations/street/{first('stations', 'street', kind='community_room')}/",
    "station": f"stations/{first('stations', 'id', kind='community_room')}/",
    "wall cards": f"stations/{first('practitioners', 'affiliation', status='active')}/wall/",
    "registry": "registry/",
    "verification": f"registry/{first('practitioners', 'registration_number', status='suspended')}/",
    "lecture list": "lectures/",
    "lecture": f"lectures/{first('lectures', 'id', status='cancelled')}/",
    "article list": "articles/",
    "article": "articles/supporting-someone-at-risk-of-suicide/",
    "open data": "open-data/",
    "dataset": "open-data/stations/",
    "screening": "screening/phq-9/",
    "about": "about/",
    "coverage": "coverage/",
}
