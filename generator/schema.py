"""The data contract: Data Package descriptors read into field and resource specs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

PACKAGES = ("stations", "practitioners", "lectures", "hotlines", "coverage")
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


# libyaml's loader when PyYAML has it (the PyPI wheels do): a province's descriptors parse 10x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_descriptor(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=SAFE_LOADER)
    if not isinstance(data, dict):
        raise ValueError("描述文件应为 YAML 映射")
    return data
