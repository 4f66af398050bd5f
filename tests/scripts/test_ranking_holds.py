"""The default ranking never falls below plain BM25 on any judged collection's development queries.

Runs ``scripts/eval_ranking.py`` without its fitting grid (about a minute for
TIME, CISI and Cranfield together): every collection is indexed through the
public API and its development queries are searched with the default ranking
and with plain BM25 (same analysis) in the same run. A later change that
quietly undoes the ranking work fails here, naming the collection.
"""

from __future__ import annotations

import pytest

from tests.paths import CORPORA
from tests.scripts.test_eval_ranking import ev

COLLECTIONS = ev.find_collections(CORPORA) if CORPORA.is_dir() else []


@pytest.mark.skipif(not COLLECTIONS, reason="needs ../shared/corpora beside the checkout")
def test_the_shared_corpora_hold_the_three_judged_collections() -> None:
    assert {"time", "cisi", "cran"} <= {c.name for c in COLLECTIONS}


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.name)
def test_default_ranking_is_at_least_plain_bm25(collection, tmp_path) -> None:
    report = ev.evaluate_collection(collection, tmp_path, fit=False)
    ours, plain = report.get(ev.DEFAULT, "all"), report.get(ev.PLAIN, "all")
    assert ours.map >= plain.map, (
        f"{collection.name}: default MAP {ours.map:.4f} < plain BM25 {plain.map:.4f}"
    )
    short = f"short ({ev.SHORT_WORDS} words)"
    ours_short, plain_short = report.get(ev.DEFAULT, short), report.get(ev.PLAIN, short)
    assert ours_short.map >= plain_short.map, (
        f"{collection.name}, short queries: default MAP {ours_short.map:.4f} "
        f"< plain BM25 {plain_short.map:.4f}"
    )


TIME = next((c for c in COLLECTIONS if c.name == "time"), None)


@pytest.mark.skipif(TIME is None, reason="needs ../shared/corpora/time beside the checkout")
def test_similar_finds_a_querys_other_relevant_articles_better_than_the_whole_text(
    tmp_path,
) -> None:
    # each relevant article of a TIME query starts a "similar"; the others should come first
    ours, whole_text = ev.evaluate_similar(TIME, tmp_path)
    assert len(ours.per_query) > 100
    assert ours.map >= whole_text.map, f"similar MAP {ours.map:.4f} < {whole_text.map:.4f}"
