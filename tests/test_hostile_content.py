"""Nothing from data runs: article front matter, bodies and record names with markup, on the built pages."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import sanitize
from generator.pages import report_url
from generator.templating import TEMPLATES, jsonld, md_text, tel
from tests.hostile import (EVIL_STATION, EVIL_SUMMARY, EVIL_TITLE, LINK_TITLE, PAGE_DESCRIPTION, STATION_ID,
                           build_hostile_site)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


class Page(HTMLParser):
    """Elements and attributes as a browser's parser sees them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def meta(self, key: str) -> str | None:
        return next((a.get("content") for t, a in self.tags if t == "meta"
                     and key in (a.get("property"), a.get("name"))), None)


def read(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_title_and_summary_with_quotes_and_markup_stay_inside_the_meta_tags(hostile):
    page = Page(read(hostile, "articles/evil-title"))
    assert page.meta("og:title") == EVIL_TITLE
    assert page.meta("og:description") == EVIL_SUMMARY
    assert page.meta("description") == EVIL_SUMMARY
    assert page.title.startswith(EVIL_TITLE + " - ")
    assert not any(k.startswith("on") for _, a in page.tags for k in a), "the title became an element"
    assert not [a for t, a in page.tags if t == "img" and a.get("src") == "x"]


def test_a_hand_written_page_description_with_quotes_stays_inside_the_share_tag(hostile):
    page = Page(read(hostile, "about"))
    assert page.meta("og:description") == PAGE_DESCRIPTION.replace("<b>", "").replace("</b>", "")


def test_the_header_title_and_heading_show_the_title_as_text(hostile):
    text = read(hostile, "articles/evil-title")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
    assert html.unescape(heading) == EVIL_TITLE
    topic = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', text.split('md-header__topic')[2], re.S)
    assert "<" not in topic.group(1) and html.unescape(topic.group(1)) == EVIL_TITLE


def test_a_markdown_link_in_a_title_is_plain_text(hostile):
    text = read(hostile, "articles/link-title")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
    assert "<a" not in heading and "<em" not in heading
    assert html.unescape(heading) == LINK_TITLE
    assert "javascript:" not in " ".join(a.get("href") or "" for _, a in Page(text).tags)


def test_titles_in_article_lists_are_text(hostile):
    for url in ("articles", "articles/topic/sleep", ""):
        tags = Page(read(hostile, url)).tags
        assert not any(k.startswith("on") for _, a in tags for k in a), url
        assert "javascript:" not in " ".join(a.get("href") or "" for _, a in tags), url


def test_markup_the_allow_list_accepts_still_renders(hostile):
    text = read(hostile, "articles/evil-title")
    assert 'class="admonition note"' in text and '<p class="admonition-title">提示</p>' in text
    assert '<th style="text-align:left">' in text and "<details><summary>展开</summary>" in text
    assert "<code>&lt;script&gt;alert(6)&lt;/script&gt;</code>" in text
    assert 'class="xa-crisis"' in text and 'href="tel:12356"' in text


def test_json_in_a_script_cannot_open_a_comment_or_close_the_script():
    data = {"name": EVIL_STATION + "</script><!-- & \u2028\u2029 -->"}
    out = jsonld(data)
    inner = out[len('<script type="application/ld+json">'):-len("</script>")]
    assert not re.search(r"[<>&\u2028\u2029]", inner)
    assert json.loads(inner) == data


def test_a_station_name_opening_an_html_comment_leaves_its_page_intact(hostile):
    text = read(hostile, f"stations/{STATION_ID}")
    assert "<!--<script>" not in text
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert json.loads(scripts[0])["name"] == EVIL_STATION
    assert "md-footer" in text.split(scripts[0], 1)[1]  # the rest of the page was not swallowed
    assert html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)) == EVIL_STATION


def test_a_name_cannot_add_a_recipient_to_the_report_error_mail():
    template = "mailto:data@example.cn?subject=信息纠错：{id}&body=页面：{title}（{id}）"
    site = SimpleNamespace(config=SimpleNamespace(report_error=template))
    url = report_url(site, "st-1", "某站&cc=evil@example.com#x")
    query = parse_qs(urlsplit(url).query)
    assert "cc" not in query and urlsplit(url).fragment == ""
    assert query["body"] == ["页面：某站&cc=evil@example.com#x（st-1）"]


