"""Site search: a Pagefind index over the finished HTML, written into site/pagefind/ by the post-build step.

Pagefind's extended build segments Chinese at index time, and the browser loads only the index chunks and page
fragments a query needs. The index is built from copies of the chosen pages reduced to their content (so it
works whatever renderer made the HTML): articles, stations, lectures, open-data pages, home and about.
The registry (it has its own lookup) and the printable wall cards are left out. Each page gets a `kind` filter
derived from its URL, which the header search box (generator/theme/assets/search.js) uses to filter results.

Traditional-character queries are mapped to Simplified in the browser with a small character table generated
here from OpenCC's own dictionary, limited to the characters that actually occur in the indexed text, and before
that with OpenCC's Taiwan and Hong Kong phrase tables (軟體 -> 软件, 睡不著 -> 睡不着), limited to the phrases whose
conversion differs from the character table's (fetched only for a query with a character such a phrase starts with;
those characters are the second line of the character table's file).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
T2S_FILE = "xinan-t2s.txt"
T2S_PHRASES_FILE = "xinan-t2s-phrases.txt"
# OpenCC's phrase tables and the configuration that converts each (Taiwan and Hong Kong usage, then generic phrases).
PHRASE_TABLES = (("TWPhrasesRev.txt", "tw2sp"), ("TWVariantsRevPhrases.txt", "tw2sp"),
                 ("HKVariantsRevPhrases.txt", "hk2s"), ("TSPhrases.txt", "t2s"))
# (URL prefix, kind label); anything else indexed is a plain page.
KINDS = (("articles/", "文章"), ("stations/", "站点"), ("lectures/", "讲座"), ("open-data/", "开放数据"))
OTHER = "页面"
# How much a page's words count, by kind: the articles are what the site writes about a subject; an open-data page
# describes fields (a 失眠 in a field description is not about sleep). Lectures set their own (pages/lectures.py).
KIND_WEIGHTS = {"文章": 2.0, "开放数据": 0.5}
WEIGHT_META = "xinan-search-weight"
_WEIGHT = re.compile(r'<meta name="%s" content="([0-9.]+)">' % WEIGHT_META)
# Pages never indexed: the registry has its own lookup; wall cards are print-outs of registry entries.
SKIP = re.compile(r"^(?:registry/|stations/[^/]+/wall/|%s/)" % BUNDLE)
# Parts of a page that are repeated on many pages, are controls, or repeat other pages' records.
EXCLUDE_SELECTORS = [
    ".md-content__button",      # "edit this page"
    ".md-source-file",          # page revision footer
    ".headerlink",
    ".xa-sample",               # "sample data" notice on every record page
    ".xa-review",               # article reviewer and dates (shown on the page; not what people search for)
    ".xa-article-foot",         # article footer: crisis lines, sources, and other articles' titles
    ".xa-crisis",               # crisis lines box on many pages (the hotlines have their own pages)
    ".xa-not-emergency",
    ".xa-open-line",
    ".xa-map",
    ".xa-filters",
    ".xa-results",              # record lists on the hub pages: each record is indexed on its own page
    ".xa-cards",
    ".xa-station-list",
    # A station page below its name, address, phones and services: hours, map, standard, lectures, staff and
    # verification. Nobody searches for those words, and on 10,000 station pages they were most of Pagefind's
    # work (indexing memory 1.46 -> 0.63 GB for the stations at province scale).
    ".xa-station-more",
    ".xa-cal-view", ".xa-cal", ".xa-archive",   # the lecture calendar and archive on the lectures page
    ".xa-preview",              # open-data row previews (the practitioners preview is registry data)
    # Practitioners are looked up in the registry, not in site search: drop their names from station pages.
    'a[href*="registry/"]:not([href$="/registry/"])',
    "script", "style", "noscript",
]
# Unused parts of Pagefind's bundle (its ready-made UIs): search.js talks to pagefind.js directly.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

_ROOTS = (re.compile(r"<article\b[^>]*\bclass=\"[^\"]*\bmd-content__inner\b[^>]*>", re.I),
          re.compile(r"<main\b[^>]*>", re.I), re.compile(r"<body\b[^>]*>", re.I))
_CLOSE = {0: "</article>", 1: "</main>", 2: "</body>"}
_BLOCK_END = re.compile(r"</(?:p|div|li|dt|dd|td|th|tr|caption|h[1-6]|section|summary|figcaption|blockquote)>|<br\s*/?>",
                        re.I)
_HEADING = re.compile(r"<h([1-6])(?=[\s>])", re.I)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


class SearchIndexError(Exception):
    pass


def kind_of(url: str) -> str:
    for prefix, label in KINDS:
        if url.startswith(prefix):
            return label
    return OTHER


def chosen_pages(site_dir: Path) -> list[tuple[Path, str]]:
    """(file, site-relative URL) for every page to index, in a stable order."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        url = path.relative_to(site_dir).as_posix()[: -len("index.html")]
        if not SKIP.match(url):
            found.append((path, url))
    return found


