"""Serving the site like production: the build's content security policy, precompressed files, and Debian's nginx with
the shipped deploy/nginx config (media types, security headers, caching, the Chinese 404 page, calendars)."""
from __future__ import annotations

import functools
import gzip
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import csp, precompress
from generator.config import ConfigError, Tiles, load_config
from tests.conftest import REPO_ROOT
from tests.conftest import CONTENT, DATA
from tests.nginx import DEPLOY, NGINX, write_prefix


def fetch(base: str, path: str, gzip_ok: bool = False):
    """(status, headers, body) of a GET, 404s included; the body exactly as sent."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    try:
        r = urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=10)
    except urllib.error.HTTPError as e:
        r = e
    with r:
        return r.status, r.headers, r.read()


def pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


# --- the policy ----------------------------------------------------------------------------------------------------

def test_every_page_carries_one_policy_that_allows_each_of_its_inline_scripts(site_dir):
    policies = set()
    for rel, html in pages(site_dir):
        tags = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(tags) == 1, rel
        policies.add(tags[0])
        assert csp.unhashed_scripts(html, tags[0]) == [], rel
        # Before the first script of the page: a <meta> policy governs only what comes after it.
        assert html.index("Content-Security-Policy") < html.index("<script"), rel
    assert len(policies) == 1


def test_the_policy_allows_no_inline_style_no_eval_and_no_other_host(site_dir):
    policy = csp.site_policy(site_dir)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "'wasm-unsafe-eval'" in directives["script-src"]  # Pagefind's search runs as WebAssembly
    assert "http" not in policy  # the sample has no tile key: no map host at all
    # The theme's inline scripts (elder mode before first paint, Material's __md_scope per page depth) are hashed.
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/]{43}='", directives["script-src"])) >= 3


def test_data_blocks_and_external_scripts_need_no_hash():
    html = ('<script type="application/ld+json">{"a":1}</script><script id="__config" type="application/json">{}'
            '</script><script src="assets/x.js"></script><script type="module">go()</script><script>run()</script>')
    assert csp.inline_scripts(html) == ["go()", "run()"]


@pytest.mark.parametrize("tiles, hosts", [
    (Tiles(provider="tianditu", key=""), []),
    (Tiles(provider="tianditu", key="k"), ["https://*.tianditu.gov.cn"]),
    (Tiles(provider="osm"), ["https://tile.openstreetmap.org"]),
    (Tiles(provider="custom", url="https://{s}.tiles.example.cn/{z}/{x}/{y}.png"), ["https://*.tiles.example.cn"]),
    (Tiles(provider="custom", url="https://maps.example.cn:8443/t/{z}/{x}/{y}.png"), ["https://maps.example.cn:8443"]),
    (Tiles(provider="none"), []),
])
def test_a_configured_tile_source_adds_only_its_host_to_images(tiles, hosts):
    config = with_tiles(tiles)
    policy = csp.policy(config, set())
    assert csp.tile_hosts(config) == hosts
    img = next(d for d in policy.split("; ") if d.startswith("img-src"))
    assert img == " ".join(["img-src 'self' data:", *hosts])
    assert next(d for d in policy.split("; ") if d.startswith("connect-src")) == "connect-src 'self'"


@functools.lru_cache(maxsize=1)
def sample_config():
    return load_config(REPO_ROOT / "mkdocs.yml")


def with_tiles(tiles: Tiles):
    config = sample_config()
    return type(config)(**{**config.__dict__, "tiles": tiles})


@pytest.mark.parametrize("url", ["javascript:alert(1)//{z}", "https://a.example.cn;script-src *;/{z}.png",
                                 "https://a.example.cn'/{z}.png", "https://a.example.cn:x/{z}", "//tiles.example.cn/{z}",
                                 "https://{s}/{z}.png"])
def test_a_tile_url_that_cannot_be_written_into_the_policy_is_refused(url):
    with pytest.raises(ConfigError, match="tiles.url"):
        csp.policy(with_tiles(Tiles(provider="custom", url=url)), set())


SOURCE = re.compile(r"https?://(?:\*\.)?[a-z0-9.-]+(?::\d+)?")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.builds(lambda a, b: f"https://{a}/{b}", st.text(max_size=30), st.text(max_size=20))))
def test_any_tile_url_gives_one_plain_source_or_a_config_error(url):
    try:
        hosts = csp.tile_hosts(with_tiles(Tiles(provider="custom", url=url)))
    except ConfigError:
        return
    if not url:  # load_config refuses provider custom without a url before any build
        assert hosts == []
        return
    assert len(hosts) == 1 and SOURCE.fullmatch(hosts[0])


def test_the_nginx_snippet_adds_frame_ancestors_to_the_page_policy(tmp_path, site_dir):
    csp.write_nginx_snippet(site_dir, tmp_path / "csp.conf")
    text = (tmp_path / "csp.conf").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("add_header"))
    assert line == f'add_header Content-Security-Policy "{csp.site_policy(site_dir)}; frame-ancestors \'none\'" always;'


# --- precompressed files -------------------------------------------------------------------------------------------

def test_precompressed_files_are_byte_identical_between_runs_and_unpack_to_the_file(tmp_path, site_dir):
    sample = ["index.html", "open-data/lectures/lectures.ics", "open-data/stations/stations.geojson",
              "open-data/catalog.jsonld", "assets/xinan.js"]
    made = []
    for run in ("a", "b"):
        root = tmp_path / run
        for rel in sample:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site_dir / rel, root / rel)
            os.utime(root / rel, (1e9 if run == "a" else 2e9,) * 2)  # a file's time must not reach the .gz
        precompress.tree(root)
        made.append({rel: (root / f"{rel}.gz").read_bytes() for rel in sample})
    assert made[0] == made[1]
    for rel, packed in made[0].items():
        assert gzip.decompress(packed) == (site_dir / rel).read_bytes()
        assert packed[4:8] == b"\0\0\0\0"  # MTIME field of the gzip header


def test_already_compressed_and_tiny_files_get_no_gz(tmp_path, site_dir):
    for rel in ("open-data/stations/stations.xlsx", "open-data/stations/stations.zip", "assets/share.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site_dir / rel, tmp_path / rel)
    (tmp_path / "tiny.txt").write_text("小")
    precompress.tree(tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*.gz")) == []


def test_build_gzip_and_csp_conf_write_the_deployable_site(tmp_path):
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--today", "2026-11-22", "--data", str(DATA),
                           "--content", str(CONTENT), "--out", str(out), "--gzip", "--csp-conf",
                           str(tmp_path / "csp.conf")], capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == (out / "index.html").read_bytes()
    assert (out / "open-data/lectures/lectures.ics.gz").exists()
    assert not list(out.rglob("*.pf_fragment.gz")) and not list(out.rglob("*.xlsx.gz"))
    assert (tmp_path / "csp.conf").read_text(encoding="utf-8") == csp.nginx_snippet(csp.site_policy(out))


# --- through nginx -------------------------------------------------------------------------------------------------

MEDIA_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "open-data/lectures/lectures.ics": "text/calendar; charset=utf-8",
    "open-data/catalog.jsonld": "application/ld+json; charset=utf-8",
    "open-data/stations/stations.geojson": "application/geo+json; charset=utf-8",
    "open-data/stations/stations.csv": "text/csv; charset=utf-8",
    "open-data/stations/stations.json": "application/json; charset=utf-8",
    "open-data/stations/stations.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "open-data/stations/stations.zip": "application/zip",
    "assets/xinan.js": "text/javascript; charset=utf-8",
    "assets/xinan.css": "text/css; charset=utf-8",
    "assets/favicon.svg": "image/svg+xml; charset=utf-8",
    "assets/share.png": "image/png",
    "sitemap.xml": "application/xml; charset=utf-8",
    "pagefind/pagefind.js": "text/javascript; charset=utf-8",
    "pagefind/pagefind-entry.json": "application/json; charset=utf-8",
}


def some(site: Path, pattern: str) -> str:
    return next(site.glob(pattern)).relative_to(site).as_posix()


def test_nginx_serves_every_published_format_with_its_media_type(nginx, nginx_site):
    expected = dict(MEDIA_TYPES)
    for pattern in ("pagefind/*.pf_meta", "pagefind/index/*.pf_index", "pagefind/fragment/*.pf_fragment",
                    "pagefind/*.pagefind"):
        expected[some(nginx_site, pattern)] = "application/octet-stream"
    expected[some(nginx_site, "registry/*/qr.svg")] = "image/svg+xml; charset=utf-8"
    got = {rel: fetch(nginx.base, rel)[1]["Content-Type"] for rel in expected}
    assert got == expected


def test_every_response_carries_the_security_headers(nginx, nginx_site):
    header = csp.header_policy(csp.site_policy(nginx_site))
    for rel in ("", "registry/", "open-data/stations/stations.csv", "assets/xinan.js", "no-such-page/"):
        _, h, _ = fetch(nginx.base, rel)
        assert h["Content-Security-Policy"] == header, rel
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"
        assert h["X-Frame-Options"] == "DENY"
        assert h["Permissions-Policy"].startswith("geolocation=(self),")
        assert "Strict-Transport-Security" not in h  # plain HTTP: HSTS belongs to the HTTPS server block only


@pytest.mark.parametrize("path", ["no-such-page/", "stations/no-such-station/", "open-data/x.csv",
                                  "registry/FTXX-0000-99999/", "registry/%3Cscript%3E/"])
def test_an_unknown_url_gets_the_chinese_404_page_with_status_404(nginx, nginx_site, path):
    status, h, body = fetch(nginx.base, path)
    assert status == 404
    assert h["Content-Type"] == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    assert html == (nginx_site / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in html and "不在本区心理服务从业人员登记名册中" in html  # both texts without script
    assert "Not found" not in html


def test_precompressed_files_are_sent_as_written_to_clients_that_accept_gzip(nginx, nginx_site):
    for rel in ("index.html", "open-data/lectures/lectures.ics", "open-data/stations/stations.geojson"):
        _, h, body = fetch(nginx.base, rel, gzip_ok=True)
        assert h["Content-Encoding"] == "gzip" and h["Vary"] == "Accept-Encoding"
        assert body == (nginx_site / f"{rel}.gz").read_bytes()
        _, h, body = fetch(nginx.base, rel)
        assert "Content-Encoding" not in h and body == (nginx_site / rel).read_bytes()


def test_pagefind_chunks_are_never_content_encoded(nginx, nginx_site):
    _, h, body = fetch(nginx.base, some(nginx_site, "pagefind/fragment/*.pf_fragment"), gzip_ok=True)
    assert "Content-Encoding" not in h  # Pagefind unpacks them itself


def max_age(h) -> int:
    return int(re.fullmatch(r"max-age=(\d+)", h["Cache-Control"]).group(1))


def test_fingerprinted_files_are_cached_for_long_and_pages_and_data_briefly(nginx, nginx_site):
    year = 365 * 24 * 3600
    for rel in (some(nginx_site, "assets/javascripts/bundle.*.min.js"), some(nginx_site, "assets/stylesheets/main.*.min.css"),
                some(nginx_site, "pagefind/fragment/*.pf_fragment")):
        assert max_age(fetch(nginx.base, rel)[1]) >= year, rel
    assert max_age(fetch(nginx.base, "assets/xinan.js")[1]) == 3600  # same name every build
    for rel in ("", "registry/", "open-data/stations/stations.csv", "open-data/lectures/lectures.ics",
                "pagefind/pagefind-entry.json", "pagefind/pagefind.js"):
        assert max_age(fetch(nginx.base, rel)[1]) == 300, rel


def test_every_lecture_feed_served_by_nginx_opens_as_a_calendar(nginx, nginx_site):
    feeds = sorted(p.relative_to(nginx_site).as_posix() for p in nginx_site.glob("open-data/lectures/*.ics"))
    assert len(feeds) > 10
    for rel in feeds:
        status, h, body = fetch(nginx.base, rel, gzip_ok=True)
        assert status == 200 and h["Content-Type"] == "text/calendar; charset=utf-8"
        data = gzip.decompress(body) if h.get("Content-Encoding") == "gzip" else body
        cal = icalendar.Calendar.from_ical(data.decode("utf-8"))
        assert cal.get("PRODID"), rel
    events = icalendar.Calendar.from_ical(fetch(nginx.base, "open-data/lectures/lectures.ics")[2]).walk("VEVENT")
    assert events and all(e.get("UID") and e.get("DTSTART") for e in events)


def test_the_shipped_server_block_passes_nginx_config_check(tmp_path, nginx_site):
    """deploy/nginx/xinan.conf as a server would install it (paths moved under tmp_path), checked by `nginx -t`."""
    prefix = tmp_path / "etc"
    write_prefix(prefix, nginx_site, nginx_site.parent / "csp.conf", 8080)
    current = tmp_path / "srv" / "current"
    current.mkdir(parents=True)
    (current / "site").symlink_to(nginx_site)
    shutil.copyfile(nginx_site.parent / "csp.conf", current / "csp.conf")
    server = (DEPLOY / "xinan.conf").read_text(encoding="utf-8").replace("/srv/xinan/current", str(current))
    server = server.replace("listen 80;", "listen 127.0.0.1:8080;").replace("listen [::]:80;", "")
    (prefix / "sites-enabled").mkdir()
    (prefix / "sites-enabled" / "xinan").write_text(server, encoding="utf-8")
    conf = (prefix / "nginx.conf").read_text(encoding="utf-8")
    conf = re.sub(r"server \{.*?\n    \}\n", "include sites-enabled/*;\n", conf, flags=re.S)
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    proc = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e",
                           str(prefix / "error.log")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "syntax is ok" in proc.stderr
