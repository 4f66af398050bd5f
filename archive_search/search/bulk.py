"""Term-at-a-time scoring for queries made of words: the fast path of the ranking.

Whoosh scores document by document through a tree of matchers, several Python
calls per posting and per tree level, and its block-max skipping seldom fires
on our multi-field queries (every word is a union of title, lede, body and
caption postings). Most searches are bags of words, so for those this module
reads each term's posting list a block at a time (ids and term frequencies as
arrays), scores each posting with one multiply-add using a per-field table of
BM25 length norms indexed by Whoosh's one-byte field lengths, and sums into a
dictionary. Every match is scored once, which also gives the exact total,
and the set of matches that facets and the timeline need, for free.

The scores are the same as Whoosh's with ``ranking.FieldBM25`` (the tests
check both paths agree); query shapes this module does not know (phrases,
proximity, ranges inside the scored part) return ``None`` from ``plan_for``
and run through Whoosh.

It reads a few private attributes of ``whoosh-reloaded`` 2.7.5's codec (the
version is pinned and the project unmaintained); if they are missing, the
plan is refused and Whoosh's own path runs.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from archive_search.search import ranking
from archive_search.search.docsets import Unreadable, matching_documents, posting_blocks

Leaf = tuple[str, str, float]  # field, term text, boost


@dataclass
class BagPlan:
    """A query as clauses of weighted terms, plus what must, and must not, match.

    ``optional`` clauses: a document must match at least one (when there are
    any); with ``tiered``, documents matching all of them get the tier.
    ``required`` clauses must all match. ``filters`` and ``negatives`` are
    queries whose document sets are intersected or subtracted.
    """

    optional: list[list[Leaf]] = field(default_factory=list)
    required: list[list[Leaf]] = field(default_factory=list)
    filters: list[Any] = field(default_factory=list)
    negatives: list[Any] = field(default_factory=list)
    tiered: bool = False
    optional_boost: float = 1.0


def plan_for(q: Any) -> BagPlan | None:
    """The bag-of-words plan of ``q``, or None when it has another shape."""
    plan = BagPlan()
    if not _fill(q, plan):
        return None
    if not plan.optional and not plan.required:
        return None
    return plan


def _fill(q: Any, plan: BagPlan) -> bool:
    if isinstance(q, wq.AndNot):
        plan.negatives.append(q.b)
        return _fill(q.a, plan)
    if isinstance(q, wq.And):
        optional_seen = False
        for sub in q.subqueries:
            if isinstance(sub, wq.ConstantScoreQuery) and sub.score == 0:
                plan.filters.append(sub.child)
            elif isinstance(sub, ranking.SoftOr | wq.Or) and _is_group(sub):
                if optional_seen:
                    return False
                optional_seen = True
                if not _optional_group(sub, plan):
                    return False
            else:
                leaves = _leaves(sub)
                if leaves is None:
                    return False
                plan.required.append(leaves)
        return True
    if isinstance(q, ranking.SoftOr | wq.Or) and _is_group(q):
        return _optional_group(q, plan)
    leaves = _leaves(q)
    if leaves is None:
        return False
    plan.optional.append(leaves)
    return True


def _is_group(q: Any) -> bool:
    """An OR of clauses (rather than one word's OR of terms)."""
    return isinstance(q, ranking.SoftOr) or any(not isinstance(s, wq.Term) for s in q.subqueries)


def _optional_group(q: Any, plan: BagPlan) -> bool:
    plan.tiered = isinstance(q, ranking.SoftOr) and q.tiered
    plan.optional_boost = q.boost
    for sub in q.subqueries:
        leaves = _leaves(sub)
        if leaves is None:
            return False
        plan.optional.append(leaves)
    return True


def _leaves(q: Any, boost: float = 1.0) -> list[Leaf] | None:
    """The weighted terms of one clause: a term, or an OR of terms (a word's fields/stems)."""
    if isinstance(q, wq.Term):
        return [(q.fieldname, q.text, boost * q.boost)]
    if q is wq.NullQuery:
        return []
    if type(q) is wq.Or:
        out: list[Leaf] = []
        for sub in q.subqueries:
            leaves = _leaves(sub, boost * q.boost)
            if leaves is None:
                return None
            out += leaves
        return out
    return None


# -- scoring ---------------------------------------------------------------------------
@dataclass
class Scored:
    """Every matching document with its score (filters and exclusions applied)."""

    scores: dict[int, float]
    timed_out: bool = False


def score(
    searcher: Any,
    plan: BagPlan,
    weighting: Any,
    allowed: Any = None,
    deadline: float | None = None,
) -> Scored | None:
    """Score every document the plan matches; None when the index cannot be read this way.

    Past ``deadline`` (a ``time.monotonic`` value) the remaining terms are
    skipped and the result is flagged ``timed_out``.
    """
    if not isinstance(weighting, ranking.FieldBM25):
        return None
    total: dict[int, float] = {}
    matched: dict[int, int] = {}  # bit per clause
    clauses = plan.optional + plan.required
    timed_out = False
    try:
        for bit, leaves in enumerate(clauses):
            clause_boost = plan.optional_boost if bit < len(plan.optional) else 1.0
            for fieldname, text, boost in leaves:
                if deadline is not None and monotonic() > deadline:
                    timed_out = True
                    break
                _accumulate(
                    searcher,
                    weighting,
                    fieldname,
                    text,
                    boost * clause_boost,
                    1 << bit,
                    total,
                    matched,
                )
    except Unreadable:
        return None
    n_optional = len(plan.optional)
    optional_mask = (1 << n_optional) - 1
    required_mask = ((1 << len(clauses)) - 1) & ~optional_mask
    tier = 0.0
    if plan.tiered and n_optional >= 2:
        tier = plan.optional_boost * sum(
            boost * weighting.term_bound(searcher, f, t)
            for leaves in plan.optional
            for f, t, boost in leaves
        )
    blocked = _docs(searcher, plan.negatives)
    keep: dict[int, float] = {}
    for docnum, mask in matched.items():
        if required_mask and mask & required_mask != required_mask:
            continue
        if n_optional and not mask & optional_mask:
            continue
        if allowed is not None and docnum not in allowed:
            continue
        if blocked and docnum in blocked:
            continue
        value = total[docnum]
        if tier and mask & optional_mask == optional_mask:
            value += tier
        keep[docnum] = value
    for q in plan.filters:
        allowed_here = _docs(searcher, [q])
        keep = {d: s for d, s in keep.items() if d in allowed_here}
    return Scored(keep, timed_out)


def _accumulate(
    searcher: Any,
    weighting: Any,
    fieldname: str,
    text: str,
    factor: float,
    mask: int,
    total: dict[int, float],
    matched: dict[int, int],
) -> None:
    """Add the BM25 score of every posting of a term, times ``factor``, index-wide."""
    schema = searcher.schema
    if fieldname not in schema or not schema[fieldname].scorable:
        raise Unreadable
    df = searcher.doc_frequency(fieldname, text)
    if not df:
        return
    idf = ranking.bm25_idf(df, searcher.doc_count_all()) ** ranking.IDF_EXPONENT
    k1 = weighting.field_k1.get(fieldname, weighting.k1)
    b = weighting.field_b.get(fieldname, weighting.b)
    avg = searcher.avg_field_length(fieldname) or 1
    # norm[length byte] = K1 * ((1 - B) + B * length / avg), as Whoosh decodes lengths
    norm = [k1 * ((1 - b) + b * byte_to_length(i) / avg) for i in range(256)]
    top = idf * (k1 + 1) * factor
    get_total = total.get
    get_mask = matched.get
    for reader, offset in searcher.reader().leaf_readers():
        if (fieldname, text) not in reader:
            continue
        lengths = _length_bytes(reader, fieldname)
        for ids, weights in posting_blocks(reader.postings(fieldname, text)):
            for local, weight in zip(ids, weights, strict=True):
                docnum = local + offset
                value = top * weight / (weight + norm[lengths[local]])
                total[docnum] = get_total(docnum, 0.0) + value
                matched[docnum] = get_mask(docnum, 0) | mask


_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, bytes]] = weakref.WeakKeyDictionary()


def _length_bytes(reader: Any, fieldname: str) -> bytes:
    """The one-byte encoded length of ``fieldname`` for every document of a segment (cached)."""
    cached = _LENGTHS.setdefault(reader, {})
    if fieldname not in cached:
        cached[fieldname] = _read_length_bytes(reader, fieldname)
    return cached[fieldname]


def _read_length_bytes(reader: Any, fieldname: str) -> bytes:
    try:
        perdoc = reader._perdoc
        column = perdoc._cached_reader(f"_{fieldname}_len", _lengths_column())
        raw = column._dbfile.get(column._basepos, column._count) if column is not None else b""
    except AttributeError:
        raise Unreadable from None
    missing = reader.doc_count_all() - len(raw)
    return bytes(raw) + bytes(max(0, missing))


def _lengths_column() -> Any:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def _docs(searcher: Any, queries: list[Any]) -> set[int]:
    if not queries:
        return set()
    out: set[int] = set()
    for q in queries:
        out |= matching_documents(searcher, q)
    return out
