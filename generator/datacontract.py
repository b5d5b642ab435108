"""The versioned data contract: which shape of data/ a site's data follow, and what to change when the engine's
contract moves on.

The engine's contract history is package data, `generator/contract/CHANGELOG.yaml`: each version with the changes
it made (an added field, a renamed file...), each change with a Chinese message saying what a site's editor does.
A site declares the version its data follow in mkdocs.yml, `extra.xinan.contract: "1.0.0"`. `check` compares the
two, with the semantic-version rules of the data packages' own releases (generator/releases.py):

- same version: nothing to say;
- the site is a minor version behind: a warning per change since (something was added that the site can use);
- the site is a major version behind: an error per change since, naming the package and field;
- the site declares a version newer than the engine's, or one that never existed: an error (upgrade the engine);
- no declaration: a warning with the line to add.

Problems are reported against mkdocs.yml (the declaration's line) or the package's datapackage.yaml they concern,
in the `path:row:field: message` form of generator/problems.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import safeyaml
from generator.problems import Report
from generator.releases import parse_version
from generator.schema import DESCRIPTOR

CHANGELOG = Path(__file__).resolve().parent / "contract" / "CHANGELOG.yaml"
KEY = "extra.xinan.contract"
KINDS = {"added": "新增", "removed": "删除", "renamed": "改名", "changed": "修改", "note": "说明"}


class ContractError(Exception):
    """The engine's own changelog is malformed (a packaging mistake, not a site's)."""


@dataclass(frozen=True)
class Change:
    kind: str
    message: str
    package: str = ""
    resource: str = ""
    field: str = ""


@dataclass(frozen=True)
class Version:
    version: str
    date: str
    summary: str
    changes: tuple[Change, ...]

    @property
    def key(self) -> tuple[int, int, int]:
        return parse_version(self.version)


def load(path: Path = CHANGELOG) -> list[Version]:
    """The contract's versions, oldest first."""
    raw = safeyaml.load(Path(path).read_text(encoding="utf-8")) or {}
    versions = []
    for entry in raw.get("versions") or []:
        changes = []
        for c in entry.get("changes") or []:
            if c.get("kind") not in KINDS or not c.get("message"):
                raise ContractError(f"{path}: {entry.get('version')}: change needs a kind ({', '.join(KINDS)}) "
                                    f"and a message: {c}")
            changes.append(Change(c["kind"], str(c["message"]), str(c.get("package") or ""),
                                  str(c.get("resource") or ""), str(c.get("field") or "")))
        version = Version(str(entry["version"]), str(entry.get("date") or ""), str(entry.get("summary") or ""),
                          tuple(changes))
        try:
            version.key
        except ValueError as exc:
            raise ContractError(f"{path}: version {entry['version']!r} is not x.y.z") from exc
        versions.append(version)
    if not versions or [v.key for v in versions] != sorted({v.key for v in versions}):
        raise ContractError(f"{path}: versions must be listed oldest first, each once")
    return versions


def current(versions: list[Version] | None = None) -> str:
    """The engine's contract version: the newest in its changelog."""
    return (versions or load())[-1].version


def declared_line(config_file: Path) -> int | None:
    """The line of `contract:` in mkdocs.yml, for the message's row."""
    try:
        lines = Path(config_file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, 1):
        if re.match(r"\s+contract\s*:", line):
            return number
    return None


def _where(change: Change, config_file: Path, data_dir: Path) -> tuple[Path, str]:
    """The file a change concerns (the package's descriptor, or mkdocs.yml) and the field named in the message."""
    if change.package and (Path(data_dir) / change.package / DESCRIPTOR).exists():
        path = Path(data_dir) / change.package / DESCRIPTOR
    elif change.package:
        path = Path(data_dir) / change.package
    else:
        path = Path(config_file)
    fld = "/".join(part for part in (change.resource, change.field) if part)
    return path, fld


def check(declared: str | None, config_file: Path, data_dir: Path,
          versions: list[Version] | None = None) -> Report:
    """What a site declaring contract `declared` must change to follow the engine's contract."""
    versions = versions or load()
    engine = versions[-1]
    report = Report()
    row = declared_line(config_file)
    upgrade = f"完成后把 mkdocs.yml 中的 contract 改为 \"{engine.version}\"（见引擎文档 docs/adopt.md 的 Upgrading the engine 一节）"
    if declared is None:
        report.warning(config_file, None, KEY,
                       f"站点没有声明数据约定版本；请在 extra.xinan 下加一行 contract: \"{engine.version}\"，"
                       "引擎升级时 xinan validate 才能说明数据要改什么", code="contract")
        return report
    try:
        mine = parse_version(declared)
    except ValueError:
        report.error(config_file, row, KEY, f"数据约定版本应为 x.y.z 形式，如 \"{engine.version}\"，实际为 {declared!r}",
                     code="contract")
        return report
    known = {v.key for v in versions}
    if mine > engine.key:
        report.error(config_file, row, KEY,
                     f"站点数据按约定 {declared} 编写，比本引擎支持的约定 {engine.version} 新；"
                     "请升级引擎：pip install --upgrade xinan", code="contract")
        return report
    if mine not in known:
        report.error(config_file, row, KEY,
                     f"约定版本 {declared} 不存在；本引擎的版本有 {'、'.join(v.version for v in versions)}", code="contract")
        return report
    newer = [v for v in versions if v.key > mine]
    if not newer:
        return report
    for version in newer:
        # A later major version breaks the site's data; versions within its own major line only add.
        breaking = version.key[0] > mine[0]
        for change in version.changes:
            path, fld = _where(change, config_file, data_dir)
            (report.error if breaking else report.warning)(
                path, None, fld, f"约定 {version.version} {KINDS[change.kind]}：{change.message}", code="contract")
    said = f"站点数据按约定 {declared} 编写，本引擎为 {engine.version}"
    if engine.key[0] > mine[0]:
        report.error(config_file, row, KEY, f"{said}，主版本不同：以上各项改完才能构建；{upgrade}", code="contract")
    else:
        report.warning(config_file, row, KEY, f"{said}，次版本更新：以上为新增内容，现有数据仍可构建；{upgrade}",
                       code="contract")
    return report
