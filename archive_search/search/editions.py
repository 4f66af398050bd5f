"""The editions of one story: its translations (and second script) linked, found at read time.

Two ways link editions, in this order:

* **by address**: articles that share an ``edition_key`` (stored at index time from the
  URL, or from the page's ``hreflang`` set; ``ingest.editions``) are one story;
* **by content**, where addresses are missing or differ: among the articles published
  the same day (and in the same section when both name one), in another edition (another
  language, or the same language in another script), the one whose names, numbers, places
  and byline share the most with the article (Dice coefficient of the two sets, names and
  numbers folded across scripts, so that Cyrillic meets Latin) is linked when the share
  reaches ``config.EDITION_MATCH_THRESHOLD`` and the article is, the other way round, its
  best match too. A story gets at most one content-linked article per edition, and never
  one whose own address already links it to another article of this edition.

Links are symmetric and closed under "is an edition of" (up to ``config.MAX_EDITIONS``):
the editions of an article are the same set, seen from any of its members. Everything is
computed per index snapshot and remembered for as long as it lives.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from archive_search import config
from archive_search.article import Article
from archive_search.engine.schema import article_edition, day_edition
from archive_search.engine.snapshot import Snapshot
from archive_search.text.folding import fold

__all__ = [
    "Edition",
    "content_features",
    "editions_of_id",
    "match_score",
]

Via = Literal["address", "content"]

#: Folded letters kept of a name: enough to tell names apart, few enough to meet inflected
#: forms (Vučića, Vučiću, Vucic'in all keep "vucic").
NAME_PREFIX = 5
#: Shortest number (in digits) that counts: single digits are in every text.
MIN_NUMBER_DIGITS = 2

_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
# a word, and what opens a sentence before it (so that the word's capital says nothing)
_WORD = re.compile(r"([.!?:;…\"«»„“”(\[–—]\s*)?\b([^\W\d_][^\W_]*)")
_APOSTROPHE = re.compile(r"['’].*$")


@dataclass(frozen=True)
class Edition:
    """Another edition of an article: enough to name it, cite it and open it."""

    id: str
    language: str
    script: str
    title: str
    url: str
    published: dt.date | None
    #: "address" (the URL or hreflang key is shared) or "content" (matched on the text)
    via: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "language": self.language,
            "script": self.script,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "via": self.via,
        }


# -- what an article is made of, for matching ------------------------------------------------
def content_features(article: Article) -> frozenset[str]:
    """The names, numbers, place and byline words of an article, folded across scripts.

    Names are capitalised words that do not open a sentence (and acronyms), cut to
    their first ``NAME_PREFIX`` folded letters; numbers lose their separators
    (``1,5`` and ``1.5`` meet); the dateline place is its canonical name.
    """
    language = article.language or None
    texts = [article.title, article.lede, *article.body, *(c.text for c in article.captions)]
    text = "".join(f". {t}\n" for t in texts)  # every paragraph opens a sentence
    numbers = {re.sub(r"\D", "", n) for n in _NUMBER.findall(text)}
    out = {"#" + n for n in numbers if len(n) >= MIN_NUMBER_DIGITS}
    names = set()
    for opener, word in _WORD.findall(text):
        if word[0].isupper() and (not opener or (len(word) > 1 and word.isupper())):
            names.add(word)
    for word in re.findall(r"[^\W\d_]+", article.author):
        if word[0].isupper():
            names.add(word)
    out.update("n:" + _name_key(word, language) for word in names)
    if article.place:
        out.add("@" + fold(article.place))
    return frozenset(out)


def _name_key(word: str, language: str | None) -> str:
    word = _APOSTROPHE.sub("", word)  # Turkish suffixes: Vucic'in
    return fold(word, language)[:NAME_PREFIX]


def match_score(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two articles share: the Dice coefficient of their feature sets (0 to 1)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


# -- one snapshot's articles, as far as linking needs them ------------------------------------
@dataclass
class _Doc:
    docnum: int
    article: Article
    key: str
    edition: tuple[str, str]
    section: str
    features: frozenset[str] = field(default_factory=frozenset)


class _Library:
    """What linking has read of one index snapshot: documents, days, key groups, links."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._docs: dict[int, _Doc] = {}
        self._terms: dict[tuple[str, str], list[int]] = {}
        self._links: dict[int, dict[int, Via]] = {}

    @classmethod
    def of(cls, snapshot: Snapshot) -> _Library:
        try:
            library = _LIBRARIES.get(snapshot)
            if library is None:
                library = _LIBRARIES[snapshot] = cls(snapshot)
            return library
        except TypeError:  # not weakly referenceable: no cache
            return cls(snapshot)

    def docs_with(self, fieldname: str, value: str) -> list[int]:
        """Live documents whose ``fieldname`` holds the term ``value``."""
        key = (fieldname, value)
        if key not in self._terms:
            snapshot = self.snapshot
            found: list[int] = []
            if value and snapshot.has_field(fieldname) and snapshot.doc_frequency(fieldname, value):
                found = snapshot.postings(fieldname, value).tolist()
            self._terms[key] = found
        return self._terms[key]

    def doc(self, docnum: int) -> _Doc:
        if docnum not in self._docs:
            article = Article.from_json(self.snapshot.record(docnum))
            self._docs[docnum] = _Doc(
                docnum,
                article,
                article.edition_key,
                article_edition(article),
                fold(article.section),
            )
        return self._docs[docnum]

    def features(self, doc: _Doc) -> frozenset[str]:
        if not doc.features:
            doc.features = content_features(doc.article) or frozenset({""})
        return doc.features

    def same_day(self, doc: _Doc, *, same_edition: bool) -> list[_Doc]:
        """The other articles published the day ``doc`` was, in its edition or in others.

        The ``day_edition`` terms of the day sort them by edition without reading a record:
        an archive in one language reads none.
        """
        published = doc.article.published
        if published is None:
            return []
        own = day_edition(published, doc.edition)
        terms = [own] if same_edition else [t for t in self._day_terms(published) if t != own]
        found = [d for term in terms for d in self.docs_with("day_edition", term)]
        return [self.doc(d) for d in found[: config.MAX_EDITION_CANDIDATES] if d != doc.docnum]

    def _day_terms(self, day: dt.date) -> list[str]:
        if not self.snapshot.has_field("day_edition"):
            return []
        terms = self.snapshot.expand_prefix("day_edition", f"{day.isoformat()}/")
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]

    # -- links ----------------------------------------------------------------------------
    def address_links(self, doc: _Doc) -> list[int]:
        """The other articles with ``doc``'s key; none when too many share it to be one story
        (a site that puts the same ``hreflang`` set on every page)."""
        members = self.docs_with("edition_key", doc.key) if doc.key else []
        if len(members) > config.MAX_EDITIONS + 1:
            return []
        return [d for d in members if d != doc.docnum]

    def content_links(self, doc: _Doc) -> list[int]:
        """The articles of other editions that ``doc`` and they each match best (see above)."""
        taken = {doc.edition} | {self.doc(d).edition for d in self.address_links(doc)}
        best: dict[tuple[str, str], tuple[float, int]] = {}
        for other in self.same_day(doc, same_edition=False):
            if other.edition in taken or not self._may_link(doc, other):
                continue
            score = match_score(self.features(doc), self.features(other))
            if score >= config.EDITION_MATCH_THRESHOLD and (score, -other.docnum) > best.get(
                other.edition, (0.0, 0)
            ):
                best[other.edition] = (score, -other.docnum)
        out = []
        rivals = self.same_day(doc, same_edition=True) if best else []
        for score, negative in best.values():
            other = self.doc(-negative)
            if self._is_best_for(other, doc, score, rivals):
                out.append(other.docnum)
        return out

    def _may_link(self, doc: _Doc, other: _Doc) -> bool:
        if other.docnum == doc.docnum or other.edition == doc.edition:
            return False
        if doc.key and other.key == doc.key:
            return False  # linked by address already
        if doc.section and other.section and doc.section != other.section:
            return False
        # the other's own address links it to another article of this edition: not this story
        return not any(self.doc(d).edition == doc.edition for d in self.address_links(other))

    def _is_best_for(self, other: _Doc, doc: _Doc, score: float, rivals: list[_Doc]) -> bool:
        """Whether no other article of ``doc``'s edition matches ``other`` better than it."""
        for rival in rivals:
            if rival.edition != doc.edition:
                continue  # the column and the record disagree: trust the record
            if not self._may_link(other, rival):
                continue
            rival_score = match_score(self.features(other), self.features(rival))
            if (rival_score, -rival.docnum) > (score, -doc.docnum):
                return False
        return True

    def links(self, docnum: int) -> dict[int, Via]:
        """Every edition of the story of ``docnum`` (not itself), and how each was linked."""
        if docnum in self._links:
            return self._links[docnum]
        start = self.doc(docnum)
        seen = {docnum}
        queue = deque([start])
        while queue and len(seen) <= config.MAX_EDITIONS:
            doc = queue.popleft()
            for other in [*self.address_links(doc), *self.content_links(doc)]:
                if other not in seen:
                    seen.add(other)
                    queue.append(self.doc(other))
        found = self._one_per_edition(start, sorted(seen - {docnum}))
        self._links[docnum] = found
        return found

    def _one_per_edition(self, start: _Doc, members: list[int]) -> dict[int, Via]:
        """Address links all count; a content link only for an edition not yet present."""
        found: dict[int, Via] = {}
        editions = {start.edition}
        for d in members:
            if start.key and self.doc(d).key == start.key:
                found[d] = "address"
                editions.add(self.doc(d).edition)
        for d in members:
            edition = self.doc(d).edition
            if d not in found and edition not in editions:
                found[d] = "content"
                editions.add(edition)
        return found


