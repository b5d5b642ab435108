"""Open-data pages: the catalogue, one page per package and one changelog per package, each with the JSON-LD a
harvester or search engine reads (the files themselves are written by generator.opendata)."""
from __future__ import annotations

from markupsafe import Markup

from generator.context import Site
from generator.opendata import CATALOG, PublishedPackage, package_url, publisher_name
from generator.templating import jsonld

SHOWN_CHANGES = 50  # records listed per kind of change; a bigger diff is summarised by its count


def _organisation(site: Site) -> dict:
    return {"@type": "Organization", "name": publisher_name(site), "url": site.config.site_url}


def dataset_jsonld(site: Site, p: PublishedPackage) -> dict:
    """schema.org Dataset for one package, as search engines' dataset search reads it."""
    url = package_url(site, p)
    fields = [f for r in p.resources for f in r.fields]
    data = {
        "@context": "https://schema.org", "@type": "Dataset", "@id": url, "url": url, "identifier": p.name,
        "name": p.title, "description": p.description, "version": p.version, "keywords": p.keywords,
        "inLanguage": "zh-CN", "isAccessibleForFree": True, "dateModified": p.updated.isoformat(),
        "creator": _organisation(site), "publisher": _organisation(site),
        "spatialCoverage": {"@type": "Place", "name": site.config.city + site.config.district},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": f"{site.config.site_name}开放数据",
                                  "url": f"{site.config.site_url}open-data/"},
        "distribution": [{"@type": "DataDownload", "name": d.label, "encodingFormat": d.media_type,
                          "contentUrl": url + d.href, "contentSize": f"{d.bytes} B"} for d in p.downloads],
        "variableMeasured": [{"@type": "PropertyValue", "name": f["name"], "description": f["title"]} for f in fields],
    }
    if p.license["path"]:
        data["license"] = p.license["path"]
    return data


def catalog_jsonld(site: Site, packages: list[PublishedPackage]) -> dict:
    url = f"{site.config.site_url}open-data/"
    return {"@context": "https://schema.org", "@type": "DataCatalog", "@id": url, "url": url,
            "name": f"{site.config.site_name}开放数据", "inLanguage": "zh-CN", "publisher": _organisation(site),
            "dataset": [{"@type": "Dataset", "@id": package_url(site, p), "name": p.title, "url": package_url(site, p),
                         "version": p.version, "dateModified": p.updated.isoformat()} for p in packages]}


def docs(site: Site, env, packages: list[PublishedPackage]) -> dict[str, str]:
    out = {"open-data/index.md": env.get_template("opendata_index.md").render(
        site=site, config=site.config, today=site.today, packages=packages, catalog=CATALOG,
        ld=Markup(jsonld(catalog_jsonld(site, packages))))}
    page = env.get_template("opendata_package.md")
    changes = env.get_template("opendata_changelog.md")
    for p in packages:
        out[f"open-data/{p.name}/index.md"] = page.render(
            site=site, config=site.config, p=p, url=package_url(site, p), ld=Markup(jsonld(dataset_jsonld(site, p))))
        out[f"open-data/{p.name}/changelog/index.md"] = changes.render(
            site=site, p=p, log=p.changelog, shown=SHOWN_CHANGES)
    return out
