"""Problems found in data or content: typed, collected all at once, printed as path:row:field: message."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable

from generator.textpolicy import one_line


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    row: int | None
    field: str | None
    message: str
    severity: str = "error"  # "error" stops the build; "warning" is reported and published as the dates imply
    code: str = "invalid"

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        fld = self.field or ""
        prefix = "警告" if self.severity == "warning" else "错误"
        return one_line(f"{shown_path(self.path)}:{row}:{fld}: {prefix}: {self.message}")


def shown_path(path: str) -> str:
    """Paths under the working directory are shown relative to it, as an editor would type them."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            return rel
    return path


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. "converted from GB18030"

    def error(self, path, row, fld, message, code="invalid") -> None:
        self.problems.append(Problem(str(path), row, fld, message, "error", code))

    def warning(self, path, row, fld, message, code="warning") -> None:
        self.problems.append(Problem(str(path), row, fld, message, "warning", code))

    def extend(self, other: "Report") -> None:
        self.problems.extend(other.problems)
        self.notices.extend(other.notices)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> Iterable[str]:
        yield from self.notices
        # Sorted so the output is stable and grouped by file, then row.
        for p in sorted(self.problems, key=lambda p: (p.path, p.row or 0, p.field or "", p.message)):
            yield str(p)


class BuildError(Exception):
    """Raised when validation fails; carries the whole report."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report
