"""Precompressed copies (`xinan build --gzip`): a .gz beside every text file, for nginx's gzip_static.

Byte-reproducible: level 9, no file name, modification time 0, so two builds of the same site give the same .gz.
"""
from __future__ import annotations

import gzip
import os
from pathlib import Path

from generator import walk

# Text formats the site publishes. Pagefind's .pf_* files and the .xlsx/.zip/.png downloads are compressed already.
TEXT = {".html", ".css", ".js", ".mjs", ".json", ".jsonld", ".geojson", ".ics", ".xml", ".csv", ".txt", ".svg",
        ".map", ".atom", ".webmanifest", ".md"}
MIN_SIZE = 256  # below this the gzip header outweighs any saving


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def tree(root: Path) -> tuple[int, int, int]:
    """Write name.gz beside every text file under root worth compressing; returns (files, bytes in, bytes out)."""
    count = size_in = size_out = 0
    for path, _ in walk.files(root):
        if os.path.splitext(path)[1].lower() not in TEXT:
            continue
        if os.path.exists(path + ".gz"):  # the build's own (sitemap.xml.gz): kept as made
            continue
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < MIN_SIZE:
            continue
        packed = compress(data)
        if len(packed) >= len(data):
            continue
        with open(path + ".gz", "wb") as f:
            f.write(packed)
        count, size_in, size_out = count + 1, size_in + len(data), size_out + len(packed)
    return count, size_in, size_out
