"""Open data: what /open-data/ serves as files.

Per package: public fields only, each resource as CSV (UTF-8), CSV with a BOM for Excel, XLSX and JSON, plus
GeoJSON for stations and iCalendar feeds for lectures, the whole package as a zip, and a datapackage.json that
lists every resource's bytes and sha256 hash. Each package is compared with its last release (see
generator.releases) and all of them are described in a DCAT catalogue, /open-data/catalog.jsonld.
Every byte follows from the data, the reference date and the git history, so two builds are identical.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl import xml as openpyxl_xml
from openpyxl.xml.functions import tostring
from xml.sax.saxutils import escape

from generator import catalogmeta, coverage_data, derived, feeds, forpeople, ical, releases, sqlitedb, textpolicy
from generator.cells import json_value
from generator.cells import number as number_as_written
from generator.context import Site
from generator.problems import BuildError, Report
from generator.schema import DESCRIPTOR, PACKAGES, FieldSpec, ResourceSpec

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/ZHO"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# file kind -> (media type, EU file-type code)
FORMATS = {"csv": ("text/csv", "CSV"), "xlsx": (XLSX_TYPE, "XLSX"), "json": ("application/json", "JSON"),
           "geojson": ("application/geo+json", "GEOJSON"), "ics": ("text/calendar", "ICS"),
           "zip": ("application/zip", "ZIP"), "sqlite": ("application/vnd.sqlite3", "")}  # no EU file-type code: the IANA type says it
FORMAT_NAMES = {"sqlite": "SQLite", "csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GeoJSON", "ics": "iCalendar", "zip": "ZIP"}
TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "布尔值（true/false）",
              "date": "日期", "datetime": "日期时间", "list": "列表"}
UPDATE_FIELDS = ("verified_on",)  # date fields that say when a record was last checked
PREVIEW_ROWS = 5
CATALOG = "catalog.jsonld"


@dataclass
class Download:
    href: str  # relative to the package folder
    label: str
    bytes: int
    sha256: str
    kind: str  # a FORMATS key

    @property
    def size(self) -> str:
        return human_size(self.bytes)

    @property
    def media_type(self) -> str:
        return FORMATS[self.kind][0]

    @property
    def format(self) -> str:
        return FORMATS[self.kind][1]


@dataclass
class PublishedResource:
    name: str
    title: str
    description: str
    records: int
    fields: list[dict]
    primary_key: list[str]
    keys: list[dict]  # foreign keys of this resource
    referenced_by: list[dict]  # foreign keys elsewhere that point here
    preview_header: list[dict]
    preview: list[list[str]]
    downloads: list[Download] = field(default_factory=list)
    table: tuple = ()  # (spec, header, rows, published foreign keys): what the database file is made of


@dataclass
class PublishedPackage:
    name: str
    title: str
    summary: str
    description: str
    version: str
    license: dict  # name, title, path
    sample: bool
    updated: dt.date
    keywords: list[str]
    sources: list[dict]
    resources: list[PublishedResource]
    files: list[Download]  # datapackage.json and the zip
    changelog: releases.Changelog
    meta: catalogmeta.CatalogMeta
    database: Download | None = None  # /open-data/xinan.sqlite, which holds this package's tables among others
    database_updated: dt.date | None = None

    @property
    def records(self) -> int:
        return sum(r.records for r in self.resources)

    @property
    def downloads(self) -> list[Download]:
        return self.files + [d for r in self.resources for d in r.downloads]

    @property
    def descriptor_file(self) -> Download:
        return self.files[0]

    @property
    def zip(self) -> Download:
        return self.files[1]

    @property
    def formats(self) -> list[str]:
        """The formats the resources come in, for people: CSV, XLSX, JSON, GeoJSON, iCalendar."""
        kinds = {d.kind for r in self.resources for d in r.downloads}
        return [name for kind, name in FORMAT_NAMES.items() if kind in kinds]


def human_size(n: int) -> str:
    return f"{n} 字节" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


# --- rows and their encodings ------------------------------------------------------------------------------------

def public_rows(site: Site, package: str, res: ResourceSpec) -> tuple[list[str], list[list[str]]]:
    """The resource's public columns in schema order, values exactly as in the source file."""
    path = site.tables.paths[(package, res.name)]
    raw = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = next(reader)
    order = [f.name for f in res.fields]
    public = {f.name for f in res.public_fields}
    keep = sorted((i for i, name in enumerate(header) if name in public), key=lambda i: order.index(header[i]))
    rows = [[cells[i] if i < len(cells) else "" for i in keep] for cells in reader if any(c.strip() for c in cells)]
    return [header[i] for i in keep], rows


