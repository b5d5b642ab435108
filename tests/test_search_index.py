"""The search index written by the post-build step: what is in it, what is not, and that it is reproducible."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import editorial, search
from generator.problems import Report
from tests.conftest import DATA

WANTED = {"文章", "站点", "讲座", "开放数据", "页面"}


def fragments(site_dir: Path) -> list[dict]:
    """Every page record in the bundle (Pagefind fragment files: gzip of a signature and JSON)."""
    out = []
    for path in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, dict]:
    return {f["url"]: f for f in fragments(site_dir)}


def text(fragment: dict) -> str:
    return re.sub(r"[\s\u200b]+", "", fragment["content"])  # Pagefind marks Chinese word breaks with U+200B


def test_the_bundle_is_written_into_the_site_and_served_from_it(site_dir):
    bundle = site_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]  # one index for the whole site, segmented as Chinese
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.unknown.pagefind").is_file()
    assert (bundle / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta").is_file()
    # Pagefind's ready-made UIs are not used (search.js talks to pagefind.js), so they are not shipped.
    assert not [n for n in search.UNUSED if (bundle / n).exists()]
    js = (bundle / "pagefind.js").read_text(encoding="utf-8")
    assert not re.search(r"""(?:import|fetch)\(\s*["']https?://""", js)


def test_articles_stations_lectures_open_data_and_home_are_indexed(site_dir, pages):
    urls = set(pages)
    assert {"/", "/about/", "/articles/sleep-and-insomnia/", "/open-data/stations/", "/stations/", "/lectures/"} <= urls
    stations = [p for p in (site_dir / "stations").iterdir() if (p / "index.html").exists()]
    lectures = [p for p in (site_dir / "lectures").iterdir() if (p / "index.html").exists()]
    assert {f"/stations/{p.name}/" for p in stations} <= urls
    assert {f"/lectures/{p.name}/" for p in lectures} <= urls
    assert {f["meta"]["kind"] for f in pages.values()} == WANTED
    for url, f in pages.items():
        assert f["filters"]["kind"] == [search.kind_of(url.lstrip("/"))]
        assert f["meta"]["title"], url


def test_the_registry_and_the_wall_cards_are_not_in_the_index(site_dir, pages):
    assert any((site_dir / "registry").iterdir()) and list(site_dir.glob("stations/*/wall/index.html"))
    assert not [u for u in pages if u.startswith("/registry/") or "/wall/" in u or u.startswith("/pagefind/")]
    assert len(pages) == len(search.chosen_pages(site_dir))


def test_practitioner_names_listed_on_station_pages_are_not_searchable(site_dir, pages):
    checked = 0
    for page in sorted(site_dir.glob("stations/*/index.html")):
        html = page.read_text(encoding="utf-8")
        names = re.findall(r'<a href="\.\./\.\./registry/[^"/]+/">([^<]+)</a>', html)
        if not names:
            continue
        content = text(pages[f"/stations/{page.parent.name}/"])
        assert not [n for n in names if n in content], page
        checked += 1
    assert checked > 10


def test_repeated_and_navigational_parts_are_left_out(pages):
    station = next(f for u, f in pages.items() if u.startswith("/stations/") and u.count("/") == 3)
    assert "示例数据：" not in text(station)          # the sample-data notice on every record page
    assert "编辑此页" not in text(pages["/about/"])   # the edit button
    article = text(pages["/articles/sleep-and-insomnia/"])
    assert "失眠" in article and "相关文章" not in article and "审核：" not in article
    # Hub pages keep their own text but not the record lists, which are indexed record by record.
    titles = {f["meta"]["title"] for u, f in pages.items() if u.startswith("/lectures/l-")}
    assert len(titles) > 20 and len([t for t in titles if t in text(pages["/lectures/"])]) < len(titles) / 10


def test_neighbouring_blocks_do_not_run_together(pages):
    """The segmenter must not see "主题" + "亲子" as one run: block ends are kept apart in the indexed text."""
    lecture = next(f for f in pages.values() if f["meta"]["kind"] == "讲座" and "主题" in f["content"])
    assert re.search(r"主题\s", lecture["content"].replace("\u200b", ""))


def test_traditional_characters_map_to_the_simplified_ones_in_the_index(site_dir, pages):
    pairs, starts = (site_dir / "pagefind" / search.T2S_FILE).read_text(encoding="utf-8").split("\n")
    chars = list(pairs)
    assert len(chars) % 2 == 0 and len(chars) > 200
    table = dict(zip(chars[0::2], chars[1::2]))
    assert table["慮"] == "虑" and table["諮"] == "咨" and table["詢"] == "询"
    assert "".join(table.get(c, c) for c in "焦慮") == "焦虑"
    indexed = set("".join(text(f) for f in pages.values()))
    lay = {c for w in editorial.load(DATA, Report()).synonyms for c in w}
    assert set(table.values()) <= indexed | lay     # only characters that can match something (or a synonym)
    assert not set(table) & indexed                 # a character used in the Simplified text is never rewritten


def test_t2s_pairs_keep_characters_that_simplified_text_uses():
    assert "著" not in search.t2s_pairs({"着", "著"})[0::2]
    pairs = search.t2s_pairs({"虑", "咨"})
    table = dict(zip(pairs[0::2], pairs[1::2]))
    assert table["慮"] == "虑" and table["諮"] == "咨" and set(table.values()) == {"虑", "咨"}


def test_kind_of():
    assert [search.kind_of(u) for u in ("articles/x/", "stations/a/", "lectures/l/", "open-data/", "", "about/")] == \
        ["文章", "站点", "讲座", "开放数据", "页面", "页面"]


def test_staged_page_keeps_only_the_content_and_marks_its_kind():
    html = ('<html lang="zh-CN"><head><title>T</title></head><body><header>页眉</header><main>'
            '<article class="md-content__inner md-typeset"><h1>标题</h1><dl><dt>主题</dt><dd>亲子</dd></dl>'
            '</article></main><footer>页脚</footer></body></html>')
    staged = search.staged_page(html, "lectures/l-1/")
    assert "页眉" not in staged and "页脚" not in staged
    assert 'data-pagefind-filter="kind:讲座"' in staged and 'lang="zh-CN"' in staged
    assert "</dt> <dd>" in staged
    assert search.staged_page("<html><body><p>x</p></body></html>", "about/")  # any renderer: falls back to <body>
    assert search.staged_page("no markup at all", "about/") is None


def _cbor_text(s: str) -> bytes:
    b = s.encode()
    return bytes([0x60 + len(b)]) + b


def test_filter_values_are_put_in_a_stable_order():
    def filter_file(values):  # [name, [[value, [pages]], ...]] as Pagefind writes it
        body = b"".join(b"\x82" + _cbor_text(v) + bytes([0x80 + len(p)]) + bytes(p) for v, p in values)
        return b"\x82" + _cbor_text("kind") + bytes([0x80 + len(values)]) + body
    a = filter_file([("讲座", [1, 2]), ("文章", [3])])
    b = filter_file([("文章", [3]), ("讲座", [1, 2])])
    assert a != b and search.sorted_filter(a) == search.sorted_filter(b) == b


def test_indexing_twice_gives_the_same_bytes(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    stats = search.index(copy, SimpleNamespace(words=editorial.load(DATA, Report())))
    assert stats["reproducible"] and stats["pages"] == len(search.chosen_pages(site_dir))
    digest = lambda root: {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
                           for p in sorted((root / "pagefind").rglob("*")) if p.is_file()}
    assert digest(copy) == digest(site_dir)


def test_taiwan_and_hong_kong_phrases_are_converted_as_phrases():
    """軟體 is Taiwan usage for 软件: character conversion gives 软体, OpenCC's phrase table 软件."""
    table = dict(line.split("\t") for line in search.t2s_phrases("", set("软件信息网络睡不着")).splitlines())
    assert table["軟體"] == "软件" and table["網路"] == "网络" and table["資訊"] == "信息"
    assert "軟體" not in dict(line.split("\t") for line in search.t2s_phrases("", set("信息")).splitlines())


def test_the_phrase_table_is_shipped_with_the_index(site_dir):
    text = (site_dir / "pagefind" / search.T2S_PHRASES_FILE).read_text(encoding="utf-8")
    table = dict(line.split("\t") for line in text.splitlines())
    assert 50 < len(table) < 2000 and table["資訊"] == "信息" and table["網路"] == "网络"
    # The browser fetches the table only for a query with a character some phrase starts with.
    starts = (site_dir / "pagefind" / search.T2S_FILE).read_text(encoding="utf-8").split("\n")[1]
    assert set(starts) == {k[0] for k in table} and "焦" not in starts


def test_past_and_cancelled_lectures_weigh_less_and_articles_more(site_dir):
    import csv
    with open(DATA / "lectures" / "lectures.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cancelled = next(r["id"] for r in rows if r["status"] == "cancelled")
    past = next(r["id"] for r in rows if r["status"] == "scheduled" and r["end"][:10] < "2026-11-01")
    upcoming = next(r["id"] for r in rows if r["status"] == "scheduled" and r["start"][:10] > "2026-12-01")

    def weight(url):
        page = search.staged_page((site_dir / url / "index.html").read_text(encoding="utf-8"), url)
        m = re.search(r'data-pagefind-weight="([0-9.]+)"', page[:page.index(">", page.index("data-pagefind-body"))])
        return float(m.group(1)) if m else 1.0
    assert weight(f"lectures/{cancelled}/") < weight(f"lectures/{past}/") < weight(f"lectures/{upcoming}/") == 1.0
    assert weight("articles/sleep-and-insomnia/") > 1 > weight("open-data/hotlines/")
