"""Articles: one page each (rendered from Markdown by the renderer), the index, and the Atom feed."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from generator.context import Site
from generator.pages import field_labels


def _related(site: Site, a):
    def score(b):
        return 2 * len(set(a.topics) & set(b.topics)) + len(set(a.audiences) & set(b.audiences))
    others = [b for b in site.articles.values() if b.slug != a.slug and score(b) > 0]
    return sorted(others, key=lambda b: (-score(b), b.slug))[:4]


def edit_url(site: Site, a) -> str:
    """Link to the article's source file; only articles have one, generated pages do not."""
    repo, edit_uri = site.config.repo_url, site.config.edit_uri
    if not repo or not edit_uri:
        return ""
    return f"{repo.rstrip('/')}/{edit_uri.strip('/')}/articles/{a.slug}.md"


def docs(site: Site, env) -> dict[str, str]:
    lab = field_labels(site, "lectures", "lectures", "topic", "audiences")
    page = env.get_template("article.md")
    out = {}
    for a in site.articles.values():
        out[f"articles/{a.slug}.md"] = page.render(
            site=site, a=a, hotlines=site.hotlines, related=_related(site, a),
            overdue=a.next_review < site.today, edit_url=edit_url(site, a),
            stations=[site.stations[s] for s in a.related_stations],
            lectures=[site.lectures[x] for x in a.related_lectures])
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
            out[f"articles/{kind}/{code}.md"] = group_page.render(
                title=heading.format(label), articles=members, labels=lab)
    out["articles/index.md"] = env.get_template("articles_index.md").render(
        articles=ordered, labels=lab, groups=groups)
    return out


def records(site, env, want=None):
    return iter(())


def files(site: Site, out: Path) -> None:
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
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "articles" / "feed.xml").write_text(feed, encoding="utf-8")