_LIBRARIES: weakref.WeakKeyDictionary[Any, _Library] = weakref.WeakKeyDictionary()


# -- the public face: editions of an id, of hits, folded pages ------------------------------
def editions_of_id(store: Any, article_id: str) -> list[Edition] | None:
    """The other editions of the article ``article_id``; None when there is no such article."""
    snapshot = store.snapshot()
    library = _Library.of(snapshot)
    docs = library.docs_with("id", article_id)
    if not docs:
        return None
    return editions_of_doc(snapshot, docs[0])


def editions_of_doc(snapshot: Snapshot, docnum: int) -> list[Edition]:
    library = _Library.of(snapshot)
    links = library.links(docnum)
    return [_edition(library.doc(d), via) for d, via in _in_order(library, links)]


def _in_order(library: _Library, links: dict[int, Via]) -> list[tuple[int, Via]]:
    """Address links first, then by language and script: a stable, readable order."""
    return sorted(
        links.items(), key=lambda item: (item[1] != "address", library.doc(item[0]).edition)
    )


def _edition(doc: _Doc, via: Via) -> Edition:
    article = doc.article
    return Edition(
        id=article.id,
        language=article.language,
        script=doc.edition[1],
        title=article.title,
        url=article.url,
        published=article.published,
        via=via,
    )


