"""Fuzz corpus: corrupted sample CSVs and descriptors are refused as located one-line problems within 5 s, or accepted
and published; never a traceback. XINAN_FUZZ_EXAMPLES sets the number of examples (`make fuzz` runs many)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator import opendata
from generator.config import load_config
from tests.conftest import REPO_ROOT
from generator.caches import Caches
from generator.context import load_site
from generator.problems import BuildError
from tests.conftest import CONTENT, DATA, TODAY

EXAMPLES = int(os.environ.get("XINAN_FUZZ_EXAMPLES", "10"))
# The promise: any corrupted sample input is validated within 5 s. Measured in CPU time of this process, so that a
# shared, overloaded test machine does not fail it; a hang would still exceed it.
LIMIT_S = 5.0
LINE = re.compile(r"^[^\n]+:\d*:[^:\n]*: (错误|警告): [^\n]+$")
CSVS = ["stations/stations.csv", "stations/streets.csv", "practitioners/practitioners.csv",
        "lectures/lectures.csv", "hotlines/hotlines.csv"]
DESCRIPTORS = [f"{p}/datapackage.yaml" for p in ("stations", "practitioners", "lectures", "hotlines")]
HIDDEN = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200f", "\u202e", "\u2066", "\u2028", "\ufeff",
          "\r", "\n", "\t", '"', ",", "=", "@"]
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="XINAN_FUZZ_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def caches() -> Caches:
    """Frictionless results by the bytes checked, shared by the examples: each corrupts one file, the others are
    checked once (as `xinan serve` keeps them between rebuilds)."""
    return Caches()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, caches) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA, target)
    load_site(load_config(REPO_ROOT / "mkdocs.yml"), target, CONTENT, TODAY, caches=caches)  # warm: imports, clean files
    return target


def _flip(raw: bytes, flips) -> bytes:
    out = bytearray(raw)
    for position, value in flips:
        out[position % len(out)] = value
    return bytes(out)


def _insert(raw: bytes, position: float, text: bytes) -> bytes:
    at = int(position * len(raw))
    return raw[:at] + text + raw[at:]


def _extra_cells(raw: bytes, line: float, count: int) -> bytes:
    lines = raw.split(b"\n")
    i = int(line * (len(lines) - 1))
    lines[i] += b"," * count
    return b"\n".join(lines)


def _reencode(raw: bytes, encoding: str) -> bytes:
    text = raw.decode("utf-8")
    if encoding == "crlf+bom":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode(encoding, errors="replace")


mutations = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1,
                                        max_size=8)),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("huge cell"), st.floats(0, 1), st.sampled_from([20_000, 140_000])),
    st.tuples(st.just("hidden"), st.floats(0, 1), st.sampled_from(HIDDEN)),
    st.tuples(st.just("encoding"), st.sampled_from(["gb18030", "utf-16", "latin-1", "crlf+bom"])),
    st.tuples(st.just("extra cells"), st.floats(0, 1), st.sampled_from([1, 10_000])),
)
yaml_tricks = st.sampled_from([
    b"\nx: &a [1, 2]\ny: *a\n", b"\n" + b"- " * 3000 + b"x\n", b"\nz: " + b"[" * 3000 + b"]" * 3000 + b"\n",
    b"\nresources: 12\n", b"\n  - 3\n", b"\t", b": :", b"\n!!python/object:os.system x\n",
    b"\nversion: 9.0.0\n", b"\nresources: []\n",
])


def _apply(raw: bytes, mutation) -> bytes:
    kind, *args = mutation
    if kind == "flip":
        return _flip(raw, args[0])
    if kind == "truncate":
        return raw[:int(args[0] * len(raw))]
    if kind == "huge cell":
        return _insert(raw, args[0], b"x" * args[1])
    if kind == "hidden":
        return _insert(raw, args[0], args[1].encode("utf-8"))
    if kind == "encoding":
        return _reencode(raw, args[0])
    if kind == "yaml":
        return _insert(raw, args[0], args[1])
    return _extra_cells(raw, *args)


def _check(data: Path, target: str, corrupted: bytes, caches: Caches) -> None:
    """Validate the data with `target` replaced: refused with located lines in time, or accepted and published."""
    path = data / target
    original = path.read_bytes()
    path.write_bytes(corrupted)
    try:
        start = time.process_time()
        try:
            site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), data, CONTENT, TODAY, caches=caches)
        except BuildError as exc:
            elapsed = time.process_time() - start
            assert exc.report.errors
            for problem in exc.report.problems:
                assert problem.path and LINE.match(str(problem)), str(problem)[:300]
            assert elapsed < LIMIT_S, f"validation took {elapsed:.1f} s"
            return
        assert time.process_time() - start < LIMIT_S
        # Accepted: what validate accepts, the data side of the build publishes (downloads, feeds, JSON).
        package = target.split("/")[0]
        with_out = data.parent / "out"
        opendata.publish_package(site, package, with_out / package)
        shutil.rmtree(with_out)
    finally:
        path.write_bytes(original)


@SETTINGS
@given(target=st.sampled_from(CSVS), mutation=mutations)
def test_a_corrupted_csv_is_refused_with_located_lines_in_time_or_published(data_dir, caches, target, mutation):
    raw = (data_dir / target).read_bytes()
    _check(data_dir, target, _apply(raw, mutation), caches)


@SETTINGS
@given(target=st.sampled_from(DESCRIPTORS), mutation=st.one_of(
    mutations, st.tuples(st.just("yaml"), st.floats(0, 1), yaml_tricks)))
def test_a_corrupted_descriptor_is_refused_with_located_lines_in_time_or_published(data_dir, caches, target, mutation):
    raw = (data_dir / target).read_bytes()
    _check(data_dir, target, _apply(raw, mutation), caches)


def _xinan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args, "--content", str(CONTENT),
                           "--today", TODAY.isoformat()], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)


@pytest.mark.parametrize("target, mutation", [
    ("stations/stations.csv", ("hidden", 0.5, "\x00")),
    ("practitioners/practitioners.csv", ("huge cell", 0.5, 140_000)),
    ("lectures/datapackage.yaml", ("yaml", 0.9, b"\nz: " + b"[" * 3000 + b"]" * 3000 + b"\n")),
])
def test_the_real_command_line_refuses_corrupted_data_with_located_lines_and_exit_1(tmp_path, target, mutation):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / target).write_bytes(_apply((data / target).read_bytes(), mutation))
    proc = _xinan("validate", "--data", str(data))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [x for x in proc.stderr.splitlines() if not x.startswith("校验失败")]
    assert lines and all(LINE.match(x) for x in lines), proc.stderr[-2000:]


def test_what_the_command_line_validate_accepts_its_build_builds(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for target in CSVS:  # Excel's "CSV UTF-8" on Windows: a BOM and CRLF line ends
        (data / target).write_bytes(_apply((data / target).read_bytes(), ("encoding", "crlf+bom")))
    assert _xinan("validate", "--data", str(data)).returncode == 0
    proc = _xinan("build", "--data", str(data), "--out", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "site" / "open-data" / "stations" / "stations.xlsx").exists()
