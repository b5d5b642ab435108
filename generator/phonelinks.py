"""Phone numbers written as text become links to the dialler (`<a class="xa-tel" href="tel:…">`), wherever they
appear: in the article and page Markdown (12356, 0755-8xxxxxxx in prose), and in record pages' data text.

Only text between tags is read: a number inside an attribute, an existing link, code, a script or a form control
is left as it is, so running this twice changes nothing. What counts as a phone number:
- a landline with its area code (0755-82343051, 0755 8234 3051), a mobile (13800138000), a 400/800 line;
- a hotline number from data/hotlines (12356, 12320, 120, 110). A number of three or four digits is linked only
  beside words that say it is a phone number (拨打 120, 120 急救电话), so "120 分钟" or "110 平方米" stay text.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from generator.templating import tel

# Elements whose text is never linked: links themselves, code, scripts, and what a reader types or picks.
_SKIP = ("a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "title", "button", "option", "select",
         "svg", "template")
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\"[^\"]*\"|'[^']*'|[^'\">])*>|<",
                    re.S)
_GENERAL = (r"0\d{2,3}[- ]?\d{7,8}"          # landline with area code
            r"|1[3-9]\d{9}"                   # mobile
            r"|[48]00[- ]?\d{3}[- ]?\d{4}")   # 400 / 800 service lines
# Words that make a short number a phone number: before it (拨打 120) or right after it (120 急救电话, 110（报警）).
_BEFORE = re.compile(r"(拨打|致电|拨|电话|热线|号码|呼叫)[^。；！？\n]{0,8}$")
_AFTER = re.compile(r"^\s*[（(]?\s*(急救|报警|电话|热线|心理援助|卫生健康)")
_EDGE = r"(?<![A-Za-z0-9_.\-/%+])({})(?![A-Za-z0-9_.\-/%])"  # ASCII edges: Chinese text may touch a number


class Linker:
    """Wraps the phone numbers in HTML text; built once per build from the hotline numbers in the data."""

    def __init__(self, hotline_numbers=()):
        numbers = sorted({n for n in hotline_numbers if n and n.isdigit()}, key=len, reverse=True)
        alternatives = [_GENERAL] + [re.escape(n) for n in numbers]
        self.pattern = re.compile(_EDGE.format("|".join(alternatives)))

    def _text(self, text: str) -> str:
        # Entities stay as they are: numbers are ASCII digits, so matching the raw text is exact.
        def wrap(m: re.Match) -> str:
            number = m.group(1)
            if len(number) < 5 and number.isdigit():
                if not (_BEFORE.search(text[max(0, m.start() - 16):m.start()]) or _AFTER.match(text[m.end():m.end() + 8])):
                    return number
            return f'<a class="xa-tel" href="{html.escape(tel(number.replace(" ", "")))}">{number}</a>'
        return self.pattern.sub(wrap, text)

    def link(self, fragment: str) -> str:
        """The fragment with every phone number in its text linked."""
        if not self.pattern.search(fragment):
            return fragment
        out, skip, pos = [], [], 0
        for m in _TOKEN.finditer(fragment):
            text = fragment[pos:m.start()]
            out.append(text if skip else self._text(text))
            out.append(m.group())
            pos = m.end()
            name = (m.group(2) or "").lower()
            if name in _SKIP and not m.group().endswith("/>"):
                if m.group(1):  # a closing tag: leave the innermost open element of that name
                    for i in range(len(skip) - 1, -1, -1):
                        if skip[i] == name:
                            del skip[i:]
                            break
                else:
                    skip.append(name)
        tail = fragment[pos:]
        out.append(tail if skip else self._text(tail))
        return "".join(out)

    def link_page(self, page: str) -> str:
        """A whole rendered page: only the main content (`<article …>` … `</article>`), never the header, the
        navigation or the footer."""
        start = page.find("<article")
        end = page.rfind("</article>")
        if start < 0 or end < start:
            return page
        return page[:start] + self.link(page[start:end]) + page[end:]

    def link_tree(self, site_dir: Path) -> None:
        for path in sorted(site_dir.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            linked = self.link_page(text)
            if linked != text:
                path.write_text(linked, encoding="utf-8")
