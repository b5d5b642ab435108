"""Wall cards (资质上墙公示): printable, and each QR code decodes to that practitioner's verification URL."""
from __future__ import annotations

import csv
import io

import pytest
import zxingcpp
from PIL import Image

from generator.config import load_config
from tests.conftest import REPO_ROOT, DATA, TODAY

pytestmark = pytest.mark.browser


def active_at(station_id: str) -> list[dict]:
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh)
                if r["affiliation"] == station_id and r["status"] == "active"
                and r["valid_from"] <= TODAY.isoformat() <= r["valid_to"]]


def busiest_station() -> str:
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        counts: dict[str, int] = {}
        for r in csv.DictReader(fh):
            if r["affiliation"]:
                counts[r["affiliation"]] = counts.get(r["affiliation"], 0) + 1
    return max(sorted(counts), key=counts.get)


def test_every_qr_code_on_a_wall_card_decodes_to_its_verification_page(tab):
    station = busiest_station()
    expected = active_at(station)
    assert expected
    page = tab.goto(f"stations/{station}/wall/")
    cards = page.locator(".xa-card")
    assert cards.count() == len(expected)
    site_url = load_config(REPO_ROOT / "mkdocs.yml").site_url
    decoded = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        png = card.locator(".xa-card__qr img").screenshot()
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        decoded[card.locator(".xa-card__name").inner_text()] = code.text
    assert decoded == {r["name"]: f"{site_url}registry/{r['registration_number']}/" for r in expected}


def test_wall_cards_print_on_a4_without_site_chrome(tab):
    station = busiest_station()
    page = tab.goto(f"stations/{station}/wall/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".xa-card").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_a_verification_page_prints_as_a_card_whose_qr_code_leads_back_to_it(tab):
    with open(DATA / "practitioners" / "practitioners.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["status"] == "active" and r["valid_to"] > TODAY.isoformat())
    page = tab.goto(f"registry/{row['registration_number']}/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".xa-print-card").is_visible()
    png = page.locator(".xa-print-card .xa-card__qr img").screenshot()
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert code.text.endswith(f"/registry/{row['registration_number']}/")
    assert tab.external == []
