"""Self-screening questionnaires: the published bands at every boundary, item 9, the review lint, bad YAML, the
built pages (printable form, scoring table, sources, links) and the Nu checker."""
from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import screening
from generator.cli import main
from generator.context import load_site
from generator.config import load_config
from generator.problems import BuildError, Report
from generator.templating import make_env
from tests.conftest import REPO_ROOT, CONTENT, DATA, TODAY, copy_data
from tests.test_html_validity import VNU

FOLDER = DATA / screening.FOLDER
# The published severity bands: Kroenke et al. 2001 (PHQ-9), Spitzer et al. 2006 (GAD-7).
PUBLISHED = {"phq-9": [(0, 4), (5, 9), (10, 14), (15, 19), (20, 27)],
             "gad-7": [(0, 4), (5, 9), (10, 14), (15, 21)]}


def boundary_cases(slug: str) -> list[tuple[int, tuple[int, int]]]:
    """(total, expected band) for both edges of every published band."""
    return [(total, band) for band in PUBLISHED[slug] for total in band]


def answers_for(q: screening.Questionnaire, total: int, safety_answer: int | None = None) -> list[int]:
    """One answer per item adding up to total, filled from the first item; the safety item gets safety_answer
    when one is given."""
    top = q.options[-1].score
    answers = [0] * len(q.items)
    fixed = q.safety_item - 1 if q.safety_item and safety_answer is not None else None
    if fixed is not None:
        answers[fixed] = safety_answer
    left = total - sum(answers)
    if not 0 <= left <= top * (len(answers) - (fixed is not None)):
        raise ValueError(f"no answer sheet of {q.instrument} adds up to {total} with that safety answer")
    for i in range(len(answers)):
        if i == fixed:
            continue
        answers[i] = min(top, left)
        left -= answers[i]
    return answers


def questionnaires() -> dict[str, screening.Questionnaire]:
    report = Report()
    found = {q.slug: q for q in screening.read_questionnaires(DATA, report)}
    assert report.errors == []
    return found


class _PlainDumper(yaml.SafeDumper):
    """Writes a value shared by two keys twice, as an editor would: the loader refuses anchors and aliases."""

    def ignore_aliases(self, data):
        return True


def read(tmp_path: Path, data: dict, name: str = "phq-9.yaml") -> tuple[screening.Questionnaire | None, Report]:
    path = tmp_path / name
    path.write_text(yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = Report()
    return screening.read_questionnaire(path, str(path), report), report


@functools.lru_cache(maxsize=None)
def _sample(slug: str) -> dict:
    return yaml.safe_load((FOLDER / f"{slug}.yaml").read_text(encoding="utf-8"))


def sample(slug: str = "phq-9") -> dict:
    """A fresh copy of the committed questionnaire, to break on purpose."""
    return copy.deepcopy(_sample(slug))


# --- scoring -----------------------------------------------------------------------------------------------------

def test_the_questionnaires_carry_exactly_the_published_bands():
    qs = questionnaires()
    assert sorted(qs) == sorted(PUBLISHED)
    for slug, q in qs.items():
        assert [(b.min, b.max) for b in q.bands] == PUBLISHED[slug]
        assert q.max_score == PUBLISHED[slug][-1][1]
        assert [o.score for o in q.options] == [0, 1, 2, 3]


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_python_scorer_gives_the_published_band_at_every_boundary_score(slug):
    q = questionnaires()[slug]
    for total, band in boundary_cases(slug):
        result = screening.score(q, answers_for(q, total))
        assert (result.total, (result.band.min, result.band.max)) == (total, band)


def test_phq9_item_9_above_not_at_all_is_urgent_whatever_the_total():
    q = questionnaires()["phq-9"]
    assert q.safety_item == 9
    for answer in (1, 2, 3):
        for total in (answer, answer + 4, answer + 24):
            assert screening.score(q, answers_for(q, total, safety_answer=answer)).urgent
    assert not screening.score(q, answers_for(q, 24, safety_answer=0)).urgent
    assert not screening.score(questionnaires()["gad-7"], [3] * 7).urgent   # GAD-7 has no such item


def test_the_scorer_refuses_missing_or_impossible_answers():
    q = questionnaires()["gad-7"]
    for bad in ([0] * 6, [0] * 8, [0, 0, 0, 0, 0, 0, 4], [0, 0, 0, 0, 0, 0, -1]):
        with pytest.raises(ValueError):
            screening.score(q, bad)


def test_the_printed_scoring_table_is_made_by_the_scorer():
    for slug, q in questionnaires().items():
        rows = screening.scoring_table(q)
        assert [(low, high) for low, high, _ in rows] == PUBLISHED[slug]
        assert all(screening.band_for(q, t) is band for low, high, band in rows for t in range(low, high + 1))


# --- the review lint and bad files -------------------------------------------------------------------------------

def codes(report: Report) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in report.errors}


