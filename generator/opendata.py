"""Open data: each package republished with public fields only, sizes and hashes, plus GeoJSON and iCalendar."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import ical
from generator.context import Site
from generator.schema import PACKAGES, ResourceSpec

ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed zip entry times: same inputs, same bytes


@dataclass
class Download:
    href: str
    label: str
    size: str
    sha256: str = ""


@dataclass
class PublishedResource:
    name: str
    title: str
    description: str
    records: int
    fields: list[dict]
    keys: list[str]
    preview_header: list[str]
    preview: list[list[str]]
    downloads: list[Download] = field(default_factory=list)


def human_size(n: int) -> str:
    return f"{n} 字节" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


def public_rows(site: Site, package: str, res: ResourceSpec) -> tuple[list[str], list[list[str]]]:
    """The resource's public columns, values exactly as in the source file."""
    path = site.tables.paths[(package, res.name)]
    raw = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = next(reader)
    keep = [i for i, name in enumerate(header) if name in {f.name for f in res.public_fields}]
    order = sorted(keep, key=lambda i: [f.name for f in res.fields].index(header[i]))
    rows = [[cells[i] if i < len(cells) else "" for i in order] for cells in reader if any(c.strip() for c in cells)]
    return [header[i] for i in order], rows


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _write(path: Path, data: bytes) -> tuple[int, str]:
    path.write_bytes(data)
    return len(data), hashlib.sha256(data).hexdigest()


def _constraint_text(f) -> str:
    parts = []
    c = f.constraints
    if c.get("unique"):
        parts.append("唯一")
    if "pattern" in c:
        parts.append(f"格式 {c['pattern']}")
    if "minimum" in c:
        parts.append(f"最小 {c['minimum']}")
    if "maximum" in c:
        parts.append(f"最大 {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"最多 {c['maxLength']} 字")
    if f.categories:
        parts.append("取值：" + "；".join(f"{k}（{v}）" for k, v in f.categories.items()))
    if f.type == "list":
        parts.append(f"多个值以“{f.delimiter}”分隔")
    return "，".join(parts)


def _key_text(site: Site, res: ResourceSpec) -> list[str]:
    out = []
    for fk in res.foreign_keys + res.external_foreign_keys:
        ref = fk["reference"]
        pkg = ref.get("package", res.package)
        target = site.specs[pkg].resources[ref["resource"]]
        out.append(f"{'、'.join(fk['fields'])} 对应 {pkg} 数据包 {target.title}表的 {'、'.join(ref['fields'])}")
    return out


def geojson(site: Site) -> dict:
    kinds = site.labels("stations", "stations", "kind")
    features = []
    for s in sorted(site.stations.values(), key=lambda s: s.id):
        if not s.has_place:
            continue
        features.append({"type": "Feature", "id": s.id,
                         "geometry": {"type": "Point", "coordinates": [s.longitude, s.latitude]},
                         "properties": {"id": s.id, "name": s.name, "kind": s.kind, "kind_label": kinds[s.kind],
                                        "street": s.street, "community": s.community, "address": s.address,
                                        "phones": s.phones, "hours": s.hours_text, "fee": s.fee,
                                        "url": site.config.site_url + s.url}})
    return {"type": "FeatureCollection", "features": features}


def _lecture_feeds(site: Site, directory: Path) -> list[Download]:
    lectures = list(site.lectures.values())
    feeds = [("lectures.ics", "全部讲座日历订阅（iCalendar）", lectures, f"{site.config.district}心理健康讲座")]
    for street in site.streets.values():
        subset = [x for x in lectures if x.street == street.id]
        feeds.append((f"street-{street.id}.ics", f"{street.name}街道讲座日历", subset, f"{street.name}街道心理健康讲座"))
    audiences = site.labels("lectures", "lectures", "audiences")
    for code, label in audiences.items():
        subset = [x for x in lectures if code in x.audiences]
        feeds.append((f"audience-{code}.ics", f"面向{label}的讲座日历", subset, f"面向{label}的心理健康讲座"))
    out = []
    for name, label, subset, title in feeds:
        size, digest = _write(directory / name, ical.calendar(subset, site, title))
        out.append(Download(name, label, human_size(size), digest))
    return out


def publish(site: Site, out: Path) -> list[dict]:
    """Write /open-data/<package>/ for every package; returns the summaries the catalogue page lists."""
    summaries = []
    for name in PACKAGES:
        spec = site.specs[name]
        directory = out / "open-data" / name
        directory.mkdir(parents=True, exist_ok=True)
        descriptor = json.loads(json.dumps(spec.descriptor, default=str))
        descriptor.pop("$schema", None)
        descriptor["$schema"] = "https://datapackage.org/profiles/2.0/datapackage.json"
        published, files = [], []
        for res_desc in descriptor["resources"]:
            res = spec.resources[res_desc["name"]]
            header, rows = public_rows(site, name, res)
            res_desc["schema"]["fields"] = [f for f in res_desc["schema"]["fields"] if f.get("public", True) is not False]
            size, digest = _write(directory / res.path, to_csv(header, rows).encode("utf-8"))
            res_desc["bytes"] = size
            res_desc["hash"] = f"sha256:{digest}"
            files.append(res.path)
            stem = res.path.rsplit(".", 1)[0]
            excel_size, excel_digest = _write(directory / f"{stem}.excel.csv", to_csv(header, rows).encode("utf-8-sig"))
            records = [dict(zip(header, r)) for r in rows]
            json_size, json_digest = _write(directory / f"{stem}.json", json.dumps(
                records, ensure_ascii=False, indent=1).encode("utf-8"))
            downloads = [Download(res.path, "CSV（UTF-8）", human_size(size), digest),
                         Download(f"{stem}.excel.csv", "CSV（带 BOM，Excel 直接打开）", human_size(excel_size), excel_digest),
                         Download(f"{stem}.json", "JSON", human_size(json_size), json_digest)]
            if name == "stations" and res.name == "stations":
                gsize, gdigest = _write(directory / "stations.geojson", json.dumps(
                    geojson(site), ensure_ascii=False).encode("utf-8"))
                downloads.append(Download("stations.geojson", "GeoJSON（WGS-84）", human_size(gsize), gdigest))
            if name == "lectures":
                downloads.extend(_lecture_feeds(site, directory))
            published.append(PublishedResource(
                name=res.name, title=res.title, description=str(res.raw.get("description", "")), records=len(rows),
                fields=[{"name": f.name, "title": f.title, "type": f.type, "required": f.required,
                         "constraints": _constraint_text(f), "description": f.description,
                         "example": "" if f.example is None else f.example} for f in res.public_fields],
                keys=_key_text(site, res), preview_header=header, preview=rows[:5], downloads=downloads))
        text = json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        (directory / "datapackage.json").write_text(text, encoding="utf-8")
        with zipfile.ZipFile(directory / f"{name}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            for member in ["datapackage.json", *files]:
                info = zipfile.ZipInfo(f"{name}/{member}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, (directory / member).read_bytes())
        licence = (spec.descriptor.get("licenses") or [{}])[0]
        summaries.append({"name": name, "title": spec.descriptor.get("title", name),
                          "summary": str(spec.descriptor.get("description", "")).split("【")[0].strip(),
                          "description": spec.descriptor.get("description", ""), "version": spec.version,
                          "license": licence.get("title") or licence.get("name", ""), "sample": spec.is_sample,
                          "records": sum(r.records for r in published), "resources": published})
    return summaries
