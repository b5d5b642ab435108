"""The clean build is one short pipeline (generator/pipeline.py) that never loads the incremental layer of
`xinan serve` (generator/incremental/)."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT


# Runs the command line as `python -m generator` does and, when the process ends, prints the generator modules
# it had loaded; -X importtime also lists what forked children imported.
RUN = ("import atexit, runpy, sys\n"
       "atexit.register(lambda: print('MODULES', *sorted(m for m in sys.modules if m.startswith('generator'))))\n"
       "sys.argv = ['xinan', *sys.argv[1:]]\n"
       "runpy.run_module('generator', run_name='__main__', alter_sys=True)\n")


def loaded_modules(code: str, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `code` (with `args`) in the sample site under -X importtime; the generator modules it loaded."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], cwd=REPO_ROOT,
                          capture_output=True, text=True)
    names = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    for line in proc.stdout.splitlines():
        if line.startswith("MODULES "):
            names.update(line.split()[1:])
    return proc, names


def test_a_clean_build_imports_no_module_of_the_incremental_layer(tmp_path):
    proc, names = loaded_modules(RUN, "build", "--today", "2026-11-22", "--out", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "已生成" in proc.stdout and (tmp_path / "site" / "index.html").exists()
    assert "generator.pipeline" in names
    assert sorted(n for n in names if n.startswith("generator.incremental")) == []


def test_the_import_check_sees_the_incremental_layer_when_it_is_loaded():
    proc, names = loaded_modules(RUN.replace("import atexit,", "import generator.build; generator.build.Builder\n"
                                             "import atexit,"), "--help")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "generator.incremental.builder" in names


def test_the_old_names_stay_importable_from_generator_build():
    from generator import build as old
    from generator.incremental.builder import Builder
    from generator.pipeline import build
    assert old.build is build and old.Builder is Builder
    assert callable(old.tree_digest) and callable(old.renderer_config)
