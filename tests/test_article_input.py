"""Careless and hostile article files: every one a located problem, never a traceback, never a hang."""
from __future__ import annotations

import time

import pytest

from generator import safeyaml
from generator.articles import read_articles
from generator.cli import main
from generator.problems import Report
from tests.conftest import DATA, TODAY
from tests.test_articles import CODES, FIXTURE, RULES, lint

BILLION_LAUGHS = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "title: *i\n---\n正文\n"


def only(report: Report):
    assert len(report.errors) == 1, [str(p) for p in report.errors]
    return report.errors[0]


def timed(tmp_path, text: str) -> tuple[Report, float]:
    start = time.perf_counter()
    report = lint(tmp_path, text)
    return report, time.perf_counter() - start


def test_yaml_anchors_and_aliases_are_refused(tmp_path):
    text = FIXTURE.replace("authors: [测试编辑]", "authors: &who [测试编辑]\nreviewer_copy: *who")
    problem = only(lint(tmp_path, text))
    assert (problem.row, problem.field) == (6, "front_matter") and "锚点和别名" in problem.message


def test_billion_laughs_is_refused_at_once(tmp_path):
    report, seconds = timed(tmp_path, BILLION_LAUGHS)
    assert "锚点和别名" in only(report).message and seconds < 1


@pytest.mark.parametrize("nesting", ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000,
                                     "\n" + "".join(" " * i + "- \n" for i in range(1, 60)) + " " * 60 + "x"])
def test_yaml_nested_thousands_deep_is_a_located_problem(tmp_path, nesting):
    report, seconds = timed(tmp_path, FIXTURE.replace("sample: true", "sample: " + nesting))
    problem = only(report)
    assert problem.row >= 14 and "嵌套" in problem.message and seconds < 2


def test_front_matter_over_the_size_limit_is_refused(tmp_path):
    report = lint(tmp_path, FIXTURE.replace("sample: true", "sample: '" + "长" * 40000 + "'"))
    assert "过长" in only(report).message


def test_messages_quote_only_a_short_prefix_of_a_value(tmp_path):
    report = lint(tmp_path, FIXTURE.replace("status: published", "status: " + "x" * 50000))
    problem = only(report)
    assert problem.field == "status" and len(problem.message) < 80


def test_a_yaml_syntax_error_is_one_short_line(tmp_path):
    report = lint(tmp_path, FIXTURE.replace("title: 测试文章：好好睡觉", 'title: "未闭合的引号' + "字" * 5000))
    problem = only(report)
    assert "\n" not in problem.message and len(problem.message) < 120


def test_a_gbk_encoded_article_is_a_located_problem(tmp_path):
    directory = tmp_path / "content" / "articles"
    directory.mkdir(parents=True)
    (directory / "gbk-article.md").write_bytes(FIXTURE.encode("gbk"))
    report = Report()
    read_articles(tmp_path / "content", CODES, RULES, report)
    problem = only(report)
    assert (problem.row, problem.field, problem.code) == (2, "file", "encoding") and "fix-encoding" in problem.message


def test_an_article_path_that_is_a_directory_is_a_located_problem(tmp_path):
    (tmp_path / "content" / "articles" / "folder.md").mkdir(parents=True)
    report = Report()
    read_articles(tmp_path / "content", CODES, RULES, report)
    assert only(report).field == "file"


def test_odd_yaml_keys_are_unknown_fields_not_crashes(tmp_path):
    report = lint(tmp_path, FIXTURE.replace("sample: true", "sample: true\n1: x\nnull: y\n2026-01-01: z"))
    assert {p.field for p in report.errors} == {"1", "None", "2026-01-01"}


def test_an_oversized_body_is_refused_not_rendered(tmp_path):
    report = lint(tmp_path, FIXTURE + "字" * 200_001)
    assert "过长" in only(report).message


def test_validate_exits_1_with_located_lines_for_broken_articles(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "laughs.md").write_text(BILLION_LAUGHS, encoding="utf-8")
    (content / "articles" / "gbk.md").write_bytes(FIXTURE.encode("gbk"))
    (content / "articles" / "dir.md").mkdir()
    code = main(["validate", "--data", str(DATA), "--content", str(content), "--today", TODAY.isoformat()])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err
    for name in ("laughs.md:", "gbk.md:2:file:", "dir.md:1:file:"):
        assert name in out.out + out.err


def test_shorten_cuts_values_to_one_short_line():
    assert safeyaml.shorten("a\nb" + "c" * 100) == "a b" + "c" * 27 + "…"
