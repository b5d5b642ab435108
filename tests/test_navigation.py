"""Directions to a station: WGS-84 → GCJ-02 as the published transform gives it, and map-app links that carry the
converted point and every name or address intact in its own parameter."""
from __future__ import annotations

import math
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings, strategies as st

from generator import navigation

# Reference pairs (WGS-84 → GCJ-02) from the eviltransform test suite, also used by the browser's copy of the
# transform (tests/browser/test_station_directory.py).
REFERENCE = [((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),   # Shenzhen
             ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215))]    # Shanghai
SHENZHEN = dict(min_value=22.45, max_value=22.85), dict(min_value=113.75, max_value=114.60)
CHINA_BOX = (0.8293, 55.8271, 72.004, 137.8347)  # south, north, west, east of the transform's own test


def metres(a, b) -> float:
    p = math.pi / 180
    h = math.sin((b[0] - a[0]) * p / 2) ** 2 + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin((b[1] - a[1]) * p / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_conversion_matches_the_published_reference_pairs(wgs, gcj):
    assert navigation.wgs_to_gcj(*wgs) == pytest.approx(gcj, abs=1e-9)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.floats(**SHENZHEN[0]), st.floats(**SHENZHEN[1]))
def test_a_shenzhen_point_moves_between_100_and_700_metres_and_stays_in_china(lat, lon):
    moved = navigation.wgs_to_gcj(lat, lon)
    assert 100 <= metres((lat, lon), moved) <= 700
    assert CHINA_BOX[0] < moved[0] < CHINA_BOX[1] and CHINA_BOX[2] < moved[1] < CHINA_BOX[3]


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.one_of(
    st.tuples(st.floats(-89, 89), st.floats(-179, 71)),     # west of China: Europe, Africa, the Americas
    st.tuples(st.floats(-89, 0.8), st.floats(72.1, 137.8)),  # south of it
    st.tuples(st.floats(56, 89), st.floats(72.1, 137.8)),    # north of it
))
def test_a_point_outside_china_is_unchanged(point):
    assert navigation.wgs_to_gcj(*point) == point


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


def params(url: str) -> dict[str, str]:
    parts = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parts.values()), parts
    return {k: v[0] for k, v in parts.items()}


@settings(max_examples=80, derandomize=True, deadline=None)
@given(TEXT, TEXT, st.floats(**SHENZHEN[0]), st.floats(**SHENZHEN[1]))
def test_each_map_link_carries_the_gcj02_point_and_the_exact_name_and_address(name, address, lat, lon):
    gcj = navigation.wgs_to_gcj(lat, lon)
    amap, baidu, tencent = navigation.links(name, address, lat, lon)
    assert [amap.app, baidu.app, tencent.app] == ["高德地图", "百度地图", "腾讯地图"]
    for link in (amap, baidu, tencent):
        assert link.url.startswith("https://") and not any(c in link.url for c in ' "<>\'\n')

    a = params(amap.url)
    assert urlsplit(amap.url)[1:3] == ("uri.amap.com", "/marker")
    assert a["coordinate"] == "gaode" and a["name"] == name
    assert [float(v) for v in a["position"].split(",")] == pytest.approx([gcj[1], gcj[0]], abs=1e-6)  # lon,lat

    b = params(baidu.url)
    assert urlsplit(baidu.url)[1:3] == ("api.map.baidu.com", "/marker")
    assert b["coord_type"] == "gcj02" and b["title"] == name and b["content"] == address and b["output"] == "html"
    assert [float(v) for v in b["location"].split(",")] == pytest.approx(list(gcj), abs=1e-6)  # lat,lon

    t = params(tencent.url)
    assert urlsplit(tencent.url)[1:3] == ("apis.map.qq.com", "/uri/v1/marker")
    assert t["coord_type"] == "2"
    # The marker value is a list of key:value entries; a name or address cannot add an entry.
    raw = urlsplit(tencent.url).query.split("&")[0].removeprefix("marker=")
    entries = raw.split(";")
    assert [e.split(":", 1)[0] for e in entries] == ["coord", "title", "addr"]
    marker = {k: unquote(v) for k, v in (e.split(":", 1) for e in entries)}
    assert marker["title"] == name and marker["addr"] == address
    assert [float(v) for v in marker["coord"].split(",")] == pytest.approx(list(gcj), abs=1e-6)
