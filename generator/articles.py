"""Articles: front matter read against its schema, and the safe-messaging lint for suicide-related text."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import safeyaml
from generator.caches import Caches
from generator.models import Article, Source
from generator.problems import Report, shown_path
from generator.sanitize import check_body

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
# Line breaks, control characters and bidi controls: every front-matter value is one line of plain text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
RESERVED_SLUGS = {"topic", "audience", "feed", "index"}  # taken by the article index pages
STATUSES = ("draft", "published")
REQUIRED = ("title", "summary", "topics", "audiences", "authors", "reviewer", "reviewed_on", "next_review",
            "updated_on", "status", "sources")
OPTIONAL = ("suicide_related", "sample", "related_stations", "related_lectures")

# Shown by `xinan new article`: every field with what it means.
FIELD_HELP = {
    "title": "标题，不超过 40 字",
    "summary": "一两句话的摘要，显示在列表和分享卡片上，不超过 120 字",
    "topics": "主题代码列表，见 docs/editing.md（如 sleep、anxiety）",
    "audiences": "适合人群代码列表（如 all、elderly、parents）",
    "authors": "作者列表",
    "reviewer": "临床审核人：{name: 姓名, credentials: 资质与职称}",
    "reviewed_on": "最后审核日期 YYYY-MM-DD",
    "next_review": "下次审核日期 YYYY-MM-DD，须晚于最后审核日期",
    "updated_on": "最后更新日期 YYYY-MM-DD",
    "status": "draft（草稿，不发布）或 published（发布）",
    "sources": "参考来源列表：- {title: 来源名称, url: https://...}",
    "suicide_related": "涉及自杀或自伤时为 true：须包含求助框并通过安全报道检查",
    "sample": "示例内容时为 true",
    "related_stations": "相关站点编号列表（可选）",
    "related_lectures": "相关讲座编号列表（可选）",
}


class _FrontMatterLoader(yaml.SafeLoader):
    """Dates stay strings here, so an impossible date (2026-13-45) is reported on its line, not raised."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SafeMessagingRules:
    suicide_terms: list[str]
    banned: list[dict]
    method_terms: list[str]
    required_numbers: list[str]

    @classmethod
    def load(cls, path: Path) -> "SafeMessagingRules":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            suicide_terms=[str(t) for t in data.get("suicide_terms") or []],
            banned=list(data.get("banned_phrases") or []),
            method_terms=[str(m["term"]) for m in data.get("method_terms") or []],
            required_numbers=[str(n) for n in data.get("required_help_numbers") or []],
        )


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line number where the body starts) or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    fm = text[4:end + 1]
    body_start = fm.count("\n") + 3
    return fm, text[end + 5:], body_start


