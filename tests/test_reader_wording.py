"""What readers see is worded for readers: no repository or "edit this page" link, no official jargon, one wording
for reporting an error (with a footer link on every page, to an /about/ section that exists), no brackets inside
brackets, a logo that is not read out as "logo", a short header title for phones, no floating back-to-top button."""
from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import CONFIG

# Strings no page may show, with what replaced them.
BANNED = {
    "在代码仓库中编辑此页": "no edit link for readers",
    "前往仓库": "no repository link (the theme's title for it)",
    "六进场景": "举办场所",
    "举报冒用登记或信息有误": "报告信息有误",
    "报告错误": "报告信息有误",
    'alt="logo"': 'alt="" (the logo link is named by its aria-label)',
    "回到页面顶部": "no floating back-to-top button",
}
# A full-width bracket opened inside another one: 心理治疗师（中级（主管治疗师））.
NESTED = re.compile(r"（[^（）<>]*（[^（）<>]*）[^（）<>]*）")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, str]:
    return {str(p.relative_to(site_dir)): p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return TAG.sub("", html)


def test_no_page_shows_a_banned_wording(pages):
    found = {(path, s) for path, html in pages.items() for s in BANNED if s in html}
    assert not found, sorted(found)[:20]


def test_no_page_links_to_the_source_repository(pages):
    repo = yaml.safe_load(CONFIG.read_text(encoding="utf-8")).get("repo_url")
    assert repo, "the sample names a repository (for maintainers), so this test can fail"
    assert [path for path, html in pages.items() if repo in html] == []


def test_no_page_nests_brackets(pages):
    found = {path: NESTED.findall(visible_text(html))[:2] for path, html in pages.items()
             if NESTED.search(visible_text(html))}
    assert found == {}


def test_every_page_has_the_report_link_in_its_footer_leading_to_the_about_section(pages, site_dir):
    footer_link = re.compile(r'<p class="xa-footer-links"><a href="([^"]*)#report">报告信息有误</a></p>')
    missing = [path for path, html in pages.items() if not footer_link.search(html)
               and "xa-wall" not in html and not path.startswith(("assets/", "pagefind/"))]
    assert missing == []
    assert 'id="report"' in pages["about/index.html"]
    assert "报告信息有误" in visible_text(pages["about/index.html"]).split("发现错误怎么办", 1)[1]
    # The link resolves to the about page from any depth.
    for path in ("index.html", "registry/index.html", "lectures/index.html"):
        href = footer_link.search(pages[path]).group(1)
        assert (site_dir / path).parent.joinpath(href, "index.html").resolve() == (site_dir / "about/index.html")


def test_the_header_has_a_short_title_for_phones_and_the_logo_an_empty_alt(pages):
    home = pages["index.html"]
    assert '<span class="xa-name-short" aria-hidden="true">心安</span>' in home
    assert re.search(r'class="md-header__button md-logo"[^>]*>\s*<img [^>]*alt=""', home)


def test_record_pages_and_the_lecture_filter_use_the_reader_wordings(pages):
    verification = next(html for path, html in pages.items() if re.match(r"registry/FT\w+-\d{4}-\d{5}/index.html", path)
                        and "心理治疗师" in html and "主管治疗师" in html)
    assert "心理治疗师 · 中级（主管治疗师）" in visible_text(verification)
    assert "报告信息有误" in verification
    assert "<label>举办场所 <select" in pages["lectures/index.html"]
