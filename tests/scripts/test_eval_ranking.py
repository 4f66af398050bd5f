"""scripts/eval_ranking.py: metrics, readers, query handling, plain BM25, one run on tiny corpora."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.loader import load_script
from tests.paths import SHARED

pytestmark = pytest.mark.slow

TIME = SHARED / "corpora" / "time"


ev = load_script("eval_ranking")


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


def _write_time(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "TIME.ALL").write_text(
        "*TEXT 001 01/04/63 PAGE 020\n\nTHE NUCLEAR TEST BAN TREATY WAS SIGNED IN MOSCOW .\n\n"
        "*TEXT 002 01/11/63 PAGE 021\n\nCOFFEE PRICES ROSE IN BRAZIL AFTER THE FROST .\n\n"
        "*TEXT 017 02/01/63 PAGE 022\n\nTHE KENNEDY ADMINISTRATION PRESSED DIEM ON THE BUDDHISTS .\n\n"
        "*TEXT 018 08/30 63 PAGE 023\n\nDIEM AND THE BUDDHISTS : THE KENNEDY VIEW OF RUSSIA'S AID .\n\n"
        "*STOP\n",
        encoding="latin-1",
    )
    (folder / "TIME.QUE").write_text(
        "*FIND      1\n\n TEST BAN TREATY IN MOSCOW .\n\n"
        "*FIND      2\n\n PRESSURE ON DIEM AND THE BUDDHISTS .\n\n*STOP\n",
        encoding="latin-1",
    )
    (folder / "qrels-dev.txt").write_text("1 0 1 1\n2 0 17 1\n2 0 18 1\n", encoding="utf-8")


def _write_jsonl(folder: Path) -> None:
    folder.mkdir(parents=True)
    docs = [
        {"id": "1", "title": "Boundary layers", "author": "a", "body": "boundary layer flow"},
        {"id": "2", "title": "Heat transfer", "author": "b", "body": "heat transfer in gases"},
        {"id": "3", "title": "Shock waves", "author": "c", "body": "shock waves: a study"},
    ]
    (folder / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    (folder / "queries-dev.tsv").write_text(
        '1\tWhat is a boundary layer?\n3\tShock: (waves) "study"\n5\tunjudged query\n', "utf-8"
    )
    (folder / "qrels-dev.txt").write_text("1 0 1 1\n3 0 3 1\n", encoding="utf-8")


def test_readers_parse_time_documents_queries_and_judgments(tmp_path) -> None:
    _write_time(tmp_path / "time")
    docs = ev.read_documents(tmp_path / "time" / "TIME.ALL")
    assert [d.docno for d in docs] == ["1", "2", "17", "18"]
    assert docs[0].text == "THE NUCLEAR TEST BAN TREATY WAS SIGNED IN MOSCOW ."
    assert str(docs[2].published) == "1963-02-01" and docs[2].page == "22"
    assert str(docs[3].published) == "1963-08-30"
    queries = ev.read_queries(tmp_path / "time" / "TIME.QUE")
    assert queries == {
        "1": "TEST BAN TREATY IN MOSCOW .",
        "2": "PRESSURE ON DIEM AND THE BUDDHISTS .",
    }
    assert ev.read_qrels(tmp_path / "time" / "qrels-dev.txt") == {"1": {"1"}, "2": {"17", "18"}}


def test_every_judged_collection_is_found_in_either_form(tmp_path) -> None:
    _write_time(tmp_path / "time")
    _write_jsonl(tmp_path / "cran")
    (tmp_path / "extraction-dev").mkdir()  # no judgments: not a ranking collection
    found = ev.find_collections(tmp_path)
    assert [c.name for c in found] == ["cran", "time"]
    cran = found[0]
    assert cran.docs[0].title == "Boundary layers"
    assert list(cran.judged()) == ["1", "3"]  # query 5 has no judgments
    assert cran.halves() == ({"1": "What is a boundary layer?"}, {"3": 'Shock: (waves) "study"'})
    assert ev.find_collections(tmp_path / "nothing") == []


def test_queries_are_read_as_plain_words() -> None:
    assert ev.plain_query('Shock: (waves) "study"?') == "shock waves study"
    assert ev.plain_query("NOT a co-operation -x +y AND U.S. Russia's") == (
        "not a co-operation x y and u.s. russia's"
    )
    # stop words are passed over when counting the first three content words
    assert ev.short_query("What is the number of troops in South Viet Nam?") == (
        "number troops south"
    )


def test_halves_alternate_in_numeric_order() -> None:
    queries = {str(q): "text" for q in (10, 2, 1, 33, 4)}
    collection = ev.Collection("c", [], queries, {q: {"1"} for q in queries})
    first, second = collection.halves()
    assert list(first) == ["1", "4", "33"] and list(second) == ["2", "10"]


def test_plain_bm25_prefers_rare_words_and_counts_repeats() -> None:
    docs = [
        ev.Doc("a", "", "common common rare"),
        ev.Doc("b", "", "common heat words here"),
        ev.Doc("c", "", "common filler text"),
    ]
    bm25 = ev.PlainBM25(ev.Collection("c", docs, {}, {}))
    assert bm25.rank("rare")[0] == "a"
    assert bm25.rank("rare")[1:] == []  # only matching documents are ranked
    assert bm25.rank("common")[0] == "a"  # more occurrences
    # a word written three times weighs three times: "heat" then outweighs "rare"
    assert bm25.rank("rare heat")[0] == "a"  # the shorter document
    assert bm25.rank("rare heat heat heat")[0] == "b"


def test_a_run_prints_every_collection_next_to_plain_bm25(tmp_path, capsys) -> None:
    _write_time(tmp_path / "corpora" / "time")
    _write_jsonl(tmp_path / "corpora" / "cran")
    out_json = tmp_path / "out.json"
    assert ev.main(["--corpora", str(tmp_path / "corpora"), "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "cran: 3 documents, 2 judged development queries" in out
    assert "time: 4 documents, 2 judged development queries" in out
    assert ev.DEFAULT in out and ev.PLAIN in out
    assert "fitted on half 2" in out and "fitted on half 1" in out
    assert "short (3 words)" in out and "mean MAP over 2 collections" in out
    assert "similar articles on time" in out
    data = json.loads(out_json.read_text())
    by_name = {c["collection"]: c for c in data["collections"]}
    rows = by_name["cran"]["rows"]
    default_all = next(r for r in rows if r["name"] == ev.DEFAULT and r["queries"] == "all")
    assert default_all["MAP"] == 1.0  # both answers are unambiguous
    assert all(0.0 <= r["MAP"] <= 1.0 for c in data["collections"] for r in c["rows"])
    assert {r["queries"] for r in rows} >= {"all", "half 1", "half 2", "short (3 words)"}
    # query 2's two relevant articles are each other's most similar
    assert data["similar"][0]["MAP"] == 1.0


def test_fitting_restores_the_ranking_constants() -> None:
    from archive_search.search import ranking

    before = (ranking.IDF_EXPONENT, ranking.EXACT_WEIGHT, dict(ranking.FIELD_WEIGHTS))
    with ev.ranking_constants(IDF_EXPONENT=3.0, TITLE_WEIGHT=9.0):
        assert ranking.IDF_EXPONENT == 3.0 and ranking.FIELD_WEIGHTS["title"] == 9.0
    assert (ranking.IDF_EXPONENT, ranking.EXACT_WEIGHT, dict(ranking.FIELD_WEIGHTS)) == before
    assert len(ev.grid()) == 2 ** len(ev.GRID)


def test_no_collection_exits_2(tmp_path, capsys) -> None:
    assert ev.main(["--corpora", str(tmp_path / "nothing")]) == 2
    assert "no judged collection" in capsys.readouterr().err


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