def _key_lines(fm: str) -> dict[str, int]:
    try:
        node = yaml.compose(fm)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 2 for k, _ in node.value}


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _control_char(value) -> str | None:
    """The first control, line-break or bidi character in a front-matter value (strings inside lists and maps too)."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        return found.group() if found else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((c for c in map(_control_char, items) if c), None)


def _str_list(value) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def git_last_changed(directory: Path) -> dict[str, dt.date]:
    """File name -> date of the last commit touching it, from one `git log` over the folder.

    Works in a shallow clone (files then carry the clone's commit date); outside git it returns {}.
    """
    try:
        out = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--relative", "--", "."],
                             cwd=directory, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.stdout.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            dates.setdefault(Path(line).name, current)  # newest first: keep the first date seen
    return dates


def _read_text(path: Path, report: Report, shown: str) -> str | None:
    """The article's text, or None with the reason reported: a folder, an unreadable file, not UTF-8."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        report.error(shown, 1, "file", "这是一个文件夹，不是文章文件：文章应为 .md 文本文件")
        return None
    except OSError as exc:
        report.error(shown, 1, "file", f"无法读取文件：{exc.strerror or type(exc).__name__}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(shown, line, "file", "文件不是 UTF-8 编码（可能是 GBK）：请另存为 UTF-8，"
                     f"或运行 xinan fix-encoding {shown_path(shown)}", code="encoding")
        return None


def check_review(fm: dict, err) -> dict[str, dt.date | None]:
    """The review fields shared by articles and screening questionnaires: reviewer, review dates, status.
    Returns the dates read (None where unreadable); each problem goes to err(field, message)."""
    reviewer = fm.get("reviewer")
    if reviewer is not None and not (isinstance(reviewer, dict) and isinstance(reviewer.get("name"), str)
                                     and isinstance(reviewer.get("credentials"), str)):
        err("reviewer", "应写作 {name: 姓名, credentials: 资质与职称}")
    dates = {}
    for key in ("reviewed_on", "next_review", "updated_on"):
        if fm.get(key) is not None:
            dates[key] = _as_date(fm[key])
            if dates[key] is None:
                err(key, f"日期格式应为 YYYY-MM-DD：{safeyaml.shorten(fm[key])}")
    if dates.get("reviewed_on") and dates.get("next_review") and dates["next_review"] <= dates["reviewed_on"]:
        err("next_review", "下次审核日期须晚于最后审核日期")
    if fm.get("status") is not None and fm["status"] not in STATUSES:
        err("status", f"应为 draft 或 published：{safeyaml.shorten(fm['status'])}")
    return dates


def read_article(path: Path, codes: dict[str, set[str]], report: Report, shown: str,
                 changed: dict[str, dt.date] | None = None) -> Article | None:
    text = _read_text(path, report, shown)
    if text is None:
        return None
    parts = split_front_matter(text.replace("\r\n", "\n"))
    if parts is None:
        report.error(shown, 1, "front_matter", "缺少 YAML 头信息：文件须以 --- 开头，并以单独一行 --- 结束")
        return None
    fm_text, body, body_line = parts
    try:
        fm = safeyaml.load(fm_text, _FrontMatterLoader) or {}
    except safeyaml.YamlProblem as exc:
        report.error(shown, exc.line + 1, "front_matter", exc.message)
        return None
    if not isinstance(fm, dict):
        report.error(shown, 2, "front_matter", "头信息应为“字段: 值”的映射")
        return None
    lines = _key_lines(fm_text)
    before = len(report.errors)

    def err(fld, message: str) -> None:
        report.error(shown, lines.get(fld, 1), safeyaml.shorten(fld), message, code="front-matter")

    slug = path.stem
    if not SLUG.match(slug):
        report.error(shown, 1, "slug", "文件名（即网址）只能用小写字母、数字和连字符，如 sleep-and-insomnia.md")
    elif slug in RESERVED_SLUGS:
        report.error(shown, 1, "slug", f"文件名“{slug}”已被文章索引页占用，请换一个")
    for key in fm:
        if key not in REQUIRED and key not in OPTIONAL:
            err(key, f"未知字段（可用字段：{'、'.join(REQUIRED + OPTIONAL)}）")
    for key in REQUIRED:
        if key not in fm or fm[key] in (None, "", []):
            err(key, f"缺少必填字段（{FIELD_HELP[key]}）")
    title, summary = fm.get("title"), fm.get("summary")
    if title is not None and (not isinstance(title, str) or len(title) > 40):
        err("title", "标题应为不超过 40 字的文本")
    if summary is not None and (not isinstance(summary, str) or len(summary) > 120):
        err("summary", "摘要应为不超过 120 字的文本")
    for key, value in fm.items():
        if bad := _control_char(value):
            err(key, f"不能包含换行、控制字符或文字方向控制符（U+{ord(bad):04X}）：头信息的值都是一行文本")
    lists = {}
    for key in ("topics", "audiences", "authors"):
        if key in fm and fm[key] not in (None, "", []):
            lists[key] = _str_list(fm[key])
            if lists[key] is None:
                err(key, "应为非空的文本列表，如 [sleep, stress]")
    for key in ("topics", "audiences"):
        for code in lists.get(key) or []:
            if code not in codes[key]:
                err(key, f"“{safeyaml.shorten(code)}”不是有效代码：{'、'.join(sorted(codes[key]))}")
    reviewer = fm.get("reviewer")
    dates = check_review(fm, err)
    sources = []
    if isinstance(fm.get("sources"), list):
        for item in fm["sources"]:
            if not (isinstance(item, dict) and isinstance(item.get("title"), str)
                    and isinstance(item.get("url"), str) and re.match(r"^https?://", item["url"])):
                err("sources", "每个来源应写作 {title: 名称, url: https://...}")
                break
            sources.append(Source(item["title"], item["url"]))
    elif fm.get("sources") not in (None, "", []):
        err("sources", "应为来源列表")
    for key in ("suicide_related", "sample"):
        if key in fm and not isinstance(fm[key], bool):
            err(key, "应为 true 或 false")
    related = {}
    for key in ("related_stations", "related_lectures"):
        value = fm.get(key) or []
        related[key] = _str_list(value) if value else []
        if related[key] is None:
            err(key, "应为编号列表")
            related[key] = []
    if len(report.errors) > before:
        return None
    return Article(
        slug=slug, path=shown, title=title, summary=summary, topics=lists["topics"], audiences=lists["audiences"],
        authors=lists["authors"], reviewer_name=reviewer["name"], reviewer_credentials=reviewer["credentials"],
        reviewed_on=dates["reviewed_on"], next_review=dates["next_review"], updated_on=dates["updated_on"],
        status=fm["status"], sources=sources, suicide_related=bool(fm.get("suicide_related")),
        sample=bool(fm.get("sample")), body=body, related_stations=related["related_stations"],
        related_lectures=related["related_lectures"], last_changed=(changed or {}).get(path.name), body_line=body_line,
        field_lines=lines,
    )


def lint_markup(article: Article, report: Report) -> None:
    """The body's HTML, attributes and link targets against the allow-list (generator/sanitize.py)."""
    for line, message in check_body(article.body, article.body_line):
        report.error(article.path, line, "body", message, code="markup")


def _has_number(text: str, number: str) -> bool:
    """12356 as a number of its own: 1200 does not count as 120."""
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text) is not None