def story_groups(snapshot: Snapshot, docnums: Iterable[int]) -> list[tuple[int, list[int]]]:
    """Ranked documents folded by story: (the best-ranked edition, the others that matched).

    Order is kept: a story stands where its best-ranked edition stood.
    """
    library = _Library.of(snapshot)
    owner: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for docnum in docnums:
        if docnum in owner:
            groups[owner[docnum]].append(docnum)
            continue
        groups[docnum] = []
        owner[docnum] = docnum
        for other in library.links(docnum):
            owner.setdefault(other, docnum)
    return list(groups.items())


def collapsed_page(
    ranking: Any, request: Any, known_total: int | None
) -> tuple[list[Any], int, bool, dict[int, list[int]]]:
    """The page of a ranking with each story's editions folded into its best-ranked hit.

    Ranks a little deeper than the page, then four times deeper each round, until it is full
    of stories or the ranking is exhausted. Returns the page (``paging.Ranked``), the
    total of matching articles, whether the time limit struck, and the docnums folded
    into each kept one.
    """
    snapshot = ranking.snapshot
    need = request.page * request.limit
    # a few more than the page, as near-duplicates take: most pages fold a story or two
    depth = min(need + max(2, need // 2), config.MAX_RESULT_WINDOW)
    try:
        while True:
            ranking.request = replace(request, page=1, limit=depth)
            ranked, total, timed_out = ranking.page(known_total=known_total)
            groups = story_groups(snapshot, [r.docnum for r in ranked])
            exhausted = len(ranked) < depth or depth >= config.MAX_RESULT_WINDOW
            if len(groups) >= need or exhausted or timed_out:
                break
            depth = min(depth * 4, config.MAX_RESULT_WINDOW)
    finally:
        ranking.request = request
    by_doc = {r.docnum: r for r in ranked}
    kept = groups[request.offset : request.offset + request.limit]
    library = _Library.of(snapshot)
    folded = {}
    for docnum, members in kept:
        # near-identical copies folded by the ranking that are editions of the story too
        links = library.links(docnum)
        copies = [c for r in [docnum, *members] for c in by_doc[r].copies if c in links]
        folded[docnum] = list(dict.fromkeys([*members, *copies]))
    return [by_doc[d] for d, _ in kept], total, timed_out, folded


def attach(
    snapshot: Snapshot, hits: list[Any], docnums: list[int], folded: dict[int, list[int]] | None
) -> None:
    """Set each hit's ``editions``: the folded ones (collapse), or every other one (expand)."""
    library = _Library.of(snapshot)
    for hit, docnum in zip(hits, docnums, strict=True):
        if folded is None:
            hit.editions = editions_of_doc(snapshot, docnum)
        else:
            links = library.links(docnum)
            hit.editions = [
                _edition(library.doc(d), links.get(d, "content")) for d in folded.get(docnum, [])
            ]