def to_csv(header: list[str], rows: list[list[str]], newline: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def excel_rows(rows: list[list[str]], kinds: list[str]) -> list[list[str]]:
    """Rows for a spreadsheet: text cells that Excel would read as a formula get a leading ' (OWASP CSV injection);
    numbers, dates and booleans are left as they are."""
    text = [k in textpolicy.TEXT_TYPES for k in kinds]
    if not any(textpolicy.formula_like(v) for r in rows for v, t in zip(r, text) if t):
        return rows
    return [[textpolicy.spreadsheet_safe(v) if t else v for v, t in zip(r, text)] for r in rows]


def excel_csv(header: list[str], rows: list[list[str]], kinds: list[str] | None = None) -> bytes:
    # Excel on Chinese Windows reads a CSV without a BOM as GBK and garbles it; with one it reads UTF-8.
    # CRLF is what Windows tools (and RFC 4180) expect.
    rows = excel_rows(rows, kinds or ["string"] * len(header))
    return to_csv(header, rows, newline="\r\n").encode("utf-8-sig")


def records_json(res: ResourceSpec, header: list[str], rows: list[list[str]]) -> bytes:
    specs = {f.name: f for f in res.fields}
    fields = [specs.get(h) for h in header]
    # One record a line: readable and diffable, and each line goes through json's C encoder (indent= does not).
    lines = (json.dumps(dict(zip(header, (json_value(v, f) for v, f in zip(r, fields)))), ensure_ascii=False,
                        allow_nan=False) for r in rows)
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8") if rows else b"[]\n"


def fixed_zip(entries: list[tuple[str, bytes]], stamp: dt.date) -> bytes:
    """A zip whose entries all carry the same date, so the same inputs give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, (stamp.year, stamp.month, stamp.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _xlsx_text(value: str) -> str:
    # Excel cannot store most control characters; they cannot appear in a readable cell anyway.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if ILLEGAL_CHARACTERS_RE.search(value) else value


def _text_cell(ws, value: str, bold: bool = False):
    if value == "":
        return None
    cell = WriteOnlyCell(ws, value=_xlsx_text(value))
    cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(texts: list[str]) -> float:
    # CJK characters take two columns in Excel's default font.
    longest = max((sum(2 if ord(c) > 0x2E7F else 1 for c in t) for t in texts), default=8)
    return min(max(longest + 2, 8), 60)


def sheet_rows(rows: list[list[str]], columns: list[str], first: int) -> str:
    """SpreadsheetML <row> elements for the data rows, numbered from `first`: numbers for numeric fields, inline
    text for everything else (never a formula, so data cannot run in the reader's Excel), empty cells left out.
    Written here rather than cell by cell through openpyxl, which costs ~10 µs a cell (a 100,000-row register)."""
    letters = [get_column_letter(i + 1) for i in range(len(columns))]
    numeric = [k in ("integer", "number") for k in columns]
    out = []
    for n, row in enumerate(rows, first):
        cells = []
        for letter, is_number, value in zip(letters, numeric, row):
            if value == "":
                continue
            if is_number:
                cells.append(f'<c r="{letter}{n}" t="n"><v>{number_as_written(value)}</v></c>')
                continue
            text = escape(_xlsx_text(value))
            space = ' xml:space="preserve"' if text != text.strip() else ""
            cells.append(f'<c r="{letter}{n}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    return "".join(out)


def xlsx(res: ResourceSpec, header: list[str], rows: list[list[str]], stamp: dt.date) -> bytes:
    """The resource as an Excel workbook: the data sheet (same rows as the CSV, numbers as numbers, everything
    else as text) and a sheet describing each field. Byte-identical for the same inputs. openpyxl writes the
    workbook with the header row; the data rows are added to the first sheet's XML afterwards."""
    if openpyxl_xml.LXML:
        raise RuntimeError("openpyxl was imported with lxml before generator; the workbook bytes would differ")
    columns = _kinds(res, header)
    titles, shown = forpeople.header(res, header), excel_rows(forpeople.rows(res, header, rows), columns)
    wb = Workbook(write_only=True)
    data = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", "", res.title)[:31] or res.name[:31])  # Excel's sheet-name rules
    data.freeze_panes = "A2"
    for i, title in enumerate(titles):
        data.column_dimensions[get_column_letter(i + 1)].width = _width([title] + [r[i] for r in shown[:200]])
    data.append([_text_cell(data, h, bold=True) for h in titles])
    doc = wb.create_sheet(forpeople.FIELD_SHEET)
    doc.append([_text_cell(doc, h, bold=True) for h in forpeople.FIELD_SHEET_HEADER])
    for values in forpeople.field_rows(res, TYPE_NAMES):
        doc.append([_text_cell(doc, v) for v in values])
    moment = dt.datetime(stamp.year, stamp.month, stamp.day)
    wb.properties.creator = "心安"
    wb.properties.title = res.title
    wb.properties.created = moment
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps "modified" with the wall clock and zip entries with local time; both are rewritten.
    wb.properties.modified = moment
    core = tostring(wb.properties.to_tree())
    body = sheet_rows(shown, columns, 2).encode("utf-8")
    entries = []
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        for name in zf.namelist():
            raw = core if name == "docProps/core.xml" else zf.read(name)
            if name == "xl/worksheets/sheet1.xml":
                if raw.count(b"</sheetData>") != 1:
                    raise RuntimeError("unexpected worksheet XML from openpyxl")
                raw = raw.replace(b"</sheetData>", body + b"</sheetData>")
            entries.append((name, raw))
    return fixed_zip(entries, stamp)


# --- derived files -----------------------------------------------------------------------------------------------

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
                                        "status": s.status,
                                        "url": site.config.site_url + s.url}})
    return {"type": "FeatureCollection", "features": features}


