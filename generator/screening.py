"""Self-screening questionnaires (PHQ-9, GAD-7): the reviewed YAML read and checked, and the scorer."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path


from generator import safeyaml
from generator.articles import _FrontMatterLoader, _key_lines, check_review
from generator.models import Source
from generator.problems import Report

FOLDER = Path("editorial") / "screening"  # inside the data folder; one <slug>.yaml per questionnaire
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
WORDINGS = ("sample", "published")
MAX_BYTES = 64 * 1024  # a questionnaire is a page of text; anything larger is a mistake
REQUIRED = ("title", "summary", "instrument", "wording", "instructions", "options", "items", "bands", "articles",
            "sources", "reviewer", "reviewed_on", "next_review", "updated_on", "status")
OPTIONAL = ("wording_source", "wording_found_at", "safety_item", "sample", "aliases")


@dataclass
class Option:
    label: str
    score: int


@dataclass
class Band:
    min: int
    max: int
    label: str
    advice: str


@dataclass
class Questionnaire:
    slug: str
    path: str
    title: str
    summary: str
    instrument: str
    wording: str
    wording_source: str
    wording_found_at: list[Source]
    instructions: str
    options: list[Option]
    items: list[str]
    safety_item: int | None
    bands: list[Band]
    articles: list[str]
    sources: list[Source]
    reviewer_name: str
    reviewer_credentials: str
    reviewed_on: dt.date
    next_review: dt.date
    updated_on: dt.date
    status: str
    sample: bool = False
    aliases: list[str] = field(default_factory=list)  # other names people search for ("抑郁自测")
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"screening/{self.slug}/"

    @property
    def max_score(self) -> int:
        return len(self.items) * max(o.score for o in self.options)


@dataclass
class Result:
    total: int
    band: Band
    urgent: bool  # the safety item was answered above its lowest option


def band_for(q: Questionnaire, total: int) -> Band:
    """The published band a total falls in (bands are checked to cover 0..max_score without gaps)."""
    if not 0 <= total <= q.max_score:
        raise ValueError(f"{q.instrument}: total {total} outside 0..{q.max_score}")
    return next(b for b in q.bands if b.min <= total <= b.max)


def score(q: Questionnaire, answers: list[int]) -> Result:
    """Score one completed questionnaire: answers are the chosen option scores, one per item, in order."""
    allowed = {o.score for o in q.options}
    if len(answers) != len(q.items) or any(a not in allowed for a in answers):
        raise ValueError(f"{q.instrument}: need {len(q.items)} answers from {sorted(allowed)}")
    total = sum(answers)
    lowest = min(allowed)
    urgent = q.safety_item is not None and answers[q.safety_item - 1] != lowest
    return Result(total, band_for(q, total), urgent)


def scoring_table(q: Questionnaire) -> list[tuple[int, int, Band]]:
    """(from, to, band) rows for the printed scoring table, made by running the scorer over every total."""
    rows: list[list] = []
    for total in range(q.max_score + 1):
        band = band_for(q, total)
        if rows and rows[-1][2] is band:
            rows[-1][1] = total
        else:
            rows.append([total, total, band])
    return [tuple(r) for r in rows]


def _text(value, limit: int) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() and len(value) <= limit else None


def _sources(value, need_url: bool) -> list[Source] | None:
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if not (isinstance(item, dict) and _text(item.get("title"), 300)):
            return None
        url = item.get("url")
        if url is None and not need_url:
            url = ""
        if not isinstance(url, str) or (url and not re.match(r"^https?://", url)):
            return None
        out.append(Source(item["title"].strip(), url))
    return out


def read_questionnaire(path: Path, shown: str, report: Report) -> Questionnaire | None:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        report.error(shown, 1, "file", f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES}）", code="screening")
        return None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        data = safeyaml.load(text, _FrontMatterLoader, max_bytes=MAX_BYTES)
    except UnicodeDecodeError:
        report.error(shown, 1, "file", "文件须为 UTF-8 编码", code="screening")
        return None
    except safeyaml.YamlProblem as exc:
        report.error(shown, exc.line, "file", exc.message, code="screening")
        return None
    if not isinstance(data, dict):
        report.error(shown, 1, "file", "应为“字段: 值”的映射", code="screening")
        return None
    lines = {k: n - 1 for k, n in _key_lines(text).items()}  # _key_lines counts the front matter's opening ---
    before = len(report.errors)

    def err(fld: str, message: str) -> None:
        report.error(shown, lines.get(fld, 1), fld, message, code="screening")

    slug = path.stem
    if not SLUG.match(slug) or slug == "index":
        report.error(shown, 1, "slug", "文件名（即网址）只能用小写字母、数字和连字符，如 phq-9.yaml", code="screening")
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            err(key, f"未知字段（可用字段：{'、'.join(REQUIRED + OPTIONAL)}）")
    for key in REQUIRED:
        if key not in data or data[key] in (None, "", []):
            err(key, "缺少必填字段")
    texts = {}
    for key, limit in (("title", 40), ("summary", 120), ("instrument", 20), ("instructions", 200)):
        if data.get(key) not in (None, ""):
            texts[key] = _text(data[key], limit)
            if texts[key] is None:
                err(key, f"应为不超过 {limit} 字的文本")
    if data.get("wording") is not None and data["wording"] not in WORDINGS:
        err("wording", "应为 sample（样稿，须替换）或 published（已对照发表版本逐字核对）")
    wording_source = data.get("wording_source") or ""
    if not isinstance(wording_source, str):
        err("wording_source", "应为文本：已发表版本的出处")
        wording_source = ""
    if data.get("wording") == "published" and not wording_source.strip():
        err("wording_source", "wording 为 published 时须写明逐字核对所用的已发表版本（出处、版本、页码或网址）")
    found_at = _sources(data.get("wording_found_at") or [], need_url=False)
    if found_at is None:
        err("wording_found_at", "每项应写作 {title: 名称, url: https://...}")
    options = []
    if isinstance(data.get("options"), list) and data["options"]:
        for o in data["options"]:
            if not (isinstance(o, dict) and _text(o.get("label"), 20) and type(o.get("score")) is int
                    and 0 <= o["score"] <= 10):
                err("options", "每个选项应写作 {label: 选项文字, score: 0 到 10 的整数}")
                break
            options.append(Option(o["label"].strip(), o["score"]))
        scores = [o.score for o in options]
        if options and (scores != sorted(set(scores)) or scores[0] != 0):
            err("options", "选项分数应从 0 起逐项递增，且不重复")
            options = []
    elif data.get("options") is not None:
        err("options", "应为选项列表")
    items = []
    if isinstance(data.get("items"), list) and data["items"]:
        items = [_text(i, 200) for i in data["items"]]
        if any(i is None for i in items):
            err("items", "每道题应为不超过 200 字的文本")
            items = []
    elif data.get("items") is not None:
        err("items", "应为题目列表")
    safety = data.get("safety_item")
    if safety is not None and not (type(safety) is int and items and 1 <= safety <= len(items)):
        err("safety_item", f"应为题号 1–{len(items) or '题数'}，或 null（没有询问自伤念头的题目）")
        safety = None
    bands = []
    if isinstance(data.get("bands"), list) and data["bands"]:
        for b in data["bands"]:
            if not (isinstance(b, dict) and type(b.get("min")) is int and type(b.get("max")) is int
                    and b["min"] <= b["max"] and _text(b.get("label"), 40) and _text(b.get("advice"), 300)):
                err("bands", "每个分级应写作 {min: 整数, max: 整数, label: 结果（40 字内）, advice: 建议（300 字内）}，且 min ≤ max")
                bands = []
                break
            bands.append(Band(b["min"], b["max"], b["label"].strip(), b["advice"].strip()))
        if bands and options and items:
            top = len(items) * options[-1].score
            expected = 0
            for b in bands:
                if b.min != expected:
                    err("bands", f"分级须从 0 分起连续、不重叠：{expected} 分不在任何分级中，或与上一级重叠")
                    break
                expected = b.max + 1
            else:
                if expected != top + 1:
                    err("bands", f"最后一级应止于满分 {top} 分（{len(items)} 题 × {options[-1].score} 分），现为 {expected - 1}")
    elif data.get("bands") is not None:
        err("bands", "应为分级列表")
    articles = data.get("articles") or []
    if not (isinstance(articles, list) and all(isinstance(a, str) and a.strip() for a in articles)):
        err("articles", "应为文章文件名列表，如 [depression-basics]")
        articles = []
    sources = _sources(data.get("sources"), need_url=False) if data.get("sources") not in (None, "", []) else []
    if sources is None:
        err("sources", "每个来源应写作 {title: 名称, url: https://...}（没有网址的文献可以省略 url）")
    reviewer = data.get("reviewer")
    dates = check_review(data, err)  # the same review lint as articles
    if "sample" in data and not isinstance(data["sample"], bool):
        err("sample", "应为 true 或 false")
    aliases = data.get("aliases") or []
    if not (isinstance(aliases, list) and all(_text(a, 20) for a in aliases)):
        err("aliases", "应为别称列表，每个不超过 20 字，如 [抑郁自测, 抑郁测试]")
        aliases = []
    if len(report.errors) > before:
        return None
    if data["wording"] == "sample" and data["status"] == "published":
        report.warning(shown, lines.get("wording", 1), "wording",
                       "题目文字为样稿（wording: sample），上线前须对照已发表的简体中文版逐字替换（docs/editing.md 第 9 节）",
                       code="screening-sample")
    return Questionnaire(
        slug=slug, path=shown, title=texts["title"], summary=texts["summary"], instrument=texts["instrument"],
        wording=data["wording"], wording_source=wording_source.strip(), wording_found_at=found_at,
        instructions=texts["instructions"], options=options, items=items, safety_item=safety, bands=bands,
        articles=[a.strip() for a in articles], sources=sources, reviewer_name=reviewer["name"],
        reviewer_credentials=reviewer["credentials"], reviewed_on=dates["reviewed_on"],
        next_review=dates["next_review"], updated_on=dates["updated_on"], status=data["status"],
        sample=bool(data.get("sample")), aliases=[a.strip() for a in aliases], field_lines=lines)


def read_questionnaires(data_dir: Path, report: Report) -> list[Questionnaire]:
    """Every questionnaire in data/editorial/screening/, in file-name order; problems go to the report."""
    folder = Path(data_dir) / FOLDER
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        q = read_questionnaire(path, str(path), report)
        if q is not None:
            out.append(q)
    return out


def check_articles(questionnaires: list[Questionnaire], published: set[str], report: Report) -> None:
    """A result page may recommend only articles that are published."""
    for q in questionnaires:
        for slug in q.articles:
            if slug not in published:
                report.error(q.path, q.field_lines.get("articles", 1), "articles",
                             f"找不到已发布的文章“{slug}”（content/articles/{slug}.md）", code="screening")
