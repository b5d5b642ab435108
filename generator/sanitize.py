"""What an article body may hold: allowed HTML elements, attributes and link schemes, checked line by line for the
editor before the build, and enforced again by the nh3 sanitizer on the rendered article pages."""
from __future__ import annotations

import bisect
import html
import re
from pathlib import Path

import nh3

# Elements an article may write as HTML (Markdown makes the same ones), and what the article template adds.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
# Attributes on every allowed element, then per element.
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "role", "aria-label", "aria-labelledby",
                               "aria-describedby", "aria-hidden"})
ATTRIBUTES = {
    "a": {"href", "rel"}, "img": {"src", "alt", "width", "height", "loading"}, "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "scope", "style"}, "details": {"open"},
    "time": {"datetime"}, "q": {"cite"}, "blockquote": {"cite"}, "col": {"span"}, "colgroup": {"span"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# md_in_html's switch: read by the renderer, never written to the page.
EDITOR_ONLY_ATTRIBUTES = frozenset({"markdown"})
# Column alignment from Markdown tables is the only inline style kept.
STYLE_PROPERTIES = frozenset({"text-align"})

BODY_START = "<!--xinan-article-body-->"
BODY_END = "<!--/xinan-article-body-->"

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\"[^\"]*\"|'[^']*'|[^'\"<>])*)(>?)")
_ATTR = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_LINK = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\))*)")  # a destination may hold balanced ( )
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
MAX_BODY = 200_000  # characters (a long article is 10,000): a bound on checking and rendering time
MAX_SHOWN = 20  # problems listed per article; the rest are counted
SHOWN = 30  # at most this many characters of an offending value are quoted back


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def url_problem(url: str) -> str | None:
    """Why a link target is not allowed, or None: http(s), mailto, tel and links within the site only."""
    plain = _INVISIBLE.sub("", html.unescape(url))  # browsers ignore tabs and line breaks inside a scheme
    match = _SCHEME.match(plain)
    if match and match.group(1).lower() not in URL_SCHEMES:
        return (f"链接“{_short(url)}”使用了不允许的协议 {match.group(1).lower()}:"
                "（只允许 https://、http://、mailto:、tel: 和站内相对链接）")
    return None


_ALLOWED = {tag: COMMON_ATTRIBUTES | ATTRIBUTES.get(tag, set()) | EDITOR_ONLY_ATTRIBUTES for tag in TAGS | {"*"}}


def _attribute_problems(tag: str, attrs: str) -> list[str]:
    found = []
    allowed = _ALLOWED[tag]
    for name, value in _ATTR.findall(attrs):
        name = name.lower()
        if name not in allowed:
            why = "事件属性会运行脚本" if name.startswith("on") else "不在允许的属性之列"
            found.append(f"<{tag}> 不允许使用属性 {_short(name)}（{why}）")
        elif name == "style" and not re.fullmatch(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*",
                                                  value.strip("\"'")):
            found.append(f"<{tag}> 的 style 只能是 text-align（表格列对齐）")
        elif name in URL_ATTRIBUTES and (why := url_problem(value.strip("\"'"))):
            found.append(why)
    return found


def check_body(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for everything in a Markdown body outside the allow-list, in order."""
    if len(body) > MAX_BODY:
        return [(first_line, f"正文过长（超过 {MAX_BODY:,} 字符）：请拆分为几篇文章")]
    found: list[tuple[int, int, str]] = []
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)  # code is shown, never run

    breaks = [m.start() for m in re.finditer("\n", text)]

    def add(offset: int, message: str) -> None:
        found.append((first_line + bisect.bisect_left(breaks, offset), offset, message))

    for m in re.finditer(r"<[!?]", text):
        add(m.start(), "不允许使用 HTML 注释或声明（<!-- -->、<!…>、<?…>）：审核时看不到其中的内容")
    for m in _AUTOLINK.finditer(text):
        if why := url_problem(m.group(1)):
            add(m.start(), why)
    autolinks = {m.start() for m in _AUTOLINK.finditer(text)}
    for m in _TAG.finditer(text):
        if m.start() in autolinks or m.group(1):  # a closing tag: its opening tag is the one reported
            continue
        tag = m.group(2).lower()
        if tag not in TAGS:
            add(m.start(), f"不允许使用 HTML 元素 <{_short(tag)}>（可用 Markdown 写法，或允许的元素："
                           "p、br、strong、em、a、img、ul、ol、li、table、div、span 等，见编辑指南）")
            continue
        for message in _attribute_problems(tag, m.group(3)) if m.group(3).strip() else ():
            add(m.start(), message)
    for pattern in (_LINK, _REFERENCE):
        for m in pattern.finditer(text):
            if why := url_problem(m.group(1)):
                add(m.start(1), why)
    for m in _ATTR_LIST.finditer(text):
        if "=" not in m.group(1):
            continue  # {#id .class}: names only
        for message in _attribute_problems("*", m.group(1)):
            add(m.start(), message.replace("<*> ", "属性列表 {…} 中"))
    found.sort()
    shown = [(line, message) for line, _, message in found[:MAX_SHOWN]]
    if len(found) > MAX_SHOWN:
        shown.append((found[MAX_SHOWN][0], f"另有 {len(found) - MAX_SHOWN} 处不允许的标记未逐一列出"))
    return shown


def clean(fragment: str) -> str:
    """The last line of defence: the allow-list applied to rendered HTML by nh3 (ammonia)."""
    return nh3.clean(
        fragment, tags=set(TAGS), clean_content_tags={"script", "style"},
        attributes={"*": set(COMMON_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}},
        url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES))


def clean_page(page: str) -> str | None:
    """The page with its article part sanitized, or None when its markers are not both there once."""
    start, end = page.find(BODY_START), page.rfind(BODY_END)
    if start < 0 or end < start or page.count(BODY_START) != 1:
        return None
    inner = page[start + len(BODY_START):end]
    return page[:start] + BODY_START + clean(inner) + BODY_END + page[end + len(BODY_END):]


def clean_articles(site_dir: Path, slugs) -> list[str]:
    """Sanitize every rendered article page; returns those whose article part could not be found."""
    lost = []
    for slug in slugs:
        page = site_dir / "articles" / slug / "index.html"
        if not page.exists():
            continue
        text = page.read_text(encoding="utf-8")
        cleaned = clean_page(text)
        if cleaned is None:
            lost.append(f"articles/{slug}/")
        elif cleaned != text:
            page.write_text(cleaned, encoding="utf-8")
    return lost
