"""Articles: one page each (rendered from Markdown by the renderer), the index, and the Atom feed."""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from markupsafe import Markup

from generator.context import Site
from generator.pages import field_labels
from generator.pages.articlemeta import article_jsonld
from generator.templating import jsonld

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "articles"
READS = ("articles",)
SEARCHED = False


def related_index(site: Site) -> dict[str, list]:
    """Each article's related articles: most shared topics (2 points each) and audiences (1 point each), then
    by slug; at most four. Counted through a topic/audience index, not by comparing every pair."""
    by_topic: dict[str, list] = {}
    by_audience: dict[str, list] = {}
    for b in site.articles.values():
        for t in set(b.topics):
            by_topic.setdefault(t, []).append(b)
        for x in set(b.audiences):
            by_audience.setdefault(x, []).append(b)
    related = {}
    for a in site.articles.values():
        score: dict[str, int] = {}
        for t in set(a.topics):
            for b in by_topic[t]:
                score[b.slug] = score.get(b.slug, 0) + 2
        for x in set(a.audiences):
            for b in by_audience[x]:
                score[b.slug] = score.get(b.slug, 0) + 1
        score.pop(a.slug, None)
        best = sorted(score.items(), key=lambda item: (-item[1], item[0]))[:4]
        related[a.slug] = [site.articles[slug] for slug, _ in best]
    return related


def docs(site: Site, env) -> dict[str, str]:
    lab = field_labels(site, "lectures", "lectures", "topic", "audiences")
    page = env.get_template("article.md")
    out = {}
    related = related_index(site)
    for a in site.articles.values():
        out[f"articles/{a.slug}/index.md"] = page.render(
            site=site, a=a, hotlines=site.hotlines, related=related[a.slug],
            overdue=a.next_review < site.today,
            stations=[site.stations[s] for s in a.related_stations],
            lectures=[site.lectures[x] for x in a.related_lectures],
            ld=Markup(jsonld(article_jsonld(site, a, lab["topic"], lab["audiences"]))))
    ordered = sorted(site.articles.values(), key=lambda a: (a.title, a.slug))
    groups = {"topic": [], "audience": []}
    group_page = env.get_template("articles_group.md")
    for kind, field, heading in (("topic", "topics", "主题：{}"), ("audience", "audiences", "适合{}")):
        labels = lab["topic" if kind == "topic" else "audiences"]
        for code, label in labels.items():
            members = [a for a in ordered if code in getattr(a, field)]
            if not members:
                continue
            groups[kind].append((code, label, len(members)))
            out[f"articles/{kind}/{code}/index.md"] = group_page.render(
                title=heading.format(label), articles=members, labels=lab)
    out["articles/index.md"] = env.get_template("articles_index.md").render(
        articles=ordered, labels=lab, groups=groups)
    return out


def records(site, env, want=None):
    return iter(())


def files(site: Site, write) -> None:
    """Atom feed of published articles; `updated` comes from the data, never from the wall clock."""
    base = site.config.site_url
    items = sorted((a for a in site.articles.values() if a.status == "published"),
                   key=lambda a: (a.updated_on, a.slug), reverse=True)
    updated = max((a.updated_on for a in items), default=site.today)
    entries = []
    for a in items:
        stamp = dt.datetime.combine(a.updated_on, dt.time(0, 0)).isoformat() + "+08:00"
        entries.append(
            f"<entry><id>{base}articles/{a.slug}/</id><title>{escape(a.title)}</title>"
            f'<link rel="alternate" href="{base}articles/{a.slug}/"/><updated>{stamp}</updated>'
            f"<author><name>{escape('、'.join(a.authors))}</name></author><summary>{escape(a.summary)}</summary></entry>")
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
            f"<id>{base}articles/</id><title>{escape(site.config.site_name)} · 科普文章</title>"
            f'<link rel="self" href="{base}articles/feed.xml"/><link rel="alternate" href="{base}articles/"/>'
            f"<updated>{updated.isoformat()}T00:00:00+08:00</updated>" + "".join(entries) + "</feed>\n")
    write("articles/feed.xml", feed)
