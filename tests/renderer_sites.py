"""The sample site built with each supported renderer (extra.xinan.renderer), for the parity and link tests."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.config import load_config
from tests.conftest import REPO_ROOT
from generator.renderers import DEFAULT, PROFILES
from tests.conftest import CONTENT, DATA, TODAY


def config_for(renderer: str, folder: Path) -> Path:
    """A copy of mkdocs.yml that names `renderer`, with the theme folder pointing back at the project's."""
    raw = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["extra"]["xinan"]["renderer"] = renderer
    raw["theme"]["custom_dir"] = str(REPO_ROOT / raw["theme"]["custom_dir"])
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_with(renderer: str, folder: Path) -> Path:
    out = folder / "site"
    build(load_config(config_for(renderer, folder)), DATA, CONTENT, out, TODAY, log=lambda *_: None)
    return out


@pytest.fixture(scope="session")
def renderer_site(tmp_path_factory, request):
    """A function: the sample built with a renderer (the default's is the suite's site_dir), built once. Every
    supported renderer is installed with the test extras (pyproject.toml)."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            built[name] = (request.getfixturevalue("site_dir") if name == DEFAULT
                           else build_with(name, tmp_path_factory.mktemp(f"renderer-{name}")))
        return built[name]
    return get


RENDERERS = sorted(PROFILES)
