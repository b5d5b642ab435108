"""The docs say what the code does: every console block marked `<!-- checked -->` in README.md and docs/*.md is run
in a copy of the sample site and prints what the block shows (timings aside), and the module map in
docs/architecture.md names every module of generator/ and nothing that does not exist.

A marked block: each line starting with `$ ` is a command, the lines up to the next command are what it prints
(stdout and stderr as they interleave); a line starting with `…` stands for any number of lines. `.venv/bin/xinan`
is the command line under test, `/tmp/` a scratch folder of the test."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

MARK = "<!-- checked -->"
DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
TIMING = [(re.compile(r"\d+(?:\.\d+)? s$", re.M), "<t> s"), (re.compile(r"（(共 )?\d+(?:\.\d+)? 秒）"), r"（\1<t> 秒）")]


def checked_blocks() -> list[tuple[str, str]]:
    """(where, block text) of every marked block."""
    found = []
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() != MARK:
                continue
            assert lines[i + 1].startswith("```"), f"{path.name}:{i + 1}: {MARK} must stand right before a fence"
            end = next(j for j in range(i + 2, len(lines)) if lines[j].startswith("```"))
            found.append((f"{path.relative_to(REPO_ROOT)}:{i + 1}", "\n".join(lines[i + 2:end])))
    return found


def commands(block: str) -> list[tuple[str, list[str]]]:
    runs = []
    for line in block.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            assert runs, "a checked block starts with a command"
            runs[-1][1].append(line)
    return runs


def normal(text: str) -> str:
    for pattern, replacement in TIMING:
        text = pattern.sub(replacement, text)
    return text


def matches(expected: list[str], actual: str) -> bool:
    """Whether `actual` is `expected`, line by line, where a line starting with … stands for any lines."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.startswith("…") else re.escape(normal(line).rstrip()) + r"\n"
                      for line in expected)
    shown = "".join(normal(line).rstrip() + "\n" for line in actual.splitlines())
    return re.fullmatch(pattern, shown) is not None


def run(command: str, site: Path, scratch: Path) -> str:
    command = command.replace("/tmp/", f"{scratch}/")
    words = shlex.split(command)
    if words[0] == ".venv/bin/xinan":
        words = [sys.executable, "-m", "generator", *words[1:]]
    elif words[0].startswith(".venv/bin/"):
        words[0] = str(Path(sys.executable).parent / words[0][len(".venv/bin/"):])
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(words, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300)
    return proc.stdout


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the sample site: its settings, data, content and theme overrides."""
    site = tmp_path_factory.mktemp("docs") / "site"
    site.mkdir()
    for name in ("mkdocs.yml", "data", "content", "site_overrides"):
        src = REPO_ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, site / name)
    return site


BLOCKS = checked_blocks()


def test_the_docs_mark_their_command_examples_for_checking():
    assert {where.split(":")[0] for where, _ in BLOCKS} >= {"README.md", "docs/architecture.md", "docs/editing.md"}


@pytest.mark.parametrize("where, block", BLOCKS, ids=[w for w, _ in BLOCKS])
def test_a_checked_console_block_prints_what_it_shows(where, block, sample, tmp_path):
    for command, expected in commands(block):
        actual = run(command, sample, tmp_path).replace(f"{tmp_path}/", "/tmp/")
        assert matches(expected, actual), f"{where}: `{command}` printed:\n{actual}"


def test_the_matcher_can_fail():
    assert matches(["a", "…", "c 1.2 s"], "a\nb\nb\nc 3.45 s\n")
    assert not matches(["a", "c"], "a\nb\nc\n") and not matches(["a", "…"], "b\n")


def module_map() -> list[str]:
    text = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Module map", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(generator/[^`]+)` \|", section, re.M)


def test_the_module_map_names_every_module_once_and_only_modules_that_exist():
    named = module_map()
    modules = sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "generator").rglob("*.py")
                     if "__pycache__" not in p.parts)
    assert sorted(n for n in named if n.endswith(".py")) == modules
    assert len(named) == len(set(named))
    assert [n for n in named if not (REPO_ROOT / n).exists()] == []
