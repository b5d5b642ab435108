"""What the shared page chrome (generator/theme/partials/xa-freshness.html) prints on every page: the data's date,
when the reader should be told they may be out of date, and the line to call to check."""
from __future__ import annotations

from generator.context import Site
from generator.templating import zh_date


def values(site: Site) -> dict:
    crisis = next((h for h in site.hotlines if h.kind == "crisis"), site.hotlines[0] if site.hotlines else None)
    return {
        "reference_date": site.today.isoformat(),
        "reference_date_zh": zh_date(site.today),
        "stale_after_days": site.config.data_stale_after_days,
        "hotline_name": crisis.name if crisis else "",
        "hotline": crisis.number if crisis else "",
    }
