"""Directions to a station in the map apps people in China use: each app's public web URI for a marker, with the
point converted from the open data's WGS-84 to GCJ-02 (the apps' coordinate system; WGS-84 points land about
500 m off in Shenzhen).

The links are plain https links (no script, nothing fetched by the site): 高德 opens `uri.amap.com/marker`,
百度 `api.map.baidu.com/marker` and 腾讯 `apis.map.qq.com/uri/v1/marker`; each hands over to the app when it is
installed and shows a web map otherwise. Every value is percent-encoded into its own parameter, so no name or
address can add a parameter or leave the link.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from urllib.parse import quote

import prcoords

# The app name each service asks callers to identify themselves with (src / referer).
SOURCE = "xinan"


@dataclass(frozen=True)
class MapLink:
    app: str  # what the link says: 高德地图, 百度地图, 腾讯地图
    url: str


def in_china(lat: float, lon: float) -> bool:
    """The rough box inside which the published GCJ-02 transform applies (outside it the point is unchanged)."""
    return prcoords.sanity_in_china_p(prcoords.Coords(lat, lon))


def wgs_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 → GCJ-02 (prcoords, public domain); points outside China are returned unchanged."""
    if not in_china(lat, lon):
        return lat, lon
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = prcoords.wgs_gcj(prcoords.Coords(lat, lon))
    return got.lat, got.lon


def _q(text: str) -> str:
    return quote(text, safe="")


def _point(value: float) -> str:
    return f"{value:.6f}"


def links(name: str, address: str | None, lat: float, lon: float) -> list[MapLink]:
    """Marker links in 高德, 百度 and 腾讯 for a WGS-84 point, all given in GCJ-02."""
    glat, glon = wgs_to_gcj(lat, lon)
    la, lo = _point(glat), _point(glon)
    addr = address or name
    amap = (f"https://uri.amap.com/marker?position={lo},{la}&name={_q(name)}&src={SOURCE}"
            f"&coordinate=gaode&callnative=1")
    baidu = (f"https://api.map.baidu.com/marker?location={la},{lo}&title={_q(name)}&content={_q(addr)}"
             f"&output=html&coord_type=gcj02&src={SOURCE}")
    # 腾讯's marker value is itself a list (coord:…;title:…;addr:…): the name and address are encoded inside it,
    # so their ";" and ":" cannot start another entry. coord_type=2 is 腾讯's own (GCJ-02); 1 would be GPS.
    tencent = (f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{la},{lo};title:{_q(name)};addr:{_q(addr)}"
               f"&coord_type=2&referer={SOURCE}")
    return [MapLink("高德地图", amap), MapLink("百度地图", baidu), MapLink("腾讯地图", tencent)]
