"""scripts/eval_editions.py: the truth, the pair metrics, and one run on part of data/."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.loader import load_script
from tests.paths import DATA

ev = load_script("eval_editions")


def test_story_is_the_path_after_the_editions_folder() -> None:
    assert ev.story_of("/x/data/setimes/sr_Cyrl/2010/2010-01-07-feature-01.html.gz") == (
        "2010/2010-01-07-feature-01"
    )
    assert ev.story_of("/x/setimes/hr/2008/2008-06-23-feature-01-print.html") == (
        "2008/2008-06-23-feature-01"
    )
    assert ev.story_of("/x/data/setimes-2014-03-10-nato-serbia-kfor.txt") is None


def test_pairs_precision_and_recall() -> None:
    stories = {"a": "s1", "b": "s1", "c": "s1", "d": "s2"}
    truth = ev.truth_pairs(stories)
    assert truth == {frozenset("ab"), frozenset("ac"), frozenset("bc")}
    predicted = {frozenset("ab"), frozenset("cd")}
    score = ev.score(predicted, truth, set(stories))
    assert (score.pairs, score.true_pairs, score.correct) == (2, 3, 1)
    assert score.precision == pytest.approx(0.5) and score.recall == pytest.approx(1 / 3)
    # a half is scored on the pairs that touch it; its truth lies within it
    half = ev.score(predicted, truth, {"c", "d"})
    assert (half.pairs, half.true_pairs, half.correct) == (1, 0, 0)


def test_fit_puts_the_threshold_in_the_gap(monkeypatch) -> None:
    monkeypatch.setattr(
        ev,
        "separation",
        lambda articles, stories: {"true_min": 0.6, "false_max": 0.3, "true_median": 0.9},
    )
    assert ev.fit_threshold([], {}, set()) == pytest.approx(0.45)


def test_a_run_on_part_of_the_sample_links_every_edition(tmp_path) -> None:
    data = tmp_path / "data"
    for locale in ("sr_Latn", "sr_Cyrl", "hr"):
        for year in ("2010", "2012"):
            shutil.copytree(DATA / "setimes" / locale / year, data / "setimes" / locale / year)
    out = tmp_path / "figures.json"
    assert ev.main(["--data", str(data), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["stories"] == 7 and result["true_pairs"] == 11
    assert 0.05 <= result["fitted_threshold"] <= 0.9
    for run in ("as indexed", "URLs removed", "one day", "one day, text"):
        figures = result["runs"][run]["all"]
        assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9, run