def content_of(html: str) -> str | None:
    """The page's content element (mkdocs-material's article; else <main>; else <body>), tags included."""
    for i, opener in enumerate(_ROOTS):
        m = opener.search(html)
        if m:
            end = html.rfind(_CLOSE[i])
            if end > m.end():
                return html[m.start(): end + len(_CLOSE[i])]
    return None


def weight_meta(weight: float | None) -> str:
    """A record page's own search weight (a past lecture's), in its head: whoever indexes the finished page sees it."""
    return "" if weight is None else f'<meta name="{WEIGHT_META}" content="{float(weight):g}">'


def page_weight(html: str, kind: str) -> float | None:
    m = _WEIGHT.search(html[:20000])
    return float(m.group(1)) if m else KIND_WEIGHTS.get(kind)


def staged_page(html: str, url: str) -> str | None:
    """A minimal page holding only the content, marked for Pagefind with its kind (filter and meta) and the weight of
    its words (the page's own, e.g. a past lecture's, else its kind's)."""
    body = content_of(html)
    if body is None:
        return None
    kind = kind_of(url)
    weight = page_weight(html, kind)
    lang = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", html[:2000], re.I)
    title = re.search(r"<title>(.*?)</title>", html, re.I | re.S)
    marks = f' data-pagefind-body data-pagefind-filter="kind:{kind}" data-pagefind-meta="kind:{kind}"'
    if weight is not None and weight != 1:
        marks += f' data-pagefind-weight="{weight:g}"'
        # Pagefind gives headings their own weights (h1 7 ... h6 2), which an ancestor's weight does not change.
        body = _HEADING.sub(lambda m: f'{m.group(0)} data-pagefind-weight="{min(10.0, (8 - int(m.group(1))) * weight):g}"',
                            body)
    tag_end = body.index(">")
    body = body[:tag_end].rstrip("/") + marks + body[tag_end:]
    # Pagefind runs the text of neighbouring block elements together ("主题" + "亲子" -> "主题亲子"), and the
    # Chinese segmenter then cuts across the boundary, so "亲子" would not be found. A space keeps them apart.
    body = _BLOCK_END.sub(r"\g<0> ", body)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "zh-CN"}"><head><meta charset="utf-8">'
            f"<title>{title.group(1).strip() if title else ''}</title></head><body>{body}</body></html>")


def executable() -> Path:
    """Pagefind's extended binary (it segments Chinese); PAGEFIND_BINARY_PATH overrides (e.g. npm's 1.6.0 binary,
    measured against this one in docs/benchmarks.md)."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # the plain build indexes Chinese as whole runs of characters: useless here
        raise SearchIndexError("需要 Pagefind 扩展版（pip install 'pagefind[extended]'）来切分中文") from exc
    return Path(get_executable())


def run_pagefind(stage: Path, out: Path, language: str) -> str:
    config = {"site": str(stage), "output_path": str(out), "force_language": language,
              "exclude_selectors": EXCLUDE_SELECTORS, "quiet": True}
    (stage.parent / "pagefind.json").write_text(json.dumps(config, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    proc = subprocess.run([str(executable())], cwd=stage.parent, capture_output=True, text=True)
    if proc.returncode != 0 or not (out / "pagefind-entry.json").exists():
        raise SearchIndexError(f"Pagefind 建立索引失败：\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


# ---- Making the output byte-for-byte reproducible -------------------------------------------------------
# Pagefind 1.x writes each filter's values in hash-map order, so the filter file, and the metadata file that
# names it, change from run to run. The values are put in sorted order and the two files renamed after their
# new contents (the browser only uses the names to fetch them).

_MAGIC = b"pagefind_dcd"


def _cbor_head(data: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at i; definite lengths only."""
    first = data[i]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, i + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("indefinite-length CBOR")
    return major, int.from_bytes(data[i + 1: i + 1 + size], "big"), i + 1 + size


