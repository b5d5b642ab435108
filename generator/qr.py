"""QR codes for wall cards: SVG files generated at build time with zxing-cpp (C++, from PyPI).

A province has ~100,000 practitioners; pure-Python encoders cost 1-14 ms a code, zxing-cpp ~0.1 ms.
The SVG is one compact path of horizontal runs, so a code is ~2 KB and every card reuses the file.
"""
from __future__ import annotations

import re
from html import escape

import zxingcpp

_DARK_RUN = re.compile(rb"\x00+")
QUIET = 4  # modules of white border the QR specification asks for


def svg(url: str, title: str) -> str:
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False, add_hrt=False)
    height, width = image.shape
    raw = bytes(memoryview(image))
    path = []
    for y in range(height):
        for m in _DARK_RUN.finditer(raw, y * width, (y + 1) * width):
            x, n = m.start() - y * width, m.end() - m.start()
            path.append(f"M{x + QUIET} {y + QUIET}h{n}v1h-{n}z")
    size = width + 2 * QUIET
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 4}" '
            f'height="{size * 4}" shape-rendering="crispEdges" role="img"><title>{escape(title)}</title>'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(path)}"/></svg>\n')
