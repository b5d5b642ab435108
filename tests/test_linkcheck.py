"""The link checker: what counts as an internal link, how it resolves, and that a broken one is reported."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import RenderError
from generator.linkcheck import LinkChecker, check_site, links
from tests.conftest import CONTENT, build_site

SITE = "https://xinan.example.cn/"
FILES = ["index.html", "stations/index.html", "stations/a/index.html", "assets/x.css", "articles/b/index.html",
         "open-data/stations/stations.csv"]


def broken(page: str, html: str, site_url: str = SITE) -> list[str]:
    return [b.link for b in LinkChecker(FILES, site_url).broken(page, html)]


def test_relative_links_resolve_from_the_pages_folder():
    page = '<a href="../../stations/">list</a><link rel="stylesheet" href="../../assets/x.css"><a href="../b/">b</a>'
    assert broken("articles/c/index.html", page) == []
    assert broken("articles/c/index.html", '<a href="../../stations/b/">x</a>') == ["../../stations/b/"]


def test_a_folder_link_resolves_to_its_index_with_or_without_the_slash_and_fragments_are_not_checked():
    page = '<a href="stations">x</a><a href="stations/a/#hours">y</a><a href="#nowhere">z</a><a href="./">me</a>'
    assert broken("index.html", page) == []


def test_root_relative_links_and_links_that_leave_the_site_are_checked():
    assert broken("stations/a/index.html", '<a href="/open-data/stations/stations.csv?v=2">csv</a>') == []
    assert broken("stations/a/index.html", '<a href="/open-data/lectures/lectures.csv">csv</a>') == [
        "/open-data/lectures/lectures.csv"]
    [b] = LinkChecker(FILES, SITE).broken("index.html", '<img src="../x.png" alt="">')
    assert b.target == "" and "站点目录之外" in str(b)


def test_a_site_below_a_path_resolves_root_links_below_that_path():
    assert broken("index.html", '<a href="/portal/stations/">x</a>', "https://gov.example.cn/portal/") == []
    assert broken("index.html", '<a href="/stations/">x</a>', "https://gov.example.cn/portal/") == ["/stations/"]


def test_other_sites_and_schemes_are_not_internal_but_the_sites_own_canonical_link_is():
    page = ('<a href="https://www.12356.cn/">x</a><a href="mailto:a@b.cn">m</a><a href="tel:12356">t</a>'
            '<img src="data:image/png;base64,AA" alt=""><a href="https://xinan.example.cn/signup/l-1">sign up</a>')
    assert broken("index.html", page) == []  # a data URL on the site's host may be a service beside the site
    assert broken("index.html", '<link rel="canonical" href="https://xinan.example.cn/stations/zz/">') == [
        "https://xinan.example.cn/stations/zz/"]
    assert broken("index.html", '<link rel="canonical" href="https://xinan.example.cn/stations/a/">') == []


def test_scripts_styles_comments_and_text_are_not_links():
    page = ('<script>el.innerHTML = \'<a href="nowhere/">x</a>\'</script><style>a[href="x"]{}</style>'
            '<!-- <a href="gone/"> --><p>写 href="abc" 的例子</p><a data-href="no/" href="stations/">ok</a>'
            '<script src="assets/missing.js"></script>')
    assert [v for v, _ in links(page)] == ["stations/", "assets/missing.js"]
    assert broken("index.html", page) == ["assets/missing.js"]


def test_entities_in_attributes_are_decoded():
    assert links('<a href="stations/?a=1&amp;b=2">x</a>') == [("stations/?a=1&b=2", False)]


def test_check_site_reports_every_broken_link_of_a_built_folder(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">a</a><a href="b/">b</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<a href="../">home</a><img src="../c.png" alt="">', encoding="utf-8")
    assert [(b.page, b.link, b.target) for b in check_site(tmp_path, SITE)] == [
        ("a/index.html", "../c.png", "c.png"), ("index.html", "b/", "b/index.html")]


def test_an_article_linking_to_a_page_the_site_does_not_have_fails_the_build_naming_page_and_link(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    article = content / "articles" / "sleep-and-insomnia.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n另见[站点名录](../../station/)。\n", encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(RenderError) as err:
        build_site(out, content=content)
    assert "articles/sleep-and-insomnia/index.html: 链接 ../../station/ 指向 station/index.html" in str(err.value)
    assert not out.exists()


def test_the_command_line_lists_broken_links_and_exits_1(tmp_path: Path, capsys):
    from generator.linkcheck import main
    (tmp_path / "index.html").write_text('<a href="gone/">x</a>', encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out == "index.html: 链接 gone/ 指向 gone/index.html，站点中没有这个文件\n"
    assert "1 个页面，1 个失效的站内链接" in out.err
    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    assert main([str(tmp_path)]) == 0


def test_a_link_written_inside_another_attributes_value_is_text_not_a_link():
    from generator.linkcheck import links
    page = '<meta property="og:title" content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><a title=\'a href=y\' href="../z/">z</a>'
    assert links(page) == [("../z/", False)]
