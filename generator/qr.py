"""QR codes for wall cards: SVG files generated at build time with zxing-cpp (C++, from PyPI).

A province has ~100,000 practitioners; pure-Python encoders cost 1-14 ms a code, zxing-cpp's encoder ~0.16 ms.
The SVG is one stroked path drawn in relative moves, built from a table of every 8-module pattern, so turning
the module image into SVG costs less than encoding it and a code is ~2 KB; every card reuses the file.
"""
from __future__ import annotations

from html import escape

import zxingcpp

QUIET = 4  # modules of white border the QR specification asks for
CHUNK = 8
DARK = 0  # zxing-cpp's image: 0 is a dark module, 255 a light one


def _chunk_table() -> dict[bytes, tuple[int, str, int]]:
    """Each run of 1-8 modules (image bytes) -> (light modules before its first dark one, the relative path that
    draws its dark runs from there, light modules after its last dark one); all light: (length, "", 0)."""
    table = {}
    for length in range(1, CHUNK + 1):
        for bits in range(1 << length):
            dark = [(bits >> (length - 1 - i)) & 1 for i in range(length)]
            runs, x = [], 0
            while x < length:
                if dark[x]:
                    start = x
                    while x < length and dark[x]:
                        x += 1
                    runs.append((start, x - start))
                else:
                    x += 1
            key = bytes(DARK if d else 255 for d in dark)
            if not runs:
                table[key] = (length, "", 0)
                continue
            path, end = f"h{runs[0][1]}", sum(runs[0])
            for start, n in runs[1:]:
                path += f"m{start - end} 0h{n}"
                end = start + n
            table[key] = (runs[0][0], path, length - end)
    return table


_TABLE = _chunk_table()


def svg(url: str, title: str) -> str:
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False, add_hrt=False)
    height, width = image.shape
    raw = bytes(memoryview(image))
    path = []
    for y in range(height):
        # A stroke of width 1 along the middle of row y covers exactly that row's modules.
        path.append(f"M{QUIET} {y + QUIET}.5")
        gap, row_end = 0, (y + 1) * width
        for i in range(y * width, row_end, CHUNK):
            lead, body, trail = _TABLE[raw[i:min(i + CHUNK, row_end)]]
            if body:
                path.append(f"m{gap + lead} 0{body}" if gap + lead else body)
                gap = trail
            else:
                gap += lead
    size = width + 2 * QUIET
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 4}" '
            f'height="{size * 4}" shape-rendering="crispEdges" role="img"><title>{escape(title)}</title>'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path stroke="#000" d="{"".join(path)}"/></svg>\n')
