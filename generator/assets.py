"""Third-party browser assets, copied from installed packages (never from a CDN, never pasted into the repo)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import chinese_calendar.constants as holiday_data
import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster


def holidays_json() -> str:
    """China's public holidays and make-up working days (调休), from the chinese-calendar package."""
    data = {
        "source": "chinese-calendar（PyPI）国务院办公厅节假日安排",
        "holidays": sorted(d.isoformat() for d in holiday_data.holidays),
        "workdays": sorted(d.isoformat() for d in holiday_data.workdays),
        "last_year": max(d.year for d in holiday_data.holidays),
    }
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


def copy_into(target: Path) -> None:
    vendor = target / "vendor"
    skip = shutil.ignore_patterns("*.map", "*-src*")  # minified builds only
    shutil.copytree(Path(leaflet.BASE_DIR), vendor / "leaflet", ignore=skip, dirs_exist_ok=True)
    shutil.copytree(Path(markercluster.BASE_DIR), vendor / "markercluster", ignore=skip, dirs_exist_ok=True)
    data = holidays_json().encode("utf-8")
    path = target / "holidays.json"
    if not path.exists() or path.read_bytes() != data:  # unchanged files keep their time (dirty renders)
        path.write_bytes(data)
