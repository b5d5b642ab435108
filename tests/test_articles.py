"""Articles: the front-matter schema, the safe-messaging lint, drafts, the feed and `xinan new article`."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.articles import SafeMessagingRules, read_articles
from generator.cli import main
from generator.problems import Report
from tests.conftest import DATA, REPO_ROOT, TODAY

FIXTURE = (REPO_ROOT / "tests" / "fixtures" / "articles" / "good.md").read_text(encoding="utf-8")
CODES = {"topics": {"sleep", "crisis", "stress"}, "audiences": {"all", "elderly"}}
RULES = SafeMessagingRules.load(DATA / "editorial" / "safe-messaging.yaml")


def lint(tmp_path, text: str, name: str = "test-article") -> Report:
    directory = tmp_path / "content" / "articles"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.md").write_text(text, encoding="utf-8")
    report = Report()
    read_articles(tmp_path / "content", CODES, RULES, report)
    return report


def messages(report: Report) -> list[str]:
    return [str(p) for p in report.errors]


def test_the_fixture_article_is_valid(tmp_path):
    assert messages(lint(tmp_path, FIXTURE)) == []


@pytest.mark.parametrize("edit, line, field, words", [
    (lambda t: t.replace("title: 测试文章：好好睡觉\n", ""), 1, "title", "缺少必填字段"),
    (lambda t: t.replace("topics: [sleep]", "topics: [sleeping]"), 4, "topics", "不是有效代码"),
    (lambda t: t.replace("audiences: [all]", "audiences: all"), 5, "audiences", "非空的文本列表"),
    (lambda t: t.replace("reviewed_on: 2026-01-10", "reviewed_on: 2026-13-45"), 8, "reviewed_on", "YYYY-MM-DD"),
    (lambda t: t.replace("next_review: 2027-01-10", "next_review: 2025-01-10"), 9, "next_review", "须晚于"),
    (lambda t: t.replace("status: published", "status: live"), 11, "status", "draft 或 published"),
    (lambda t: t.replace("url: https://www.who.int/", "url: www.who.int"), 12, "sources", "https://"),
    (lambda t: t.replace("reviewer: {name: 审核人, credentials: 精神科主治医师}", "reviewer: 审核人"), 7, "reviewer", "credentials"),
    (lambda t: t.replace("sample: true", "sample: true\nreviwer: typo"), 15, "reviwer", "未知字段"),
    (lambda t: t.replace("sample: true", "sample: yes please"), 14, "sample", "true 或 false"),
])
def test_each_front_matter_error_names_file_line_and_field(tmp_path, edit, line, field, words):
    errors = messages(lint(tmp_path, edit(FIXTURE)))
    assert any(f"test-article.md:{line}:{field}:" in e and words in e for e in errors), errors


def test_all_front_matter_problems_are_reported_at_once(tmp_path):
    text = FIXTURE.replace("topics: [sleep]", "topics: [nope]").replace("status: published", "status: live")
    errors = messages(lint(tmp_path, text))
    assert len(errors) == 2


def test_yaml_syntax_error_and_missing_front_matter_are_reported(tmp_path):
    assert ":1:front_matter:" in messages(lint(tmp_path, "# 没有头信息\n"))[0]
    broken = FIXTURE.replace("topics: [sleep]", "topics: [sleep")
    assert "YAML 语法错误" in messages(lint(tmp_path, broken, "other"))[0]


SUICIDE = FIXTURE.replace("topics: [sleep]", "topics: [crisis]").replace("sample: true", "sample: true\nsuicide_related: true")
HELP = "\n如有危险请拨打 12356，紧急情况拨打 120 或 110。\n"


def test_suicide_article_with_help_numbers_and_safe_wording_passes(tmp_path):
    assert messages(lint(tmp_path, SUICIDE + "关心身边有自杀念头的人，陪伴并求助。" + HELP)) == []


def test_suicide_article_without_the_crisis_numbers_fails(tmp_path):
    errors = messages(lint(tmp_path, SUICIDE + "关心身边有自杀念头的人。\n拨打 12356。\n"))
    assert any("120、110" in e or ("缺少" in e and "110" in e) for e in errors), errors


def test_banned_phrase_is_reported_with_its_line(tmp_path):
    text = SUICIDE + HELP + "\n\n他最终一了百了。\n"
    line = text.splitlines().index("他最终一了百了。") + 1
    errors = messages(lint(tmp_path, text))
    assert any(f":{line}:body:" in e and "一了百了" in e for e in errors), errors


def test_method_word_next_to_a_suicide_term_is_reported(tmp_path):
    method = RULES.method_terms[0]
    text = SUICIDE + HELP + f"\n有人谈到自杀和{method}。\n"
    errors = messages(lint(tmp_path, text))
    assert any("具体方式" in e and method in e for e in errors), errors


def test_suicide_words_in_an_unflagged_article_are_detected(tmp_path):
    errors = messages(lint(tmp_path, FIXTURE + "\n有的人会有自杀的念头。\n"))
    assert any(":suicide_related:" in e for e in errors), errors


def test_the_term_lists_live_in_a_data_file_with_sources():
    assert RULES.suicide_terms and RULES.banned and RULES.method_terms
    assert set(RULES.required_numbers) == {"12356", "120", "110"}
    assert "sources:" in (DATA / "editorial" / "safe-messaging.yaml").read_text(encoding="utf-8")


def test_article_feed_parses_and_lists_every_published_article(site_dir):
    root = ET.parse(site_dir / "articles" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = {e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)}
    published = {p.stem for p in (REPO_ROOT / "content" / "articles").glob("*.md")
                 if "status: published" in p.read_text(encoding="utf-8")}
    assert {link.rstrip("/").split("/")[-1] for link in links} == published
    assert "grief-and-loss" not in published


def test_article_page_shows_review_dates_reviewer_and_help_box(site_dir):
    html = (site_dir / "articles" / "sleep-and-insomnia" / "index.html").read_text(encoding="utf-8")
    assert "最后审核" in html and "下次审核" in html and "xa-crisis" in html and "12356" in html
    assert "已过计划审核日期" in html  # the sample's sleep article is overdue on the reference date


def test_new_article_scaffolds_a_draft_that_validates(tmp_path, capsys):
    content = tmp_path / "content"
    assert main(["new", "article", "my-topic", "--content", str(content), "--today", TODAY.isoformat()]) == 0
    text = (content / "articles" / "my-topic.md").read_text(encoding="utf-8")
    assert "status: draft" in text and "# 临床审核人" in text
    report = Report()
    [article] = read_articles(content, {"topics": {"help_seeking"}, "audiences": {"all"}}, RULES, report)
    assert report.errors == [] and article.status == "draft"


def test_report_reviews_lists_overdue_and_soon_due_articles(capsys):
    assert main(["report", "reviews", "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    overdue, soon = out.split("天内到期")
    assert "sleep-and-insomnia" in overdue and "workplace-stress" in soon


def published_front_matter() -> dict[str, dict]:
    import yaml
    out = {}
    for p in (REPO_ROOT / "content" / "articles").glob("*.md"):
        fm = yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        if fm["status"] == "published":
            out[p.stem] = fm
    return out


@pytest.mark.parametrize("kind, field", [("topic", "topics"), ("audience", "audiences")])
def test_topic_and_audience_index_pages_list_exactly_their_articles(site_dir, kind, field):
    articles = published_front_matter()
    codes = {c for fm in articles.values() for c in fm[field]}
    assert codes
    for code in codes:
        html = (site_dir / "articles" / kind / code / "index.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./\.\./([a-z0-9-]+)/"', html))
        assert listed == {slug for slug, fm in articles.items() if code in fm[field]}, (kind, code)


def test_a_reserved_slug_is_rejected(tmp_path):
    errors = messages(lint(tmp_path, FIXTURE, "topic"))
    assert any(":1:slug:" in e for e in errors), errors
