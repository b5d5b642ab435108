"""What a resident reads on a station page and the station list: directions in the map apps' coordinates, hours in
two columns, booking as a button, the construction standard folded away for the bureau, no past closures, and
every phone number, in the data or in the prose, a tel: link."""
from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from generator import hours, navigation
from tests.conftest import DATA, TODAY


def rows() -> dict[str, dict]:
    with open(DATA / "stations" / "stations.csv", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def page(site_dir, rel: str):
    return lxml_html.fromstring((site_dir / rel / "index.html").read_text(encoding="utf-8"))


def main(doc):
    return doc.xpath("//article")[0]


def text(el) -> str:
    return " ".join(el.text_content().split())


PLACED = next(r for r in rows().values() if r["latitude"] and r["status"] in ("", "active") and r["address"])
UNPLACED = [r for r in rows().values() if r["kind"] in ("hotline", "online")]


def test_a_station_page_offers_the_three_map_apps_with_the_gcj02_point(site_dir):
    doc = main(page(site_dir, f"stations/{PLACED['id']}"))
    links = doc.xpath("//ul[@class='xa-nav']//a")
    assert [a.text_content() for a in links] == ["高德地图", "百度地图", "腾讯地图"]
    lat, lon = navigation.wgs_to_gcj(float(PLACED["latitude"]), float(PLACED["longitude"]))
    amap = parse_qs(urlsplit(links[0].get("href")).query)
    assert amap["coordinate"] == ["gaode"] and amap["name"] == [PLACED["name"]]
    assert [float(v) for v in amap["position"][0].split(",")] == pytest.approx([lon, lat], abs=1e-6)
    baidu = parse_qs(urlsplit(links[1].get("href")).query)
    assert baidu["coord_type"] == ["gcj02"] and baidu["content"] == [PLACED["address"]]
    assert "coord_type=2" in links[2].get("href")
    # Both coordinate systems are written out, and the address can be copied (the button shows with JavaScript).
    shown = text(doc)
    assert f"GCJ-02 {lat:.5f}, {lon:.5f}" in shown
    assert f"WGS-84 {float(PLACED['latitude']):.5f}, {float(PLACED['longitude']):.5f}" in shown
    assert doc.xpath("//button[@data-xa-copy='xa-address']")[0].text_content() == "复制地址"
    assert doc.xpath("//*[@id='xa-address']")[0].text_content() == PLACED["address"]


@pytest.mark.parametrize("sid", [r["id"] for r in UNPLACED])
def test_a_hotline_or_online_page_has_no_wall_cards_accessibility_line_or_navigation(site_dir, sid):
    doc = main(page(site_dir, f"stations/{sid}"))
    shown = text(doc)
    assert "无障碍设施" not in shown and "上墙公示" not in shown and "导航" not in shown
    assert not doc.xpath("//ul[@class='xa-nav']") and not doc.xpath("//details[@class='xa-standard-box']")
    assert not (site_dir / "stations" / sid / "wall").exists()


def test_hours_are_a_table_with_the_day_and_the_time_in_separate_cells(site_dir):
    doc = main(page(site_dir, f"stations/{PLACED['id']}"))
    cells = [[c.text_content() for c in tr.xpath("th|td")] for tr in doc.xpath("//table[@class='xa-hours']/tbody/tr")]
    assert [c[0] for c in cells] == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert all(len(c) == 2 and (re.fullmatch(r"\d\d:\d\d–\d\d:\d\d(、\d\d:\d\d–\d\d:\d\d)*", c[1]) or c[1] in ("休息", "全天 24 小时"))
               for c in cells), cells


def test_booking_is_an_online_booking_button_not_a_raw_address(site_dir):
    r = next(r for r in rows().values() if r["online_url"] and r["kind"] not in ("online",) and r["status"] in ("", "active"))
    doc = main(page(site_dir, f"stations/{r['id']}"))
    button = doc.xpath(f"//a[@href='{r['online_url']}']")
    assert [b.text_content() for b in button] == ["在线预约"] and "md-button" in button[0].get("class")
    assert r["online_url"] not in text(doc)


def test_the_construction_standard_is_folded_for_the_bureau(site_dir):
    doc = main(page(site_dir, f"stations/{PLACED['id']}"))
    box = doc.xpath("//details[@class='xa-standard-box']")
    assert len(box) == 1 and box[0].get("open") is None
    assert box[0].xpath("summary")[0].text_content() == "建设标准信息（供主管部门核对）"
    assert "平方米" in text(box[0]) and "工作人员" in text(box[0])
    assert not doc.xpath("//h2[normalize-space()='建设标准']")


def test_closures_already_past_are_not_listed_and_coming_ones_are(site_dir):
    seen_past = seen_coming = False
    for r in rows().values():
        if not r["hours_exceptions"] or r["status"] not in ("", "active"):
            continue
        shown = text(main(page(site_dir, f"stations/{r['id']}")))
        for e in hours.parse_exceptions(r["hours_exceptions"]):
            listed = str(e.start) in shown
            if e.end < TODAY:
                seen_past = True
                assert not listed, (r["id"], e)
            else:
                seen_coming = True
                assert listed, (r["id"], e)
    assert seen_past and seen_coming


def test_every_phone_number_in_the_station_list_is_a_tel_link(site_dir):
    doc = main(page(site_dir, "stations"))
    for r in rows().values():
        if r["status"] not in ("", "active") or not r["phones"]:
            continue
        item = doc.xpath(f"//li[@id='st-{r['id']}']")[0]
        links = {a.text_content(): a.get("href") for a in item.xpath(".//a[starts-with(@href, 'tel:')]")}
        assert links == {p: "tel:" + p.replace("-", "") for p in r["phones"].split(";")}


@pytest.mark.parametrize("rel, number, context", [
    ("articles/how-to-find-help", "12356", "心理援助热线"),
    ("articles/how-to-find-help", "12320", "卫生健康热线"),
    ("about", "110", "报警"),
])
def test_a_phone_number_written_in_the_prose_becomes_a_tel_link(site_dir, rel, number, context):
    doc = main(page(site_dir, rel))
    links = doc.xpath(f"//a[@href='tel:{number}']")
    assert links and all(a.text_content() == number for a in links)
    assert any(context in text(a.getparent()) for a in links)


def test_numbers_that_are_not_phone_numbers_stay_text(site_dir):
    doc = main(page(site_dir, "about"))
    assert "100%" in text(doc)
    assert not doc.xpath("//a[@href='tel:100' or @href='tel:50' or @href='tel:20']")
    # A tel: link is never put inside another link, and the page's code stays code.
    assert not doc.xpath("//a//a")
