"""The engine installs as a normal wheel: a second district goes from the wheel to a built site of its own without
the repository, and the sample site built through the wheel is the in-repository build, byte for byte.

Offline: the wheel is built with the project's own setuptools (no build isolation) from a copy of the sources, so
building it writes nothing into the checkout; it is installed with --no-deps into a fresh virtualenv, which borrows
the dependencies from the project's virtualenv through a .pth file (a path there is added to sys.path; the
project's editable install of the engine, a .pth finder in that folder, is not processed, so `generator` can only
come from the wheel: asserted). Every Python process of the installed engine runs with an audit hook
(sitecustomize) that records each file it opens, lists or changes under the repository; the repository's
virtualenv, where the borrowed dependencies live, is the one place it may read."""
from __future__ import annotations

import filecmp
import gzip
import json
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, TODAY

pytestmark = pytest.mark.skipif(not (REPO_ROOT / "pyproject.toml").is_file(), reason="needs the engine's sources")

AUDIT = """\
import os, sys
_REPO = {repo!r}
_ALLOWED = {allowed!r}
_LOG = os.environ.get("XINAN_AUDIT_LOG") or {log!r}
_EVENTS = {{"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir",
           "os.unlink", "shutil.copyfile", "shutil.rmtree", "os.chmod", "os.utime", "os.symlink", "os.link"}}

def _hook(event, args):
    if event not in _EVENTS or not args:
        return
    for arg in args[:2]:
        if isinstance(arg, (str, bytes, os.PathLike)) and not isinstance(arg, int):
            try:
                path = os.path.abspath(os.fsdecode(arg))
            except Exception:
                continue
            if (path == _REPO or path.startswith(_REPO + os.sep)) and not any(
                    path == a or path.startswith(a + os.sep) for a in _ALLOWED):
                with open(_LOG, "a", encoding="utf-8") as fh:
                    fh.write(f"{{event}} {{path}}\\n")

sys.addaudithook(_hook)
"""

# One street, station, practitioner and lecture of a district that is not the sample's.
STREET = "jb,江滨,30.2000,120.1500\n"
STATION = {
    "id": "jb-zdzx-001", "name": "临江区社会心理服务指导中心", "kind": "district_center", "level": "district",
    "street": "jb", "address": "江城市临江区江滨街道滨江路1号三楼", "latitude": "30.20100", "longitude": "120.15100",
    "phones": "0571-86750845", "hours": "Mo-Fr 09:00-12:00,14:00-17:30", "holidays": "follow",
    "services": "counseling;assessment;psychoeducation;referral", "audiences": "all", "eligibility": "public",
    "eligibility_note": "可直接前往，建议提前电话预约。", "fee": "free", "languages": "zh",
    "accessibility": "step_free", "area_m2": "120", "staff_count": "4",
    "functions": "reception;psychoeducation;smart_platform;referral", "not_emergency": "true",
    "verified_on": "2026-11-01", "verified_source": "实地核实", "manager_name": "王某", "manager_mobile": "13800138000",
}
PRACTITIONER = {
    "registration_number": "LJXL-2025-00001", "name": "江晓岚", "qualification": "counselor", "level": "二级",
    "issuing_body": "临江区心理卫生协会", "status": "active", "valid_from": "2025-03-01", "valid_to": "2028-02-28",
    "affiliation": "jb-zdzx-001", "specialties": "anxiety;sleep", "languages": "zh",
    "id_card_number": "330100199001011234", "personal_phone": "13900139000", "home_address": "江城市某小区",
}
LECTURE = {
    "id": "l-2026-0001", "title": "睡个好觉：失眠的自我调节", "summary": "了解失眠的常见原因和可以自己做的调节办法。",
    "topic": "sleep", "audiences": "all", "setting": "community", "start": "2026-12-12T14:30:00+08:00",
    "end": "2026-12-12T16:00:00+08:00", "mode": "offline", "station": "jb-zdzx-001", "street": "jb",
    "speaker": "江老师（心理咨询师）", "organiser": "临江区社会心理服务指导中心", "capacity": "40",
    "status": "scheduled", "sequence": "0", "languages": "zh", "sign_language": "false", "free": "true",
}


