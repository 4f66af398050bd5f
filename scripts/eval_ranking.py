#!/usr/bin/env python3
"""Measure ranking quality on every judged collection, next to plain BM25 in the same run.

Finds every collection under ``../shared/corpora`` that has judgments (TIME in
its own format; CISI, Cranfield and any other in the ``docs.jsonl`` +
``queries-dev.tsv`` + ``qrels-dev.txt`` form), indexes its documents through
the public API (``Archive.add``), runs its development queries through
``Archive.search`` with the product's default ranking, and prints MAP,
nDCG@10, P@10 and Recall@100 next to a plain BM25 (Lucene idf, K1 1.2, B 0.75,
one field of title and body, the same analysis: this project's English
analyzer) computed in the same run. Rows:

* every development query, and each half of a two-fold split (alternate
  queries in numeric order);
* ``fitted``: the ranking constants chosen on one half (the best MAP over a
  small grid, ``GRID``) and scored on the other, and the reverse: what tuning
  on these queries is worth on queries it has not seen;
* ``short``: every query cut to its first three content words, as news users
  type them.

Then, on TIME, "similar articles": for each relevant article of a query, the
query's other relevant articles should come first among its similar articles
(MAP over every such article).

How the collections map to Articles: TIME gives no headline, so the title is
the issue date and page ("TIME, January 04 1963, page 20"); the body is the
text. CISI and Cranfield give title and body (Cranfield's body repeats its
title). Every article is English. Queries are searched as plain words: lower
case (capital AND, OR and NOT are operators in the query language, and TIME is
all capitals) with punctuation turned into spaces (a colon would read as a
field prefix). Near-duplicate collapsing is off: it is not ranking.

Only the development queries are used; the held-out ones are evaluated
elsewhere. Usage: scripts/eval_ranking.py [--corpora DIR] [--only NAME...]
[--no-fit] [--json FILE] [--per-query]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_CORPORA = REPO / ".." / "shared" / "corpora"
#: Depth of each ranking: MAP is computed over the top 1000.
DEPTH = 1000
#: Content words a short query keeps.
SHORT_WORDS = 3
#: Plain BM25's constants (Lucene's defaults).
PLAIN_K1 = 1.2
PLAIN_B = 0.75

# One header of TIME reads "08/30 63": any separator between the date parts.
_TEXT = re.compile(r"^\*TEXT\s+(\d+)\s+(\d\d)\D(\d\d)\D(\d\d)\s+PAGE\s+(\d+)", re.M)
_FIND = re.compile(r"^\*FIND\s+(\d+)\s*$", re.M)
#: Characters with a meaning in the query language (fields, phrases, groups, wildcards, boosts).
_SYNTAX = re.compile(r"[\"“”„«»:()\[\]{}^~*?!\\/]+|(?<!\S)[+-]+")

Ranker = Callable[[str], list[str]]


# -- the collections -----------------------------------------------------------
@dataclass(frozen=True)
class Doc:
    docno: str
    title: str
    text: str
    published: dt.date | None = None


@dataclass
class Collection:
    name: str
    docs: list[Doc]
    queries: dict[str, str]
    qrels: dict[str, set[str]]

    def judged(self) -> dict[str, str]:
        """The queries with at least one relevant document, in numeric order."""
        judged = {q: t for q, t in self.queries.items() if self.qrels.get(q)}
        return dict(sorted(judged.items(), key=lambda item: _numeric(item[0])))

    def halves(self) -> tuple[dict[str, str], dict[str, str]]:
        """Two folds: the 1st, 3rd, 5th... judged query, and the 2nd, 4th..."""
        items = list(self.judged().items())
        return dict(items[0::2]), dict(items[1::2])


def _numeric(qid: str) -> tuple[int, str]:
    return (int(qid), qid) if qid.isdigit() else (sys.maxsize, qid)


def find_collections(root: Path) -> list[Collection]:
    """Every judged collection under ``root``, by name."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if (folder / "TIME.ALL").exists() and (folder / "qrels-dev.txt").exists():
            found.append(read_time(folder))
        elif all((folder / n).exists() for n in ("docs.jsonl", "queries-dev.tsv", "qrels-dev.txt")):
            found.append(read_jsonl_collection(folder))
    return found


