"""The home page: crisis lines first, then the five things people come for."""
from __future__ import annotations

from generator import editorial
from generator.context import Site
from generator.schema import PACKAGES

# What this kind is called, reads and gives the search index (generator/kinds.py says how they are used).
NAME = "home"
READS = (*PACKAGES, "articles")  # the search words file: data/editorial/ is digested with the articles
SEARCHED = False

SHOWN, SPARE = 5, 10  # upcoming lectures listed on the home page, and how many more the page carries


def docs(site: Site, env) -> dict[str, str]:
    now = site.today
    upcoming = sorted((lec for lec in site.lectures.values() if lec.start.date() >= now and lec.status != "cancelled"),
                      key=lambda x: (x.start, x.id))
    newest = sorted(site.articles.values(), key=lambda a: (a.updated_on, a.slug), reverse=True)[:5]
    in_service = sum(not s.retired for s in site.stations.values())  # closed and moved stations are not offered
    counts = {"stations": in_service, "upcoming": len(upcoming), "articles": len(site.articles)}
    # Spares beyond the five shown: assets/clock.js hides those that have passed on the reader's date.
    text = env.get_template("home.md").render(site=site, config=site.config, hotlines=site.hotlines, today=now,
                                              upcoming=upcoming[:SHOWN + SPARE], shown=SHOWN, newest=newest,
                                              counts=counts)
    return {"index.md": text}


def records(site, env, want=None):
    return iter(())


def files(site, write):
    """The words every search box reads: crisis phrases with the crisis lines, and the synonym table."""
    write(editorial.BROWSER_FILE, editorial.browser_json(site.words, site.hotlines))
