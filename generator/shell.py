"""The site's shell: one page rendered by the renderer, split at a marker, filled for each record page."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from generator import layers

TITLE = "XINANSHELLTITLE"
DESCRIPTION = "XINANSHELLDESCRIPTION"
HEAD = "<!--XINANSHELLHEAD-->"
CONTENT = "<!--XINANSHELLCONTENT-->"
# One shell per URL depth, so the renderer's relative links are right for the record pages stamped from it.
SHELL_PATHS = {2: "xinan-shell/page", 3: "xinan-shell/page/deep"}
_INDENT = re.compile(r"\n\s+")
_TOKENS = re.compile("(" + "|".join(re.escape(t) for t in (TITLE, DESCRIPTION, HEAD, CONTENT, "URLPATH")) + ")")


def shell_markdown(section: bool = False) -> str:
    """The renderer's page for a shell. A section shell is a page of the nav (a long list page such as stations/):
    the renderer draws it at its own URL with its tab marked current, and the list is stamped into it."""
    hide = "hide: [toc]\n" if section else ""
    return f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\nxinan_shell: true\n{hide}---\n\n{CONTENT}\n"


def section_urls(pages: dict[str, str]) -> list[str]:
    """The URLs of the section shells among the renderer's pages (Markdown path -> text)."""
    stub = shell_markdown(section=True)
    return sorted(rel[: -len("index.md")] for rel, text in pages.items() if text == stub and rel.endswith("index.md"))


@dataclass
class Shell:
    parts: list[str]  # literal text and tokens, alternating

    @classmethod
    def from_html(cls, text: str, shell_path: str | None) -> "Shell":
        if text.count(CONTENT) != 1:
            raise RuntimeError("shell page: the content marker must appear exactly once")
        if shell_path is not None:  # a section shell is already at its page's URL
            text = text.replace(shell_path + "/", "URLPATH")
        return cls([_trim(p) for p in _TOKENS.split(text)])

    def page(self, *, url: str, title: str, description: str, head: str, content: str, scripts=()) -> str:
        """The record page at `url`; `scripts` are page-script keys (layers.PAGE_SCRIPTS), module tags in its head."""
        if scripts:
            head += layers.script_tags(scripts, "../" * (url.strip("/").count("/") + 1))
        values = {TITLE: html.escape(title, quote=True), DESCRIPTION: html.escape(description, quote=True),
                  HEAD: head, CONTENT: content, "URLPATH": url}
        return "".join(values.get(p, p) for p in self.parts)


def _trim(part: str) -> str:
    """Drop the theme templates' indentation and blank lines: a third of every record page's bytes. A line break
    is kept where there was one, so text still flows the same; parts holding preformatted text are left alone."""
    if "<pre" in part or "<textarea" in part:
        return part
    return _INDENT.sub("\n", part)


def load_shells(site_dir: Path, sections: list[str] = ()) -> dict[int | str, Shell]:
    """The shells by URL depth (record pages) and by URL (section pages); their files leave the rendered site."""
    shells: dict[int | str, Shell] = {}
    for depth, rel in SHELL_PATHS.items():
        page = site_dir / rel / "index.html"
        shells[depth] = Shell.from_html(page.read_text(encoding="utf-8"), rel)
    for url in sections:
        shells[url] = Shell.from_html((site_dir / url / "index.html").read_text(encoding="utf-8"), None)
    for rel in [*SHELL_PATHS.values(), *(u.rstrip("/") for u in sections)]:
        (site_dir / rel / "index.html").unlink()
    _remove_empty_dirs(site_dir / "xinan-shell")
    return shells


def _remove_empty_dirs(top: Path) -> None:
    for d in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        d.rmdir()
    top.rmdir()