def read_time(folder: Path) -> Collection:
    docs = [
        Doc(d.docno, f"TIME, {d.published:%B %d %Y}, page {d.page}", d.text, d.published)
        for d in read_documents(folder / "TIME.ALL")
    ]
    queries = read_queries(folder / "TIME.QUE")
    return Collection("time", docs, queries, read_qrels(folder / "qrels-dev.txt"))


def read_jsonl_collection(folder: Path) -> Collection:
    docs = []
    with (folder / "docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                body = " ".join(str(record.get("body") or "").split())
                title = " ".join(str(record.get("title") or "").split())
                docs.append(Doc(str(record["id"]), title, body))
    queries = {}
    for line in (folder / "queries-dev.tsv").read_text(encoding="utf-8").splitlines():
        qid, _, text = line.partition("\t")
        if qid.strip() and text.strip():
            queries[qid.strip()] = text.strip()
    return Collection(folder.name, docs, queries, read_qrels(folder / "qrels-dev.txt"))


@dataclass(frozen=True)
class TimeDoc:
    docno: str
    published: dt.date
    page: str
    text: str


def read_documents(path: Path) -> list[TimeDoc]:
    """The articles of TIME.ALL, numbered as qrels-dev.txt numbers them (no leading zeros)."""
    raw = path.read_text(encoding="latin-1")
    raw = raw.split("*STOP", 1)[0]
    matches = list(_TEXT.finditer(raw))
    docs = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(raw)
        text = " ".join(raw[match.end() : end].split())
        number, month, day, year, page = (int(g) for g in match.groups())
        docs.append(TimeDoc(str(number), dt.date(1900 + year, month, day), str(page), text))
    return docs


def read_queries(path: Path) -> dict[str, str]:
    raw = path.read_text(encoding="latin-1").split("*STOP", 1)[0]
    matches = list(_FIND.finditer(raw))
    queries = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(raw)
        queries[match.group(1)] = " ".join(raw[match.end() : end].split())
    return queries


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] != "0":
            qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


# -- queries ---------------------------------------------------------------------
def plain_query(text: str) -> str:
    """The query as plain words: lower case, the query language's syntax characters as spaces."""
    return " ".join(_SYNTAX.sub(" ", text.lower()).split())


def short_query(text: str, words: int = SHORT_WORDS) -> str:
    """The first ``words`` content words of the query (stop words are passed over)."""
    from archive_search.text.analysis import stemmed_terms

    kept = [w for w in plain_query(text).split() if stemmed_terms(w, "en")]
    return " ".join(kept[:words])