def lint_safe_messaging(article: Article, rules: SafeMessagingRules, report: Report) -> None:
    text_lines = article.body.split("\n")
    whole = article.title + "\n" + article.summary + "\n" + article.body
    mentions = [t for t in rules.suicide_terms if t in whole]
    for fld, value in (("title", article.title), ("summary", article.summary)):
        for rule in rules.banned:
            if rule["phrase"] in value:
                report.error(article.path, article.field_lines.get(fld, 1), fld,
                             f"不宜使用“{rule['phrase']}”：{rule.get('reason', '')}", code="safe-messaging")
    for i, line in enumerate(text_lines, start=article.body_line):
        for rule in rules.banned:
            if rule["phrase"] in line:
                report.error(article.path, i, "body",
                             f"不宜使用“{rule['phrase']}”：{rule.get('reason', '')}（安全报道指引 {rule.get('source', '')}）",
                             code="safe-messaging")
        if any(t in line for t in rules.suicide_terms):
            for term in rules.method_terms:
                if term in line:
                    report.error(article.path, i, "body",
                                 f"自杀相关内容不得提及具体方式（“{term}”与自杀词语出现在同一行）", code="safe-messaging")
    if mentions and not article.suicide_related:
        first_line = next((i for i, line in enumerate(text_lines, start=article.body_line)
                           if any(t in line for t in rules.suicide_terms)), 1)
        report.error(article.path, first_line, "suicide_related",
                     f"正文提到“{mentions[0]}”，须在头信息中设置 suicide_related: true，并附求助信息", code="safe-messaging")
    if article.suicide_related or mentions:
        missing = [n for n in rules.required_numbers if not _has_number(article.body, n)]
        if missing:
            report.error(article.path, article.body_line, "body",
                         f"涉及自杀的文章须在正文中给出求助电话 {'、'.join(rules.required_numbers)}；缺少 {'、'.join(missing)}",
                         code="safe-messaging")


def read_articles(content_dir: Path, codes: dict[str, set[str]], rules: SafeMessagingRules,
                  report: Report, caches: Caches | None = None) -> list[Article]:
    """Every article under content/articles/. Read articles are kept by file in caches.articles when the caches
    are kept between builds (`xinan serve`)."""
    read = caches.articles if caches is not None and caches.keep else None
    articles = []
    directory = Path(content_dir) / "articles"
    changed = git_last_changed(directory) if directory.exists() else {}
    for path in sorted(directory.glob("*.md")) if directory.exists() else []:
        shown = str(path)
        stamp = None
        if read is not None:
            raw = b"" if path.is_dir() else path.read_bytes()  # a folder is reported by read_article
            stamp = hashlib.blake2b(raw + repr((sorted((k, sorted(v)) for k, v in codes.items()),
                                    rules, changed.get(path.name))).encode(), digest_size=16).digest()
            if shown in read and read[shown][0] == stamp:
                _, article, problems = read[shown]
                report.problems.extend(problems)
                if article is not None:
                    articles.append(copy.deepcopy(article))
                continue
        found = Report()
        article = read_article(path, codes, found, shown, changed)
        if article is not None:
            lint_safe_messaging(article, rules, found)
            lint_markup(article, found)
            articles.append(article)
        report.problems.extend(found.problems)
        if read is not None:
            read[shown] = (stamp, copy.deepcopy(article), found.problems)
    return articles
