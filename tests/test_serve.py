"""`xinan serve`: builds, serves on 127.0.0.1 and rebuilds when content changes."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import CONTENT, TODAY, copy_data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_an_article_changes(tmp_path):
    data = copy_data(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--data", str(data), "--content", str(content),
                             "--out", str(tmp_path / "site"), "--today", TODAY.isoformat(), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/articles/sleep-and-insomnia/"
        assert wait_for(lambda: "最后审核" in fetch(url))
        article = content / "articles" / "sleep-and-insomnia.md"
        article.write_text(article.read_text(encoding="utf-8") + "\n预览自动更新的标记句。\n", encoding="utf-8")
        assert wait_for(lambda: "预览自动更新的标记句" in fetch(url))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
