"""The extraction benchmark's metric, checked on strings small enough to count by hand."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.loader import load_script
from tests.paths import SCRIPTS

pytestmark = pytest.mark.slow

SCRIPT = SCRIPTS / "eval_extraction.py"
ev = load_script("eval_extraction")


def test_shingles_are_four_token_runs_with_counts() -> None:
    assert ev.shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    repeated = ev.shingles("a b c d a b c d")
    assert repeated[("a", "b", "c", "d")] == 2
    assert sum(repeated.values()) == 5


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert ev.shingles("a, b!") == {("a", "b"): 1}
    assert ev.shingles("") == {}
    assert ev.shingles(" -- ... ") == {}


def test_tokens_are_word_runs_and_case_sensitive() -> None:
    assert ev.shingles("Hello, world! Ünïcode—ok") == {("Hello", "world", "Ünïcode", "ok"): 1}
    assert ev.shingle_counts("Hello world", "hello world") == (0.0, 0.5, 0.5)


@pytest.mark.parametrize(
    ("true", "pred", "expected"),
    [
        ("a b c d e", "a b c d", (0.5, 0.0, 0.5)),
        ("a b c d e f", "a b c d x y", (0.2, 0.4, 0.4)),
        ("a b c d a b c d", "a b c d", (0.2, 0.0, 0.8)),
        ("a b c d", "a b c d a b c d", (0.2, 0.8, 0.0)),
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
        ("a b c d", "", (0.0, 0.0, 1.0)),
        ("", "a b c d", (0.0, 1.0, 0.0)),
    ],
)
def test_shingle_counts_are_normalised(true: str, pred: str, expected: tuple) -> None:
    assert ev.shingle_counts(true, pred) == pytest.approx(expected)


def test_precision_and_recall_undefined_cases() -> None:
    assert ev.page_precision((0.0, 0.0, 1.0)) is None  # nothing predicted
    assert ev.page_recall((0.0, 0.0, 1.0)) == 0.0
    assert ev.page_recall((0.0, 1.0, 0.0)) is None  # empty truth
    assert ev.page_precision((0.0, 1.0, 0.0)) == 0.0
    assert ev.page_precision((0.0, 0.0, 0.0)) is None
    assert ev.page_recall((0.0, 0.0, 0.0)) is None
    assert ev.page_precision((0.2, 0.4, 0.4)) == pytest.approx(1 / 3)
    assert ev.page_recall((0.5, 0.0, 0.5)) == pytest.approx(0.5)


def test_scores_average_pages_then_take_f1_of_the_averages() -> None:
    pages = [(0.5, 0.0, 0.5), (0.2, 0.4, 0.4), (0.0, 0.0, 1.0)]
    scores = ev.score_pages(pages)
    assert scores.precision == pytest.approx(2 / 3)  # the empty prediction is left out
    assert scores.recall == pytest.approx(5 / 18)  # ... but counts as 0 recall
    assert scores.f1 == pytest.approx(20 / 51)


def test_scores_of_nothing_are_zero() -> None:
    assert ev.score_pages([]) == ev.Scores(0.0, 0.0, 0.0)


def test_evaluate_treats_missing_predictions_as_empty() -> None:
    scores, per_page = ev.evaluate({"x": "a b c d e", "y": "p q r s"}, {"x": "a b c d"})
    assert per_page == {"x": (0.5, 0.0, 0.5), "y": (0.0, 0.0, 1.0)}
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(0.25)


ARTICLE = """<html lang="en"><head><title>Harbour reopens after storm</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour reopens after storm</h1>
<p>The harbour in Split reopened on Tuesday after two days in which strong winds kept ferries
in port and stranded hundreds of travellers on the islands of central Dalmatia.</p>
<p>Port officials said the first ferries left shortly after dawn and that all regular lines would
run normally by the evening, although some catamaran services remained suspended.</p>
<p>Forecasters expect calmer weather for the rest of the week, with temperatures rising again
and only light winds along the coast and on the open sea.</p></article></body></html>"""


def test_cli_scores_a_corpus_and_writes_json(tmp_path: Path, capsys) -> None:
    (tmp_path / "html").mkdir()
    with gzip.open(tmp_path / "html" / "p1.html.gz", "wt", encoding="utf-8") as f:
        f.write(ARTICLE)
    truth = " ".join(
        line.strip()
        for line in ARTICLE.split("<article>")[1].split("</h1>")[1].splitlines()
        if line.strip()
    )
    truth = truth.replace("<p>", "").replace("</p>", "\n").replace("</article></body></html>", "")
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": truth, "url": "https://example.org/p1"}})
    )
    out = tmp_path / "scores.json"
    assert ev.main(["--corpus", str(tmp_path), "--json", str(out), "--worst", "1"]) == 0
    printed = capsys.readouterr().out
    assert "ours" in printed and "trafilatura" in printed and "worst" in printed
    report = json.loads(out.read_text())
    assert report["pages"] == 1
    assert report["scores"]["ours"]["f1"] == pytest.approx(1.0)
    assert report["per_page"]["ours"]["p1"] == pytest.approx([1.0, 0.0, 0.0])
    assert report["scores"]["ours"]["pages_per_second"] > 0


def test_cli_reports_a_missing_corpus(tmp_path: Path, capsys) -> None:
    assert ev.main(["--corpus", str(tmp_path)]) == 2
    assert "ground-truth.json" in capsys.readouterr().err