def _cbor_skip(data: bytes, i: int) -> int:
    major, arg, j = _cbor_head(data, i)
    if major in (0, 1, 7):
        return j
    if major in (2, 3):
        return j + arg
    if major == 4:
        for _ in range(arg):
            j = _cbor_skip(data, j)
        return j
    if major == 5:
        for _ in range(2 * arg):
            j = _cbor_skip(data, j)
        return j
    return _cbor_skip(data, j)  # tag: skip the tagged item


def _cbor_text(data: bytes, i: int) -> str:
    major, arg, j = _cbor_head(data, i)
    if major != 3:
        raise ValueError("expected a text string")
    return data[j: j + arg].decode("utf-8")


def sorted_filter(raw: bytes) -> bytes:
    """A filter file's CBOR with its values in sorted order: [name, [[value, [page...]], ...]]."""
    major, n, i = _cbor_head(raw, 0)
    if major != 4 or n != 2:
        raise ValueError("unexpected filter layout")
    i = _cbor_skip(raw, i)  # filter name
    major, count, j = _cbor_head(raw, i)
    if major != 4:
        raise ValueError("unexpected filter values")
    items = []
    for _ in range(count):
        end = _cbor_skip(raw, j)
        _, _, k = _cbor_head(raw, j)  # each value is a 2-array whose first item is the value's text
        items.append((_cbor_text(raw, k), raw[j:end]))
        j = end
    if j != len(raw):
        raise ValueError("trailing bytes in filter")
    return raw[:i] + raw[i: _cbor_head(raw, i)[2]] + b"".join(b for _, b in sorted(items))


