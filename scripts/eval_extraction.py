#!/usr/bin/env python3
"""Score our news-page body extraction against the article-extraction benchmark.

Runs ``parse_news_html`` and, as baselines in the same run, plain trafilatura
twice: as the benchmark publishes it (``extract(html, include_comments=False)``,
"trafilatura") and with every setting at its default (``extract(html)``,
"traf-defaults", which appends reader comments when a page has them) over
``html/<id>.html.gz``, and compares each body with ``ground-truth.json``.

What counts as the body: only ``Article.body`` (the paragraphs joined by blank
lines). The benchmark's ``articleBody`` never contains the headline, and a
standfirst that is not also the first paragraph is not in it either, so the
title and ``Article.lede`` are left out. A page we skip (``SkipSource``) counts
as an empty prediction, exactly as an extractor returning nothing would.

Metric (the benchmark's own): both texts are split into ``\\w+`` tokens
(case kept); every run of 4 consecutive tokens is a shingle (a text of fewer
than 4 tokens is one shingle); with counts, shared shingles are true positives,
extra predicted ones false positives, missed true ones false negatives, and the
three are divided by their sum. Precision and recall are averaged over pages
(a page where one is undefined is left out of that average) and F1 is the
harmonic mean of the two averages.

Usage: scripts/eval_extraction.py [--corpus PATH] [--json FILE] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "extraction-dev"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


# -- the metric ------------------------------------------------------------
def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def shingle_counts(true: str, pred: str, n: int = SHINGLE) -> Counts:
    """(tp, fp, fn) over shingles, normalised to sum to 1 (all 0 when both are empty)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if not total:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def page_precision(counts: Counts) -> float | None:
    """Precision of one page; None when nothing was predicted (undefined)."""
    tp, fp, fn = counts
    if tp + fp <= 0:
        return None
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def page_recall(counts: Counts) -> float | None:
    """Recall of one page; None when the truth is empty (undefined)."""
    tp, fp, fn = counts
    if tp + fn <= 0:
        return None
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def score_pages(pages: Iterable[Counts]) -> Scores:
    """Benchmark scores of many pages: averaged precision and recall, F1 of the averages."""
    pages = list(pages)
    precisions = [p for p in map(page_precision, pages) if p is not None]
    recalls = [r for r in map(page_recall, pages) if r is not None]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def evaluate(truth: dict[str, str], predicted: dict[str, str]) -> tuple[Scores, dict[str, Counts]]:
    """Scores of ``predicted`` bodies against ``truth`` bodies, with per-page counts."""
    per_page = {key: shingle_counts(truth[key], predicted.get(key, "")) for key in truth}
    return score_pages(per_page.values()), per_page


# -- extractors ------------------------------------------------------------
def ours(html: str, url: str) -> str:
    from archive_search.errors import SkipSource
    from archive_search.ingest.news_html import parse_news_html

    try:
        article = parse_news_html(html, url=url)
    except SkipSource:
        return ""
    return "\n\n".join(article.body)


def plain_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def default_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "ours": ours,
    "trafilatura": plain_trafilatura,
    "traf-defaults": default_trafilatura,
}


def run(
    extractor: Callable[[str, str], str], pages: dict[str, str], urls: dict[str, str]
) -> tuple[dict[str, str], float]:
    """Bodies extracted from every page, and the pages per second.

    One untimed call first, so that one-off loading (models, caches) is not
    charged to the per-page rate.
    """
    for key, html in list(pages.items())[:1]:
        extractor(html, urls.get(key, ""))
    started = time.perf_counter()
    out = {key: extractor(html, urls.get(key, "")) for key, html in pages.items()}
    elapsed = time.perf_counter() - started
    return out, len(pages) / elapsed if elapsed else float("inf")


# -- corpus and report -----------------------------------------------------
def load_corpus(corpus: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(pages, true bodies, urls) keyed by page id."""
    truth_data = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages, truth, urls = {}, {}, {}
    for key, item in sorted(truth_data.items()):
        path = corpus / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            pages[key] = f.read()
        truth[key] = item.get("articleBody") or ""
        urls[key] = item.get("url") or ""
    return pages, truth, urls


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write scores and per-page figures here")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages (ours)")
    args = parser.parse_args(argv)

    if not (args.corpus / "ground-truth.json").exists():
        print(f"no ground-truth.json in {args.corpus}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    pages, truth, urls = load_corpus(args.corpus)

    results = {}
    per_page = {}
    for name, extractor in EXTRACTORS.items():
        predicted, rate = run(extractor, pages, urls)
        scores, per_page[name] = evaluate(truth, predicted)
        results[name] = {**scores.as_dict(), "pages_per_second": rate}
        print(
            f"{name:<14} precision={scores.precision:.4f}  recall={scores.recall:.4f}  "
            f"F1={scores.f1:.4f}  ({rate:.1f} pages/s, {len(pages)} pages)"
        )

    if args.worst:
        _print_worst(per_page["ours"], per_page["trafilatura"], urls, args.worst)
    if args.json:
        report = {
            "corpus": str(args.corpus),
            "pages": len(pages),
            "scores": results,
            "per_page": per_page,
        }
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _page_f1(counts: Counts) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _print_worst(
    ours_pages: dict[str, Counts], base_pages: dict[str, Counts], urls: dict[str, str], n: int
) -> None:
    print(f"\n{n} worst pages (ours): F1 ours / trafilatura, tp fp fn, id, url")
    for key in sorted(ours_pages, key=lambda k: _page_f1(ours_pages[k]))[:n]:
        tp, fp, fn = ours_pages[key]
        print(
            f"  {_page_f1(ours_pages[key]):.3f} / {_page_f1(base_pages[key]):.3f}  "
            f"{tp:.2f} {fp:.2f} {fn:.2f}  {key[:12]}  {urls.get(key, '')}"
        )


if __name__ == "__main__":
    sys.exit(main())