def test_a_station_name_with_a_recipient_is_encoded_on_its_page(hostile):
    text = read(hostile, f"stations/{STATION_ID}")
    link = next(a["href"] for t, a in Page(text).tags if t == "a" and (a.get("href") or "").startswith("mailto:"))
    query = parse_qs(urlsplit(link).query)
    assert "cc" not in query and query["body"][0].startswith("页面：" + EVIL_STATION)


def test_tel_links_hold_only_the_number():
    assert tel("0755-8675 0845\"><x") == "tel:07558675%200845%22%3E%3Cx"


def test_md_text_shows_markdown_and_html_literally():
    assert str(md_text("[a](javascript:1) *b* <i>")) == "\\[a\\]\\(javascript:1\\) \\*b\\* &lt;i&gt;"


def test_the_article_template_carries_the_sanitizer_markers():
    text = (TEMPLATES / "article.md").read_text(encoding="utf-8")
    assert text.count(sanitize.BODY_START) == 1 and text.count(sanitize.BODY_END) == 1


from generator.problems import Report  # noqa: E402
from tests.test_articles import FIXTURE, lint  # noqa: E402

BODY_LINE = FIXTURE.count("\n") + 1  # the first line after the fixture's text


@pytest.mark.parametrize("body, words", [
    ("<script>alert(1)</script>", "<script>"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<iframe src="https://example.com/"></iframe>', "<iframe>"),
    ("[点这里](javascript:alert(1))", "javascript:"),
    ("[点这里](JaVa&#x09;Script:alert(1))", "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ("![图](data:image/svg+xml,<svg onload=alert(1)>)", "data:"),
    ("[x]: javascript:alert(1)", "javascript:"),
    ("<javascript:alert(1)>", "javascript:"),
    ("## 标题 {: onclick=\"alert(1)\" }", "onclick"),
    ("<!-- 审核看不到 -->", "注释"),
    ('<p style="position:fixed">x</p>', "style"),
    ('<img\nsrc="a.png"\nonload="alert(1)">', "onload"),
])
def test_markup_outside_the_allow_list_is_refused_on_its_line(tmp_path, body, words):
    report = lint(tmp_path, FIXTURE + body + "\n")
    found = [p for p in report.errors if p.code == "markup"]
    assert found and all(p.field == "body" for p in found), report.errors
    assert found[0].row == BODY_LINE and words in found[0].message.lower()


@pytest.mark.parametrize("body", [
    "[世卫组织](https://www.who.int/) [电话](tel:12356) [邮件](mailto:a@example.cn) [站内](../sleep/)",
    '<div markdown="1">\n**粗体**\n</div>', "`<script>` 是代码", "| a | b |\n|:--|--:|\n| 1 | 2 |",
    '<a href="#top" title="回到顶部">顶部</a>', "3 < 5 且 5 > 3", "<https://www.who.int/>",
])
def test_markup_inside_the_allow_list_passes(tmp_path, body):
    assert not lint(tmp_path, FIXTURE + body + "\n").errors


def test_the_sanitizer_removes_what_slipped_past_the_check():
    dirty = ('<p onclick="x()">a<script>alert(1)</script><img src="data:x" onerror="y()">'
             '<a href="javascript:alert(1)">b</a><iframe src="https://e.com/"></iframe><!-- c --></p>')
    assert sanitize.clean(dirty) == '<p>a<img><a>b</a></p>'


def test_a_page_whose_article_markers_are_doubled_is_not_published():
    page = f"<html>{sanitize.BODY_START}{sanitize.BODY_START}<p>x</p>{sanitize.BODY_END}</html>"
    assert sanitize.clean_page(page) is None


def test_a_title_with_a_line_break_or_bidi_control_is_refused(tmp_path):
    text = FIXTURE.replace("title: 测试文章：好好睡觉", 'title: "测试\\n文章\\u202e"')
    found = [p for p in lint(tmp_path, text).errors if p.field == "title"]
    assert found and found[0].row == 2 and found[0].code == "front-matter"


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("authors: [测试编辑]", 'authors: ["测试\\u202e编辑"]'),
    lambda t: t.replace("reviewer: {name: 审核人,", 'reviewer: {name: "审核\\x0b人",'),
    lambda t: t.replace("{title: 世界卫生组织,", '{title: "世界\\r卫生组织",'),
])
def test_a_control_character_anywhere_in_the_front_matter_is_refused(tmp_path, edit):
    found = [p for p in lint(tmp_path, edit(FIXTURE)).errors if "控制" in p.message]
    assert len(found) == 1 and found[0].code == "front-matter"
