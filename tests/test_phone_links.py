"""Phone numbers written in text become tel: links (generator/phonelinks.py): the numbers a reader would dial, and
only those; never inside a link, code or an attribute; the text itself never changes."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings, strategies as st

from generator.phonelinks import Linker

HOTLINES = ["12356", "120", "110", "12320"]
LINK = Linker(HOTLINES)


def linked(fragment: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="xa-tel" href="([^"]*)">([^<]*)</a>', LINK.link(fragment))


@pytest.mark.parametrize("text, numbers", [
    ("请拨打全国统一心理援助热线12356，有专业人员接听。", ["12356"]),
    ("请立即拨打 120 急救电话或 110 报警。", ["120", "110"]),
    ("情况紧急时，请直接拨打 120 或 110。", ["120", "110"]),
    ("12320（卫生健康热线）、120（急救）和 110（报警）", ["12320", "120", "110"]),
    ("预约电话 0755-82343051，或 0755 8234 3052", ["0755-82343051"]),
    ("手机 13800138000；客服 400-123-4567", ["13800138000", "400-123-4567"]),
    ("每次约 120 分钟，面积 110 平方米。", []),
    ("目标：20%、50% 和 100%；2026-11-22；得分 12356.5", []),
    ("登记编号 FTXL-2023-00003，邮编 518048", []),
])
def test_the_numbers_a_reader_would_dial_and_only_those(text, numbers):
    got = linked(f"<p>{text}</p>")
    assert [shown for _, shown in got] == numbers
    assert all(href == "tel:" + shown.replace("-", "").replace(" ", "") for href, shown in got)


def test_no_number_inside_a_link_code_or_an_attribute_is_touched():
    page = ('<p title="拨打 12356"><a href="tel:12356">12356</a> <code>拨打 12356</code> '
            '<script>var s = "拨打 12356";</script><pre>拨打 110</pre></p>')
    assert LINK.link(page) == page


def test_only_the_main_content_of_a_page_is_read():
    page = "<header>拨打 12356</header><article><p>拨打 12356</p></article><footer>拨打 110</footer>"
    assert LINK.link_page(page) == ('<header>拨打 12356</header><article><p>拨打 <a class="xa-tel" href="tel:12356">'
                                    '12356</a></p></article><footer>拨打 110</footer>')


WORDS = st.sampled_from(["拨打", "电话", "热线", "12356", "120", "110", "0755-82343051", "13800138000", "分钟", " ",
                         "、", "（急救）", "<", ">", "&", '"', "100%", "2026-11-22", "a", "1", "0"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(WORDS, max_size=30), st.sampled_from(["p", "li", "td", "code", "a"]))
def test_the_text_never_changes_and_linking_twice_changes_nothing(words, tag):
    text = "".join(words)
    attrs = ' href="x/"' if tag == "a" else ""
    fragment = f"<{tag}{attrs}>{html.escape(text)}</{tag}> 后记"
    once = LINK.link(fragment)
    assert LINK.link(once) == once
    unwrapped = re.sub(r'<a class="xa-tel" href="tel:[0-9+]*">([^<]*)</a>', r"\1", once)
    assert unwrapped == fragment
    if tag in ("code", "a"):
        assert once.split("</" + tag + ">")[0] == fragment.split("</" + tag + ">")[0]
