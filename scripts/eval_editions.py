#!/usr/bin/env python3
"""Measure edition linking: precision and recall of the links ``Archive.editions`` makes.

The truth comes from the sample archive's layout: ``data/setimes/<locale>/<yyyy>/<date>-<slug>``
holds one article's pages under the same path in every edition (the URL tail after the
locale, which the text dumps do not carry). A link is a pair of articles; precision is the
share of linked pairs that are one story, recall the share of one story's pairs linked.

Three runs, each on its own index:

* ``as indexed``: ``data/`` as ``archive-search index`` reads it: pages with a SETimes URL
  are linked by address, the text dumps (no URL) by content;
* ``URLs removed``: the same articles with every URL and edition key taken away, so that
  every link is made by content (date, section, names, numbers, places, byline);
* ``one day``: as ``URLs removed``, and every article dated the same day, so that every
  article of another edition is a candidate: how well the content alone tells stories apart;
* ``one day, text``: as ``one day`` without bylines and datelines (the sample's are generated,
  the same in every edition of a story): the names and numbers of the text alone.

Each run is scored on all articles, on each half, and on the translations alone (pairs in
two languages: Croatian and Serbian; the Serbian Latin and Cyrillic twins are the easy part).

The content threshold is fitted on half of the stories (split by a hash of the story's path,
``--seed`` changes it) in the ``one day, text`` run and reported on the other half: the shipped
``config.EDITION_MATCH_THRESHOLD`` should be the fitted one.

Usage: scripts/eval_editions.py [--data DIR] [--seed N] [--json FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_search import Archive, Article, config  # noqa: E402

DEFAULT_DATA = REPO / "data"
_LOCALE_DIR = re.compile(r"/setimes/(?:[a-z]{2}(?:_[A-Za-z]{4})?)/(.+)$")
_SUFFIXES = re.compile(r"(?:-print)?(?:\.(?:html?|txt))?(?:\.gz)?$")

Pair = frozenset[str]


@dataclasses.dataclass(frozen=True)
class Score:
    pairs: int
    true_pairs: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.pairs if self.pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "pairs": self.pairs,
            "true_pairs": self.true_pairs,
            "correct": self.correct,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def story_of(origin: str) -> str | None:
    """The story of a page of the sample archive: its path after the edition's folder."""
    match = _LOCALE_DIR.search(origin.replace("\\", "/"))
    return _SUFFIXES.sub("", match.group(1)) if match else None


def half_of(story: str, seed: int) -> str:
    digest = hashlib.blake2b(f"{seed}:{story}".encode(), digest_size=4).digest()
    return "fit" if digest[0] % 2 == 0 else "held-out"


def truth_pairs(stories: dict[str, str]) -> set[Pair]:
    """Every pair of articles of one story."""
    by_story: dict[str, list[str]] = {}
    for article_id, story in stories.items():
        by_story.setdefault(story, []).append(article_id)
    return {frozenset((a, b)) for ids in by_story.values() for a in ids for b in ids if a < b}


def linked_pairs(archive: Archive, ids: Iterable[str]) -> set[Pair]:
    return {frozenset((a, e.id)) for a in ids for e in archive.editions(a)}


def score(predicted: set[Pair], truth: set[Pair], members: set[str]) -> Score:
    """Precision and recall over the pairs that touch ``members`` (truth: within them)."""
    mine = {p for p in predicted if p & members}
    true = {p for p in truth if p <= members}
    return Score(len(mine), len(true), len(mine & true))


# -- the runs ---------------------------------------------------------------------------------
def read_data(data: Path, folder: Path) -> tuple[list[Article], dict[str, str]]:
    """The articles of ``data`` (indexed once, as the CLI would) and each one's story."""
    with Archive(folder) as archive:
        archive.index_paths([data], workers=1)
        store = archive.store
        stories = {}
        for article_id, known in store.iter_indexed():
            story = story_of(known.origin)
            if story is not None:
                stories[article_id] = story
        articles = [archive.get(article_id) for article_id in sorted(stories)]
    return articles, stories


def stripped(
    articles: list[Article], day: dt.date | None = None, *, bylines: bool = True
) -> list[Article]:
    """The articles without URLs and edition keys (ids kept); maybe all dated ``day``, and
    maybe without byline and dateline (``bylines=False``: names and numbers of the text only).
    """
    out = []
    for article in articles:
        changes: dict[str, object] = {"url": "", "edition_key": ""}
        if day is not None:
            changes["published"] = day
        if not bylines:
            changes.update(author="", place="", place_local="")
        out.append(dataclasses.replace(article, **changes))
    return out


def evaluate(folder: Path, articles: list[Article], stories: dict[str, str]) -> set[Pair]:
    """The pairs linked in an index of ``articles`` (built in ``folder`` once) at the set threshold."""
    with Archive(folder) as archive:
        if not folder.exists():
            archive.add(articles)
        return linked_pairs(archive, stories)


