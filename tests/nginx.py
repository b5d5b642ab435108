"""A real nginx for the tests: Debian's binary, unprivileged on a loopback port, with the shipped deploy/nginx config."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_prefix(prefix: Path, root: Path, csp_conf: Path, port: int) -> Path:
    """deploy/nginx/nginx.conf with its paths filled in, and the shipped files beside it as xinan/."""
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEPLOY, prefix / "xinan", dirs_exist_ok=True)
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    for key, value in {"PREFIX": prefix, "ROOT": root, "CSP": csp_conf, "PORT": port}.items():
        text = text.replace(f"@{key}@", str(value))
    if os.geteuid() == 0:
        # A root master hands requests to workers as `nobody`, who cannot enter pytest's private temporary folders.
        text = "user root;\n" + text
    conf = prefix / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


class Nginx:
    """nginx in the foreground (daemon off) serving `root`; stop() ends exactly the process it started."""

    def __init__(self, prefix: Path, root: Path, csp_conf: Path):
        if not Path(NGINX).exists():
            raise RuntimeError("nginx is not installed: run `make system-deps` (Debian package nginx)")
        self.port = free_port()
        self.prefix = prefix
        self.conf = write_prefix(prefix, root, csp_conf, self.port)
        self.base = f"http://127.0.0.1:{self.port}/"
        check = subprocess.run(self.command("-t"), capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening within 10 s")

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "error.log"), *extra]

    def errors(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: the master stops its workers
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
