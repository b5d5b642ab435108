"""Editor-maintained search words: crisis phrases and lay synonyms (data/editorial/), validated and made browser-ready.

Both files are read at build time; problems are reported as path:line:field like every other data problem. The
browser gets one small JSON file (assets/search-words.json) that every search box reads: the crisis phrases in
Simplified and in the Traditional / Hong Kong / Taiwan forms OpenCC gives (so 活著沒意思 matches without any
conversion in the browser), the crisis lines from the hotlines package, and the synonym table.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.problems import Report

CRISIS_FILE = Path("editorial") / "crisis-phrases.yaml"
SYNONYMS_FILE = Path("editorial") / "synonyms.yaml"
BROWSER_FILE = "assets/search-words.json"
CRISIS_KINDS = ("crisis", "emergency")   # hotline kinds shown in the crisis box, in the hotlines' priority order
MAX_WORD = 24
# OpenCC configurations a phrase is also written in (Traditional, Hong Kong, Taiwan with Taiwan phrases).
VARIANTS = ("s2t", "s2hk", "s2tw", "s2twp")
_SPACE = re.compile(r"[\s\u200b\u3000]+")


@dataclass
class SearchWords:
    crisis: list[str] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)   # lay word -> site term
    places: dict[str, list[str]] = field(default_factory=dict)  # site term -> station labels the station filter finds


def normalize(text: str) -> str:
    """What the browser does to a typed text before matching (search-words.js keeps the same rules): full-width
    forms folded (NFKC), Latin letters lower-cased, spaces dropped."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _compose(path: Path, report: Report):
    """(parsed data, node tree) or (None, None) after reporting why the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text), yaml.compose(text)
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path, None, None, f"无法读取文件：{exc}", code="editorial")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.error(path, mark.line + 1 if mark else None, None, f"YAML 格式错误：{getattr(exc, 'problem', exc)}",
                     code="editorial")
    return None, None


def _item_lines(node, key: str) -> list[int]:
    """The line of each item of the top-level list `key` (for problem messages)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in v.value]
    return []


def _mappings(path: Path, report: Report, data: dict, node, key: str, fld: str, shape: str):
    """(line, item) for each item of the top-level list `key` that is a mapping; the others are reported."""
    lines = _item_lines(node, key)
    for i, item in enumerate(data[key]):
        line = lines[i] if i < len(lines) else None
        if isinstance(item, dict):
            yield line, item
        else:
            report.error(path, line, fld, f"每项须写成 {shape}", code="editorial")


def _word(value) -> str | None:
    if not isinstance(value, str):
        return None
    word = normalize(value)
    return word if 0 < len(word) <= MAX_WORD else None


def _sources(data, path: Path, report: Report) -> set[str]:
    ids = set()
    for s in data.get("sources") or []:
        if isinstance(s, dict) and s.get("id") and s.get("title") and s.get("url"):
            ids.add(str(s["id"]))
        else:
            report.error(path, None, "sources", "每条来源须有 id、title 和 url", code="editorial")
    return ids


def load_crisis(path: Path, report: Report) -> list[str]:
    """The crisis phrases, normalized; every problem reported."""
    if not path.exists():
        report.error(path, None, None, "缺少危机词语文件：站内各搜索框靠它显示求助电话", code="editorial")
        return []
    data, node = _compose(path, report)
    if data is None and node is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("phrases"), list) or not data["phrases"]:
        report.error(path, None, "phrases", "须有 phrases 列表（每项含 phrase 和 source）", code="editorial")
        return []
    sources = _sources(data, path, report)
    out: list[str] = []
    for line, item in _mappings(path, report, data, node, "phrases", "phrase", "{phrase: 词语, source: 来源 id}"):
        phrase = _word(item.get("phrase"))
        if phrase is None:
            report.error(path, line, "phrase", f"词语须为 1 到 {MAX_WORD} 个字的文字", code="editorial")
        elif len(phrase) < 2:
            report.error(path, line, "phrase", f"“{phrase}”只有一个字，会匹配大量普通搜索；请写成完整的说法",
                         code="editorial")
        elif phrase in out:
            report.error(path, line, "phrase", f"“{phrase}”重复", code="editorial")
        else:
            out.append(phrase)
        if str(item.get("source") or "") not in sources:
            report.error(path, line, "source", f"来源“{item.get('source') or ''}”不在 sources 中", code="editorial")
    return out


