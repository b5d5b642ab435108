"""Releases: published packages kept in the repository, and what changed since the newest one.

A release lives in `data/releases/<package>/<version>/`: the published `datapackage.json` and the public CSV
files exactly as the site served them, so every release is itself a valid data package. The build compares the
package it is about to publish with the newest stored release -- records added, removed and changed (by primary
key) and schema changes -- and enforces semantic versions: removing a table or a field, retyping a field or
changing a primary key breaks consumers, so it needs a new major version or the build fails.

How an editor cuts a release: raise `version` in data/<package>/datapackage.yaml (major for a breaking change,
minor for an added field or table, patch for data only), build, then run `xinan release` (which calls
generator.opendata.cut_release) and commit the new data/releases/<package>/<version>/ folder. By hand, the same is:
copy datapackage.json and the CSV files from site/open-data/<package>/ into data/releases/<package>/<version>/.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Report
from generator.schema import DESCRIPTOR, PackageSpec

RELEASES = "releases"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
MAJOR, MINOR, PATCH = 3, 2, 1
# Package keys that describe the release itself rather than the data; they differ between releases by design.
RELEASE_KEYS = {"version", "created", "resources", "$schema"}
# Field keys that change meaning (what values are allowed) versus those that only document it.
CONSTRAINT_KEYS = ("constraints", "categories", "format", "delimiter", "itemType")
DOC_KEYS = ("title", "description", "example")
LABEL_FIELDS = ("name", "title")  # a record is shown by its key and, when it has one, its name or title


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, r)) for r in self.rows]


@dataclass
class Snapshot:
    """One package as published: its descriptor and its public rows per resource, values as strings."""

    version: str
    descriptor: dict
    tables: dict[str, Table]

    @property
    def date(self) -> str:
        return str(self.descriptor.get("created") or "")[:10]


def parse_version(text: str) -> tuple[int, int, int]:
    m = SEMVER.match(str(text))
    if not m:
        raise ValueError(text)
    return int(m[1]), int(m[2]), int(m[3])


def bumped(version: str, level: int) -> str:
    major, minor, patch = parse_version(version)
    return {MAJOR: f"{major + 1}.0.0", MINOR: f"{major}.{minor + 1}.0", PATCH: f"{major}.{minor}.{patch + 1}"}[level]


def release_root(data_dir: Path, package: str) -> Path:
    return Path(data_dir) / RELEASES / package


def read_table(data: bytes) -> Table:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, [])
    return Table(header, [row for row in reader if any(c.strip() for c in row)])


def load(directory: Path) -> Snapshot:
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: read_table((directory / r["path"]).read_bytes()) for r in descriptor.get("resources") or []}
    return Snapshot(str(descriptor.get("version", "")), descriptor, tables)


def stored_versions(root: Path) -> list[str]:
    """Versions kept under data/releases/<package>/, oldest first; folders not named x.y.z are not releases."""
    if not root.is_dir():
        return []
    found = [p.name for p in root.iterdir() if SEMVER.match(p.name) and (p / "datapackage.json").is_file()]
    return sorted(found, key=parse_version)


# --- comparing two snapshots -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SchemaChange:
    kind: str  # resource-added/-removed, field-added/-removed/-retyped, primary-key, constraints, described, metadata
    level: int
    resource: str = ""
    field: str = ""
    before: str = ""
    after: str = ""

    @property
    def text(self) -> str:
        r, f = self.resource, self.field
        return {
            "resource-added": f"新增表 {r}",
            "resource-removed": f"删除表 {r}",
            "field-added": f"{r} 表新增字段 {f}（{self.after}）",
            "field-removed": f"{r} 表删除字段 {f}（原为 {self.before}）",
            "field-retyped": f"{r} 表字段 {f} 的类型由 {self.before} 改为 {self.after}",
            "primary-key": f"{r} 表的主键由 {self.before} 改为 {self.after}",
            "constraints": f"{r} 表字段 {f} 的约束或取值范围有变化",
            "described": f"{r} 表字段 {f} 的中文名、说明或示例有变化",
            "metadata": f"数据包说明项 {f} 有变化",
        }[self.kind]

    @property
    def breaking(self) -> bool:
        return self.level == MAJOR


@dataclass
class RecordChange:
    key: str
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


@dataclass
class ResourceChanges:
    name: str
    title: str
    added: list[RecordChange] = field(default_factory=list)
    removed: list[RecordChange] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class Diff:
    base: str
    target: str
    schema: list[SchemaChange]
    resources: list[ResourceChanges]
    target_date: str = ""

    @property
    def empty(self) -> bool:
        return not self.schema and all(r.empty for r in self.resources)

    @property
    def level(self) -> int:
        """The smallest version bump these changes call for (0: none)."""
        levels = [c.level for c in self.schema] + [PATCH for r in self.resources if not r.empty]
        return max(levels, default=0)

    @property
    def counts(self) -> dict[str, int]:
        return {"added": sum(len(r.added) for r in self.resources),
                "removed": sum(len(r.removed) for r in self.resources),
                "changed": sum(len(r.changed) for r in self.resources)}


def _type(f: dict) -> str:
    kind = str(f.get("type", "string"))
    return f"{kind}<{f['itemType']}>" if kind == "list" and f.get("itemType") else kind


def _fields(res: dict) -> dict[str, dict]:
    return {f["name"]: f for f in (res.get("schema") or {}).get("fields") or []}


def _field_changes(name: str, old: dict, new: dict) -> list[SchemaChange]:
    before, after = _fields(old), _fields(new)
    out = [SchemaChange("field-removed", MAJOR, name, f, before=_type(before[f])) for f in before if f not in after]
    for f, spec in after.items():
        if f not in before:
            out.append(SchemaChange("field-added", MINOR, name, f, after=_type(spec)))
        elif _type(before[f]) != _type(spec):
            out.append(SchemaChange("field-retyped", MAJOR, name, f, _type(before[f]), _type(spec)))
        elif any(before[f].get(k) != spec.get(k) for k in CONSTRAINT_KEYS):
            out.append(SchemaChange("constraints", MINOR, name, f))
        elif any(before[f].get(k) != spec.get(k) for k in DOC_KEYS):
            out.append(SchemaChange("described", PATCH, name, f))
    old_key = (old.get("schema") or {}).get("primaryKey") or []
    new_key = (new.get("schema") or {}).get("primaryKey") or []
    if old_key != new_key:
        out.append(SchemaChange("primary-key", MAJOR, name, ",".join(new_key), ",".join(old_key) or "无",
                                ",".join(new_key) or "无"))
    return out


def schema_changes(old: dict, new: dict) -> list[SchemaChange]:
    old_res = {r["name"]: r for r in old.get("resources") or []}
    new_res = {r["name"]: r for r in new.get("resources") or []}
    out = [SchemaChange("resource-removed", MAJOR, name) for name in old_res if name not in new_res]
    for name, res in new_res.items():
        out.extend(_field_changes(name, old_res[name], res) if name in old_res
                   else [SchemaChange("resource-added", MINOR, name)])
    keys = sorted((set(old) | set(new)) - RELEASE_KEYS)
    out.extend(SchemaChange("metadata", PATCH, field=k) for k in keys if old.get(k) != new.get(k))
    return out


def _label(record: dict[str, str]) -> str:
    return next((record[f] for f in LABEL_FIELDS if record.get(f)), "")


def record_changes(name: str, title: str, key: list[str], old: Table, new: Table) -> ResourceChanges:
    """Records added, removed and changed, matched by primary key (by whole row when there is no usable key). A
    column new in this version counts as empty before it, so a value filled in a new field is a change."""
    common = [h for h in new.header if h in old.header]
    key = key if key and all(k in common for k in key) else common
    compared = list(new.header)

    def index(table: Table) -> dict[tuple, dict[str, str]]:
        return {tuple(r.get(k, "") for k in key): r for r in table.records()}

    before, after = index(old), index(new)
    out = ResourceChanges(name, title)
    for k, rec in after.items():
        shown = "、".join(k)
        if k not in before:
            out.added.append(RecordChange(shown, _label(rec)))
            continue
        diffs = [(f, before[k].get(f, ""), rec.get(f, "")) for f in compared if before[k].get(f, "") != rec.get(f, "")]
        if diffs:
            out.changed.append(RecordChange(shown, _label(rec), diffs))
    out.removed = [RecordChange("、".join(k), _label(rec)) for k, rec in before.items() if k not in after]
    return out


def compare(old: Snapshot, new: Snapshot) -> Diff:
    resources = []
    for res in new.descriptor.get("resources") or []:
        name = res["name"]
        if name in old.tables and name in new.tables:
            key = list((res.get("schema") or {}).get("primaryKey") or [])
            resources.append(record_changes(name, str(res.get("title", name)), key, old.tables[name], new.tables[name]))
    return Diff(old.version, new.version, schema_changes(old.descriptor, new.descriptor), resources, new.date)


# --- the changelog of one package --------------------------------------------------------------------------------

@dataclass
class Changelog:
    version: str
    base: Snapshot | None  # the newest stored release
    diff: Diff | None  # what the build publishes now, against base
    history: list[Diff]  # each stored release against the one before it, newest first
    first: Snapshot | None = None  # the oldest stored release, which has nothing before it

    @property
    def status(self) -> str:
        """first: nothing released yet; unchanged: as released; unreleased: changed under the same version;
        upcoming: a new version not yet stored as a release."""
        if self.base is None:
            return "first"
        if self.version != self.base.version:
            return "upcoming"
        return "unchanged" if self.diff.empty else "unreleased"


def changelog(root: Path, current: Snapshot) -> Changelog:
    versions = stored_versions(root)
    if not versions:
        return Changelog(current.version, None, None, [])
    snapshots = [load(root / v) for v in versions]
    history = [compare(a, b) for a, b in zip(snapshots, snapshots[1:])]
    history.reverse()
    return Changelog(current.version, snapshots[-1], compare(snapshots[-1], current), history, snapshots[0])


# --- the version rule --------------------------------------------------------------------------------------------

def published_schema(descriptor: dict) -> dict:
    """A source descriptor as the site publishes its schema: fields marked `public: false` removed."""
    out = json.loads(json.dumps(descriptor, default=str))
    for res in out.get("resources") or []:
        schema = res.get("schema") or {}
        schema["fields"] = [f for f in schema.get("fields") or [] if f.get("public", True) is not False]
        for f in schema["fields"]:
            f.pop("public", None)
    return out


def _line_of(path: Path, key: str) -> int | None:
    """The 1-based line where a top-level key is set in the descriptor, so the editor lands on it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((i for i, line in enumerate(lines, start=1) if pattern.match(line)), None)


