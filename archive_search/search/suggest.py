"""Did you mean: corrections drawn from the index's own vocabulary.

A query word that no article contains, or that is far rarer than a close
spelling, is replaced by the commonest indexed word within one or two edits
("dikovich" -> "dikovic"). Candidates share the word's first letters (the
lexicon is sorted, so that reads a small slice of it rather than all of it),
and only rare words are looked at: a common word is not a typo.

A suggestion must be clearly better than what was typed, or it misleads: a
word the archive lacks is often an ordinary word ("ukraine" in an archive of
Serbian articles), and the nearest indexed spelling is then another word
altogether ("ukine", Serbian for "abolish"). So a correction has more hits
than the word, is at most one edit away for a word of up to seven letters
(two edits make a different word of most short ones; two neighbouring
letters swapped count as one edit), and drops at most one of the word's
letters: a typo adds a letter now and then, seldom two.
"""

from __future__ import annotations

from collections.abc import Sequence

from archive_search.engine.snapshot import Snapshot
from archive_search.search.postings import TermCache
from archive_search.search.querying import QueryWord

#: Words found in more articles than this are never corrected.
RARE_DOCS = 3
#: A correction must be this many times more frequent than the word it replaces.
MIN_GAIN = 10
#: Leading letters a correction shares with the word.
PREFIX = 2
#: Words of at least this many letters may be two edits from their correction; shorter, one.
TWO_EDITS_FROM = 8
#: Most letters a correction may be shorter than the word it replaces.
MAX_LETTERS_DROPPED = 1
#: Fields whose vocabulary corrections come from.
VOCABULARY_FIELDS = ("body", "title")


def suggest(snapshot: Snapshot, words: Sequence[QueryWord], text: str) -> str | None:
    """The query with rare words corrected, or None when nothing needs correcting."""
    replacements: list[tuple[QueryWord, str]] = []
    for word in words:
        better = _correction(snapshot, word)
        if better is not None:
            replacements.append((word, better))
    if not replacements:
        return None
    out = text
    for word, better in sorted(replacements, key=lambda r: -r[0].start):
        out = out[: word.start] + better + out[word.end :]
    return out if out != text else None


def _correction(snapshot: Snapshot, word: QueryWord) -> str | None:
    token = word.token
    if len(token) < 4 or token.isdigit():
        return None
    frequency = _frequency(snapshot, word)
    if frequency > RARE_DOCS:
        return None
    maxdist = 1 if len(token) < TWO_EDITS_FROM else 2
    best: tuple[int, int, str] | None = None
    for fieldname in VOCABULARY_FIELDS:
        if not snapshot.has_field(fieldname):
            continue
        # the scan counts a swap of two letters as two edits; the distance below, as one
        for candidate in snapshot.terms_within(fieldname, token, 2, prefix=PREFIX):
            if candidate == token or candidate.isdigit():
                continue
            if len(candidate) < len(token) - MAX_LETTERS_DROPPED:
                continue
            distance = _distance(token, candidate)
            if distance > maxdist:
                continue
            df = snapshot.doc_frequency(fieldname, candidate)
            if df < max(1, MIN_GAIN * frequency):
                continue
            key = (distance, -df, candidate)
            if best is None or key < best:
                best = key
    return None if best is None else best[2]


def _frequency(snapshot: Snapshot, word: QueryWord) -> int:
    """How many articles match the word, exactly or through one of its stems."""
    terms = TermCache.of(snapshot)
    counts = [0]
    for name in word.fields:
        counts.append(terms.doc_frequency(name, word.token))
        for stem in word.stems:
            counts.append(terms.doc_frequency(f"{name}_stem", stem))
    return max(counts)


def _distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``, a swap of neighbours counting as one ("dikvoic")."""
    from rapidfuzz.distance import OSA  # only when a word is rare: keeps a cold start lean

    return int(OSA.distance(a, b))
