"""The query form: what the compiler emits and the executor runs, independent of Whoosh.

Small frozen values, one per kind of clause the query language can mean. The
array executor (``bulk``, ``docsets``) dispatches on them; the fallback path
has them translated into Whoosh queries by the storage engine
(``engine.whoosh_query``), the one place that knows both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any


class _Form:
    """What every form can do; each declares its own ``boost`` (field weight and ``^N``)."""

    boost: float

    def with_boost(self, boost: float) -> Any:
        return replace(self, boost=boost)

    def terms(self) -> Iterator[tuple[str, str]]:
        """Every (field, word) the clause names, phrases' words included."""
        for part in _parts(self):
            yield from part.terms()


@dataclass(frozen=True)
class Term(_Form):
    """A word in one field; ``exact_bonus``: an unstemmed form scored on top of its stems.

    The compiler builds an exact bonus only where every document with the form
    also has one of the word's stems in the same field, so it never decides what
    matches, only how high (the executor scores it late, for the documents that
    can still reach the top).
    """

    fieldname: str
    text: str
    boost: float = 1.0
    exact_bonus: bool = False

    def terms(self) -> Iterator[tuple[str, str]]:
        yield self.fieldname, self.text


class _Words(_Form):
    fieldname: str
    words: tuple[str, ...]

    def terms(self) -> Iterator[tuple[str, str]]:
        for word in self.words:
            yield self.fieldname, word


@dataclass(frozen=True)
class Phrase(_Words):
    """Words side by side, in order, in one field."""

    fieldname: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Near(_Words):
    """Words within ``slop`` positions of each other, in any order, in one field."""

    fieldname: str
    words: tuple[str, ...]
    slop: int
    boost: float = 1.0


@dataclass(frozen=True)
class And(_Form):
    subqueries: tuple[Any, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or(_Form):
    subqueries: tuple[Any, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class SoftOr(_Form):
    """OR that ranks documents matching every clause first when ``tiered`` (``ranking``)."""

    subqueries: tuple[Any, ...]
    tiered: bool
    boost: float = 1.0


@dataclass(frozen=True)
class AndNot(_Form):
    """What ``positive`` matches, less what ``negative`` matches."""

    positive: Any
    negative: Any
    boost: float = 1.0


@dataclass(frozen=True)
class Not(_Form):
    """Every document ``child`` does not match (inside an OR: ``a OR NOT b``)."""

    child: Any
    boost: float = 1.0


@dataclass(frozen=True)
class Filter(_Form):
    """A metadata clause among scored ones: it decides what matches and adds no score."""

    child: Any
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange(_Form):
    """Publication dates from ``start`` to ``end`` (None: open); ``*excl``: bound excluded."""

    fieldname: str
    start: dt.datetime | None
    end: dt.datetime | None
    startexcl: bool = False
    endexcl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class Every(_Form):
    """Every live document (a query of only filters or exclusions)."""

    boost: float = 1.0


@dataclass(frozen=True)
class Nothing(_Form):
    """No document: a word the index does not hold."""

    boost: float = 1.0


NOTHING = Nothing()


def _parts(q: Any) -> tuple[Any, ...]:
    if isinstance(q, And | Or | SoftOr):
        return q.subqueries
    if isinstance(q, AndNot):
        return (q.positive, q.negative)
    if isinstance(q, Not | Filter):
        return (q.child,)
    return ()


def any_of(subs: list[Any]) -> Any:
    """OR of ``subs``: the one clause itself, or nothing for none."""
    if not subs:
        return NOTHING
    return subs[0] if len(subs) == 1 else Or(tuple(subs))


def all_of(subs: list[Any]) -> Any:
    return subs[0] if len(subs) == 1 else And(tuple(subs))
