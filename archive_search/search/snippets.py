"""Snippets: a few short fragments around the best matches, matched words marked.

The fast path from the field notes: every text field is indexed with character
offsets (``chars=True``), so the offsets of a matched term in a document are
read from its posting, never by re-analysing the article. Stemmed matches
("troops" for "troop") come from the ``*_stem`` field, exact and phrase matches
from the exact field; both count in the same string (``schema.field_texts``),
so they highlight the same text. Fragments are then cut from that string at
sentence (else word) boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive_search.article import Article
from archive_search.index.schema import field_texts
from archive_search.search.querying import HighlightPlan, PhraseSpec
from archive_search.search.results import FRAGMENT_SEPARATOR, Snippet, Span

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

Occurrence = tuple[int, int, int]  # position, start char, end char


class PostingCursor:
    """Reads the character offsets of terms in documents visited in increasing order.

    Each posting list is opened once per search and only moved forward, so
    highlighting ten hits costs one ``skip_to`` per term and hit.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._matchers: dict[tuple[str, str], Any] = {}

    def occurrences(self, fieldname: str, term: str, docnum: int) -> list[Occurrence]:
        key = (fieldname, term)
        matcher = self._matchers.get(key)
        if matcher is None:
            if key not in self._reader:
                return []
            matcher = self._matchers[key] = self._reader.postings(fieldname, term)
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if not matcher.is_active() or matcher.id() != docnum:
            return []
        if not matcher.supports("characters"):
            return []
        return list(matcher.value_as("characters"))


@dataclass(frozen=True)
class Highlights:
    """A hit's snippet and the spans of matched words in its title."""

    snippet: Snippet
    title: tuple[Span, ...]


def highlight_article(
    cursor: PostingCursor, docnum: int, article: Article, plan: HighlightPlan
) -> Highlights:
    """The snippet of one hit: body fragments, else the lede, else the title."""
    texts = field_texts(article)
    title = tuple(_field_spans(cursor, docnum, "title", plan))
    body = _field_spans(cursor, docnum, "body", plan)
    if body:
        return Highlights(fragment(texts["body"], body), title)
    if texts["lede"]:
        lede = _field_spans(cursor, docnum, "lede", plan)
        return Highlights(fragment(texts["lede"], lede, source="lede"), title)
    captions = _field_spans(cursor, docnum, "captions", plan)
    if captions:
        return Highlights(fragment(texts["captions"], captions, source="captions"), title)
    if texts["body"] and not title:
        return Highlights(fragment(texts["body"], []), title)
    return Highlights(Snippet(_squeeze(texts["title"], [])[0], title, "title"), title)


def _field_spans(cursor: PostingCursor, docnum: int, name: str, plan: HighlightPlan) -> list[Span]:
    spans: list[Span] = []
    for fieldname in (name, f"{name}_stem"):
        for term in plan.terms.get(fieldname, ()):
            spans += [(s, e) for _, s, e in cursor.occurrences(fieldname, term, docnum)]
    for phrase in plan.phrases:
        if phrase.field == name:
            occurrences = [cursor.occurrences(name, w, docnum) for w in phrase.words]
            spans += phrase_spans(phrase, occurrences)
    return merge_spans(spans)


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
    candidates = []
    for i, (start, _) in enumerate(spans):
        lo = max(0, start - LEAD_CHARS)
        hi = lo + FRAGMENT_CHARS + LEAD_CHARS
        inside = [j for j in range(i, len(spans)) if spans[j][1] <= hi]
        score = 3 * len({words[j] for j in inside}) + len(inside)
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
        nxt = re.search(r"\s", text[start:])
        start = start + nxt.end() if nxt else start
    before = text[:start].rstrip()
    return start, not (not before or _SENTENCE_END.search(before[-3:] + " "))


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
    """Collapse whitespace runs (paragraph breaks included) to one space, moving the spans."""
    out: list[str] = []
    index: list[int] = []  # new offset of each old character
    pos = 0
    last = 0
    for match in _SPACE.finditer(text):
        chunk = text[last : match.start()]
        for _ in chunk:
            index.append(pos)
            pos += 1
        out.append(chunk)
        for _ in range(match.start(), match.end()):
            index.append(pos)
        out.append(" ")
        pos += 1
        last = match.end()
    chunk = text[last:]
    for _ in chunk:
        index.append(pos)
        pos += 1
    out.append(chunk)
    index.append(pos)
    squeezed = "".join(out)
    stripped = squeezed.lstrip()
    shift = len(squeezed) - len(stripped)
    stripped = stripped.rstrip()
    moved = []
    for a, b in spans:
        if 0 <= a < b <= len(text):
            na, nb = index[a] - shift, index[b] - shift
            if nb > na and na >= 0:
                moved.append((na, min(nb, len(stripped))))
    return stripped, moved