def _read_pf(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return data[len(_MAGIC):]


def _write_pf(path: Path, raw: bytes) -> None:
    path.write_bytes(gzip.compress(_MAGIC + raw, compresslevel=9, mtime=0))


def _cbor_str(s: str) -> bytes:
    b = s.encode()
    if len(b) >= 24:
        raise ValueError("long hash")
    return bytes([0x60 + len(b)]) + b


def _new_hash(raw: bytes, length: int) -> str:
    return hashlib.sha256(raw).hexdigest()[:length]


def make_reproducible(bundle: Path) -> bool:
    """Sort filter values and rename the filter and metadata files after their contents. False if the
    bundle's layout is not the one this was written for (the index still works; it just may differ between runs)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    try:
        for lang, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pf(meta_path)
            prefix = f"{lang}_"
            filters = sorted((bundle / "filter").glob(f"{prefix}*.pf_filter"))
            if len(filters) > 1:
                return False  # several filter names: their order in the metadata would vary too
            for path in filters:
                old = path.name[len(prefix): -len(".pf_filter")]
                raw = sorted_filter(_read_pf(path))
                new = _new_hash(raw, len(old))
                # The metadata names the file by its language-prefixed hash.
                if meta.count(_cbor_str(prefix + old)) != 1:
                    return False
                meta = meta.replace(_cbor_str(prefix + old), _cbor_str(prefix + new))
                path.unlink()
                _write_pf(bundle / "filter" / f"{prefix}{new}.pf_filter", raw)
            old_meta = info["hash"][len(prefix):]
            new_meta = _new_hash(meta, len(old_meta))
            meta_path.unlink()
            _write_pf(bundle / f"pagefind.{prefix}{new_meta}.pf_meta", meta)
            info["hash"] = f"{prefix}{new_meta}"
    except (ValueError, IndexError, KeyError):
        return False
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False), encoding="utf-8")
    return True


# ---- Traditional -> Simplified for queries ----------------------------------------------------------------

def t2s_pairs(indexed_chars: set[str]) -> str:
    """Pairs of characters "繁简繁简…" for the browser: every Traditional character OpenCC maps to a single
    Simplified one, where the Simplified character occurs in the index and the Traditional one does not (so a
    character that is also used in Simplified text, like 著 or 乾, is never rewritten)."""
    import opencc
    dictionary = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0].strip()
        if len(trad) == 1 and len(simp) == 1 and trad != simp and simp in indexed_chars and trad not in indexed_chars:
            pairs.append((trad, simp))
    return "".join(t + s for t, s in sorted(pairs))


def t2s_phrases(pairs: str, indexed_chars: set[str]) -> str:
    """Lines "繁體詞\t简体词" for the browser: the phrases of OpenCC's Taiwan, Hong Kong and Traditional phrase tables
    whose conversion (tw2sp, hk2s, t2s) is not what the character table `pairs` gives, and whose Simplified form
    is made of characters in the index (a phrase that cannot be found anyway is not shipped)."""
    import opencc
    chars = dict(zip(pairs[0::2], pairs[1::2]))
    folder = Path(opencc.__file__).parent / "dictionary"
    out: dict[str, str] = {}
    for name, config in PHRASE_TABLES:
        converter = opencc.OpenCC(config)
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            trad = line.partition("\t")[0].strip()
            if len(trad) < 2 or trad in out:
                continue
            simp = converter.convert(trad)
            if simp != "".join(chars.get(c, c) for c in trad) and all(c in indexed_chars for c in simp if _HAN.match(c)):
                out[trad] = simp
    return "".join(f"{t}\t{s}\n" for t, s in sorted(out.items()))


def indexed_characters(bundle: Path) -> set[str]:
    """The Chinese characters in the indexed text, read back from the page fragments Pagefind wrote."""
    chars: set[str] = set()
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        if data.startswith(_MAGIC):
            chars.update(_HAN.findall(json.loads(data[len(_MAGIC):]).get("content", "")))
    return chars


# ---- The step --------------------------------------------------------------------------------------------

def _language(site) -> str:
    lang = str(((getattr(site, "config", None) and site.config.raw.get("theme")) or {}).get("language") or "zh")
    return lang.split("-")[0].lower() or "zh"


def searched(url: str) -> bool:
    return not SKIP.match(url)


def index(site_dir: Path, site) -> dict:
    """Index the finished pages in site_dir into site_dir/pagefind/."""
    site_dir = Path(site_dir).resolve()
    pages = {}
    for path, url in chosen_pages(site_dir):
        page = staged_page(path.read_text(encoding="utf-8"), url)
        if page is not None:
            pages[url] = page
    out = site_dir / BUNDLE
    if out.exists():
        shutil.rmtree(out)
    return index_pages(pages, out, site)


def index_pages(pages: dict[str, str], out: Path, site) -> dict:
    """Index staged pages (URL -> staged_page()) into the folder `out`; returns pages indexed, bytes and files.
    The build stages pages as it writes them, so the finished site is not read back."""
    kinds: dict[str, int] = {}
    # The staged copies are read once by Pagefind and thrown away: memory-backed /dev/shm when there is one.
    scratch = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="xinan-search-", dir=scratch) as tmp:
        stage = Path(tmp) / "site"
        for url in sorted(pages):
            target = stage / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages[url], encoding="utf-8")
            kinds[kind_of(url)] = kinds.get(kind_of(url), 0) + 1
        if not kinds:
            return {"pages": 0, "index_bytes": 0, "files": 0}
        run_pagefind(stage, out, _language(site))
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    reproducible = make_reproducible(out)
    # The synonym table's lay words are searched for too (憂鬱 -> 忧郁 -> 抑郁), though they may occur on no page.
    words = getattr(site, "words", None)
    indexed = indexed_characters(out) | {c for w in (words.synonyms if words else ()) for c in w}
    pairs = t2s_pairs(indexed)
    phrases = t2s_phrases(pairs, indexed)
    # Second line: the characters a phrase starts with; the browser fetches the phrase table only for such a query.
    starts = "".join(sorted({line[0] for line in phrases.splitlines()}))
    (out / T2S_FILE).write_text(f"{pairs}\n{starts}", encoding="utf-8")
    (out / T2S_PHRASES_FILE).write_text(phrases, encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        "pages": sum(kinds.values()),
        "kinds": dict(sorted(kinds.items())),
        "index_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "languages": sorted(entry.get("languages", {})),
        "t2s_pairs": len(pairs) // 2,
        "t2s_phrases": phrases.count("\n"),
        "reproducible": reproducible,
    }
