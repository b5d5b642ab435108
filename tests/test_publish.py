"""Builds that die leave nothing behind: stale scratch folders, the output lock, child processes, concurrent swaps."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import publish
from generator.procs import Child
from generator.cli import main
from tests.conftest import DATA, TODAY, copy_data


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_build_removes_scratch_folders_of_killed_builds_but_not_a_running_ones(tmp_path):
    out = tmp_path / "site"
    dead = dead_pid()
    gone = [tmp_path / f".site.building-{dead}-abc", tmp_path / f".site.old-{dead}", tmp_path / ".site.old-x"]
    with subprocess.Popen(["sleep", "30"]) as running:
        kept = [tmp_path / f".site.building-{running.pid}-def", tmp_path / ".site.building-unknownowner",
                tmp_path / ".other.building-1"]
        for folder in gone + kept:
            (folder / "sub").mkdir(parents=True)
        old = time.time() - publish.STALE_AFTER - 10
        os.utime(tmp_path / ".site.old-x", (old, old))
        removed = publish.remove_stale(out)
        running.kill()
    assert sorted(removed) == sorted(gone)
    assert all(f.exists() for f in kept) and not any(f.exists() for f in gone)


def test_a_failed_build_also_clears_old_leftovers(tmp_path, capsys):
    data = copy_data(tmp_path)
    (data / "stations" / "stations.csv").write_text("id,name\n", encoding="utf-8")
    leftover = tmp_path / f".site.building-{dead_pid()}-zz"
    leftover.mkdir()
    code = main(["build", "--data", str(data), "--out", str(tmp_path / "site"), "--today", TODAY.isoformat()])
    assert code == 1 and not leftover.exists()
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_a_second_build_into_the_same_folder_fails_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "site"
    with publish.build_lock(out):
        code = main(["build", "--out", str(out), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 1 and "另一个构建" in err and str(os.getpid()) in err and "Traceback" not in err
    assert not out.exists()


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    out = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from generator.publish import build_lock\n"
                               f"with build_lock(Path({str(out)!r})):\n print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(publish.BuildLocked):
        with publish.build_lock(out):
            pass
    holder.kill()
    holder.wait()
    with publish.build_lock(out):
        pass


def test_two_swap_ins_at_once_both_land_without_errors(tmp_path):
    out = tmp_path / "site"
    errors = []

    def swap(n: int) -> None:
        new = tmp_path / f"new-{n}"
        (new / "page").mkdir(parents=True)
        (new / "page" / "index.html").write_text(str(n))
        try:
            publish.swap_in(new, out)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    for round_ in range(15):
        threads = [threading.Thread(target=swap, args=(round_ * 2 + i,)) for i in range(2)]
        threads += [threading.Thread(target=swap, args=(100 + round_ * 2 + i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert (out / "page" / "index.html").read_text() in {str(n) for n in [*range(30), *range(100, 130)]}
    assert not [p for p in tmp_path.iterdir() if ".old-" in p.name]


def _wait_for(path: Path) -> int:
    for _ in range(200):
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError("the child did not start")


def _gone(pid: int) -> bool:
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _sleeper_run(pid_file: str) -> None:
    """Like the search child: a program run with subprocess.run, which kills it when the wait is interrupted."""
    subprocess.run(["sh", "-c", f"echo $$ > {pid_file}; exec sleep 60"])


def test_stopping_a_child_process_stops_the_program_it_runs(tmp_path):
    pid_file = tmp_path / "pid"
    child = Child(_sleeper_run, str(pid_file))
    program = _wait_for(pid_file)
    child.stop()
    assert _gone(program), "the program kept running after its build process was stopped"


def test_a_terminated_build_stops_its_children_and_removes_its_scratch_folder(tmp_path):
    out = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--out", str(out),
                             "--today", TODAY.isoformat()], cwd=Path(__file__).parent.parent,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kids: list[int] = []
    for _ in range(1200):  # until the renderer or a forked child is running: stop the build right then
        if [p for p in tmp_path.iterdir() if ".building-" in p.name] and (kids := _descendants(proc.pid)):
            break
        time.sleep(0.02)
    assert kids, "the build ran no child process to stop"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr.read()
    assert all(_gone(pid) for pid in kids)
    assert not out.exists() and not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(") ", 1)[1].split()
            except (FileNotFoundError, IndexError, ProcessLookupError):
                continue
            if int(fields[1]) == parent:
                child = int(stat.parent.name)
                found.append(child)
                todo.append(child)
    return found