def test_the_sample_wording_is_flagged_for_replacement_before_going_live(tmp_path):
    q, report = read(tmp_path, sample())
    assert q is not None and q.wording == "sample"
    assert [(p.field, p.code) for p in report.warnings] == [("wording", "screening-sample")]
    data = sample()
    data["wording"] = "published"
    q, report = read(tmp_path, data)
    assert q is None and ("wording_source", "screening") in codes(report)
    data["wording_source"] = "某出版物，第 1 页"
    q, report = read(tmp_path, data)
    assert q is not None and report.problems == []


def test_review_fields_are_checked_by_the_same_lint_as_articles(tmp_path):
    data = sample()
    data["reviewer"] = "陈某某"
    data["reviewed_on"] = "2026-13-45"
    data["next_review"] = "2026-01-01"
    data["status"] = "live"
    del data["updated_on"]
    q, report = read(tmp_path, data)
    assert q is None
    assert {"reviewer", "reviewed_on", "status", "updated_on"} <= {p.field for p in report.errors}
    data = sample()
    data["next_review"] = data["reviewed_on"]
    assert ("next_review", "screening") in codes(read(tmp_path, data)[1])


def test_bands_with_a_gap_an_overlap_or_a_short_end_are_refused(tmp_path):
    for bands in ([(0, 4), (6, 27)], [(0, 4), (4, 27)], [(0, 4), (5, 26)], [(1, 27)]):
        data = sample()
        data["bands"] = [{"min": a, "max": b, "label": "x", "advice": "y"} for a, b in bands]
        q, report = read(tmp_path, data)
        assert q is None and ("bands", "screening") in codes(report), bands


def test_a_safety_item_that_is_not_a_question_is_refused(tmp_path):
    for value in (0, 10, "9", True):
        data = sample()
        data["safety_item"] = value
        q, report = read(tmp_path, data)
        assert q is None and ("safety_item", "screening") in codes(report), value


def test_every_problem_in_a_questionnaire_is_reported_at_once_on_its_line(tmp_path):
    data = sample()
    data["options"][1]["score"] = "one"
    data["items"][2] = ""
    data["colour"] = "red"
    data["sources"] = [{"title": "x", "url": "javascript:alert(1)"}]
    q, report = read(tmp_path, data)
    assert q is None
    assert {"options", "items", "colour", "sources"} <= {p.field for p in report.errors}
    text = (tmp_path / "phq-9.yaml").read_text(encoding="utf-8").splitlines()
    for p in report.errors:
        assert text[p.row - 1].startswith(p.field + ":"), p


def test_broken_yaml_is_a_problem_on_its_line_not_a_traceback(tmp_path):
    path = tmp_path / "phq-9.yaml"
    path.write_text("title: x\nitems: [a, b\n", encoding="utf-8")
    report = Report()
    assert screening.read_questionnaire(path, str(path), report) is None
    assert [p.code for p in report.errors] == ["screening"] and report.errors[0].row >= 2
    path.write_bytes("title: 抑郁\n".encode("gbk"))
    report = Report()
    assert screening.read_questionnaire(path, str(path), report) is None and report.errors[0].field == "file"


def test_a_file_name_that_is_not_a_url_is_refused(tmp_path):
    q, report = read(tmp_path, sample(), name="PHQ 9.yaml")
    assert q is None and ("slug", "screening") in codes(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(screening.REQUIRED + screening.OPTIONAL + ("other",)),
                       st.recursive(st.none() | st.booleans() | st.integers(-5, 40) | st.text(max_size=8),
                                    lambda inner: st.lists(inner, max_size=4)
                                    | st.dictionaries(st.sampled_from(["min", "max", "label", "advice", "score",
                                                                       "title", "url", "name", "credentials"]),
                                                      inner, max_size=4), max_leaves=12)))
