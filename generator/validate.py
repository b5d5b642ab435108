"""Validation of the data packages: frictionless first (the validator of record), then what Table Schema cannot say."""
from __future__ import annotations

import codecs
import hashlib
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from frictionless import Package

from generator import catalogmeta, coverage_check
from generator import holidays as holidays_mod
from generator import hours as hours_mod
from generator import procs, releases, retirement, textpolicy
from generator.caches import Caches
from generator.cells import convert, row_digest
from generator.config import SiteConfig
from generator.problems import Report
from generator.schema import (DESCRIPTOR, PACKAGES, REFERENCE_PACKAGES, DescriptorError, PackageSpec, ResourceSpec,
                              load_descriptor, parse_descriptor)

# Landlines as the district prints them (0755-8xxxxxxx), service numbers (12356), 400/800 lines, mobiles.
PHONE = re.compile(r"^(0\d{2,3}-\d{7,8}(-\d{1,5})?|1\d{4}|[48]00-?\d{3}-?\d{4}|1[3-9]\d{9}|1[12]0|119)$")
NO_PLACE_KINDS = {"hotline", "online"}

_FRICTIONLESS_MESSAGES = {
    "type-error": "值“{cell}”不是有效的{type}",
    "constraint-error": "值“{cell}”不符合约束：{note}",
    "unique-error": "值“{cell}”重复：{note}",
    "missing-cell": "缺少该列的值",
    "extra-cell": "多出一个单元格：“{cell}”",
    "blank-row": "空行",
    "duplicate-label": "表头重复：{note}",
    "missing-label": "缺少表头列",
    "extra-label": "多出表头列：{note}",
    "incorrect-label": "表头与数据结构不一致：{note}",
    "blank-label": "表头为空",
}
_TYPE_NAMES = {
    "integer": "整数", "number": "数字", "date": "日期（YYYY-MM-DD）", "boolean": "布尔值（true/false）",
    "datetime": "时间（如 2026-11-28T14:30:00+08:00）", "string": "文本", "list": "列表",
}


@dataclass
class Tables:
    """Typed rows per resource, with the specs they follow; rows keep their 1-based CSV row number."""

    specs: dict[str, PackageSpec] = field(default_factory=dict)
    rows: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # unreadable: skip checks that need them
    # A digest of each row's public values, aligned with rows (only when the caches are kept, as by `xinan serve`).
    stamps: dict[tuple[str, str], list[bytes]] = field(default_factory=dict)
    today: dt.date = dt.date(1970, 1, 1)  # the reference date the checks speak for

    def get(self, package: str, resource: str) -> list[dict]:
        return self.rows.get((package, resource), [])


