"""The theme's scripts and stylesheets reach phones minified, and stay valid code."""
from __future__ import annotations

import gzip
import shutil
import subprocess

import pytest

from generator import layers, minify

THEME = layers.ENGINE_THEME / "assets"
ENGINE_SCRIPTS = [*layers.SCRIPTS, *layers.PAGE_SCRIPTS.values()]
ENGINE_FILES = [*ENGINE_SCRIPTS, *layers.STYLESHEETS]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, mtime=0))


@pytest.mark.parametrize("rel", ENGINE_FILES)
def test_every_engine_script_and_stylesheet_is_served_smaller_than_its_source(site_dir, rel):
    served = (site_dir / rel).read_bytes()
    source = (layers.ENGINE_THEME / rel).read_bytes()
    assert len(served) < len(source)
    assert gz(served) <= gz(source)
    assert b"\n  " not in served  # no indentation left
    assert not (site_dir / (rel + ".map")).exists() and b"sourceMappingURL" not in served


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to parse the scripts")
@pytest.mark.parametrize("rel", [*ENGINE_SCRIPTS, "assets/notfound.js"])
def test_a_minified_script_is_still_valid_javascript(site_dir, rel, tmp_path):
    """Checked as what it is: every engine script is an ES module (import / export, import.meta)."""
    copy = tmp_path / "script.mjs"
    copy.write_bytes((site_dir / rel).read_bytes())
    proc = subprocess.run(["node", "--check", str(copy)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_minifying_keeps_strings_and_touches_only_the_top_of_assets(tmp_path):
    assets = tmp_path / "assets"
    (assets / "vendor").mkdir(parents=True)
    (assets / "a.js").write_text('/* note */\nvar s = "a  /* not a comment */  b";  // end\n', encoding="utf-8")
    (assets / "a.css").write_text("/* note */\n.x  {\n  color: red;\n}\n", encoding="utf-8")
    vendor = '/* licence */\nvar  v = 1;\n'
    (assets / "vendor" / "lib.js").write_text(vendor, encoding="utf-8")
    assert minify.tree(assets) > 0
    assert (assets / "a.js").read_text(encoding="utf-8") == 'var s="a  /* not a comment */  b";\n'
    assert (assets / "a.css").read_text(encoding="utf-8") == ".x{color:red}\n"
    assert (assets / "vendor" / "lib.js").read_text(encoding="utf-8") == vendor
    assert minify.tree(assets) == 0  # a second pass changes nothing
