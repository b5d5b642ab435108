"""The W3C Nu HTML Checker (vnu-jar from npm, run with Java) finds no errors on one page of every type."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT
from tests.page_types import PAGE_TYPES

VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.skipif(not shutil.which("java"), reason="make test installs a Java runtime")
def test_built_pages_of_every_type_have_no_html_errors(site_dir):
    pages = [str(site_dir / path / "index.html") for path in PAGE_TYPES.values()]
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []
