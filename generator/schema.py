"""The data contract: Data Package descriptors read into field and resource specs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import safeyaml

PACKAGES = ("stations", "practitioners", "lectures", "hotlines", "coverage")
# Validated like the others but not published as open data: reference tables the site itself reads.
REFERENCE_PACKAGES = ("holidays",)
DESCRIPTOR = "datapackage.yaml"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    description: str
    type: str
    required: bool
    public: bool
    categories: dict[str, str]  # code -> Chinese label, in declared order
    enum: tuple[str, ...] | None
    delimiter: str | None
    example: object
    constraints: dict
    raw: dict = field(repr=False, compare=False, hash=False)

    def label(self, code: str) -> str:
        return self.categories.get(code, code)


@dataclass
class ResourceSpec:
    package: str
    name: str
    title: str
    path: str
    fields: list[FieldSpec]
    primary_key: list[str]
    foreign_keys: list[dict]
    external_foreign_keys: list[dict]
    raw: dict = field(repr=False)

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.package}/{self.name}: no field {name}")

    @property
    def public_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if f.public]

    @property
    def private_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields if not f.public]


@dataclass
class PackageSpec:
    name: str
    directory: Path
    descriptor: dict
    resources: dict[str, ResourceSpec]

    @property
    def is_sample(self) -> bool:
        return bool((self.descriptor.get("xinan") or {}).get("sample"))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "0.0.0"))

    def labels(self, resource: str, fld: str) -> dict[str, str]:
        return self.resources[resource].field(fld).categories


def _field(raw: dict) -> FieldSpec:
    constraints = dict(raw.get("constraints") or {})
    cats = {str(c["value"]): str(c.get("label", c["value"])) for c in raw.get("categories") or []}
    enum = constraints.get("enum")
    return FieldSpec(
        name=raw["name"],
        title=str(raw.get("title", raw["name"])),
        description=str(raw.get("description", "")),
        type=str(raw.get("type", "string")),
        required=bool(constraints.get("required")),
        public=raw.get("public", True) is not False,
        categories=cats,
        enum=tuple(str(e) for e in enum) if enum else None,
        delimiter=raw.get("delimiter"),
        example=raw.get("example"),
        constraints=constraints,
        raw=raw,
    )


def parse_descriptor(name: str, directory: Path, descriptor: dict) -> PackageSpec:
    resources = {}
    for res in descriptor.get("resources") or []:
        schema = res.get("schema") or {}
        resources[res["name"]] = ResourceSpec(
            package=name,
            name=res["name"],
            title=str(res.get("title", res["name"])),
            path=res["path"],
            fields=[_field(f) for f in schema.get("fields") or []],
            primary_key=list(schema.get("primaryKey") or []),
            foreign_keys=list(schema.get("foreignKeys") or []),
            external_foreign_keys=list(schema.get("externalForeignKeys") or []),
            raw=res,
        )
    return PackageSpec(name=name, directory=directory, descriptor=descriptor, resources=resources)


class DescriptorError(ValueError):
    """A descriptor that cannot be used: one-line Chinese message, 1-based line when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


FIELD_TYPES = {"string", "number", "integer", "boolean", "date", "datetime", "list"}
RESOURCE_PATH = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.csv")  # a file beside the descriptor, nothing else


def load_descriptor(path: Path) -> dict:
    """The descriptor as a mapping, or DescriptorError: unreadable, unsafe YAML or a shape the site cannot use."""
    try:
        if path.stat().st_size > safeyaml.DESCRIPTOR_BYTES:
            raise DescriptorError(f"描述文件过大（最多 {safeyaml.DESCRIPTOR_BYTES} 字节）")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DescriptorError("描述文件不是 UTF-8 编码") from None
    except OSError as exc:
        raise DescriptorError(f"描述文件无法读取（{exc.strerror or type(exc).__name__}）") from None
    try:
        data = safeyaml.load(text, max_bytes=safeyaml.DESCRIPTOR_BYTES, max_depth=safeyaml.DESCRIPTOR_DEPTH)
    except safeyaml.YamlProblem as exc:
        raise DescriptorError(exc.message, exc.line) from None
    check_structure(data)
    return data


def check_structure(data) -> None:
    """Raise DescriptorError unless `data` has the shape parse_descriptor and frictionless rely on."""
    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            raise DescriptorError(f"{where}：{what}")

    need(isinstance(data, dict), "描述文件", "应为 YAML 映射")
    resources = data.get("resources")
    need(isinstance(resources, list) and resources != [], "resources", "应为非空列表")
    for i, res in enumerate(resources, 1):
        where = f"resources 第 {i} 项"
        need(isinstance(res, dict), where, "应为映射")
        need(isinstance(res.get("name"), str) and res["name"] != "", where, "name 应为文本")
        need(isinstance(res.get("path"), str) and RESOURCE_PATH.fullmatch(res["path"]) is not None, where,
             "path 应为同一文件夹中的 .csv 文件名")
        schema = res.get("schema")
        need(isinstance(schema, dict), where, "schema 应为映射")
        fields = schema.get("fields")
        need(isinstance(fields, list) and fields != [], where, "schema.fields 应为非空列表")
        names = set()
        for f in fields:
            need(isinstance(f, dict) and isinstance(f.get("name"), str) and f["name"] != "", where,
                 "每个字段须有文本 name")
            fwhere = f"{where} 字段 {f['name'][:40]}"
            names.add(f["name"])
            need(f.get("type", "string") in FIELD_TYPES, fwhere, f"type 应为 {'、'.join(sorted(FIELD_TYPES))} 之一")
            constraints = f.get("constraints", {})
            need(isinstance(constraints, dict), fwhere, "constraints 应为映射")
            pattern = constraints.get("pattern")
            if pattern is not None:
                need(isinstance(pattern, str), fwhere, "pattern 应为文本")
                try:
                    re.compile(pattern)
                except re.error:
                    need(False, fwhere, "pattern 不是有效的正则表达式")
            enum = constraints.get("enum")
            need(enum is None or isinstance(enum, list), fwhere, "enum 应为列表")
            cats = f.get("categories", [])
            need(isinstance(cats, list) and all(isinstance(c, dict) and "value" in c for c in cats), fwhere,
                 "categories 应为带 value 的映射列表")
            need(f.get("type") != "list" or isinstance(f.get("delimiter", ","), str), fwhere, "delimiter 应为文本")
        pk = schema.get("primaryKey", [])
        need(isinstance(pk, list) and all(k in names for k in pk), where, "primaryKey 应列出本表的字段")
        for key in ("foreignKeys", "externalForeignKeys"):
            fks = schema.get(key, [])
            need(isinstance(fks, list), where, f"{key} 应为列表")
            for fk in fks:
                ok = (isinstance(fk, dict) and isinstance(fk.get("fields"), list) and len(fk["fields"]) == 1
                      and fk["fields"][0] in names and isinstance(fk.get("reference"), dict)
                      and isinstance(fk["reference"].get("resource"), str)
                      and isinstance(fk["reference"].get("fields"), list) and len(fk["reference"]["fields"]) == 1)
                need(ok, where, f"{key} 每项须有一个字段和 reference（resource、fields）")
