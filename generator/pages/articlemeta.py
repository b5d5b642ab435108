"""schema.org JSON-LD of an article page: a MedicalWebPage saying who reviewed it, when, for whom and about what."""
from __future__ import annotations

from generator.context import Site
from generator.opendata import publisher_name


def article_jsonld(site: Site, a, topics: dict[str, str], audiences: dict[str, str]) -> dict:
    """Reviewed health content as search engines and health-information harvesters read it."""
    url = site.config.site_url + a.url
    publisher = {"@type": "Organization", "name": publisher_name(site), "url": site.config.site_url}
    return {
        "@context": "https://schema.org", "@type": "MedicalWebPage", "@id": url, "url": url, "name": a.title,
        "description": a.summary, "inLanguage": "zh-CN", "isAccessibleForFree": True,
        "lastReviewed": a.reviewed_on.isoformat(), "dateModified": (a.last_changed or a.updated_on).isoformat(),
        "reviewedBy": {"@type": "Person", "name": a.reviewer_name, "jobTitle": a.reviewer_credentials},
        "author": [{"@type": "Person", "name": name} for name in a.authors],
        "publisher": publisher,
        "audience": [{"@type": "PeopleAudience", "audienceType": audiences.get(x, x)} for x in a.audiences],
        "about": [{"@type": "Thing", "name": topics.get(t, t)} for t in a.topics],
        "keywords": [topics.get(t, t) for t in a.topics],
        "citation": [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in a.sources],
        "isPartOf": {"@type": "WebSite", "name": site.config.site_name, "url": site.config.site_url},
    }