def check_package(spec: PackageSpec, data_dir: Path) -> Report:
    """The version rule for one package, from its source descriptor and the newest release's descriptor alone (no
    rows, no models), so it can run with validation: errors when the version is malformed, goes backwards, or a
    breaking schema change keeps the major version; warnings when an additive change keeps the minor version."""
    report = Report()
    path = spec.directory / DESCRIPTOR
    row = _line_of(path, "version")
    try:
        new = parse_version(spec.version)
    except ValueError:
        report.error(path, row, "version",
                     f"版本“{spec.version}”不是语义化版本（主版本号.次版本号.修订号，如 1.0.0）", code="version")
        return report
    root = release_root(data_dir, spec.name)
    versions = stored_versions(root)
    if not versions:
        return report
    base = json.loads((root / versions[-1] / "datapackage.json").read_text(encoding="utf-8"))
    released, old = versions[-1], parse_version(versions[-1])
    if new < old:
        report.error(path, row, "version", f"版本 {spec.version} 低于已发布的 {released}；版本只能升高", code="version")
        return report
    changes = schema_changes(base, published_schema(spec.descriptor))
    if new[0] <= old[0]:
        for change in (c for c in changes if c.breaking):
            report.error(path, row, change.field or change.resource,
                         f"{change.text}，这是不兼容的更改：请把 version 从 {released} 升为 {bumped(released, MAJOR)}"
                         "（主版本号加 1），或撤回这项更改", code="version")
    if new[:2] <= old[:2] and max((c.level for c in changes), default=0) == MINOR:
        for change in (c for c in changes if c.level == MINOR):
            report.warning(path, row, change.field or change.resource,
                           f"{change.text}：建议把 version 从 {released} 升为 {bumped(released, MINOR)}（次版本号加 1）",
                           code="version")
    return report


