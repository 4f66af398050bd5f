"""The benchmark's query set: fixed, deterministic, mixed, and drawn from the corpus itself.

Every engine answers the same list, so its composition decides what the
figures mean. Queries are built the way people write them against a news
archive: words that occur in the articles (never invented ones), several
words taken from one article (so multi-word queries have answers under AND
as well as OR), phrases that really occur, and filters, facets and date
sorting on top. Very common words (in more than a fifth of the articles) and
stop words are left out: nobody searches a wire archive for "said".

The set depends only on the corpus sample and the seed, so a run today and a
run next month time the same queries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Kinds of query and their share of the set (the shares add up to 1).
KIND_SHARES: tuple[tuple[str, float], ...] = (
    ("word", 0.25),
    ("two_words", 0.20),
    ("three_words", 0.15),
    ("phrase", 0.15),
    ("filtered", 0.10),
    ("faceted", 0.075),
    ("sorted", 0.075),
)
KINDS: tuple[str, ...] = tuple(kind for kind, _ in KIND_SHARES)

#: A query word must be in at least this many sampled articles...
MIN_DOC_FREQ = 3
#: ...and in at most this share of them.
MAX_DOC_SHARE = 0.2
MIN_WORD_LEN = 3

#: Function words added to Whoosh's English lists (see ``stop_words``).
EXTRA_STOP_WORDS = frozenset(
    [
        "also",
        "could",
        "did",
        "does",
        "last",
        "more",
        "most",
        "new",
        "one",
        "said",
        "says",
        "upon",
        "year",
        "years",
    ]
)

_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
#: Stands between title and body in a sample, so no phrase spans the two.
_BREAK = "|"


@dataclass(frozen=True)
class BenchQuery:
    """One query of the set, in a form every engine can translate.

    ``text`` is what a user types (a phrase in double quotes); ``words`` are
    its words for engines that need them apart (FTS5 quotes each one).
    Filters are ``date_from``/``date_to`` (YYYY-MM-DD, inclusive) or ``place``.
    """

    kind: str
    text: str
    words: tuple[str, ...]
    phrase: bool = False
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    facets: bool = False
    sort: str = "relevance"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = list(self.words)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchQuery:
        return cls(**{**data, "words": tuple(data["words"])})


@dataclass
class DocSample:
    """What query generation needs from one article: its words in order, place and date."""

    tokens: list[str]
    place: str = ""
    published: str = ""  # YYYY-MM-DD or ""


@dataclass
class Vocabulary:
    """Document frequencies of the sample's words, and which ones make good queries."""

    docs: int
    doc_freq: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, samples: Sequence[DocSample]) -> Vocabulary:
        doc_freq: Counter[str] = Counter()
        for sample in samples:
            doc_freq.update(set(sample.tokens))
        return cls(len(samples), doc_freq)

    def good(self, word: str) -> bool:
        """A word someone would search for: not a stop word, neither rare nor everywhere."""
        if len(word) < MIN_WORD_LEN or not word.isalpha() or word in stop_words():
            return False
        df = self.doc_freq.get(word, 0)
        return MIN_DOC_FREQ <= df <= max(MIN_DOC_FREQ, MAX_DOC_SHARE * self.docs)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English function words: never a query word on their own, never a phrase end.

    Whoosh's lists plus a few of our own: every engine drops some of these,
    none the same ones. Imported on first use so that a cold baseline run
    that only reads a query never pays for importing Whoosh.
    """
    from whoosh.analysis import STOP_WORDS as whoosh_stop_words
    from whoosh.lang.stopwords import stoplists

    return frozenset(stoplists["en"]) | frozenset(whoosh_stop_words) | EXTRA_STOP_WORDS


# -- reading the corpus ---------------------------------------------------------------
def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers in text order (numbers keep phrases honest)."""
    return [w.lower() for w in _TOKEN.findall(text)]


def sample_from_record(record: dict[str, Any]) -> DocSample:
    """A DocSample from one JSON Lines Article record."""
    body = record.get("body") or []
    text = " ".join(body) if isinstance(body, list) else str(body)
    return DocSample(
        tokens=[*tokens(record.get("title") or ""), _BREAK, *tokens(text)],
        place=record.get("place") or "",
        published=(record.get("published") or "")[:10],
    )


def read_samples(path: Path, limit: int | None = None) -> list[DocSample]:
    """The first ``limit`` (or all) records of a JSON Lines corpus as samples."""
    samples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            samples.append(sample_from_record(json.loads(line)))
            if limit is not None and len(samples) >= limit:
                break
    return samples


# -- building the set -----------------------------------------------------------------
def kind_counts(n: int) -> dict[str, int]:
    """How many queries of each kind a set of ``n`` holds (largest-remainder rounding)."""
    exact = [(kind, share * n) for kind, share in KIND_SHARES]
    counts = {kind: int(value) for kind, value in exact}
    left = n - sum(counts.values())
    by_remainder = sorted(exact, key=lambda kv: (-(kv[1] - int(kv[1])), KINDS.index(kv[0])))
    for kind, _ in by_remainder[:left]:
        counts[kind] += 1
    return counts