def _append(path: Path, row: dict) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(row) <= set(header), set(row) - set(header)
    import csv
    import io
    buf = io.StringIO()
    csv.DictWriter(buf, header, lineterminator="\n").writerow(row)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())


def _entry_script(bin_dir: Path, python: Path, dist: str, name: str) -> None:
    """The console script pip would have written for a borrowed dependency (the renderer's command)."""
    for ep in importlib.metadata.distribution(dist).entry_points:
        if ep.group == "console_scripts" and ep.name == name:
            module, func = ep.value.split(":")
            script = bin_dir / name
            script.write_text(f"#!{python}\nimport sys\nfrom {module} import {func}\nsys.exit({func}())\n",
                              encoding="utf-8")
            script.chmod(0o755)
            return
    raise AssertionError(f"{dist} has no console script {name}")


def _tree(root: Path) -> dict[str, float]:
    """Every file git sees in the checkout (tracked and untracked, not ignored) with its modification time."""
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO_ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    return {n: (root / n).stat().st_mtime_ns for n in names if n and (root / n).exists()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    home = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the sources: an in-tree build would write build/ and *.egg-info into the checkout.
    src = home / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO_ROOT / name, src / name)
    shutil.copytree(REPO_ROOT / "generator", src / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = home / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(dist), str(src)], check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("xinan-*.whl"))
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    (site_packages / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _entry_script(venv / "bin", python, "properdocs", "properdocs")
    hook = home / "audit"
    hook.mkdir()
    log = home / "repository-access.log"
    allowed = [str(REPO_ROOT / ".venv"), os.path.realpath(REPO_ROOT / ".venv")]
    (hook / "sitecustomize.py").write_text(
        AUDIT.format(repo=str(REPO_ROOT), allowed=allowed, log=str(log)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(hook), PATH=f"{venv / 'bin'}:/usr/bin:/bin")
    env.pop("VIRTUAL_ENV", None)
    return {"home": home, "venv": venv, "python": python, "env": env, "log": log, "wheel": wheel}


def run(installed, cwd: Path, *args: str, audited: bool = True) -> subprocess.CompletedProcess:
    env = installed["env"] if audited else {k: v for k, v in installed["env"].items() if k != "PYTHONPATH"}
    result = subprocess.run([str(installed["venv"] / "bin" / "xinan"), *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_the_engine_comes_from_the_wheel_not_the_checkout(installed):
    where = subprocess.run([str(installed["python"]), "-c", "import generator; print(generator.__file__)"],
                           cwd=installed["home"], env=installed["env"], capture_output=True, text=True, check=True)
    path = Path(where.stdout.strip())
    assert path.is_relative_to(installed["venv"]), path
    assert not path.is_relative_to(REPO_ROOT)
    names = set(__import__("zipfile").ZipFile(installed["wheel"]).namelist())
    for data in ("generator/theme/main.html", "generator/theme/assets/xinan.js", "generator/templates/station.html",
                 "generator/contract/CHANGELOG.yaml", "generator/scaffold/mkdocs.yml",
                 "generator/scaffold/data/stations/datapackage.yaml",
                 "generator/scaffold/data/editorial/screening/phq-9.yaml"):
        assert data in names, data
    assert not any(n.startswith(("benchmarks/", "tests/", "data/", "content/")) for n in names)


def test_synth_from_a_wheel_explains_it_belongs_to_the_engine_repository(installed, tmp_path):
    result = subprocess.run([str(installed["venv"] / "bin" / "xinan"), "synth", "--out", str(tmp_path / "out")],
                            cwd=tmp_path, env=installed["env"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "只能在心安引擎的源码仓库中使用" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_audit_hook_records_a_read_of_the_repository(installed, tmp_path):
    """The control for the next test: the installed engine pointed at the repository's sample is seen reading it."""
    log = tmp_path / "control.log"
    env = dict(installed["env"], XINAN_AUDIT_LOG=str(log))
    subprocess.run([str(installed["venv"] / "bin" / "xinan"), "--config", str(REPO_ROOT / "mkdocs.yml"), "validate",
                    "--today", TODAY.isoformat()], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert f"open {REPO_ROOT / 'data' / 'stations' / 'stations.csv'}" in log.read_text(encoding="utf-8")


def test_a_new_district_goes_from_the_wheel_to_a_built_site_without_the_repository(installed):
    before = _tree(REPO_ROOT)
    git_before = subprocess.run(["git", "status", "--porcelain"], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    home = installed["home"]
    run(installed, home, "init", "linjiang", "--district", "临江区", "--city", "江城市",
        "--bounds", "30.10,120.00,30.30,120.30", "--site-url", "https://xinan.linjiang.example.org/",
        "--email", "xinan@linjiang.example.org", "--today", TODAY.isoformat())
    site = home / "linjiang"
    with open(site / "data" / "stations" / "streets.csv", "a", encoding="utf-8") as fh:
        fh.write(STREET)
    _append(site / "data" / "stations" / "stations.csv", STATION)
    _append(site / "data" / "practitioners" / "practitioners.csv", PRACTITIONER)
    _append(site / "data" / "lectures" / "lectures.csv", LECTURE)
    checked = run(installed, site, "validate", "--today", TODAY.isoformat())
    assert "1 个站点，1 名从业人员，1 场讲座，1 篇已发布文章" in checked.stdout
    run(installed, site / "content", "build", "--today", TODAY.isoformat())
    out = site / "site"
    station = (out / "stations" / "jb-zdzx-001" / "index.html").read_text(encoding="utf-8")
    assert "临江区社会心理服务指导中心" in station and "0571-86750845" in station
    person = (out / "registry" / "LJXL-2025-00001" / "index.html").read_text(encoding="utf-8")
    assert "江晓岚" in person and "13900139000" not in person and "330100199001011234" not in person
    lecture = (out / "lectures" / "l-2026-0001" / "index.html").read_text(encoding="utf-8")
    assert "睡个好觉" in lecture
    assert "BEGIN:VEVENT" in (out / "lectures" / "l-2026-0001" / "l-2026-0001.ics").read_text(encoding="utf-8")
    for package in ("stations", "practitioners", "lectures", "hotlines"):
        assert (out / "open-data" / package / f"{package}.csv").is_file(), package
        assert (out / "open-data" / package / "datapackage.json").is_file(), package
    downloads = (out / "open-data" / "practitioners" / "practitioners.csv").read_text(encoding="utf-8-sig")
    assert "LJXL-2025-00001" in downloads and "13900139000" not in downloads
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    searchable = {json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["url"]
                  for f in (out / "pagefind" / "fragment").glob("*.pf_fragment")}
    assert {"/stations/jb-zdzx-001/", "/lectures/l-2026-0001/", "/articles/how-to-find-help/"} <= searchable
    # Nothing of the repository was read or written by the installed engine (its processes' own record), and
    # the checkout's files are as they were.
    touched = installed["log"].read_text(encoding="utf-8") if installed["log"].exists() else ""
    assert touched == "", touched[:2000]
    assert _tree(REPO_ROOT) == before
    assert subprocess.run(["git", "status", "--porcelain"], cwd=REPO_ROOT, capture_output=True,
                          text=True).stdout == git_before


def _differences(left: Path, right: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"{prefix}{n} (only one side)" for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"{prefix}{n}" for n in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_the_sample_built_through_the_wheel_is_the_in_repository_build(installed):
    home = installed["home"]
    args = ("--config", str(REPO_ROOT / "mkdocs.yml"), "build", "--data", str(REPO_ROOT / "data"),
            "--content", str(REPO_ROOT / "content"), "--today", TODAY.isoformat())
    run(installed, home, *args, "--out", str(home / "sample-wheel"), audited=False)  # it reads the sample, on purpose
    subprocess.run([sys.executable, "-m", "generator", *args, "--out", str(home / "sample-repo")], cwd=REPO_ROOT,
                   check=True, capture_output=True, timeout=300)
    assert (home / "sample-wheel" / "registry" / "index.html").is_file()
    assert _differences(home / "sample-wheel", home / "sample-repo") == []
