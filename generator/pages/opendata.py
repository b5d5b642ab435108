"""Open-data pages: the catalogue and one page per package (its files are written by generator.opendata)."""
from __future__ import annotations

from generator.context import Site


def docs(site: Site, env, summaries: list[dict]) -> dict[str, str]:
    out = {"open-data/index.md": env.get_template("opendata_index.md").render(
        site=site, config=site.config, today=site.today, packages=summaries)}
    page = env.get_template("opendata_package.md")
    for p in summaries:
        out[f"open-data/{p['name']}/index.md"] = page.render(p=p)
    return out
