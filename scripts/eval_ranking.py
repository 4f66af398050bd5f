#!/usr/bin/env python3
"""Measure ranking quality on the TIME test collection, next to plain BM25.

Indexes the 423 TIME articles (``../shared/corpora/time``) through the public
API (``Archive.add``), runs the development queries 1-40 through
``Archive.search`` with the product's default ranking, and prints MAP,
nDCG@10, P@10 and Recall@100. In the same run, as baselines, the same
articles go into a plain Whoosh index (one ``content`` field, Whoosh's default
``BM25F`` (B=0.75, K1=1.2), an OR query group) with Whoosh's
``StandardAnalyzer`` and, separately, its ``StemmingAnalyzer``.

How TIME maps to Articles: the text after each ``*TEXT NNN MM/DD/YY PAGE P``
line is the body (its wrapped lines joined), the date is ``published``, the
language English; TIME gives no headline, so the title is the issue date and page
("TIME, January 04 1963, page 20"), words that every article shares. Queries are
lower-cased before searching: the collection is all capitals, and in our query
language (as in Lucene's) capital AND, OR and NOT are operators.
Only queries 1-40 are used (41-83 are held out); do not tune on anything else.

Usage: scripts/eval_ranking.py [--corpus PATH] [--json FILE] [--per-query]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "time"
DEV_QUERIES = range(1, 41)
#: Depth of each ranking: MAP is computed over the top 1000 (all 423 here).
DEPTH = 1000

# One header of the collection reads "08/30 63": any separator between the date parts.
_TEXT = re.compile(r"^\*TEXT\s+(\d+)\s+(\d\d)\D(\d\d)\D(\d\d)\s+PAGE\s+(\d+)", re.M)
_FIND = re.compile(r"^\*FIND\s+(\d+)\s*$", re.M)

Ranker = Callable[[str], list[str]]


# -- the collection ----------------------------------------------------------
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
    per_query: dict[str, float]
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "MAP": round(self.map, 4),
            "nDCG@10": round(self.ndcg10, 4),
            "P@10": round(self.p10, 4),
            "Recall@100": round(self.recall100, 4),
            "seconds": round(self.seconds, 3),
            "AP per query": {q: round(v, 4) for q, v in self.per_query.items()},
        }


def evaluate(
    name: str, ranker: Ranker, queries: dict[str, str], qrels: dict[str, set[str]]
) -> Scores:
    started = time.perf_counter()
    aps, ndcgs, p10s, r100s = {}, [], [], []
    for qid, text in queries.items():
        relevant = qrels.get(qid, set())
        ranked = ranker(text)
        aps[qid] = average_precision(ranked, relevant)
        ndcgs.append(ndcg(ranked, relevant))
        p10s.append(precision(ranked, relevant))
        r100s.append(recall(ranked, relevant))
    n = len(queries) or 1
    return Scores(
        name,
        sum(aps.values()) / n,
        sum(ndcgs) / n,
        sum(p10s) / n,
        sum(r100s) / n,
        aps,
        time.perf_counter() - started,
    )


# -- our ranking, through the public API --------------------------------------
def our_ranker(docs: Iterable[TimeDoc], workdir: Path) -> tuple[Ranker, object]:
    from archive_search import Archive, Article

    archive = Archive(workdir / "archive-search")
    archive.add(
        Article(
            id=f"time-{d.docno}",
            title=f"TIME, {d.published:%B %d %Y}, page {d.page}",
            body=[d.text],
            published=d.published,
            language="en",
            outlet="TIME",
            source="TIME.ALL",
        )
        for d in docs
    )

    def rank(text: str) -> list[str]:
        results = archive.search(text.lower(), limit=DEPTH, snippets=False, suggest=False)
        return [hit.id.removeprefix("time-") for hit in results.hits]

    return rank, archive


# -- the baseline: plain Whoosh BM25F, OR group --------------------------------
def whoosh_ranker(docs: Iterable[TimeDoc], workdir: Path, analyzer: str) -> Ranker:
    from whoosh import analysis, fields, index, qparser

    chosen = {
        "standard": analysis.StandardAnalyzer(),
        "stemming": analysis.StemmingAnalyzer(),
    }[analyzer]
    schema = fields.Schema(docno=fields.ID(stored=True), content=fields.TEXT(analyzer=chosen))
    folder = workdir / f"whoosh-{analyzer}"
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    writer = ix.writer()
    for d in docs:
        writer.add_document(docno=d.docno, content=d.text)
    writer.commit()
    searcher = ix.searcher()  # default weighting: BM25F(B=0.75, K1=1.2)
    parser = qparser.QueryParser("content", schema, group=qparser.OrGroup)

    def rank(text: str) -> list[str]:
        q = parser.parse(text.lower())
        return [hit["docno"] for hit in searcher.search(q, limit=DEPTH)]

    return rank


# -- main ----------------------------------------------------------------------
def run(corpus: Path) -> list[Scores]:
    docs = read_documents(corpus / "TIME.ALL")
    queries = {q: t for q, t in read_queries(corpus / "TIME.QUE").items() if int(q) in DEV_QUERIES}
    qrels = read_qrels(corpus / "qrels-dev.txt")
    with tempfile.TemporaryDirectory(prefix="eval-ranking-") as tmp:
        workdir = Path(tmp)
        ours, archive = our_ranker(docs, workdir)
        try:
            scores = [evaluate("archive-search (default ranking)", ours, queries, qrels)]
        finally:
            archive.close()  # type: ignore[attr-defined]
        for analyzer in ("standard", "stemming"):
            ranker = whoosh_ranker(docs, workdir, analyzer)
            label = f"plain BM25 (Whoosh BM25F defaults, OR, {analyzer.capitalize()}Analyzer)"
            scores.append(evaluate(label, ranker, queries, qrels))
    return scores


def print_table(scores: list[Scores], out: object = None) -> None:
    out = out or sys.stdout
    width = max(len(s.name) for s in scores)
    print(f"{'ranking':<{width}}  {'MAP':>6}  {'nDCG@10':>7}  {'P@10':>6}  {'R@100':>6}", file=out)
    for s in scores:
        print(
            f"{s.name:<{width}}  {s.map:6.4f}  {s.ndcg10:7.4f}  {s.p10:6.4f}  {s.recall100:6.4f}",
            file=out,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--per-query", action="store_true", help="print AP per query too")
    args = parser.parse_args(argv)
    if not (args.corpus / "TIME.ALL").exists():
        print(f"eval_ranking: no TIME collection at {args.corpus}", file=sys.stderr)
        return 2
    scores = run(args.corpus)
    print(f"TIME collection, queries {DEV_QUERIES.start}-{DEV_QUERIES.stop - 1}:")
    print_table(scores)
    if args.per_query:
        for qid in scores[0].per_query:
            row = "  ".join(f"{s.per_query[qid]:.3f}" for s in scores)
            print(f"  q{qid:>3}  {row}")
    if args.json:
        args.json.write_text(
            json.dumps([s.as_dict() for s in scores], indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
