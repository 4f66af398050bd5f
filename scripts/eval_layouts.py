#!/usr/bin/env python3
"""Held-out check of news-page body extraction: known articles in page layouts we never tuned on.

The development pages (``scripts/eval_extraction.py``) shaped the refinements of
``ingest/news_html.py``, so their score may flatter us. This suite wraps real
article texts in page templates built the way CMSs build them (WordPress,
Drupal, AMP, Blogger, a Medium-like reader, a 2000s table layout, a paywall, a
live blog, a photo gallery, an article cut up by ads and "Read also:" links,
Joomla, a current news site; ``tests/ingest/layouts.py``), with the furniture in
the page's language, and scores ours and plain trafilatura with the benchmark's
shingle metric (``eval_extraction``'s scorer, not a copy).

Texts: English Reuters-21578 bodies, Serbian and Croatian SETimes articles
(``setimes-ud``; Serbian also transliterated to Cyrillic, as the sr_Cyrl edition
printed it), and for Macedonian, Bulgarian, Albanian, Romanian, Turkish and
Greek the hand-written edition texts of ``tests/fixtures/setimes`` (no real
article text in those languages is at hand). Every page is built the same way
on every run.

Usage: scripts/eval_layouts.py [--shared DIR] [--template NAME] [--worst N]
       [--json FILE] [--dump DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from build_sample_archive import to_cyrillic  # noqa: E402
from corpus_reuters import iter_articles, title_case  # noqa: E402
from eval_extraction import EXTRACTORS, evaluate, score_pages  # noqa: E402

from tests.ingest.layouts import (  # noqa: E402
    TEMPLATES,
    VOCABULARIES,
    Page,
    Story,
    build,
    transliterated,
)

DEFAULT_SHARED = REPO / ".." / "shared"
FIXTURE_STORIES = REPO / "tests" / "fixtures" / "setimes" / "expected.json"
#: Stories per template and language.
PER_LANGUAGE = {"en": 3, "sr": 2, "sr-Cyrl": 2, "hr": 2}
AUTHORS = ["Jelena Marković", "Arben Hoxha", "Ana Petrova", "Mihai Ionescu", "Elif Demir"]
COMPARED = ("ours", "trafilatura")


# -- stories ---------------------------------------------------------------------------
def reuters_stories(shared: Path, n: int = 12) -> list[Story]:
    """Longer Reuters bodies (four paragraphs and 150 words or more), in corpus order."""
    out = []
    for article in iter_articles(shared / "corpora" / "reuters21578"):
        words = sum(len(p.split()) for p in article.body)
        if len(article.body) >= 4 and words >= 150 and article.published:
            out.append(
                Story(
                    title=title_case(article.title),
                    paragraphs=list(article.body),
                    author=article.author or AUTHORS[len(out) % len(AUTHORS)],
                    published=article.published,
                    language="en",
                )
            )
        if len(out) >= n:
            break
    return out


def setimes_stories(shared: Path, language: str) -> list[Story]:
    """SETimes articles of the UD treebanks: headline, lede, body in paragraphs of 2-3 sentences."""
    data = json.loads((shared / "corpora" / "setimes-ud" / "articles.json").read_text("utf-8"))
    out = []
    for i, item in enumerate(d for d in data if d["language"] == language):
        sentences = item["sentences"]
        if len(sentences) < 8:
            continue
        rng = random.Random(item["doc"])
        body, rest = [], sentences[2:]
        while rest:
            k = rng.choice((2, 3))
            body.append(" ".join(rest[:k]))
            rest = rest[k:]
        out.append(
            Story(
                title=sentences[0],
                lede=sentences[1],
                paragraphs=body,
                author=AUTHORS[i % len(AUTHORS)],
                published=dt.date(2008, 1, 1) + dt.timedelta(days=37 * i),
                language=language,
            )
        )
    return out


def fixture_stories() -> dict[str, Story]:
    """The hand-written edition articles of the SETimes fixtures, one per language."""
    data = json.loads(FIXTURE_STORIES.read_text("utf-8"))
    out = {}
    for name, item in data.items():
        if not name.endswith(".txt") or item["language"] in out or item["language"] in ("en",):
            continue
        out[item["language"]] = Story(
            title=item["title"],
            lede=item["lede"],
            paragraphs=item["body"],
            author=item["author"],
            published=dt.date.fromisoformat(item["published"]) if item["published"] else None,
            language=item["language"],
        )
    return out


def cyrillic(story: Story) -> Story:
    return Story(
        title=to_cyrillic(story.title),
        lede=to_cyrillic(story.lede),
        paragraphs=[to_cyrillic(p) for p in story.paragraphs],
        author=to_cyrillic(story.author),
        published=story.published,
        language="sr",
    )


def all_pages(shared: Path, templates: Sequence[str]) -> list[tuple[str, Page]]:
    """(language, page) for every template and language, the same on every run."""
    stories: dict[str, list[Story]] = {"en": reuters_stories(shared)}
    stories["sr"] = setimes_stories(shared, "sr")
    stories["sr-Cyrl"] = [cyrillic(s) for s in stories["sr"]]
    stories["hr"] = setimes_stories(shared, "hr")
    for language, story in sorted(fixture_stories().items()):
        if language in VOCABULARIES and language not in stories:
            stories[language] = [story]
    pool = [s for lang, group in stories.items() if lang != "en" for s in group]
    vocabularies = dict(VOCABULARIES)
    vocabularies["sr-Cyrl"] = transliterated(VOCABULARIES["sr"], to_cyrillic, "sr")
    pages = []
    for t_index, template in enumerate(templates):
        for language, group in stories.items():
            n = PER_LANGUAGE.get(language, 1)
            for k in range(n):
                story = group[(t_index * n + k) % len(group)]
                others = [s for s in group if s is not story] if len(group) > 3 else []
                if not others:
                    others = [s for s in pool if s is not story]
                page = build(template, story, vocabularies[language], others, seed=t_index * 10 + k)
                pages.append((language, page))
    return pages


# -- report ----------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--template", action="append", choices=sorted(TEMPLATES))
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages (ours)")
    parser.add_argument("--json", type=Path, help="write the scores here")
    parser.add_argument("--dump", type=Path, help="write every page and its true body here")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora").is_dir():
        print(f"no corpora in {args.shared}", file=sys.stderr)
        return 2

    pages = all_pages(args.shared, args.template or list(TEMPLATES))
    keys = [f"{page.template}/{language}/{i}" for i, (language, page) in enumerate(pages)]
    truth = {key: "\n\n".join(page.body) for key, (_, page) in zip(keys, pages, strict=True)}
    per_page = {}
    for name in COMPARED:
        extract = EXTRACTORS[name]
        predicted = {key: extract(p.html, p.url) for key, (_, p) in zip(keys, pages, strict=True)}
        per_page[name] = evaluate(truth, predicted)[1]

    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        template, language, _ = key.split("/")
        groups[template].append(key)
        groups[f"lang:{language}"].append(key)
    report: dict[str, dict[str, dict[str, float]]] = {}
    print(f"{'group':<16} {'pages':>5}  {'ours F1':>8} {'P':>6} {'R':>6}   {'traf F1':>8}")
    for group in [
        *sorted(g for g in groups if ":" not in g),
        *sorted(g for g in groups if ":" in g),
        "ALL",
    ]:
        members = keys if group == "ALL" else groups[group]
        scores = {name: score_pages([per_page[name][k] for k in members]) for name in COMPARED}
        report[group] = {name: s.as_dict() for name, s in scores.items()}
        ours, traf = scores["ours"], scores["trafilatura"]
        print(
            f"{group:<16} {len(members):>5}  {ours.f1:>8.4f} {ours.precision:>6.3f} "
            f"{ours.recall:>6.3f}   {traf.f1:>8.4f}"
        )
    if args.worst:
        print(f"\n{args.worst} worst pages (ours): F1 ours / trafilatura, tp fp fn")
        for key in sorted(keys, key=lambda k: _f1(per_page["ours"][k]))[: args.worst]:
            tp, fp, fn = per_page["ours"][key]
            print(
                f"  {_f1(per_page['ours'][key]):.3f} / {_f1(per_page['trafilatura'][key]):.3f}"
                f"  {tp:.2f} {fp:.2f} {fn:.2f}  {key}"
            )
    if args.json:
        args.json.write_text(json.dumps({"pages": len(keys), "scores": report}, indent=2), "utf-8")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for key, (_, page) in zip(keys, pages, strict=True):
            stem = key.replace("/", "_")
            (args.dump / f"{stem}.html").write_text(page.html, "utf-8")
            (args.dump / f"{stem}.txt").write_text(truth[key], "utf-8")
    return 0


def _f1(counts: tuple[float, float, float]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


if __name__ == "__main__":
    sys.exit(main())