def _detect_encoding(raw: bytes) -> str | None:
    """'utf-8', 'utf-8-sig', 'gb18030' or None (unknown)."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return None


def _frictionless_check(spec: PackageSpec, encodings: dict[str, str], report: Report, shown: dict[str, str],
                        raw: dict[str, bytes], caches: Caches) -> None:
    """Frictionless results by the bytes they were computed from (caches.checked): a Builder that keeps its
    caches (`xinan serve`) validates again only what changed."""
    h = hashlib.blake2b(digest_size=16)
    h.update((spec.directory / DESCRIPTOR).read_bytes())
    for name in sorted(raw):
        h.update(f"\0{name}\0{encodings.get(name)}\0{shown[name]}\0".encode())
        h.update(hashlib.blake2b(raw[name], digest_size=16).digest())
    key = h.digest()
    if key not in caches.checked and caches.speculate:
        caches.pending.append((key, procs.Child(_frictionless_problems, spec, encodings, shown,
                                                what="frictionless 校验进程")))
        return
    if key not in caches.checked:
        found = Report()
        _run_frictionless(spec, encodings, found, shown)
        _remember(caches, key, found.problems)
    report.problems.extend(caches.checked[key])


def _remember(caches: Caches, key: bytes, problems: list) -> None:
    if len(caches.checked) > 32:
        caches.checked.clear()
    caches.checked[key] = problems


# Rebuilds in `xinan serve` (caches.speculate): a package whose files changed is checked by frictionless in a
# forked process while the build goes on with the rows as read; the build waits for it (finish_pending) before
# anything reaches the live site, and fails then with every problem if there is one. Data that were valid last
# time rarely stop being so, and the check of a 100,000-row register takes seconds.


def _frictionless_problems(spec: PackageSpec, encodings: dict[str, str], shown: dict[str, str]) -> list:
    found = Report()
    _run_frictionless(spec, encodings, found, shown)
    return found.problems


def finish_pending(caches: Caches, report: Report) -> None:
    """Wait for the checks started by caches.speculate and add what they found to `report`."""
    while caches.pending:
        key, job = caches.pending.pop(0)
        problems = job.result()
        _remember(caches, key, problems)
        report.problems.extend(problems)


def abandon_pending(caches: Caches) -> None:
    while caches.pending:
        caches.pending.pop(0)[1].stop()


def _run_frictionless(spec: PackageSpec, encodings: dict[str, str], report: Report, shown: dict[str, str]) -> None:
    resources = []
    for res in spec.resources.values():
        if res.name not in encodings:
            continue
        d = {k: v for k, v in res.raw.items() if k in ("name", "path", "format", "mediatype", "type", "schema")}
        if any(fk["reference"].get("resource") not in encodings for fk in res.foreign_keys):
            # A key into a resource that could not be read: already reported there, not checked here.
            d["schema"] = {**d["schema"], "foreignKeys": [fk for fk in res.foreign_keys
                                                          if fk["reference"].get("resource") in encodings]}
        d["encoding"] = encodings[res.name]
        d["dialect"] = {"csv": {"delimiter": ","}}
        resources.append(d)
    if not resources:
        return
    try:
        pkg = Package({"name": spec.name, "resources": resources}, basepath=str(spec.directory))
        result = pkg.validate()
    except Exception as exc:  # a descriptor frictionless cannot use: located at the descriptor, never a traceback
        report.error(spec.directory / DESCRIPTOR, None, None,
                     f"frictionless 无法按描述文件校验：{textpolicy.shown(str(exc), 120)}", code="descriptor")
        return
    for task in result.tasks:
        res = spec.resources[task.name]
        path = shown[res.name]
        rows_with_unique_error = set()
        for err in task.errors:
            row = getattr(err, "row_number", None)
            fld = getattr(err, "field_name", None)
            cell = textpolicy.shown(str(getattr(err, "cell", "") or ""))
            if err.type == "unique-error":
                rows_with_unique_error.add(row)
            if err.type == "primary-key" and row in rows_with_unique_error:
                continue  # the same duplicate, already reported on its field
            if err.type in ("primary-key", "foreign-key"):
                keys = res.primary_key if err.type == "primary-key" else res.foreign_keys[0]["fields"]
                fld = fld or ",".join(keys)
            if err.type == "foreign-key":
                message = f"外键无效：{err.note}"
                for fk in res.foreign_keys:
                    target = fk["reference"]["resource"]
                    message = f"找不到编号（{target} 表中没有该值）：{err.note}"
            elif err.type == "primary-key":
                message = f"主键重复：{err.note}"
            elif err.type in _FRICTIONLESS_MESSAGES:
                ftype = res.field(fld).type if fld and fld in {f.name for f in res.fields} else ""
                message = _FRICTIONLESS_MESSAGES[err.type].format(
                    cell=cell, note=err.note, type=_TYPE_NAMES.get(ftype, ftype))
                if err.type == "constraint-error" and "required" in err.note:
                    message = "必填项为空"
                elif err.type == "constraint-error" and '"enum"' in err.note and fld:
                    allowed = "、".join(res.field(fld).enum or ())
                    message = f"值“{cell}”不在允许的取值中：{allowed}"
                elif err.type == "constraint-error" and ('"minimum"' in err.note or '"maximum"' in err.note):
                    c = res.field(fld).constraints
                    message = f"值“{cell}”超出允许范围（{c.get('minimum', '')}–{c.get('maximum', '')}）"
                elif err.type == "constraint-error" and '"maxLength"' in err.note:
                    message = f"值“{cell}”过长（最多 {res.field(fld).constraints.get('maxLength')} 字）"
                elif err.type == "constraint-error" and '"pattern"' in err.note:
                    message = f"值“{cell}”格式不符（应匹配 {res.field(fld).constraints.get('pattern')}）"
            else:
                message = f"{err.title}：{err.note}"
            report.error(path, row, fld, message, code=err.type)


def _read_rows(raw: bytes, encoding: str, res: ResourceSpec) -> list[dict]:
    text = raw.decode(encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    specs = {f.name: f for f in res.fields}
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {"_row": number}
        for name, value in zip(header, cells):
            if name in specs:
                row[name] = convert(value, specs[name])
        for name in specs:
            row.setdefault(name, [] if specs[name].type == "list" else None)
        rows.append(row)
    return rows


def _rows(raw: bytes, encoding: str, res: ResourceSpec, caches: Caches) -> tuple[list[dict], list[bytes] | None]:
    """The converted rows, and (when the caches are kept between builds, caches.rows) a digest of each row's
    public values."""
    if not caches.keep:
        return _read_rows(raw, encoding, res), None
    rows_by = caches.rows
    key = (str(res.package), res.name)
    stamp = hashlib.blake2b(raw + repr((encoding, res.raw)).encode(), digest_size=16).digest()
    if key not in rows_by or rows_by[key][0] != stamp:
        rows = _read_rows(raw, encoding, res)
        private = {f.name for f in res.private_fields}
        rows_by[key] = (stamp, rows, [row_digest(r, private) for r in rows])
    return rows_by[key][1], rows_by[key][2]  # shared with the next build: nothing changes rows once read


def _read_file(path: Path, report: Report) -> bytes | None:
    """The file's bytes, or None with the reason reported (missing, a folder, unreadable, too large)."""
    if not path.exists():
        report.error(path, None, None, "缺少数据文件", code="missing-file")
        return None
    if not path.is_file():
        report.error(path, None, None, "应为 CSV 文件，却是文件夹或其他类型", code="not-a-file")
        return None
    try:
        if path.stat().st_size > textpolicy.MAX_CSV_BYTES:
            report.error(path, None, None, f"文件过大（最多 {textpolicy.MAX_CSV_BYTES} 字节）", code="file-size")
            return None
        return path.read_bytes()
    except OSError as exc:
        report.error(path, None, None, f"无法读取（{exc.strerror or type(exc).__name__}）", code="unreadable")
        return None


