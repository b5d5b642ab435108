"""Every supported renderer builds the sample; ProperDocs and MkDocs make the same site; the settings are portable."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import renderers
from generator.build import renderer_config
from generator.config import ConfigError, load_config
from tests.conftest import REPO_ROOT
from generator.linkcheck import check_site
from tests.page_types import PAGE_TYPES
from tests.renderer_sites import RENDERERS, config_for, renderer_site  # noqa: F401
from tests.test_html_validity import VNU

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def test_properdocs_and_mkdocs_make_the_same_site_but_for_the_generator_meta(renderer_site):
    proper, mkdocs = renderer_site("properdocs"), renderer_site("mkdocs")
    a, b = files(proper), files(mkdocs)
    assert sorted(a) == sorted(b)
    stamped = {rel for rel, path in a.items() if b"mkdocs-ProperDocs 1.6.7" in path.read_bytes()}
    assert "index.html" in stamped  # the masked line is really there: each renderer signs its pages
    differ = [rel for rel in a
              if GENERATOR_META.sub(b"", a[rel].read_bytes()) != GENERATOR_META.sub(b"", b[rel].read_bytes())]
    assert differ == []


@pytest.mark.parametrize("renderer", RENDERERS)
def test_every_internal_link_resolves_on_the_site_of_every_renderer(renderer_site, renderer):
    site = renderer_site(renderer)
    assert (site / "index.html").exists() and (site / "articles" / "depression-basics" / "index.html").exists()
    assert [str(b) for b in check_site(site, "https://xinan.example.cn/")] == []


@pytest.mark.parametrize("renderer", RENDERERS)
def test_a_page_kinds_script_is_loaded_by_its_own_pages_only_with_every_renderer(renderer_site, renderer):
    """Markdown pages name their script in front matter (main.html writes it), record pages through the shell."""
    site = renderer_site(renderer)
    for page, name in (("registry/", "registry"), ("screening/phq-9/", "screening"), ("stations/", "stations"),
                       ("lectures/", "lectures")):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        up = "../" * page.count("/")
        assert re.search(rf'<script src="{up}assets/{name}\.js" type="module">\s*</script>', html), (renderer, page)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"assets/(stations|registry|lectures|screening)\.js", home)
    # The common scripts come through extra_javascript entries {path, type: module}: every renderer writes the type
    # (Zensical writes the home page's links as ./assets/…).
    for name in ("clock", "words", "search", "elder", "wechat", "xinan"):
        assert re.search(rf'<script src="(\./)?assets/{name}\.js" type="module">\s*</script>', home), (renderer, name)


def test_the_default_renderer_is_properdocs_and_the_suite_builds_with_it(site_dir):
    assert load_config(REPO_ROOT / "mkdocs.yml").renderer.name == "properdocs"
    assert b'content="mkdocs-ProperDocs' in (site_dir / "index.html").read_bytes()


@pytest.mark.parametrize("value", [["mkdocs", "build", "--strict"], "hugo", 3])
def test_a_renderer_the_project_does_not_support_is_refused_naming_the_key(tmp_path, value):
    raw = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["extra"]["xinan"]["renderer"] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^extra\.xinan\.renderer: 应为 mkdocs、properdocs、zensical 之一"):
        load_config(path)


@pytest.mark.parametrize("renderer", RENDERERS)
def test_each_renderer_is_given_only_options_it_has(renderer):
    profile = renderers.PROFILES[renderer]
    exe = str(Path(sys.executable).parent / renderer)
    helptext = subprocess.run([exe, "build", "--help"], capture_output=True, text=True, check=True).stdout
    for dirty in (False, True) if profile.dirty else (False,):
        for option in profile.command(exe, "mkdocs.yml", dirty=dirty)[2:]:
            if option.startswith("-"):
                assert re.search(rf"(^|[\s,/]){re.escape(option)}\b", helptext), (renderer, option)


def test_a_dirty_render_is_asked_only_of_renderers_that_have_one():
    zensical = renderers.PROFILES["zensical"].command("zensical", "mkdocs.yml", dirty=True)
    assert zensical == renderers.PROFILES["zensical"].command("zensical", "mkdocs.yml")  # a clean render
    assert "--dirty" not in zensical and "--quiet" not in zensical and "--strict" in zensical
    mkdocs = renderers.PROFILES["mkdocs"].command("mkdocs", "mkdocs.yml", dirty=True)
    assert "--dirty" in mkdocs and "--strict" not in mkdocs and "--quiet" not in mkdocs  # warnings read by build


def test_a_site_built_with_zensical_has_one_search_box_the_sites_own(renderer_site):
    home = (renderer_site("zensical") / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in home  # Zensical's own search, on by default, is switched off
    assert "assets/search.js" in home


def test_the_generated_config_names_its_folders_relative_to_itself(tmp_path):
    config = load_config(config_for("zensical", tmp_path))
    work = tmp_path / "deep" / ".site.building-x"
    (work / "docs").mkdir(parents=True)
    renderer_config(config, work / "docs", work / "rendered", work / "mkdocs.yml")
    raw = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
    for key, want in (("docs_dir", work / "docs"), ("site_dir", work / "rendered")):
        assert not os.path.isabs(raw[key])
        assert (work / raw[key]).resolve() == want.resolve()
    custom = raw["theme"]["custom_dir"]  # the composed theme: the engine's with the site's overrides over it
    assert not os.path.isabs(custom) and (work / custom).resolve() == (work / "theme").resolve()
    assert (work / custom / "main.html").read_bytes() == (REPO_ROOT / "generator" / "theme" / "main.html").read_bytes()


def test_the_renderer_runs_without_the_mkdocs_2_and_end_of_life_notices(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 测试\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: {name: material}\n", encoding="utf-8")
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    clean = {k: v for k, v in os.environ.items() if "MKDOCS_2_WARNING" not in k}
    plain = subprocess.run([mkdocs, "build", "--quiet"], cwd=tmp_path, capture_output=True, text=True, env=clean)
    assert "end of life" in plain.stderr  # the notice Material prints by default, so the next line can fail
    ours = subprocess.run([mkdocs, "build", "--quiet"], cwd=tmp_path, capture_output=True, text=True,
                          env=renderers.environment(0))
    assert ours.returncode == 0 and "end of life" not in ours.stderr and "MkDocs 2" not in ours.stderr
    # Should a release print it anyway, a failed render shows the editor the error, not the notice.
    shown = renderers.editor_output(plain.stderr + "\nERROR    -  Config value 'nav': 缺少 about.md\n")
    assert "end of life" not in shown and "Zensical" not in shown and "NO_MKDOCS_2_WARNING" not in shown
    assert shown == "ERROR    -  Config value 'nav': 缺少 about.md"
    from properdocs import replacement_warning  # ProperDocs' notice for `mkdocs` users, when a plugin asks for it
    assert renderers.editor_output(replacement_warning._warning_message + "\nERROR    -  x") == "ERROR    -  x"


@pytest.mark.skipif(not shutil.which("java"), reason="make test installs a Java runtime")
def test_pages_of_every_type_built_with_zensical_have_no_html_errors(renderer_site):
    site = renderer_site("zensical")
    pages = [str(site / path / "index.html") for path in PAGE_TYPES.values()] + [str(site / "404.html")]
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"] == []


def test_the_engine_scripts_are_module_entries_and_a_sites_own_stay_as_it_wrote_them():
    from generator import layers
    own = ["js/own.js", {"path": "js/own-module.js", "type": "module"}, {"path": "js/own-async.js", "async": True}]
    raw = {"extra_javascript": ["assets/xinan.js", {"path": "assets/words.js"}, *own], "extra_css": ["css/own.css"]}
    assets = layers.page_assets(raw)
    engine = [{"path": rel, "type": "module"} for rel in layers.SCRIPTS]
    assert assets["extra_javascript"] == [*engine, *own]  # an engine file the site still lists comes once
    assert assets["extra_css"] == [*layers.STYLESHEETS, "css/own.css"]
