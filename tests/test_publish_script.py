"""deploy/xinan-publish, the daily rebuild: a new release is served only when its build succeeded, older releases are
kept for rollback (and pruned), and rollback serves the previous one. The build is a stand-in `xinan` so the script's
own logic is what is tested; the real build's flags (--gzip, --csp-conf) are tested in tests/test_deploy.py."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "deploy" / "xinan-publish"

# Records its arguments; fails when the repository holds a file named FAIL (as a real build fails on bad data).
FAKE_XINAN = """#!/bin/sh
set -eu
[ -e FAIL ] && { echo "构建失败：1 个错误。" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in --out) out=$2; shift;; --csp-conf) conf=$2; shift;; esac; shift
done
mkdir -p "$out"; cp page.html "$out/index.html"; echo "add_header X y;" > "$conf"
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.cn", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def server(tmp_path):
    """An origin repository, and /srv/xinan's layout with a clone of it (repo/) whose .venv holds the stand-in."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    (origin / "Makefile").write_text("install:\n\t@true\n")
    (origin / "page.html").write_text("v1")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "v1")
    root = tmp_path / "srv"
    root.mkdir()
    git(tmp_path, "clone", "-q", str(origin), str(root / "repo"))
    bin_dir = root / "repo" / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "xinan").write_text(FAKE_XINAN)
    (bin_dir / "xinan").chmod(0o755)
    return origin, root


def publish(root: Path, *args: str, keep: int = 7) -> subprocess.CompletedProcess:
    env = dict(os.environ, XINAN_ROOT=str(root), XINAN_KEEP=str(keep))
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True)


def commit(origin: Path, text: str, fail: bool = False) -> None:
    (origin / "page.html").write_text(text)
    if fail:
        (origin / "FAIL").write_text("")
    elif (origin / "FAIL").exists():
        (origin / "FAIL").unlink()
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", text)


def served(root: Path) -> str:
    return (root / "current" / "site" / "index.html").read_text()


def test_a_publish_pulls_builds_and_serves_the_new_release_with_its_csp(server):
    origin, root = server
    assert publish(root).returncode == 0
    commit(origin, "v2")
    proc = publish(root)
    assert proc.returncode == 0, proc.stderr
    assert served(root) == "v2"
    assert (root / "current" / "csp.conf").exists()
    assert len(list((root / "releases").iterdir())) == 2


def test_a_failed_build_leaves_the_served_release_untouched(server):
    origin, root = server
    assert publish(root).returncode == 0
    before = os.readlink(root / "current")
    commit(origin, "broken", fail=True)
    proc = publish(root)
    assert proc.returncode == 1
    assert "still serving" in proc.stderr
    assert os.readlink(root / "current") == before and served(root) == "v1"
    assert len(list((root / "releases").iterdir())) == 1  # the failed release is not kept


def test_rollback_serves_the_previous_release_and_list_marks_the_served_one(server):
    origin, root = server
    publish(root)
    commit(origin, "v2")
    publish(root)
    proc = publish(root, "rollback")
    assert proc.returncode == 0, proc.stderr
    assert served(root) == "v1"
    lines = publish(root, "list").stdout.splitlines()
    assert [line[0] for line in lines] == [" ", "*"]  # newest first; the older one is served
    assert publish(root, "rollback").returncode == 1  # nothing older than the oldest


def test_only_the_newest_releases_are_kept(server):
    origin, root = server
    for i in range(4):
        commit(origin, f"v{i}")
        assert publish(root, keep=2).returncode == 0
    names = sorted(p.name for p in (root / "releases").iterdir())
    assert len(names) == 2 and served(root) == "v3"