def load_packages(data_dir: Path, report: Report, names: tuple[str, ...] = PACKAGES + REFERENCE_PACKAGES,
                  caches: Caches | None = None) -> Tables:
    caches = caches or Caches()
    tables = Tables()
    for name in names:
        directory = data_dir / name
        descriptor_path = directory / DESCRIPTOR
        if not descriptor_path.exists():
            report.error(descriptor_path, None, None, "缺少数据包描述文件")
            continue
        try:
            spec = parse_descriptor(name, directory, load_descriptor(descriptor_path))
        except DescriptorError as exc:  # YAML syntax, limits or structure: one line, located when the parser knows
            report.error(descriptor_path, exc.line, None, f"描述文件无法使用：{exc}", code="descriptor")
            continue
        tables.specs[name] = spec
        encodings, shown, raws = {}, {}, {}
        for res in spec.resources.values():
            path = directory / res.path
            key = (name, res.name)
            tables.paths[key] = path
            shown[res.name] = str(path)
            raw = _read_file(path, report)
            if raw is None:
                tables.broken.add(key)
                continue
            encoding = _detect_encoding(raw)
            if encoding == "gb18030":
                report.error(path, None, None,
                             "文件编码是 GBK/GB18030（Excel 默认“CSV（逗号分隔）”格式），不是 UTF-8。"
                             "请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”，"
                             f"或运行 xinan fix-encoding {path} 转换为 UTF-8", code="encoding")
                tables.broken.add(key)
                continue
            if encoding is None:
                report.error(path, None, None, "无法识别文件编码，请保存为 UTF-8", code="encoding")
                tables.broken.add(key)
                continue
            if not textpolicy.check_table(raw.decode(encoding), res, str(path), report):
                tables.broken.add(key)  # not a sound table: frictionless would choke or crawl on it
                continue
            raws[res.name] = raw
            encodings[res.name] = encoding
            tables.rows[key], row_stamps = _rows(raw, encoding, res, caches)
            if row_stamps is not None:
                tables.stamps[key] = row_stamps
        _frictionless_check(spec, encodings, report, shown, raws, caches)
    return tables


def _check_categories(tables: Tables, report: Report) -> None:
    for (pkg, res_name), rows in tables.rows.items():
        res = tables.specs[pkg].resources[res_name]
        path = tables.paths[(pkg, res_name)]
        for f in res.fields:
            if f.type != "list" or not f.categories:
                continue
            for row in rows:
                for item in row.get(f.name) or []:
                    if item not in f.categories:
                        report.error(path, row["_row"], f.name,
                                     f"值“{item}”不在允许的取值中：{'、'.join(f.categories)}", code="enum")


def _check_external_keys(tables: Tables, report: Report) -> None:
    for (pkg, res_name), rows in tables.rows.items():
        res = tables.specs[pkg].resources[res_name]
        for fk in res.external_foreign_keys:
            ref = fk["reference"]
            target = (ref["package"], ref["resource"])
            if target in tables.broken or target not in tables.rows:
                continue
            (src,), (dst,) = fk["fields"], ref["fields"]
            known = {r.get(dst) for r in tables.rows[target]}
            for row in rows:
                value = row.get(src)
                if value not in (None, "") and value not in known:
                    report.error(tables.paths[(pkg, res_name)], row["_row"], src,
                                 f"找不到编号“{value}”（{ref['package']}/{ref['resource']} 中没有）", code="foreign-key")


# stations/<id>/ is a station's page: these ids are taken by the list's own pages (stations/street/<code>/).
RESERVED_STATION_IDS = frozenset({"street"})


def _check_stations(tables: Tables, config: SiteConfig, report: Report) -> None:
    path = tables.paths.get(("stations", "stations"))
    south, west, north, east = config.bounds
    for row in tables.get("stations", "stations"):
        n, kind = row["_row"], row.get("kind")
        placed = kind not in NO_PLACE_KINDS
        if row.get("id") in RESERVED_STATION_IDS:
            report.error(path, n, "id", f"编号“{row['id']}”是站点列表的保留地址（/stations/{row['id']}/ 列出各街道），"
                         "请换一个编号", code="reserved")
        lat, lon = row.get("latitude"), row.get("longitude")
        if placed:
            for fld in ("street", "address", "latitude", "longitude"):
                if row.get(fld) in (None, ""):
                    report.error(path, n, fld, "实体站点必须填写此项（只有热线和线上平台可以不填）", code="required")
        if (lat is None) != (lon is None):
            report.error(path, n, "latitude" if lat is None else "longitude", "经纬度须同时填写", code="required")
        elif lat is not None and not (south <= lat <= north and west <= lon <= east):
            report.error(path, n, "latitude",
                         f"坐标 ({lat}, {lon}) 不在{config.district}范围内（纬度 {south}–{north}，经度 {west}–{east}）；"
                         "请确认使用 WGS-84 坐标且经纬度没有写反", code="bounds")
        for phone in row.get("phones") or []:
            if not PHONE.match(phone):
                report.error(path, n, "phones", f"电话“{phone}”格式无效（座机写作 0755-12345678）", code="phone")
        if placed and not row.get("phones") and kind != "school_room":
            report.warning(path, n, "phones", "没有公开电话，居民无法事先联系")
        try:
            hours_mod.parse_weekly(row.get("hours") or "")
        except hours_mod.HoursError as exc:
            report.error(path, n, "hours", str(exc), code="hours")
        try:
            hours_mod.parse_exceptions(row.get("hours_exceptions") or "")
        except hours_mod.HoursError as exc:
            report.error(path, n, "hours_exceptions", str(exc), code="hours")
        url = row.get("online_url")
        if kind == "online" and not url:
            report.error(path, n, "online_url", "线上平台必须填写线上服务网址", code="required")
        if url and not url.startswith("https://"):
            report.error(path, n, "online_url", f"网址须以 https:// 开头：{url}", code="url")
        if row.get("verified_on") and row["verified_on"] > tables.today:
            report.error(path, n, "verified_on", "核实日期晚于数据日期", code="date")


def _check_practitioners(tables: Tables, report: Report) -> None:
    path = tables.paths.get(("practitioners", "practitioners"))
    today = tables.today
    for row in tables.get("practitioners", "practitioners"):
        n, start, end, status = row["_row"], row.get("valid_from"), row.get("valid_to"), row.get("status")
        if start and end and end < start:
            report.error(path, n, "valid_to", f"有效期至 {end} 早于有效期起 {start}", code="date-order")
        if status == "active" and end and end < today:
            report.warning(path, n, "status",
                           f"有效期至 {end}，已过期，但状态仍为 active；网站按“已过期”显示", code="status-dates")
        if status == "active" and start and start > today:
            report.warning(path, n, "status", f"登记自 {start} 起生效，尚未生效；网站按“尚未生效”显示",
                           code="status-dates")