def _write(directory: Path, name: str, data: bytes, label: str, kind: str) -> Download:
    (directory / name).write_bytes(data)
    return Download(name, label, len(data), hashlib.sha256(data).hexdigest(), kind)


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
    return [_write(directory, name, ical.calendar(subset, site, title), label, "ics")
            for name, label, subset, title in feeds]


def _kinds(res: ResourceSpec, header: list[str]) -> list[str]:
    types = {f.name: f.type for f in res.fields}
    return [types.get(h, "string") for h in header]


def resource_files(site: Site, res: ResourceSpec, header: list[str], rows: list[list[str]], directory: Path,
                   stamp: dt.date) -> list[Download]:
    """Every download of one resource; the first is the CSV the datapackage.json describes."""
    stem = res.path.rsplit(".", 1)[0]
    out = [_write(directory, res.path, to_csv(header, rows).encode("utf-8"), "CSV（UTF-8）", "csv"),
           _write(directory, f"{stem}.excel.csv",
                  excel_csv(forpeople.header(res, header), forpeople.rows(res, header, rows), _kinds(res, header)),
                  "CSV（带 BOM，Excel 直接打开，中文列名）", "csv"),
           _write(directory, f"{stem}.xlsx", xlsx(res, header, rows, stamp), "Excel 工作簿（XLSX，中文列名，附字段说明）", "xlsx"),
           _write(directory, f"{stem}.json", records_json(res, header, rows), "JSON", "json")]
    if res.package == "stations" and res.name == "stations":
        data = json.dumps(geojson(site), ensure_ascii=False, allow_nan=False).encode("utf-8")
        out.append(_write(directory, "stations.geojson", data, "GeoJSON（WGS-84）", "geojson"))
    if res.package == "lectures" and res.name == "lectures":
        out.extend(_lecture_feeds(site, directory))
    if res.package == "coverage" and res.name == "targets":
        out.extend(coverage_data.downloads(site, directory, _write))
    return out