def fit_threshold(articles: list[Article], stories: dict[str, str], members: set[str]) -> float:
    """The middle of the gap between the story pairs' and the other pairs' content scores.

    Only ``members`` (the fit half) are looked at. Linking also asks each link to be the
    best match both ways, which alone separates the sample's stories at any threshold
    from 0.05 to 0.55; the threshold is what keeps an article whose translation is not in
    the archive from being linked to the best of the rest, so it goes in the middle of the
    gap, where unseen articles have the most room on either side.
    """
    sep = separation([a for a in articles if a.id in members], stories)
    if sep["true_min"] > sep["false_max"]:
        return round((sep["true_min"] + sep["false_max"]) / 2, 2)
    return round(sep["true_median"] / 2, 2)


def separation(articles: list[Article], stories: dict[str, str]) -> dict[str, float]:
    """Content scores of every pair in two editions: the story's own pairs against the rest.

    The gap between the weakest true pair and the strongest false one is the room the
    threshold has (``search.editions.match_score``; mutual best matching adds to it).
    """
    from archive_search.engine.schema import article_edition
    from archive_search.search.editions import content_features, match_score

    info = [(a.id, article_edition(a), content_features(a)) for a in articles if a.id in stories]
    true, false = [], []
    for i, (a, edition_a, fa) in enumerate(info):
        for b, edition_b, fb in info[i + 1 :]:
            if edition_a != edition_b:
                (true if stories[a] == stories[b] else false).append(match_score(fa, fb))
    false.sort()
    return {
        "true_min": round(min(true, default=0.0), 4),
        "true_median": round(sorted(true)[len(true) // 2] if true else 0.0, 4),
        "false_max": round(false[-1] if false else 0.0, 4),
        "false_p99": round(false[int(0.99 * (len(false) - 1))] if false else 0.0, 4),
        "false_pairs": len(false),
    }


def run(data: Path, seed: int) -> dict[str, object]:
    shipped = config.EDITION_MATCH_THRESHOLD
    with tempfile.TemporaryDirectory(prefix="eval-editions-") as tmp:
        root = Path(tmp)
        articles, stories = read_data(data, root / "as-indexed")
        languages = {a.id: a.language for a in articles}
        halves = {
            h: {a for a, s in stories.items() if half_of(s, seed) == h} for h in ("fit", "held-out")
        }
        truth = truth_pairs(stories)
        result: dict[str, object] = {
            "articles": len(stories),
            "stories": len(set(stories.values())),
            "true_pairs": len(truth),
            "shipped_threshold": shipped,
        }
        day = dt.date(2010, 1, 4)
        runs = {
            "as indexed": (root / "as-indexed", articles),
            "URLs removed": (root / "no-urls", stripped(articles)),
            "one day": (root / "one-day", stripped(articles, day)),
            "one day, text": (root / "one-day-text", stripped(articles, day, bylines=False)),
        }
        # fitted where every article is a candidate of every other: the hardest real setting
        fitted = fit_threshold(runs["one day, text"][1], stories, halves["fit"])
        result["fitted_threshold"] = fitted
        config.EDITION_MATCH_THRESHOLD = fitted
        table = {}
        for name, (folder, docs) in runs.items():
            predicted = evaluate(folder, docs, stories)
            table[name] = {
                half: score(predicted, truth, members).to_dict()
                for half, members in [("all", set(stories)), *halves.items()]
            }
            table[name]["translations"] = score(
                {p for p in predicted if len({languages[a] for a in p}) == 2},
                {p for p in truth if len({languages[a] for a in p}) == 2},
                set(stories),
            ).to_dict()
        result["runs"] = table
        result["separation"] = {
            f"{name}, {half}": separation(
                [a for a in runs[name][1] if a.id in halves[half]], stories
            )
            for name in ("one day", "one day, text")
            for half in ("fit", "held-out")
        }
        config.EDITION_MATCH_THRESHOLD = shipped
    return result


def report(result: dict[str, object]) -> str:
    lines = [
        f"{result['articles']} articles, {result['stories']} stories, "
        f"{result['true_pairs']} pairs of editions (truth: the path after the edition's folder)",
        f"content threshold: fitted {result['fitted_threshold']} on the 'fit' half "
        f"(shipped: {result['shipped_threshold']})",
        "",
        f"{'run':<14} {'half':<12} {'pairs':>6} {'true':>6} {'precision':>10} {'recall':>8} {'F1':>6}",
    ]
    for name, halves in result["runs"].items():  # type: ignore[union-attr]
        for half, s in halves.items():
            lines.append(
                f"{name:<14} {half:<12} {s['pairs']:>6} {s['true_pairs']:>6} "
                f"{s['precision']:>10.3f} {s['recall']:>8.3f} {s['f1']:>6.3f}"
            )
    lines.append("")
    lines.append("content scores of pairs in two editions (true: one story; false: all others)")
    for name, sep in result["separation"].items():  # type: ignore[union-attr]
        lines.append(
            f"{name:<24} true min {sep['true_min']:.3f}, median {sep['true_median']:.3f}; "
            f"false max {sep['false_max']:.3f}, 99th pct {sep['false_p99']:.3f} "
            f"({sep['false_pairs']} false pairs)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the sample archive")
    parser.add_argument("--seed", type=int, default=0, help="which split of the stories")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval_editions: no folder {args.data}", file=sys.stderr)
        return 2
    result = run(args.data, args.seed)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
