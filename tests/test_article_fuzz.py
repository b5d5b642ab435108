"""Fuzz corpus for articles: corrupted front matter and bodies are located problems or safe pages, never crashes.

The normal suite runs a bounded number of examples; `make fuzz-articles` runs many more
(XINAN_FUZZ_EXAMPLES)."""
from __future__ import annotations

import html
import json
import os
import re
import time

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sanitize
from generator.articles import read_articles
from generator.config import load_config
from generator.problems import Report
from generator.templating import front_matter, md_text, script_json
from tests.conftest import REPO_ROOT
from tests.test_articles import CODES, FIXTURE, RULES, lint

EXAMPLES = int(os.environ.get("XINAN_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 30,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
LIMIT_SECONDS = 5  # one article, however broken, is read in less than this (the bound)
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in load_config(REPO_ROOT / "mkdocs.yml").raw["markdown_extensions"]]

YAML_TRICKS = [
    "&a x", "*a", "<<: *a", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!!set {a, b}",
    "!!timestamp 2026-01-01", "? [a, b]\n: c", "{a: 1, a: 2}", "'" + "'" * 9, '"\\x00\\uD800"', "[" * 200,
    "{" * 200, "- " * 200, "|\n  多行\n  文本", ">-\n  折叠", "2026-02-30", "1e999", ".nan", "0x1F", "~", "",
    "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\r", "%YAML 1.1", "--- ", "...", "#", "@x", "`x`", "&",
]
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](data:text/html,x)",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>", "<!--", "-->", "<iframe>", "<svg onload=alert(1)>", "{: onclick=x }",
    "<style>*{}</style>", "<div markdown=\"1\">", "</div>", "`<b>`", "```", "<", ">", "&", "&#0;", "\\", "*", "_",
    "<details><summary>s</summary>", "| a | b |\n|---|---|", "!!! note", "    缩进", "[^1]", "[x]: javascript:y",
    "<https://example.com/>", "<javascript:x>", "<p style='text-align:left'>", "<math>", "<form action=x>",
]
FIELDS = ["title", "summary", "topics", "audiences", "authors", "reviewer", "reviewed_on", "next_review",
          "updated_on", "status", "sources", "sample", "suicide_related", "related_stations"]


def assert_located(report: Report, seconds: float) -> None:
    assert seconds < LIMIT_SECONDS, f"took {seconds:.1f} s"
    for p in report.problems:
        assert p.path.endswith("test-article.md") and isinstance(p.row, int) and p.row >= 1, p
        assert "\n" not in p.message and len(p.message) < 400, p
        str(p)  # printable


def assert_renders_safely(text: str, report: Report) -> None:
    """What the check accepts renders, and the sanitized page holds nothing that runs."""
    if report.errors:
        return
    body = text.split("\n---\n", 1)[1]
    page = sanitize.clean(markdown.markdown(body, extensions=EXTENSIONS))
    assert not re.search(r"<(script|iframe|style|svg)|\son\w+=|javascript:|data:", page, re.I), page


def check(tmp_path, text: str) -> None:
    start = time.perf_counter()
    report = lint(tmp_path, text)
    assert_located(report, time.perf_counter() - start)
    assert_renders_safely(text, report)


@FUZZ
@given(field=st.sampled_from(FIELDS), trick=st.sampled_from(YAML_TRICKS), repeat=st.integers(1, 50))
def test_yaml_tricks_in_any_field_are_located_problems(tmp_path, field, trick, repeat):
    value = trick * repeat if len(trick) < 3 else trick
    text = re.sub(rf"^{field}:.*$", lambda m: f"{field}: {value}", FIXTURE, count=1, flags=re.M)
    check(tmp_path, text)


@FUZZ
@given(pieces=st.lists(st.sampled_from(MARKUP) | st.text(max_size=20), max_size=12))
def test_markup_in_a_body_is_refused_or_rendered_harmless(tmp_path, pieces):
    check(tmp_path, FIXTURE + "".join(pieces) + "\n")


@FUZZ
@given(data=st.data())
def test_corrupted_article_bytes_never_crash(tmp_path, data):
    raw = bytearray((FIXTURE + "[链接](https://www.who.int/)\n").encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "encode"]), label="kind")
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)), label="at")
        if kind == "flip" and raw:
            raw[at] ^= 1 << data.draw(st.integers(0, 7), label="bit")
        elif kind == "cut":
            del raw[at:]
        elif kind == "insert":
            raw[at:at] = data.draw(st.binary(max_size=8) | st.sampled_from(
                [b"\xff\xfe", b"\x00", b"\r", b"\xe2\x80\xae", b"---\n", b": ", b"&a ", b"*a"]), label="bytes")
        else:
            encoding = data.draw(st.sampled_from(["gbk", "utf-16", "latin-1", "utf-8-sig"]), label="encoding")
            raw = bytearray(raw.decode("utf-8", "replace").encode(encoding, "replace"))
    directory = tmp_path / "content" / "articles"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "test-article.md").write_bytes(bytes(raw))
    report = Report()
    start = time.perf_counter()
    read_articles(tmp_path / "content", CODES, RULES, report)
    assert_located(report, time.perf_counter() - start)


@FUZZ
@given(title=st.text(max_size=60), summary=st.text(max_size=200))
def test_front_matter_for_the_renderer_reads_back_as_escaped_text(title, summary):
    text = "---\n" + front_matter({"title": title, "description": summary}) + "---\n"
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {"title": html.escape(title), "description": html.escape(summary)}


@FUZZ
@given(title=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60))
def test_a_title_heading_is_exactly_its_text(title):
    rendered = markdown.markdown("# " + md_text(title), extensions=EXTENSIONS)
    heading = re.fullmatch(r"<h1[^>]*>(.*)</h1>", rendered, re.S)
    shown = " ".join(title.split())
    assert (html.unescape(heading.group(1)) if heading else "") == shown, rendered


@FUZZ
@given(value=st.recursive(st.text() | st.integers() | st.booleans(),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)))
def test_json_in_a_script_element_never_holds_markup_characters(value):
    text = script_json({"v": value})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"v": value}
