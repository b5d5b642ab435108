"""The editors' search words (data/editorial/crisis-phrases.yaml, synonyms.yaml): checked at build like all data,
each problem on its line, and written for the browser with Traditional / Hong Kong / Taiwan forms."""
from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from generator import editorial
from generator.problems import Report
from tests.conftest import REPO_ROOT, DATA, copy_data

CRISIS = DATA / "editorial" / "crisis-phrases.yaml"
SYNONYMS = DATA / "editorial" / "synonyms.yaml"

HEAD = """sources:
  - {id: who-2023, title: WHO, url: "https://www.who.int/"}
"""


def problems(path, loader):
    report = Report()
    result = loader(path, report)
    return result, report.problems


def test_the_shipped_files_are_valid_and_name_the_issue_phrases():
    phrases, found = problems(CRISIS, editorial.load_crisis)
    assert found == []
    assert {"想死", "不想活了", "活着没意思", "自杀"} <= set(phrases)
    synonyms, found = problems(SYNONYMS, editorial.load_synonyms)
    assert found == []
    assert synonyms["睡不着"] == "失眠" and synonyms["忧郁"] == "抑郁" and synonyms["老年人"] == "老年"
    assert synonyms["emo"] == "情绪低落"


def test_a_missing_crisis_file_stops_the_build(tmp_path):
    _, found = problems(tmp_path / "crisis-phrases.yaml", editorial.load_crisis)
    assert [p.code for p in found] == ["editorial"] and found[0].severity == "error"


def test_a_one_character_or_duplicate_crisis_phrase_is_refused_on_its_line(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(HEAD + "phrases:\n  - {phrase: 想死, source: who-2023}\n  - {phrase: 死, source: who-2023}\n"
                    "  - {phrase: 想 死, source: who-2023}\n  - {phrase: 轻生, source: nowhere}\n", encoding="utf-8")
    phrases, found = problems(path, editorial.load_crisis)
    assert phrases == ["想死", "轻生"]
    assert [(p.row, p.field) for p in sorted(found)] == [(5, "phrase"), (6, "phrase"), (7, "source")]


def test_broken_yaml_is_one_problem_not_a_traceback(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("phrases: [想死\n", encoding="utf-8")
    phrases, found = problems(path, editorial.load_crisis)
    assert phrases == [] and len(found) == 1 and found[0].code == "editorial"


def test_a_synonym_with_two_terms_or_a_chain_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("synonyms:\n  - {term: 失眠, words: [睡不着, 睡眠]}\n  - {term: 抑郁, words: [睡不着]}\n"
                    "  - {term: 睡眠, words: [困]}\n  - {term: 焦虑, words: [焦虑]}\n", encoding="utf-8")
    _, found = problems(path, editorial.load_synonyms)
    assert sorted((p.row, p.field) for p in found) == [(3, "words"), (4, "term"), (4, "words"), (5, "words")]


def test_a_terms_station_labels_must_be_words(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("synonyms:\n  - {term: 失眠, stations: [门诊诊疗], words: [睡不着]}\n"
                    "  - {term: 抑郁, stations: 门诊诊疗, words: [忧郁]}\n"
                    "  - {term: 焦虑, stations: [\"\"], words: [心慌]}\n", encoding="utf-8")
    places: dict = {}
    report = Report()
    editorial.load_synonyms(path, report, places)
    assert sorted((p.row, p.field) for p in report.problems) == [(3, "stations"), (4, "stations")]
    assert places == {"失眠": ["门诊诊疗"]}


def test_every_station_label_in_the_synonym_table_is_a_label_the_station_filter_shows():
    import yaml
    package = yaml.safe_load((DATA / "stations" / "datapackage.yaml").read_text(encoding="utf-8"))
    labels = {c["label"] for r in package["resources"] for f in r["schema"]["fields"]
              if f["name"] in ("kind", "services", "audiences") for c in f.get("categories", [])}
    words = editorial.load(DATA, Report())
    assert words.places and {label for found in words.places.values() for label in found} <= labels


def test_taiwan_forms_the_character_table_cannot_convert_are_in_the_synonym_table():
    forms = editorial.synonym_forms({"睡不着": "失眠", "睡不着觉": "失眠", "忧郁": "抑郁"})
    assert forms["睡不著"] == "失眠" and forms["睡不著觉"] == "失眠"   # 著 is also a Simplified character
    assert "憂鬱" not in forms   # the browser's character table makes 忧郁 of it


def test_the_gb2312_characters_the_browser_must_still_convert_are_few_and_real():
    chars = editorial.gb2312_converted()
    assert {"乾", "後", "於"} <= set(chars) and len(chars) < 40
    assert "着" not in chars and "著" not in chars and "干" not in chars


def test_full_width_and_capital_letters_are_folded():
    assert editorial.normalize("ＥＭＯ 想\u3000死") == "emo想死"


def test_the_browser_file_has_regional_forms_and_the_hotlines_crisis_numbers():
    data = json.loads((tmp_site() / editorial.BROWSER_FILE).read_text(encoding="utf-8"))
    assert {"活著沒意思", "活着沒意思", "自殺", "想死"} <= set(data["crisis"])
    assert [line["number"] for line in data["lines"]] == ["12356", "120", "110"]
    assert data["synonyms"]["睡不着"] == "失眠" and data["synonyms"]["睡不著"] == "失眠"
    assert data["stations"]["失眠"] and data["t2sGb"] == editorial.gb2312_converted()


def tmp_site():
    """The session's built sample site is not a fixture here (no browser needed): build the one file directly."""
    import datetime as dt
    from generator.config import load_config
    from generator.context import load_site
    from generator.pages import home
    from tests.conftest import CONTENT
    import tempfile
    from pathlib import Path
    site = load_site(load_config(REPO_ROOT / "mkdocs.yml"), DATA, CONTENT, dt.date(2026, 11, 22))
    out = Path(tempfile.mkdtemp(prefix="xinan-words-"))
    home.files(site, lambda rel, text: (out / rel).parent.mkdir(parents=True, exist_ok=True) or
               (out / rel).write_text(text, encoding="utf-8"))
    return out


def test_validate_reports_a_bad_crisis_file_as_path_line_field(tmp_path):
    data = copy_data(tmp_path)
    (data / "editorial" / "crisis-phrases.yaml").write_text(HEAD + "phrases:\n  - {phrase: 死, source: who-2023}\n",
                                                              encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--data", str(data), "--today", "2026-11-22"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "crisis-phrases.yaml:4:phrase: 错误:" in proc.stdout + proc.stderr


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.integers(), st.none()), max_size=5))
def test_any_synonym_values_give_problems_not_exceptions(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("syn") / "s.yaml"
    import yaml
    path.write_text(yaml.safe_dump({"synonyms": [{"term": v, "words": values} for v in values]}, allow_unicode=True),
                    encoding="utf-8")
    table, found = problems(path, editorial.load_synonyms)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())
    assert all(p.code == "editorial" for p in found)
