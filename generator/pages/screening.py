"""Self-screening pages: the index and one printable questionnaire per YAML file, scored in the browser."""
from __future__ import annotations

import re

from generator.context import Site
from generator.screening import scoring_table

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "screening"
READS = ("articles",)
SEARCHED = False

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def _html_block(html: str) -> str:
    # A blank line would end Markdown's raw-HTML block and let the rest be parsed as Markdown.
    return _BLANK_LINES.sub("\n", html).strip("\n")


def docs(site: Site, env) -> dict[str, str]:
    if not site.questionnaires:
        return {}
    hotline = next((h for h in site.hotlines if h.kind == "crisis"), None)
    form = env.get_template("screening_form.html")
    page = env.get_template("screening.md")
    out = {}
    for q in site.questionnaires.values():
        articles = [site.articles[slug] for slug in q.articles if slug in site.articles]
        html = form.render(q=q, hotlines=site.hotlines, hotline=hotline, articles=articles)
        out[f"screening/{q.slug}/index.md"] = page.render(
            q=q, site=site, hotlines=site.hotlines, form=_html_block(html), table=scoring_table(q),
            overdue=q.next_review < site.today)
    out["screening/index.md"] = env.get_template("screening_index.md").render(
        site=site, questionnaires=list(site.questionnaires.values()), hotlines=site.hotlines)
    return out


def records(site, env, want=None):
    return iter(())


def files(site, write):
    return None