# -- metrics -----------------------------------------------------------------
def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, docno in enumerate(ranked, 1):
        if docno in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def ndcg(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    gain = sum(1 / math.log2(i + 1) for i, d in enumerate(ranked[:k], 1) if d in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return gain / ideal if ideal else 0.0


def precision(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    return sum(1 for d in ranked[:k] if d in relevant) / k


def recall(ranked: Sequence[str], relevant: set[str], k: int = 100) -> float:
    return sum(1 for d in ranked[:k] if d in relevant) / len(relevant) if relevant else 0.0


@dataclass
class Scores:
    name: str
    map: float
    ndcg10: float
    p10: float
    recall100: float
    per_query: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "MAP": round(self.map, 4),
            "nDCG@10": round(self.ndcg10, 4),
            "P@10": round(self.p10, 4),
            "Recall@100": round(self.recall100, 4),
            "AP per query": {q: round(v, 4) for q, v in self.per_query.items()},
        }


def rankings(ranker: Ranker, queries: dict[str, str]) -> dict[str, list[str]]:
    """Each query's ranking (document numbers, best first)."""
    return {qid: ranker(text) for qid, text in queries.items()}


def score(
    name: str, ranked: dict[str, list[str]], qids: Sequence[str], qrels: dict[str, set[str]]
) -> Scores:
    """The metrics of ``ranked`` over the queries ``qids``, averaged per query."""
    aps, ndcgs, p10s, r100s = {}, [], [], []
    for qid in qids:
        relevant = qrels.get(qid, set())
        ranking = ranked[qid]
        aps[qid] = average_precision(ranking, relevant)
        ndcgs.append(ndcg(ranking, relevant))
        p10s.append(precision(ranking, relevant))
        r100s.append(recall(ranking, relevant))
    n = len(qids) or 1
    return Scores(name, sum(aps.values()) / n, sum(ndcgs) / n, sum(p10s) / n, sum(r100s) / n, aps)


# -- our ranking, through the public API --------------------------------------
class Ours:
    """The collection in an Archive; ``rank`` searches it with the current ranking constants."""

    def __init__(self, collection: Collection, workdir: Path) -> None:
        from archive_search import Archive, Article

        self.prefix = f"{collection.name}-"
        self.archive = Archive(workdir / f"archive-{collection.name}")
        self.archive.add(
            Article(
                id=f"{self.prefix}{d.docno}",
                title=d.title,
                body=[d.text] if d.text else [],
                published=d.published,
                language="en",
                outlet=collection.name,
                source=collection.name,
            )
            for d in collection.docs
        )

    def rank(self, text: str) -> list[str]:
        query = plain_query(text)
        if not query:
            return []
        results = self.archive.search(
            query, limit=DEPTH, snippets=False, suggest=False, collapse=False
        )
        return [hit.id.removeprefix(self.prefix) for hit in results.hits]

    def similar(self, docno: str) -> list[str]:
        from archive_search.errors import ArchiveSearchError

        try:
            results = self.archive.similar(f"{self.prefix}{docno}", limit=DEPTH, collapse=False)
        except ArchiveSearchError:
            return []
        return [hit.id.removeprefix(self.prefix) for hit in results.hits]

    def close(self) -> None:
        self.archive.close()


# -- the baseline: plain BM25 over title and body, the same analysis ---------------
class PlainBM25:
    """Lucene-style BM25 (idf ``log(1 + (N - df + 0.5) / (df + 0.5))``), one field.

    Documents and queries go through this project's stemmed English analyzer
    (folding, stop words, Snowball), so the comparison is of ranking only. A
    word repeated in the query counts as often as it is repeated, as in Lucene.
    """

    def __init__(self, collection: Collection, k1: float = PLAIN_K1, b: float = PLAIN_B) -> None:
        self.k1, self.b = k1, b
        self.ids = [d.docno for d in collection.docs]
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: list[int] = []
        for number, doc in enumerate(collection.docs):
            counts = Counter(self.terms(f"{doc.title} {doc.text}"))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings.setdefault(term, []).append((number, tf))
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    @staticmethod
    def terms(text: str) -> list[str]:
        from archive_search.engine.analyzers import stemmed_analyzer
        from archive_search.text.analysis import analysis_language

        with analysis_language("en"):
            return [t.text for t in stemmed_analyzer()(text, mode="index")]

    def rank(self, text: str) -> list[str]:
        n = len(self.ids)
        scores: dict[int, float] = {}
        for term in self.terms(plain_query(text)):
            postings = self.postings.get(term, [])
            idf = math.log(1 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
            for number, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[number] / self.average)
                scores[number] = scores.get(number, 0.0) + idf * tf * (self.k1 + 1) / (tf + norm)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:DEPTH]
        return [self.ids[number] for number, _ in best]


# -- the constants a fold may fit ---------------------------------------------------
#: The ranking constants cross-validation chooses among, each with its candidate values
#: (``ranking`` module attributes; ``TITLE_WEIGHT`` is the title's entry in FIELD_WEIGHTS).
GRID: dict[str, tuple[Any, ...]] = {
    "IDF_EXPONENT": (1.0, 2.0),
    "EXACT_WEIGHT": (0.0, 0.5),
    "TITLE_WEIGHT": (1.0, 2.5),
    "ALL_WORDS_FIRST": (False, True),
}


@contextlib.contextmanager
def ranking_constants(**values: Any) -> Iterator[None]:
    """Search with some of ``ranking``'s constants changed (for fitting), then restore them."""
    from archive_search.search import ranking

    saved = {name: getattr(ranking, name) for name in values if name != "TITLE_WEIGHT"}
    saved["FIELD_WEIGHTS"] = dict(ranking.FIELD_WEIGHTS)
    try:
        for name, value in values.items():
            if name == "TITLE_WEIGHT":
                ranking.FIELD_WEIGHTS = {**ranking.FIELD_WEIGHTS, "title": value}
            else:
                setattr(ranking, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(ranking, name, value)


def grid() -> list[dict[str, Any]]:
    return [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]


def describe(values: dict[str, Any]) -> str:
    return ", ".join(f"{name.lower()} {value:g}" for name, value in values.items())


# -- one collection --------------------------------------------------------------------
@dataclass
class Row:
    ranking: str
    queries: str
    scores: Scores


@dataclass
class Report:
    collection: str
    documents: int
    queries: int
    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0

    def get(self, ranking: str, queries: str) -> Scores:
        return next(r.scores for r in self.rows if r.ranking == ranking and r.queries == queries)


DEFAULT = "archive-search (default)"
PLAIN = f"plain BM25 (k1 {PLAIN_K1:g}, b {PLAIN_B:g})"


def evaluate_collection(collection: Collection, workdir: Path, *, fit: bool = True) -> Report:
    """Default and plain BM25 on every query, each half and short queries; fitted rows if asked."""
    started = time.perf_counter()
    queries = collection.judged()
    first, second = collection.halves()
    short = {qid: short_query(text) for qid, text in queries.items()}
    report = Report(collection.name, len(collection.docs), len(queries))
    ours = Ours(collection, workdir)
    try:
        plain = PlainBM25(collection)
        for name, ranker in ((DEFAULT, ours.rank), (PLAIN, plain.rank)):
            ranked = rankings(ranker, queries)
            for label, qids in (("all", queries), ("half 1", first), ("half 2", second)):
                report.rows.append(
                    Row(name, label, score(name, ranked, list(qids), collection.qrels))
                )
            ranked_short = rankings(ranker, short)
            label = f"short ({SHORT_WORDS} words)"
            report.rows.append(
                Row(name, label, score(name, ranked_short, list(short), collection.qrels))
            )
        if fit:
            report.rows += fitted_rows(ours, queries, (first, second), collection.qrels)
    finally:
        ours.close()
    report.seconds = time.perf_counter() - started
    return report


def fitted_rows(
    ours: Ours,
    queries: dict[str, str],
    halves: tuple[dict[str, str], dict[str, str]],
    qrels: dict[str, set[str]],
) -> list[Row]:
    """For each half: the grid point with the best MAP on the other half, scored on this one."""
    results = []
    for values in grid():
        with ranking_constants(**values):
            results.append((values, rankings(ours.rank, queries)))
    rows = []
    for number, (held_out, fitted_on) in enumerate(
        ((halves[0], halves[1]), (halves[1], halves[0])), 1
    ):
        best_values, best_ranked = max(
            results, key=lambda item: score("", item[1], list(fitted_on), qrels).map
        )
        name = f"fitted on half {3 - number}: {describe(best_values)}"
        rows.append(Row(name, f"half {number}", score(name, best_ranked, list(held_out), qrels)))
    return rows


# -- similar articles ------------------------------------------------------------------
def evaluate_similar(collection: Collection, workdir: Path) -> list[Scores]:
    """MAP of "similar" on a collection: each relevant article's query-mates should come first.

    For every query with two or more relevant articles, each of them is the
    starting article and the query's other relevant articles are the ones to
    find. Next to it, as a reference, plain BM25 with the article's whole
    text as the query.
    """
    ours = Ours(collection, workdir)
    try:
        plain = PlainBM25(collection)
        text = {d.docno: f"{d.title} {d.text}" for d in collection.docs}
        pairs = {
            f"{qid}/{docno}": (docno, relevant - {docno})
            for qid, relevant in sorted(collection.qrels.items())
            if qid in collection.queries and len(relevant) > 1
            for docno in sorted(relevant)
            if docno in text
        }
        qrels = {key: others for key, (_, others) in pairs.items()}
        ours_ranked = {key: ours.similar(docno) for key, (docno, _) in pairs.items()}
        plain_ranked = {
            key: [d for d in plain.rank(text[docno]) if d != docno]
            for key, (docno, _) in pairs.items()
        }
    finally:
        ours.close()
    return [
        score("archive-search similar", ours_ranked, list(pairs), qrels),
        score("plain BM25, whole article as the query", plain_ranked, list(pairs), qrels),
    ]


# -- output ------------------------------------------------------------------------------
def print_report(report: Report, out: Any = None) -> None:
    out = out or sys.stdout
    print(
        f"{report.collection}: {report.documents} documents, {report.queries} judged "
        f"development queries ({report.seconds:.0f} s)",
        file=out,
    )
    width = max(len(r.ranking) for r in report.rows)
    print(
        f"  {'ranking':<{width}}  {'queries':<15}  {'MAP':>6}  {'nDCG@10':>7}  {'P@10':>6}  "
        f"{'R@100':>6}",
        file=out,
    )
    for row in report.rows:
        s = row.scores
        print(
            f"  {row.ranking:<{width}}  {row.queries:<15}  {s.map:6.4f}  {s.ndcg10:7.4f}  "
            f"{s.p10:6.4f}  {s.recall100:6.4f}",
            file=out,
        )


def print_summary(reports: list[Report], out: Any = None) -> None:
    """Mean MAP over the collections, default against plain BM25."""
    out = out or sys.stdout
    if not reports:
        return
    for queries in ("all", f"short ({SHORT_WORDS} words)"):
        ours = sum(r.get(DEFAULT, queries).map for r in reports) / len(reports)
        plain = sum(r.get(PLAIN, queries).map for r in reports) / len(reports)
        print(
            f"mean MAP over {len(reports)} collections, {queries} queries: default {ours:.4f}, "
            f"plain BM25 {plain:.4f} ({ours - plain:+.4f})",
            file=out,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these collections")
    parser.add_argument("--no-fit", action="store_true", help="skip the cross-validation grid")
    parser.add_argument("--no-similar", action="store_true", help="skip similar articles")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--per-query", action="store_true", help="print AP per query too")
    args = parser.parse_args(argv)
    collections = find_collections(args.corpora)
    if args.only:
        collections = [c for c in collections if c.name in args.only]
    if not collections:
        print(f"eval_ranking: no judged collection under {args.corpora}", file=sys.stderr)
        return 2
    reports: list[Report] = []
    similar: list[Scores] = []
    with tempfile.TemporaryDirectory(prefix="eval-ranking-") as tmp:
        for collection in collections:
            workdir = Path(tmp) / collection.name
            workdir.mkdir()
            report = evaluate_collection(collection, workdir, fit=not args.no_fit)
            reports.append(report)
            print_report(report)
            if args.per_query:
                print_per_query(report)
            print()
        print_summary(reports)
        time_collection = next((c for c in collections if c.name == "time"), None)
        if time_collection is not None and not args.no_similar:
            workdir = Path(tmp) / "similar"
            workdir.mkdir()
            similar = evaluate_similar(time_collection, workdir)
            print(
                f"\nsimilar articles on {time_collection.name} ({len(similar[0].per_query)} "
                "starting articles: a query's other relevant articles should come first):"
            )
            for s in similar:
                print(f"  {s.name:<40}  MAP {s.map:.4f}  P@10 {s.p10:.4f}  R@100 {s.recall100:.4f}")
    if args.json:
        data = {
            "collections": [
                {
                    "collection": r.collection,
                    "documents": r.documents,
                    "queries": r.queries,
                    "rows": [{"queries": row.queries, **row.scores.as_dict()} for row in r.rows],
                }
                for r in reports
            ],
            "similar": [s.as_dict() for s in similar],
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


def print_per_query(report: Report) -> None:
    ours, plain = report.get(DEFAULT, "all"), report.get(PLAIN, "all")
    for qid in ours.per_query:
        print(f"    q{qid:>4}  default {ours.per_query[qid]:.3f}  plain {plain.per_query[qid]:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
