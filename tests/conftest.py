"""Shared fixtures: a sample site built once per worker, a local HTTP server, and Debian's chromium."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config

# The Futian sample site: this repository's own site folder (the engine finds a site from the current folder;
# the tests name it, so that they do not depend on where pytest was started).
REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG = REPO_ROOT / "mkdocs.yml"
TODAY = dt.date(2026, 11, 22)
DATA = REPO_ROOT / "data"
CONTENT = REPO_ROOT / "content"


def build_site(out: Path, data: Path = DATA, content: Path = CONTENT, today: dt.date = TODAY, **kw):
    return build(load_config(CONFIG), data, content, out, today, log=lambda *_: None, **kw)


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of the sample data, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


@contextlib.contextmanager
def http_server(directory: Path):
    """A local static HTTP server for `directory`; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # quiet test output
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site_dir):
    with http_server(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def nginx_site(site_dir, tmp_path_factory) -> Path:
    """The sample site as deployed: precompressed (.gz beside text files) with its CSP written for nginx."""
    from generator import csp, precompress
    home = tmp_path_factory.mktemp("deployed")
    root = home / "site"
    shutil.copytree(site_dir, root)
    precompress.tree(root)
    csp.write_nginx_snippet(root, home / "csp.conf")
    return root


@pytest.fixture(scope="session")
def nginx(nginx_site, tmp_path_factory):
    """Debian's nginx serving the deployed sample site with the shipped config (deploy/nginx); yields its base URL."""
    from tests.nginx import Nginx
    server = Nginx(tmp_path_factory.mktemp("nginx"), nginx_site, nginx_site.parent / "csp.conf")
    yield server
    server.stop()
