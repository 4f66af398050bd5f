"""scripts/eval_ranking.py: the metrics, the TIME readers, and one run on a tiny collection."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

from tests.paths import REPO, SHARED

pytestmark = pytest.mark.slow

TIME = SHARED / "corpora" / "time"


def _load():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "eval_ranking", REPO / "scripts" / "eval_ranking.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_ranking"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()


def test_average_precision() -> None:
    assert ev.average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert ev.average_precision(["x"], {"a"}) == 0.0
    assert ev.average_precision(["a"], set()) == 0.0


def test_ndcg_precision_recall() -> None:
    ranked = ["x", "a", "y", "b"]
    relevant = {"a", "b"}
    ideal = 1 + 1 / math.log2(3)
    assert ev.ndcg(ranked, relevant) == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert ev.precision(ranked, relevant, k=4) == 0.5
    assert ev.recall(ranked, relevant, k=2) == 0.5
    assert ev.ndcg(["a", "b"], relevant) == pytest.approx(1.0)


def _write_collection(folder: Path) -> None:
    folder.mkdir()
    (folder / "TIME.ALL").write_text(
        "*TEXT 001 01/04/63 PAGE 020\n\nTHE NUCLEAR TEST BAN TREATY WAS SIGNED IN MOSCOW .\n\n"
        "*TEXT 002 01/11/63 PAGE 021\n\nCOFFEE PRICES ROSE IN BRAZIL AFTER THE FROST .\n\n"
        "*TEXT 017 02/01/63 PAGE 022\n\nTHE KENNEDY ADMINISTRATION PRESSED DIEM ON THE BUDDHISTS .\n\n"
        "*STOP\n",
        encoding="latin-1",
    )
    (folder / "TIME.QUE").write_text(
        "*FIND      1\n\n TEST BAN TREATY IN MOSCOW .\n\n"
        "*FIND      2\n\n PRESSURE ON DIEM AND THE BUDDHISTS .\n\n*STOP\n",
        encoding="latin-1",
    )
    (folder / "qrels-dev.txt").write_text("1 0 1 1\n2 0 17 1\n", encoding="utf-8")


def test_readers_parse_documents_queries_and_judgments(tmp_path) -> None:
    _write_collection(tmp_path / "time")
    docs = ev.read_documents(tmp_path / "time" / "TIME.ALL")
    assert [d.docno for d in docs] == ["1", "2", "17"]
    assert docs[0].text == "THE NUCLEAR TEST BAN TREATY WAS SIGNED IN MOSCOW ."
    assert str(docs[2].published) == "1963-02-01" and docs[2].page == "22"
    queries = ev.read_queries(tmp_path / "time" / "TIME.QUE")
    assert queries == {
        "1": "TEST BAN TREATY IN MOSCOW .",
        "2": "PRESSURE ON DIEM AND THE BUDDHISTS .",
    }
    assert ev.read_qrels(tmp_path / "time" / "qrels-dev.txt") == {"1": {"1"}, "2": {"17"}}


def test_a_run_scores_ours_next_to_both_baselines(tmp_path, capsys) -> None:
    _write_collection(tmp_path / "time")
    assert ev.main(["--corpus", str(tmp_path / "time"), "--json", str(tmp_path / "out.json")]) == 0
    out = capsys.readouterr().out
    assert "archive-search (default ranking)" in out and "StemmingAnalyzer" in out
    import json

    rows = json.loads((tmp_path / "out.json").read_text())
    assert len(rows) == 3
    assert rows[0]["MAP"] == 1.0  # both answers are unambiguous
    assert all(0.0 <= row["MAP"] <= 1.0 for row in rows)


def test_a_missing_collection_exits_2(tmp_path, capsys) -> None:
    assert ev.main(["--corpus", str(tmp_path / "nothing")]) == 2


@pytest.mark.skipif(not TIME.exists(), reason="needs ../shared/corpora/time beside the checkout")
def test_the_shared_time_collection_reads_whole() -> None:
    docs = ev.read_documents(TIME / "TIME.ALL")
    assert len(docs) == 423
    assert len({d.docno for d in docs}) == 423
    queries = ev.read_queries(TIME / "TIME.QUE")
    assert sorted(int(q) for q in queries) == list(range(1, 41))
    qrels = ev.read_qrels(TIME / "qrels-dev.txt")
    docnos = {d.docno for d in docs}
    assert set(qrels) <= set(queries)
    assert all(relevant <= docnos for relevant in qrels.values())
