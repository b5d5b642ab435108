"""The page kinds, in the order the build makes them. A kind is a module in generator/pages/ with

* `docs(site, env)`: the Markdown pages the renderer draws (lists, indexes, editorial pages of the kind);
* `records(site, env, want)`: the record pages stamped into the shell (`pages.Record`), each asked of `want` first;
* `files(site, write)`: its own files (lookup shards, .ics, JSON, feeds);
* `NAME`, the part names' suffix (`records:<NAME>`, `files:<NAME>`); `READS`, the inputs its record pages and files
  are made from besides the settings, templates and shell (data packages by name, "releases" for
  data/releases/, "articles" for the articles and data/editorial/); `SEARCHED`, whether the search index reads
  its record pages (they are stamped first, so Pagefind can start while the registry is stamped).

Adding a kind: write its module and add it to KINDS.
"""
from __future__ import annotations

from generator.pages import articles, coverage, home, lectures, registry, screening, stations

KINDS = (home, stations, registry, lectures, articles, screening, coverage)
SEARCHED = tuple(kind for kind in KINDS if kind.SEARCHED)
