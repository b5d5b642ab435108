"""Nothing a build computes outlives it unless a Builder owns it: a clean build never sees what an earlier build in
the same process computed, and the package keeps no state at module level (generator/caches.py)."""
from __future__ import annotations

import ast
import gc
from pathlib import Path

from generator import ical
from generator.build import Builder
from generator.caches import Caches
from generator.config import load_config
from generator.context import load_site
from tests.conftest import CONFIG, CONTENT, TODAY, copy_data
from tests.test_opendata import edit_csv

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MUTATORS = {"append", "add", "update", "clear", "setdefault", "pop", "extend", "insert", "remove", "popitem"}


def module_state(path: Path) -> list[str]:
    """Module-level names bound to a mutable container that a function of the module changes or rebinds."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    containers = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
        if isinstance(value, (ast.Dict, ast.List, ast.Set)) or (
                isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("dict", "list", "set")) or (
                isinstance(value, ast.Constant) and value.value is None and annotation.startswith(("dict", "list", "set"))):
            containers |= {t.id for t in targets if isinstance(t, ast.Name)}
    changed = set()
    for fn in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for node in ast.walk(fn):
            if isinstance(node, ast.Global):
                changed |= set(node.names)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS
                  and isinstance(node.func.value, ast.Name)):
                changed.add(node.func.value.id)
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                        changed.add(t.value.id)
    local = {a.arg for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.Lambda)) for a in fn.args.args}
    return sorted(f"{path.name}:{name}" for name in containers & changed - local)


def test_no_module_of_the_package_keeps_state_between_calls():
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path.name != "synth.py" for hit in module_state(path)]
    assert found == []


def test_a_clean_load_does_not_reuse_a_calendar_event_of_an_earlier_site(tmp_path):
    # Two sites loaded one after the other may get the same id(): the second must still show its own lecture.
    data = copy_data(tmp_path)
    config = load_config(CONFIG)
    first = load_site(config, data, CONTENT, TODAY)
    lecture = next(lec for lec in first.lectures.values() if lec.title == "化解冲突：有话好好说")
    assert "有话好好说".encode() in ical.calendar([lecture], first, lecture.title)
    del first
    gc.collect()

    def rename(header, rows):
        for r in rows:
            if r[header.index("id")] == lecture.id:
                r[header.index("title")] = "化解冲突：好好说话"
        return header, rows
    edit_csv(data / "lectures" / "lectures.csv", rename)
    second = load_site(config, data, CONTENT, TODAY)
    text = ical.calendar([second.lectures[lecture.id]], second, "讲座").decode()
    assert "好好说话" in text.replace("\r\n ", "") and "有话好好说" not in text.replace("\r\n ", "")


def test_caches_shared_by_two_sites_give_each_its_own_calendar_event(tmp_path):
    data = copy_data(tmp_path)
    config, shared = load_config(CONFIG), Caches()
    first = load_site(config, data, CONTENT, TODAY, caches=shared)
    lecture_id = next(iter(first.lectures))
    assert first.lectures[lecture_id].title.encode() in ical.calendar([first.lectures[lecture_id]], first, "讲座")

    def rename(header, rows):
        rows[[r[header.index("id")] for r in rows].index(lecture_id)][header.index("title")] = "改过的讲座标题"
        return header, rows
    edit_csv(data / "lectures" / "lectures.csv", rename)
    second = load_site(config, data, CONTENT, TODAY, caches=shared)
    assert "改过的讲座标题" in ical.calendar([second.lectures[lecture_id]], second, "讲座").decode()


def test_only_a_remembering_builder_keeps_caches_and_sets_the_models_aside_from_the_collector(tmp_path):
    config = load_config(CONFIG)
    kept = Builder(config, tmp_path, CONTENT, tmp_path / "a", remember=True)
    once = Builder(config, tmp_path, CONTENT, tmp_path / "b")
    assert isinstance(kept.caches, Caches) and kept.caches.keep and kept.freeze
    assert once.caches is None and not once.freeze  # each of its builds gets a fresh Caches()
