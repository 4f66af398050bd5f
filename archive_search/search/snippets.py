"""Snippets: a few short fragments around the best matches, matched words marked.

The matched words of a hit are found by reading its text again with the
exact field's own tokenizer and folding (``Highlighter``): reading one posting
block per hit and term cost more (each block of an exact field decodes the
positions and offsets of 128 documents) and the stemmed fields keep no
offsets at all. Stemmed matches ("troops" for "troop") are the tokens the
stemmed field indexed under a query stem; exact and phrase matches are the
exact field's. Offsets count in the string the index analysed
(``schema.field_texts``). Fragments are then cut from that string at sentence
(else word) boundaries.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive_search.article import Article
from archive_search.engine.schema import field_texts
from archive_search.search.querying import HighlightPlan, PhraseSpec
from archive_search.search.results import FRAGMENT_SEPARATOR, Snippet, Span
from archive_search.text.analysis import (
    exact_tokens,
    normalise_language,
    stemmer_for,
    token_spans_many,
)

#: Most fragments in one snippet.
MAX_FRAGMENTS = 3
#: Target length of one fragment, in characters.
FRAGMENT_CHARS = 120
#: Context kept before the first match of a fragment.
LEAD_CHARS = 40
#: How far a fragment may stretch to reach a sentence boundary.
SENTENCE_SLACK = 40
#: Texts up to this long are shown whole.
WHOLE_CHARS = 240

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*(?=\s)|\n")
_SPACE = re.compile(r"\s+")
_ONE_SPACE = re.compile(r"\s")
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")
_LONG_SPACE = re.compile(r"\s\s+")
_WORD_CHAR = re.compile(r"\w")

Occurrence = tuple[int, int, int]  # position, start char, end char


class Highlighter:
    """Finds the matched words of one query in the text of its hits.

    A hit's field text is read again as the exact field's tokenizer and
    folding read it (:mod:`analysis`: the same tokens, positions and offsets);
    a token matches when its term is one the query looks for in that field,
    when the stemmed field indexed it under one of the query's stems
    (:func:`analysis.stemmer_for`, in the article's language), or when it is
    part of a matching phrase. The words of a whole page are judged together
    (``page``), each distinct word once.
    """

    def __init__(self, plan: HighlightPlan) -> None:
        self.plan = plan
        self._judged: dict[tuple[Any, str | None], tuple[set[str], set[str]]] = {}

    def page(self, articles: list[Article]) -> list[Highlights]:
        """The highlights of each article of a page of hits, in order."""
        texts = [field_texts(a) for a in articles]
        languages = [normalise_language(a.language) for a in articles]
        titles = self._many("title", [t["title"] for t in texts], languages)
        bodies = self._many("body", [t["body"] for t in texts], languages)
        return [
            self._highlights(t, language, tuple(title), body)
            for t, language, title, body in zip(texts, languages, titles, bodies, strict=True)
        ]

    def spans(self, name: str, text: str, language: str | None) -> list[Span]:
        """The matched spans of the text of field ``name`` of an article in ``language``."""
        return self._many(name, [text], [language])[0]

    def _many(self, name: str, texts: list[str], languages: list[str | None]) -> list[list[Span]]:
        out: list[list[Span]] = [[] for _ in texts]
        plan = self.plan
        exact = plan.terms.get(name) or set()
        stems = plan.terms.get(f"{name}_stem") or set()
        phrases = [p for p in plan.phrases if p.field == name]
        if exact or stems:
            for language in dict.fromkeys(languages):
                rows = [i for i, lang in enumerate(languages) if lang == language and texts[i]]
                found = self._words(name, [texts[i] for i in rows], language, exact, stems)
                for i, spans in zip(rows, found, strict=True):
                    out[i] = spans
        for phrase in phrases:
            for language in dict.fromkeys(languages):
                rows = [i for i, lang in enumerate(languages) if lang == language and texts[i]]
                found = self._phrase(phrase, [texts[i] for i in rows], language)
                for i, spans in zip(rows, found, strict=True):
                    out[i] += spans
        return [merge_spans(spans) if spans else spans for spans in out]

    def _phrase(
        self, phrase: PhraseSpec, texts: list[str], language: str | None
    ) -> list[list[Span]]:
        """The spans of a phrase's matches in each text.

        Positions come from reading the text as the exact field does
        (``exact_tokens``, a Python step per word). An exact phrase only needs
        them where its words stand side by side: its words are found first
        (as ``_words`` finds words), and only the stretches where enough of
        them follow one another with no other word between are read.
        """
        if not (phrase.ordered and phrase.slop <= 1):
            return [_phrase_matches([phrase], exact_tokens(text, language)) for text in texts]
        words = frozenset(phrase.words)
        judged = self._judged.get((words, language))
        if judged is None:
            judged = self._judged[(words, language)] = (set(), set())
        found = token_spans_many(
            texts,
            language,
            lambda term, word: term in words,
            judged,
            frozenset(w[:2] for w in words),
        )
        out = []
        for text, spans in zip(texts, found, strict=True):
            matches: list[Span] = []
            for start, end in _runs_of_words(text, spans, len(phrase.words)):
                tokens = exact_tokens(text[start:end], language)
                matches += [(a + start, b + start) for a, b in _phrase_matches([phrase], tokens)]
            out.append(matches)
        return out

    def _words(
        self, name: str, texts: list[str], language: str | None, exact: set[str], stems: set[str]
    ) -> list[list[Span]]:
        judged = self._judged.get((name, language))
        if judged is None:
            judged = self._judged[(name, language)] = (set(), set())
        stemmer = stemmer_for(language)
        # Snowball stemmers only ever change the end of a word: a word whose
        # first two letters begin no query stem is not stemmed at all
        starts = {stem[:2] for stem in stems}

        def wanted(term: str, word: str) -> bool:
            if term in exact:
                return True
            return term[:2] in starts and not stems.isdisjoint(stemmer(word))

        heads = frozenset(t[:2] for t in exact) | starts
        return token_spans_many(texts, language, wanted, judged, heads)

    def _highlights(
        self, texts: dict[str, str], language: str | None, title: tuple[Span, ...], body: list[Span]
    ) -> Highlights:
        """The snippet of one hit: body fragments, else the lede, else the title."""
        if body:
            return Highlights(fragment(texts["body"], body), title)
        if texts["lede"]:
            lede = self.spans("lede", texts["lede"], language)
            return Highlights(fragment(texts["lede"], lede, source="lede"), title)
        captions = self.spans("captions", texts["captions"], language)
        if captions:
            return Highlights(fragment(texts["captions"], captions, source="captions"), title)
        if texts["body"] and not title:
            return Highlights(fragment(texts["body"], []), title)
        return Highlights(Snippet(_squeeze(texts["title"], [])[0], title, "title"), title)


def _runs_of_words(text: str, spans: list[Span], length: int) -> list[tuple[int, int]]:
    """Stretches of ``text`` holding ``length`` or more of ``spans`` with no word between.

    A word character between two spans means a token between them, so no
    exact phrase crosses there. Each stretch is widened to whitespace, which
    no token crosses: read alone, it gives the tokens (and relative positions)
    it gives within the whole text. Stretches widened into one another are read
    as one ("serbian--army's--serbian-army"), so no match is found twice.
    """
    out: list[tuple[int, int]] = []
    first = 0
    for i in range(1, len(spans) + 1):
        if i < len(spans) and not _WORD_CHAR.search(text, spans[i - 1][1], spans[i][0]):
            continue
        if i - first >= length:
            start, end = _widened(text, spans[first][0], spans[i - 1][1])
            if out and start < out[-1][1]:  # widened into the last stretch: read them once
                start = out.pop()[0]
            out.append((start, end))
        first = i
    return out


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _phrase_matches(
    phrases: list[PhraseSpec], tokens: list[tuple[str, str, int, int, int]]
) -> list[Span]:
    spans: list[Span] = []
    for phrase in phrases:
        words = set(phrase.words)
        found: dict[str, list[Occurrence]] = {w: [] for w in words}
        for term, _, pos, start, end in tokens:
            if term in words:
                found[term].append((pos, start, end))
        spans += phrase_spans(phrase, [found[w] for w in phrase.words])
    return spans


@dataclass(frozen=True)
class Highlights:
    """A hit's snippet and the spans of matched words in its title."""

    snippet: Snippet
    title: tuple[Span, ...]


def phrase_spans(phrase: PhraseSpec, occurrences: list[list[Occurrence]]) -> list[Span]:
    """Spans of the phrase's matches: whole exact phrases, or the words of near matches."""
    if not occurrences or any(not occ for occ in occurrences):
        return []
    if phrase.ordered and phrase.slop <= 1:
        at = [{pos: (s, e) for pos, s, e in occ} for occ in occurrences]
        out = []
        for pos, start, _ in occurrences[0]:
            if all(pos + i in at[i] for i in range(1, len(at))):
                out.append((start, at[-1][pos + len(at) - 1][1]))
        return out
    reach = phrase.slop * max(1, len(occurrences) - 1)
    out = []
    for i, occ in enumerate(occurrences):
        others = [o for j, o in enumerate(occurrences) if j != i]
        for pos, start, end in occ:
            if all(any(abs(p - pos) <= reach for p, _, _ in other) for other in others):
                out.append((start, end))
    return out


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# -- fragments ------------------------------------------------------------------------
def fragment(text: str, spans: list[Span], *, source: str = "body") -> Snippet:
    """Up to MAX_FRAGMENTS pieces of ``text`` around the densest matches, spans re-based."""
    spans = merge_spans(spans)
    if len(text) <= WHOLE_CHARS:
        squeezed, moved = _squeeze(text, spans)
        return Snippet(squeezed, tuple(moved), source)
    windows = _best_windows(text, spans) if spans else [(0, FRAGMENT_CHARS + LEAD_CHARS)]
    pieces: list[str] = []
    highlights: list[Span] = []
    offset = 0
    for n, (start, end) in enumerate(sorted(windows)):
        start, cut_start = _cut_start(text, start)
        end, cut_end = _cut_end(text, end)
        piece, moved = _squeeze(
            text[start:end], [(a - start, b - start) for a, b in spans if a >= start and b <= end]
        )
        if n:
            pieces.append(FRAGMENT_SEPARATOR)
            offset += len(FRAGMENT_SEPARATOR)
        elif cut_start:
            pieces.append("…")
            offset += 1
        highlights += [(a + offset, b + offset) for a, b in moved]
        pieces.append(piece)
        offset += len(piece)
        if n == len(windows) - 1 and cut_end:
            pieces.append("…")
    return Snippet("".join(pieces), tuple(highlights), source)


def _best_windows(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Greedy choice of non-overlapping windows, each covering the most distinct matches."""
    words = [text[a:b].casefold() for a, b in spans]
    ends = [b for _, b in spans]  # increasing: the spans are merged and sorted
    candidates = []
    for i, (start, _) in enumerate(spans):
        lo = max(0, start - LEAD_CHARS)
        hi = lo + FRAGMENT_CHARS + LEAD_CHARS
        last = max(i, bisect_right(ends, hi))  # spans[i:last] end inside the window
        score = 3 * len(set(words[i:last])) + (last - i)
        candidates.append((score, -start, lo, hi))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for _, _, lo, hi in candidates:
        if all(hi + SENTENCE_SLACK < a or lo > b + SENTENCE_SLACK for a, b in chosen):
            chosen.append((lo, hi))
            if len(chosen) == MAX_FRAGMENTS:
                break
    return chosen


def _cut_start(text: str, start: int) -> tuple[int, bool]:
    """Move a fragment start back to a sentence start nearby, else forward to a word start."""
    if start <= 0:
        return 0, False
    window = text[max(0, start - SENTENCE_SLACK) : start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        begin = max(0, start - SENTENCE_SLACK) + ends[-1].end()
        while begin < len(text) and text[begin].isspace():
            begin += 1
        return begin, False
    if not text[start - 1].isspace():
        nxt = _ONE_SPACE.search(text, start)
        start = nxt.end() if nxt else start
    end = start  # of the text before the fragment, trailing spaces left out
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return start, not (end == 0 or _SENTENCE_END.search(text[max(0, end - 3) : end] + " "))


def _cut_end(text: str, end: int) -> tuple[int, bool]:
    """Move a fragment end forward to a sentence end nearby, else back to a word end."""
    if end >= len(text):
        return len(text), False
    match = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_SLACK))
    if match:
        return match.end() if match.group() != "\n" else match.start(), False
    back = text.rfind(" ", 0, end)
    return (back if back > 0 else end), True


def _squeeze(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace runs (paragraph breaks included) to one space, moving the spans.

    A span end inside a whitespace run moves to that run's single space.
    """
    if not _UNEVEN_SPACE.search(text):  # every gap is one plain space already
        stripped = text.strip(" ")
        shift = len(text) - len(text.lstrip(" "))
        size = len(stripped)
        return stripped, [
            (a - shift, min(b - shift, size))
            for a, b in spans
            if 0 <= a < b <= len(text) and a >= shift
        ]
    squeezed = _SPACE.sub(" ", text)
    stripped = squeezed.lstrip()
    shift = len(squeezed) - len(stripped)
    stripped = stripped.rstrip()
    if not spans:
        return stripped, []
    # only runs of two or more characters shorten the text; a lone newline or tab
    # becomes a space in place
    runs = [m.span() for m in _LONG_SPACE.finditer(text)]
    starts = [start for start, _ in runs]
    removed = [0]  # characters removed before each run
    for start, end in runs:
        removed.append(removed[-1] + end - start - 1)

    def new(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        start, end = runs[i]
        if pos < end:
            return start - removed[i]
        return pos - removed[i + 1]

    moved = []
    for a, b in spans:
        if 0 <= a < b <= len(text):
            na, nb = new(a) - shift, new(b) - shift
            if nb > na and na >= 0:
                moved.append((na, min(nb, len(stripped))))
    return stripped, moved