# A lecture's event in subscribed calendars (iCalendar SEQUENCE): what must not change without a higher sequence.
SEQUENCED = {"start": "开始时间", "end": "结束时间", "station": "举办站点", "address": "地址", "mode": "参加方式",
             "status": "状态"}


def _same(old: str, new) -> bool:
    """A released CSV value (text) against a validated one (typed)."""
    if new is None or new == "":
        return old.strip() == ""
    if isinstance(new, dt.datetime):
        try:
            return dt.datetime.fromisoformat(old.strip()) == new
        except ValueError:
            return False
    return old.strip() == str(new)


def check_sequences(rows: list[dict], path: Path, data_dir: Path) -> Report:
    """A lecture whose time, place or status differs from the newest release must have a higher `sequence` than
    it had there: calendar apps keep the event they have when an update comes with the same SEQUENCE, so
    subscribers would go on seeing the old time or place (RFC 5545, 3.8.7.4)."""
    report = Report()
    root = release_root(data_dir, "lectures")
    versions = stored_versions(root)
    if not versions:
        return report
    snapshot = load(root / versions[-1])
    table = snapshot.tables.get("lectures")
    if table is None or "id" not in table.header or "sequence" not in table.header:
        return report
    released = {r["id"]: r for r in table.records()}
    for row in rows:
        old = released.get(row.get("id"))
        if old is None or row.get("sequence") is None:
            continue
        try:
            old_sequence = int(old["sequence"])
        except (KeyError, ValueError):
            continue
        changed = [label for name, label in SEQUENCED.items()
                   if name in old and name in row and not _same(old[name], row[name])]
        if changed and row["sequence"] <= old_sequence:
            report.error(path, row["_row"], "sequence",
                         f"{'、'.join(changed)}与已发布的 {snapshot.version} 版不同，但修订序号仍为 {row['sequence']}：请改为 "
                         f"{old_sequence + 1}（已订阅的日历只在修订序号增大时才更新这场讲座）", code="sequence")
    return report


# --- cutting a release -------------------------------------------------------------------------------------------

class ReleaseError(Exception):
    """A release was refused; carries one message per package that blocked it."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def store(published: Path, root: Path) -> Path:
    """Copy a published package folder's datapackage.json and CSV resources to root/<version>/ (never overwrite)."""
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    target = root / str(descriptor["version"])
    if target.exists():
        raise FileExistsError(target)
    target.mkdir(parents=True)
    shutil.copyfile(published / "datapackage.json", target / "datapackage.json")
    for res in descriptor.get("resources") or []:
        shutil.copyfile(published / res["path"], target / res["path"])
    return target