def load_synonyms(path: Path, report: Report, places: dict[str, list[str]] | None = None) -> dict[str, str]:
    """lay word -> site term, normalized; every problem reported. The file is optional. A term's `stations` (labels
    of station types, services or audiences the station filter also finds for it) go into `places`."""
    if not path.exists():
        return {}
    data, node = _compose(path, report)
    if data is None and node is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("synonyms"), list):
        report.error(path, None, "synonyms", "须有 synonyms 列表（每项含 term 和 words）", code="editorial")
        return {}
    places = {} if places is None else places
    out: dict[str, str] = {}
    terms: dict[str, int | None] = {}
    for line, item in _mappings(path, report, data, node, "synonyms", "term", "{term: 本站用词, words: [说法, …]}"):
        term = _word(item.get("term"))
        words = item.get("words")
        if term is None:
            report.error(path, line, "term", f"本站用词须为 1 到 {MAX_WORD} 个字的文字", code="editorial")
            continue
        terms[term] = line
        labels = item.get("stations")
        if labels is not None:
            found = [_word(x) for x in labels] if isinstance(labels, list) else [None]
            if not found or None in found:
                report.error(path, line, "stations", f"stations 须列出站点类型、服务或服务对象的名称（每个 1 到 {MAX_WORD} 个字）",
                             code="editorial")
            else:
                places[term] = found
        if not isinstance(words, list) or not words:
            report.error(path, line, "words", f"“{term}”须列出至少一个说法", code="editorial")
            continue
        for w in words:
            word = _word(w)
            if word is None:
                report.error(path, line, "words", f"说法须为 1 到 {MAX_WORD} 个字的文字：{w!r}", code="editorial")
            elif len(word) < 2:
                report.error(path, line, "words", f"“{word}”只有一个字，会改写大量普通搜索；请写成完整的说法",
                             code="editorial")
            elif word == term:
                report.error(path, line, "words", f"“{word}”就是本站用词本身", code="editorial")
            elif word in out and out[word] != term:
                report.error(path, line, "words", f"“{word}”已对应“{out[word]}”，一个说法只能对应一个本站用词",
                             code="editorial")
            else:
                out[word] = term
    for word, term in out.items():
        if word in terms:  # a chain (a -> b, b -> c) would depend on the order replacements are made in
            report.error(path, terms[word], "term", f"“{word}”既是本站用词，又是“{term}”的说法", code="editorial")
    return out


def load(data_dir: Path, report: Report) -> SearchWords:
    places: dict[str, list[str]] = {}
    return SearchWords(load_crisis(Path(data_dir) / CRISIS_FILE, report),
                       load_synonyms(Path(data_dir) / SYNONYMS_FILE, report, places), places)


@functools.cache
def _converter(config: str):
    import opencc
    return opencc.OpenCC(config)


def variants(phrase: str) -> list[str]:
    """The phrase and its Traditional, Hong Kong and Taiwan forms (OpenCC phrase-level conversion)."""
    out = [phrase]
    for config in VARIANTS:
        v = normalize(_converter(config).convert(phrase))
        if v not in out:
            out.append(v)
    return out


def synonym_forms(synonyms: dict[str, str]) -> dict[str, str]:
    """The synonym table with the Traditional / Taiwan / Hong Kong forms of its lay words that the browser's
    character table does not turn back into the word, as the browser has them after it (著 is also a Simplified
    character: 睡不著覺 becomes 睡不著觉, which is added)."""
    out = dict(synonyms)
    terms = set(synonyms.values())
    for word, term in synonyms.items():
        for form in variants(word)[1:]:
            seen = normalize(_converter("t2s").convert(form))
            if seen != word and seen not in out and seen not in terms:
                out[seen] = term
    return out


def crisis_lines(hotlines) -> list[dict]:
    """The crisis box's numbers: the hotlines package's crisis and emergency lines, in its priority order."""
    return [{"number": h.number, "name": h.name, "kind": h.kind} for h in hotlines if h.kind in CRISIS_KINDS]


@functools.cache
def gb2312_converted() -> str:
    """The characters of GB2312 (the Simplified set) that OpenCC's character table converts (乾 後 於 …): a query
    written in GB2312 characters is taken as Simplified by the browser unless it has one of these."""
    raw = bytes(b for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
    return "".join(c for c in raw.decode("gbk", errors="replace") if c != "\ufffd" and _converter("t2s").convert(c) != c)


def browser_json(words: SearchWords, hotlines) -> str:
    crisis = sorted({v for p in words.crisis for v in variants(p)}, key=lambda p: (len(p), p))
    data = {"crisis": crisis, "lines": crisis_lines(hotlines),
            "synonyms": dict(sorted(synonym_forms(words.synonyms).items())), "stations": dict(sorted(words.places.items())),
            "t2sGb": gb2312_converted()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
