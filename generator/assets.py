"""Third-party browser assets, copied from installed packages (never from a CDN, never pasted into the repo)."""
from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster


def copy_into(target: Path, holidays_json: str) -> None:
    """The vendored libraries, and assets/holidays.json: the holidays package as the browser reads it."""
    vendor = target / "vendor"
    skip = shutil.ignore_patterns("*.map", "*-src*")  # minified builds only
    shutil.copytree(Path(leaflet.BASE_DIR), vendor / "leaflet", ignore=skip, dirs_exist_ok=True)
    shutil.copytree(Path(markercluster.BASE_DIR), vendor / "markercluster", ignore=skip, dirs_exist_ok=True)
    data = holidays_json.encode("utf-8")
    path = target / "holidays.json"
    if not path.exists() or path.read_bytes() != data:  # unchanged files keep their time (dirty renders)
        path.write_bytes(data)