# --- what the pages say about a package --------------------------------------------------------------------------

def _constraint_text(f: FieldSpec) -> str:
    c = f.constraints
    parts = ["唯一"] if c.get("unique") else []
    if "pattern" in c:
        parts.append(f"须匹配正则 {c['pattern']}")
    if "minimum" in c:
        parts.append(f"不小于 {c['minimum']}")
    if "maximum" in c:
        parts.append(f"不大于 {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"最多 {c['maxLength']} 个字")
    if f.raw.get("format") == "uri":
        parts.append("网址")
    if f.type == "list":
        parts.append(f"多个值以“{f.delimiter}”分隔")
    return "；".join(parts)


def field_docs(res: ResourceSpec) -> list[dict]:
    return [{"name": f.name, "title": f.title, "type": f.type, "type_label": TYPE_NAMES.get(f.type, f.type),
             "required": f.required, "constraints": _constraint_text(f), "values": list(f.categories.items()),
             "description": f.description, "example": _example(f.example)} for f in res.public_fields]


def _example(value) -> str:
    """An example as it would be written in the CSV (YAML reads `true` as a boolean)."""
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _key(site: Site, source: ResourceSpec, fk: dict, here: str) -> dict:
    """One foreign key, with what a page needs to say it in words and link its target."""
    ref = fk["reference"]
    package = ref.get("package", source.package)
    target = site.specs[package].resources[ref["resource"]]
    fields = [source.field(n) for n in fk["fields"]]
    return {"fields": [(f.name, f.title) for f in fields], "optional": not all(f.required for f in fields),
            "source_package": source.package,
            "source_package_title": site.specs[source.package].descriptor.get("title", source.package),
            "source": source.name, "source_title": source.title,
            "package": package, "package_title": site.specs[package].descriptor.get("title", package),
            "resource": target.name, "resource_title": target.title,
            "target_fields": [(n, target.field(n).title) for n in ref["fields"]],
            "href": f"#{target.name}" if package == here else f"../{package}/#{target.name}",
            "source_href": f"#{source.name}" if source.package == here else f"../{source.package}/#{source.name}",
            "external": package != source.package}


def resource_keys(site: Site, res: ResourceSpec) -> tuple[list[dict], list[dict]]:
    """The resource's own foreign keys, and the foreign keys anywhere in the site that point at it."""
    def published(source: ResourceSpec, fk: dict) -> bool:
        # A key through a private field is not part of what is published, so the pages do not mention it.
        return all(source.field(n).public for n in fk["fields"])

    own = [_key(site, res, fk, res.package) for fk in res.foreign_keys + res.external_foreign_keys
           if published(res, fk)]
    incoming = []
    for spec in site.specs.values():
        for other in spec.resources.values():
            for fk in other.foreign_keys + other.external_foreign_keys:
                ref = fk["reference"]
                if ref.get("package", other.package) == res.package and ref["resource"] == res.name \
                        and published(other, fk):
                    incoming.append(_key(site, other, fk, res.package))
    return own, incoming


def _describe(site: Site, res: ResourceSpec, header: list[str], rows: list[list[str]],
              downloads: list[Download]) -> PublishedResource:
    own, incoming = resource_keys(site, res)
    titles = {f.name: f.title for f in res.fields}
    return PublishedResource(
        name=res.name, title=res.title, description=str(res.raw.get("description", "")), records=len(rows),
        fields=field_docs(res), primary_key=res.primary_key, keys=own, referenced_by=incoming,
        preview_header=[{"name": h, "title": titles.get(h, h)} for h in header], preview=rows[:PREVIEW_ROWS],
        downloads=downloads, table=(res, header, rows, [fk for fk in res.foreign_keys + res.external_foreign_keys
                                                        if all(res.field(n).public for n in fk["fields"])]))


# --- dates, descriptors, packages --------------------------------------------------------------------------------

def _git_date(directory: Path, today: dt.date) -> dt.date | None:
    """The day of the last commit touching the folder; the reference date while it has uncommitted edits;
    None outside a git work tree (or without git)."""
    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", "-C", str(directory), *args, "--", "."], capture_output=True, text=True,
                                  timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return proc.stdout.strip() if proc.returncode == 0 else None

    day = git("log", "-1", "--format=%cs")
    if not day:
        return None
    if git("status", "--porcelain", "--untracked-files=all"):
        return today
    return dt.date.fromisoformat(day)


def last_updated(site: Site, package: str) -> dt.date:
    """When the package's data last changed, the same on every build of the same inputs: its last commit in git
    (the reference date while edits are uncommitted); outside git, the newest verification date in the data, else
    the reference date. Never later than the reference date the build speaks for."""
    committed = _git_date(site.specs[package].directory, site.today)
    if committed is not None:
        return min(committed, site.today)
    dates = [row[f] for (pkg, _), rows in site.tables.rows.items() if pkg == package
             for row in rows for f in UPDATE_FIELDS if isinstance(row.get(f), dt.date)]
    return min(max(dates, default=site.today), site.today)


def public_descriptor(site: Site, package: str, updated: dt.date) -> dict:
    """The source descriptor as published: public fields only; `created` is the day the data last changed."""
    created = f"{updated.isoformat()}T00:00:00+08:00"
    descriptor = {"$schema": PROFILE}
    for key, value in releases.published_schema(site.specs[package].descriptor).items():
        if key != "$schema":
            descriptor[key] = value
        if key == "version":
            descriptor["created"] = created  # next to the version, where a reader looks for it
    descriptor.setdefault("created", created)
    return descriptor


def _licence(descriptor: dict) -> dict:
    first = (descriptor.get("licenses") or [{}])[0]
    return {"name": first.get("name", ""), "title": first.get("title") or first.get("name", ""),
            "path": first.get("path", "")}


def release_root(site: Site, name: str) -> Path:
    """data/releases/<package>/ beside the data folder this site was read from."""
    return releases.release_root(site.specs[name].directory.parent, name)


def publish_package(site: Site, name: str, directory: Path) -> PublishedPackage:
    spec = site.specs[name]
    directory.mkdir(parents=True, exist_ok=True)
    updated = last_updated(site, name)
    descriptor = public_descriptor(site, name, updated)
    published, tables, data_files = [], {}, []
    for res_desc in descriptor["resources"]:
        source = spec.resources[res_desc["name"]]
        header, rows = public_rows(site, name, source)
        res = derived.spec(source)
        res_desc["schema"]["fields"].extend(derived.fields(source))
        header, rows = derived.extend(site, source, header, rows)
        downloads = resource_files(site, res, header, rows, directory, updated)
        res_desc["bytes"], res_desc["hash"] = downloads[0].bytes, f"sha256:{downloads[0].sha256}"
        tables[res.name] = releases.Table(header, rows)
        data_files.append(res.path)
        published.append(_describe(site, res, header, rows, downloads))
    text = json.dumps(descriptor, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    files = [_write(directory, "datapackage.json", text.encode("utf-8"), "数据包描述（Frictionless Data Package v2）",
                    "json")]
    members = [(f"{name}/{m}", (directory / m).read_bytes()) for m in ["datapackage.json", *data_files]]
    files.append(_write(directory, f"{name}.zip", fixed_zip(members, updated), "整个数据包（ZIP）", "zip"))
    # Releases compare source data only: derived values change with the data date, not with an edit.
    snapshot = releases.Snapshot(spec.version, json.loads(text), tables)
    derived.strip(snapshot.descriptor, snapshot.tables)
    log = releases.changelog(release_root(site, name), snapshot)
    # The change feed sits beside the files but is not one of the package's distributions.
    (directory / feeds.FEED).write_text(feeds.package_feed(site, name, str(descriptor.get("title", name)), log),
                                        encoding="utf-8")
    return PublishedPackage(
        name=name, title=str(descriptor.get("title", name)),
        summary=str(descriptor.get("description", "")).split("【")[0].strip(),
        description=str(descriptor.get("description", "")), version=spec.version, license=_licence(descriptor),
        sample=spec.is_sample, updated=updated, keywords=[str(k) for k in descriptor.get("keywords") or []],
        sources=list(descriptor.get("sources") or []), resources=published, files=files, changelog=log,
        meta=catalogmeta.read(spec))


def check_releases(site: Site) -> None:
    """Raises BuildError when a package's version does not fit its changes since the last release."""
    report = Report()
    for name in PACKAGES:
        report.extend(releases.check_package(site.specs[name], site.specs[name].directory.parent))
    if not report.ok:
        raise BuildError(report)
    # Validation may have run the same check already; its warnings are printed once.
    site.report.problems.extend(p for p in report.warnings if p not in site.report.problems)


def write_database(packages: list[PublishedPackage], folder: Path) -> Download:
    """/open-data/xinan.sqlite from the published tables; each package is told where its tables are."""
    data = sqlitedb.build([r.table for p in packages for r in p.resources])
    db = _write(folder, sqlitedb.FILENAME, data, "SQLite 数据库（全部数据包的全部表）", "sqlite")
    for p in packages:
        p.database, p.database_updated = db, max(x.updated for x in packages)
    return db


def write_catalog(site: Site, packages: list[PublishedPackage], out: Path) -> None:
    """/open-data/catalog.jsonld and the database file it lists."""
    (out / "open-data").mkdir(parents=True, exist_ok=True)
    write_database(packages, out / "open-data")
    text = json.dumps(catalog(site, packages), ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False) + "\n"
    (out / "open-data").mkdir(parents=True, exist_ok=True)
    (out / "open-data" / CATALOG).write_text(text, encoding="utf-8")
    (out / "open-data" / feeds.FEED).write_text(feeds.all_feed(site, packages), encoding="utf-8")


def publish(site: Site, out: Path) -> list[PublishedPackage]:
    """Write /open-data/<package>/ for every package and /open-data/catalog.jsonld; returns what the pages show."""
    check_releases(site)
    packages = [publish_package(site, name, out / "open-data" / name) for name in PACKAGES]
    write_catalog(site, packages, out)
    return packages


def cut_release(site: Site, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Store the packages as published now in data/releases/<package>/<version>/; returns one line per package.
    A package already released under its version is skipped when unchanged; changed under the same version, it is
    refused (raise the version in datapackage.yaml first) and nothing at all is stored."""
    with tempfile.TemporaryDirectory() as tmp:
        published = {p.name: p for p in publish(site, Path(tmp))}
        refused = [f"{site.specs[n].directory / DESCRIPTOR}: 版本 {published[n].version} 已经发布过，之后又有更改；"
                   f"请先提高 version" for n in packages if published[n].changelog.status == "unreleased"]
        if refused:
            raise releases.ReleaseError(refused)
        lines = []
        for name in packages:
            package = published[name]
            if package.changelog.status == "unchanged":
                lines.append(f"{name}: {package.version} 已发布且没有更改，跳过")
                continue
            target = releases.store(Path(tmp) / "open-data" / name, release_root(site, name))
            lines.append(f"{name}: 已保存版本 {package.version} 到 {target}")
        return lines


# --- DCAT catalogue ----------------------------------------------------------------------------------------------

DCAT_CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                "dcatap": "http://data.europa.eu/r5r/", "foaf": "http://xmlns.com/foaf/0.1/",
                "locn": "http://www.w3.org/ns/locn#", "owl": "http://www.w3.org/2002/07/owl#",
                "skos": "http://www.w3.org/2004/02/skos/core#", "spdx": "http://spdx.org/rdf/terms#",
                "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
                "gsp": "http://www.opengis.net/ont/geosparql#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
STABLE = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"


def _zh(text: str) -> dict:
    return {"@value": text, "@language": "zh"}


def _iri(url: str) -> dict:
    return {"@id": url}


def _typed(url: str, kind: str | list[str]) -> dict:
    """A linked resource with its class, as the DCAT-AP shapes require of every object they constrain."""
    return {"@id": url, "@type": kind}


def _concept(url: str, label: str) -> dict:
    return {"@id": url, "@type": "skos:Concept", "skos:prefLabel": _zh(label)}


def _day(d: dt.date) -> dict:
    return {"@value": d.isoformat(), "@type": "xsd:date"}


def publisher_name(site: Site) -> str:
    return str(site.config.raw.get("site_author") or site.config.site_name)


def _publisher(site: Site) -> dict:
    return {"@id": site.config.site_url + "#publisher", "@type": ["foaf:Organization", "foaf:Agent"],
            "foaf:name": _zh(publisher_name(site)), "foaf:homepage": _typed(site.config.site_url, "foaf:Document"),
            "dct:type": _concept("http://purl.org/adms/publishertype/LocalAuthority", "地方政府")}


def _contact(meta: catalogmeta.CatalogMeta) -> dict:
    return {"@type": ["vcard:Organization", "vcard:Kind"], "vcard:fn": _zh(meta.contact_name),
            "vcard:hasEmail": _iri(f"mailto:{meta.contact_email}")}


def _licence_node(url: str) -> dict:
    return {"@id": url, "@type": "dct:LicenseDocument",
            "dct:type": _concept("http://purl.org/adms/licencetype/Attribution", "署名")}


def _spatial(site: Site) -> dict:
    """The district as a place: its bounding box and centre (WKT, longitude first, WGS-84) from extra.xinan bounds."""
    s, w, n, e = site.config.bounds
    box = f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"
    centre = f"POINT({(w + e) / 2:.4f} {(s + n) / 2:.4f})"
    return {"@type": "dct:Location", "skos:prefLabel": _zh(site.config.city + site.config.district),
            "dcat:bbox": {"@value": box, "@type": "gsp:wktLiteral"},
            "dcat:centroid": {"@value": centre, "@type": "gsp:wktLiteral"}}


def _temporal(meta: catalogmeta.CatalogMeta, today: dt.date) -> dict:
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _day(meta.start), "dcat:endDate": _day(meta.end or today)}


def package_url(site: Site, package: PublishedPackage) -> str:
    return f"{site.config.site_url}open-data/{package.name}/"


def _distribution(site: Site, package: PublishedPackage, d: Download) -> dict:
    if d.kind == "sqlite":  # one file shared by every dataset, so its statements must not depend on the package
        folder, title, updated = f"{site.config.site_url}open-data/", f"{site.config.site_name}开放数据", \
            package.database_updated
    else:
        folder, title, updated = package_url(site, package), package.title, package.updated
    url = folder + d.href
    node = {"@id": url, "@type": "dcat:Distribution", "dct:title": _zh(f"{d.href}：{d.label}"),
            "dct:description": _zh(f"{title}：{d.label}，{d.bytes} 字节，SHA-256 {d.sha256}"),
            "dcat:downloadURL": _iri(url), "dcat:accessURL": _iri(folder),
            "dcat:mediaType": _typed(IANA + d.media_type, "dct:MediaType"),
            "dct:format": _typed(EU_FILE_TYPE + d.format if d.format else IANA + d.media_type, "dct:MediaTypeOrExtent"),
            "dcatap:availability": _concept(STABLE, "长期稳定"),
            "dcat:byteSize": {"@value": str(d.bytes), "@type": "xsd:nonNegativeInteger"},
            "spdx:checksum": {"@id": f"{url}#sha256", "@type": "spdx:Checksum",  # an IRI: shared files state it once
                              "spdx:algorithm": _typed("http://spdx.org/rdf/terms#checksumAlgorithm_sha256",
                                                       "spdx:ChecksumAlgorithm"),
                              "spdx:checksumValue": {"@value": d.sha256, "@type": "xsd:hexBinary"}},
            "dct:modified": _day(updated)}
    if package.license["path"]:
        node["dct:license"] = _licence_node(package.license["path"])
    if d.href == "datapackage.json":
        node["dct:conformsTo"] = _typed(PROFILE, "dct:Standard")
    return node


def _dataset(site: Site, package: PublishedPackage) -> dict:
    url = package_url(site, package)
    meta = package.meta
    node = {"@id": url, "@type": "dcat:Dataset", "dct:identifier": package.name, "dct:title": _zh(package.title),
            "dct:description": _zh(package.description), "dcat:keyword": [_zh(k) for k in package.keywords],
            "dct:publisher": _publisher(site), "dct:modified": _day(package.updated),
            "owl:versionInfo": package.version, "dcat:version": package.version,
            "dcat:landingPage": _typed(url, "foaf:Document"), "dct:language": _typed(EU_LANGUAGE, "dct:LinguisticSystem"),
            "dct:spatial": _spatial(site), "dct:temporal": _temporal(meta, package.updated),
            "dct:accrualPeriodicity": {"@id": f"{catalogmeta.FREQUENCY_SCHEME}/{meta.frequency}",
                                       "@type": "dct:Frequency", "skos:prefLabel": _zh(meta.frequency_label)},
            "dcat:theme": [_concept(f"{catalogmeta.THEME_SCHEME}/{t}", catalogmeta.THEMES[t]) for t in meta.themes],
            "dct:accessRights": _typed(f"{catalogmeta.ACCESS_SCHEME}/{meta.access_right}", "dct:RightsStatement"),
            "xinan:openness": _zh(meta.openness), "dcat:contactPoint": _contact(meta),
            "rdfs:seeAlso": _typed(f"{url}{feeds.FEED}", "foaf:Document"),  # the package's Atom change feed
            "dcat:distribution": [_distribution(site, package, d) for d in package.downloads
                                  + ([package.database] if package.database else [])]}
    if package.license["path"]:
        node["dct:license"] = _licence_node(package.license["path"])
    return node


def catalog(site: Site, packages: list[PublishedPackage]) -> dict:
    """A DCAT-AP 3 catalogue of every package and every file it offers, with absolute download URLs."""
    licences = sorted({p.license["path"] for p in packages if p.license["path"]})
    issued = min((p.changelog.first.date for p in packages if p.changelog.first and p.changelog.first.date),
                 default=min(p.updated for p in packages).isoformat())
    # Our own term, xinan:openness, is documented where its IRI points: the open-data page's #openness section.
    context = {**DCAT_CONTEXT, "xinan": f"{site.config.site_url}open-data/#"}
    node = {"@context": context, "@id": f"{site.config.site_url}open-data/{CATALOG}", "@type": "dcat:Catalog",
            "dct:title": _zh(f"{site.config.site_name}开放数据"),
            "dct:description": _zh(f"{site.config.district}社会心理服务开放数据：站点名录、从业人员公示名录、讲座日程、求助电话和服务网络覆盖情况。"),
            "dct:publisher": _publisher(site),
            "foaf:homepage": _typed(f"{site.config.site_url}open-data/", "foaf:Document"),
            "dct:language": _typed(EU_LANGUAGE, "dct:LinguisticSystem"),
            "dct:issued": _day(dt.date.fromisoformat(issued)),
            "dct:modified": _day(max(p.updated for p in packages)), "dct:spatial": _spatial(site),
            "rdfs:seeAlso": _typed(f"{site.config.site_url}open-data/{feeds.FEED}", "foaf:Document"),  # all changes
            "dcat:themeTaxonomy": {"@id": catalogmeta.THEME_SCHEME, "@type": "skos:ConceptScheme",
                                   "dct:title": _zh("欧盟数据主题分类（EU Data Theme）")},
            "dcat:dataset": [_dataset(site, p) for p in packages]}
    if len(licences) == 1:
        node["dct:license"] = _licence_node(licences[0])
    return node