def test_any_mapping_is_read_or_reported_never_raised(tmp_path, overrides):
    data = sample()
    data.update(overrides)
    q, report = read(tmp_path, data)
    assert (q is None) == bool(report.errors)
    if q is not None:
        assert [(b.min, b.max) for b in q.bands][0][0] == 0 and q.bands[-1].max == q.max_score


def test_a_recommended_article_must_be_published(tmp_path):
    data_dir = copy_data(tmp_path)
    path = data_dir / screening.FOLDER / "gad-7.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("anxiety-basics", "no-such-article"), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        load_site(load_config(REPO_ROOT / "mkdocs.yml"), data_dir, CONTENT, TODAY)
    assert [(p.field, p.code) for p in exc.value.report.errors] == [("articles", "screening")]


def test_report_reviews_lists_questionnaires_with_articles(capsys):
    assert main(["report", "reviews", "--today", "2027-05-01", "--data", str(DATA), "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "phq-9.yaml  抑郁症状自评（PHQ-9）（审核人 陈某某）" in out and "gad-7.yaml" in out


# --- what the pages show -------------------------------------------------------------------------------------------

def test_texts_from_the_yaml_are_escaped_in_the_form(tmp_path):
    data = sample()
    data["items"][0] = '<img src=x onerror=alert(1)>"'
    data["bands"][0]["advice"] = "</p><script>alert(1)</script>"
    q, report = read(tmp_path, data)
    html = make_env().get_template("screening_form.html").render(q=q, hotlines=[], hotline=None, articles=[])
    assert "<img" not in html and "<script" not in html and "&lt;img src=x onerror=alert(1)&gt;&#34;" in html


def page(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def test_each_questionnaire_page_is_a_paper_form_with_its_scoring_table(site_dir):
    for slug, q in questionnaires().items():
        html = page(site_dir, f"screening/{slug}")
        form = html[html.index('<form class="xa-screen"'):html.index("</form>")]
        assert form.count('type="radio"') == len(q.items) * len(q.options)
        assert form.count("<fieldset") == form.count("<legend") == len(q.items)
        # Nothing can be submitted: no action, no method, no submit button; the only buttons are type=button.
        assert not re.search(r"<form[^>]*\b(action|method)=", form)
        assert re.findall(r"<button\b[^>]*>", form) == [b for b in re.findall(r"<button\b[^>]*>", form)
                                                        if 'type="button"' in b]
        assert 'id="xa-screen-actions" hidden' in form   # the buttons appear only with JavaScript
        for low, high, band in screening.scoring_table(q):
            assert f"<tr><td>{low}–{high} 分</td><td>{band.label}</td>" in html
        assert "这是筛查结果，不是诊断" in html
        assert "审核提示：本页题目文字为样稿，上线前须替换。" in html
        assert "doi.org" in html and "陈某某" in html
        assert html.count('class="xa-crisis"') == (3 if q.safety_item else 2)
        assert 'href="tel:12356"' in html and 'href="tel:120"' in html and 'href="tel:110"' in html


def test_screening_pages_have_no_inline_script_or_event_handler(site_dir):
    for url in ("screening", "screening/phq-9", "screening/gad-7"):
        html = page(site_dir, url)
        body = html[html.index("<article"):html.index("</article>")]
        assert "<script" not in body
        assert not re.search(r"\son[a-z]+\s*=", html, re.I)
    assert (site_dir / "assets" / "screening.js").exists()


def test_home_tasks_articles_and_search_lead_to_the_questionnaires(site_dir):
    assert 'href="screening/"' in page(site_dir, "")
    index = page(site_dir, "screening")
    assert 'href="phq-9/"' in index and 'href="gad-7/"' in index
    assert 'href="../../screening/phq-9/"' in page(site_dir, "articles/depression-basics")
    assert 'href="../../screening/gad-7/"' in page(site_dir, "articles/anxiety-basics")
    result = page(site_dir, "screening/phq-9")
    assert 'href="../../stations/#xa-near-me"' in result and 'href="../../registry/"' in result
    assert 'href="../../articles/depression-basics/"' in result
    assert 'id="xa-near-me"' in page(site_dir, "stations")   # the near-me link lands on the button


@pytest.mark.skipif(not shutil.which("java"), reason="make test installs a Java runtime")
def test_screening_pages_have_no_html_errors(site_dir):
    pages = [str(site_dir / url / "index.html") for url in ("screening", "screening/phq-9", "screening/gad-7")]
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"] == []