def _check_lectures(tables: Tables, report: Report) -> None:
    path = tables.paths.get(("lectures", "lectures"))
    stations = {r["id"]: r for r in tables.get("stations", "stations")}
    by_station: dict[str, list[dict]] = {}
    for row in tables.get("lectures", "lectures"):
        n, start, end, mode = row["_row"], row.get("start"), row.get("end"), row.get("mode")
        for fld in ("start", "end", "previous_start"):
            value = row.get(fld)
            if value is not None and value.utcoffset() is None:
                report.error(path, n, fld, "时间须带时区，如 2026-11-28T14:30:00+08:00", code="timezone")
        if start and end and start.utcoffset() is not None and end.utcoffset() is not None:
            if end <= start:
                report.error(path, n, "end", f"结束时间 {end:%Y-%m-%d %H:%M} 不晚于开始时间 {start:%Y-%m-%d %H:%M}",
                             code="date-order")
            elif end - start > dt.timedelta(hours=12):
                report.warning(path, n, "end", "讲座时长超过 12 小时，请核对结束时间")
        venue = row.get("station") or row.get("address")
        if mode in ("offline", "hybrid") and not venue:
            report.error(path, n, "station", "线下讲座须填写举办站点或地址", code="venue")
        if mode in ("online", "hybrid") and not row.get("online_url"):
            report.error(path, n, "online_url", "线上讲座须填写线上参与链接", code="venue")
        for fld in ("online_url", "registration_url"):
            if row.get(fld) and not row[fld].startswith("https://"):
                report.error(path, n, fld, f"网址须以 https:// 开头：{row[fld]}", code="url")
        if row.get("address") and not row.get("station") and not row.get("street"):
            report.error(path, n, "street", "在站点以外举办时须填写所属街道", code="required")
        st = stations.get(row.get("station") or "")
        if st and row.get("street") and st.get("street") and row["street"] != st["street"]:
            report.error(path, n, "street", f"街道“{row['street']}”与站点所在街道“{st['street']}”不一致", code="street")
        if row.get("status") == "rescheduled" and not row.get("previous_start"):
            report.error(path, n, "previous_start", "改期讲座须填写原定开始时间", code="required")
        if row.get("status") == "rescheduled" and not row.get("sequence"):
            report.error(path, n, "sequence", "改期后修订序号须大于 0（每次变更时间、地点或状态加 1）", code="sequence")
        if (row.get("station") and start and end and start.utcoffset() is not None and end.utcoffset() is not None
                and row.get("status") != "cancelled" and mode != "online"):
            by_station.setdefault(row["station"], []).append(row)
    for station, rows in by_station.items():
        rows.sort(key=lambda r: r["start"])
        for a, b in zip(rows, rows[1:]):
            if b["start"] < a["end"]:
                report.error(path, b["_row"], "start",
                             f"与第 {a['_row']} 行的讲座“{a['id']}”在同一站点 {station} 时间重叠", code="overlap")


def validate_data(data_dir: Path, config: SiteConfig, today: dt.date,
                  caches: Caches | None = None) -> tuple[Report, Tables]:
    report = Report()
    tables = load_packages(Path(data_dir), report, caches=caches)
    tables.today = today
    # Schema changes against the last stored release: a breaking change needs a major version.
    for spec in tables.specs.values():
        report.extend(releases.check_package(spec, Path(data_dir)))
        if spec.name not in REFERENCE_PACKAGES:  # reference data (holidays) is read, not published
            report.extend(catalogmeta.check(spec))
    _check_categories(tables, report)
    _check_external_keys(tables, report)
    _check_stations(tables, config, report)
    _check_practitioners(tables, report)
    _check_lectures(tables, report)
    retirement.check(tables, Path(data_dir), report)  # retired records; released rows never deleted
    holidays_mod.check(tables, report)
    coverage_check.check(tables, report)
    if ("lectures", "lectures") in tables.rows:
        # Rows with an error already are left out: the sequence of a lecture whose time is wrong is beside the point.
        path = tables.paths[("lectures", "lectures")]
        wrong = {p.row for p in report.errors if p.path == str(path)}
        rows = [r for r in tables.get("lectures", "lectures") if r["_row"] not in wrong]
        report.extend(releases.check_sequences(rows, path, Path(data_dir)))
    return report, tables
