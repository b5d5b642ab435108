"""The stations GeoJSON: valid RFC 7946 (checked by the geojson package), one feature per placed station."""
from __future__ import annotations

import csv

import geojson

from generator.config import load_config
from tests.conftest import REPO_ROOT, DATA


def test_stations_geojson_is_valid_and_has_one_feature_per_public_station(site_dir):
    text = (site_dir / "open-data" / "stations" / "stations.geojson").read_text(encoding="utf-8")
    collection = geojson.loads(text)
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    assert "crs" not in collection  # RFC 7946: WGS-84 only, no crs member
    with open(DATA / "stations" / "stations.csv", encoding="utf-8") as fh:
        placed = {r["id"]: r for r in csv.DictReader(fh) if r["latitude"]}
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(placed)
    south, west, north, east = load_config(REPO_ROOT / "mkdocs.yml").bounds
    for sid, feature in features.items():
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946 order: longitude, latitude
        assert (lat, lon) == (float(placed[sid]["latitude"]), float(placed[sid]["longitude"]))
        assert south <= lat <= north and west <= lon <= east
        assert feature["properties"]["name"] == placed[sid]["name"]
        assert "manager_mobile" not in feature["properties"]
