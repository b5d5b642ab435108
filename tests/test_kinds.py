"""A page kind is one module in generator/pages/ that declares what it is called, what it reads and whether the
search index reads its pages, and one line in generator/kinds.py registers it; the build names no kind itself."""
from __future__ import annotations

import re

from generator import kinds
from generator.schema import PACKAGES
from tests.conftest import REPO_ROOT

INPUTS = {*PACKAGES, "releases", "articles"}


def test_every_kind_declares_its_name_what_it_reads_and_whether_it_is_searched():
    for kind in kinds.KINDS:
        assert kind.NAME == kind.__name__.rsplit(".", 1)[-1]
        assert set(kind.READS) <= INPUTS and kind.READS
        assert isinstance(kind.SEARCHED, bool)
        assert all(callable(getattr(kind, f, None)) for f in ("docs", "records", "files"))
    assert [k.NAME for k in kinds.SEARCHED] == ["stations", "lectures"]


def test_every_page_module_with_record_pages_is_registered():
    modules = {p.stem for p in (REPO_ROOT / "generator" / "pages").glob("*.py")
               if re.search(r"^def records\(", p.read_text(encoding="utf-8"), re.M)}
    assert modules == {k.NAME for k in kinds.KINDS}


def test_the_build_looks_no_kind_up_by_its_module_name():
    for module in ("pipeline.py", "incremental/builder.py", "parts.py"):
        source = (REPO_ROOT / "generator" / module).read_text(encoding="utf-8")
        assert "__name__" not in source and not re.search(r"^(KINDS|READS|SEARCHED_KINDS) = ", source, re.M)