def make_queries(samples: Sequence[DocSample], n: int, seed: int = 0) -> list[BenchQuery]:
    """``n`` queries of every kind in ``KIND_SHARES``, deterministic for a given sample and seed.

    Raises ValueError when the sample is too small or too uniform to yield them.
    """
    if n < 1:
        raise ValueError("the query set needs at least one query")
    vocab = Vocabulary.of(samples)
    rng = random.Random(seed)
    out: list[BenchQuery] = []
    for kind, count in kind_counts(n).items():
        out.extend(_take(_generate(kind, samples, vocab, rng), count, kind))
    rng.shuffle(out)
    return out


def _take(queries: Iterator[BenchQuery], count: int, kind: str) -> list[BenchQuery]:
    """``count`` distinct queries from an endless generator, or ValueError if it runs dry."""
    seen: set[BenchQuery] = set()
    out: list[BenchQuery] = []
    misses = 0
    while len(out) < count:
        q = next(queries, None)
        if q is None or q in seen:
            misses += 1
            if q is None or misses > 50 * count + 1000:
                raise ValueError(f"the corpus sample is too small for {count} {kind} queries")
            continue
        seen.add(q)
        out.append(q)
    return out


def _generate(
    kind: str, samples: Sequence[DocSample], vocab: Vocabulary, rng: random.Random
) -> Iterator[BenchQuery]:
    """Candidate queries of one kind, forever (or until the sample cannot give more)."""
    makers = {
        "word": lambda s: _words_query(kind, _pick_words(s, vocab, rng, 1)),
        "two_words": lambda s: _words_query(kind, _pick_words(s, vocab, rng, 2)),
        "three_words": lambda s: _words_query(kind, _pick_words(s, vocab, rng, 3)),
        "phrase": lambda s: _phrase_query(s, vocab, rng),
        "filtered": lambda s: _filtered_query(s, vocab, rng),
        "faceted": lambda s: _with(_words_query(kind, _pick_words(s, vocab, rng, 1)), facets=True),
        "sorted": lambda s: _with(
            _words_query(kind, _pick_words(s, vocab, rng, rng.choice((1, 2)))), sort="newest"
        ),
    }
    make = makers[kind]
    failures = 0
    while failures < 20 * len(samples) + 100:
        query = make(samples[rng.randrange(len(samples))]) if samples else None
        if query is None:
            failures += 1
            continue
        failures = 0
        yield query


def _pick_words(
    sample: DocSample, vocab: Vocabulary, rng: random.Random, count: int
) -> list[str] | None:
    candidates = sorted({t for t in sample.tokens if vocab.good(t)})
    if len(candidates) < count:
        return None
    return rng.sample(candidates, count)


def _words_query(kind: str, words: Iterable[str] | None) -> BenchQuery | None:
    if not words:
        return None
    words = tuple(words)
    return BenchQuery(kind=kind, text=" ".join(words), words=words)


def _with(query: BenchQuery | None, **changes: Any) -> BenchQuery | None:
    if query is None:
        return None
    return BenchQuery(**{**query.to_dict(), "words": query.words, **changes})


def _phrase_query(sample: DocSample, vocab: Vocabulary, rng: random.Random) -> BenchQuery | None:
    """Two adjacent words of the article, both good query words: a phrase that occurs."""
    adjacent = zip(sample.tokens, sample.tokens[1:], strict=False)
    pairs = sorted({(a, b) for a, b in adjacent if a != b and vocab.good(a) and vocab.good(b)})
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return BenchQuery(kind="phrase", text=f'"{a} {b}"', words=(a, b), phrase=True)


def _filtered_query(sample: DocSample, vocab: Vocabulary, rng: random.Random) -> BenchQuery | None:
    """One or two words of the article, limited to its month or to its place."""
    words = _pick_words(sample, vocab, rng, rng.choice((1, 2)))
    query = _words_query("filtered", words)
    if query is None:
        return None
    if rng.random() < 0.5:
        month = _month_of(sample.published)
        return _with(query, date_from=month[0], date_to=month[1]) if month else None
    return _with(query, place=sample.place) if sample.place else None


def _month_of(published: str) -> tuple[str, str] | None:
    """First and last day of the month of a YYYY-MM-DD date."""
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return None
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1).isoformat(), day.replace(day=last).isoformat()


# -- files --------------------------------------------------------------------------------
def save_queries(queries: Sequence[BenchQuery], path: Path) -> None:
    path.write_text(
        json.dumps([q.to_dict() for q in queries], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


def load_queries(path: Path) -> list[BenchQuery]:
    return [BenchQuery.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
