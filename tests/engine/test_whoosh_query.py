"""The one translation of the query form into Whoosh queries (the fallback path's input)."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from archive_search.engine.whoosh_query import ExactBonus, Near, SoftOr, to_whoosh, upper_bound
from archive_search.search import query_form as qf

A, B = qf.Term("body", "a"), qf.Term("body", "b", boost=2.0)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (A, wq.Term("body", "a")),
        (B, wq.Term("body", "b", boost=2.0)),
        (qf.Phrase("body", ("a", "b"), boost=3.0), wq.Phrase("body", ["a", "b"], boost=3.0)),
        (qf.Or((A, B)), wq.Or([wq.Term("body", "a"), wq.Term("body", "b", boost=2.0)])),
        (qf.And((A, B), boost=0.5), wq.And([wq.Term("body", "a"), wq.Term("body", "b", 2.0)], 0.5)),
        (qf.AndNot(A, B), wq.AndNot(wq.Term("body", "a"), wq.Term("body", "b", boost=2.0))),
        (qf.Not(A), wq.Not(wq.Term("body", "a"))),
        (qf.Filter(A), wq.ConstantScoreQuery(wq.Term("body", "a"), score=0.0)),
        (qf.Every(), wq.Every()),
    ],
)
def test_each_form_becomes_the_whoosh_query_it_means(form: object, expected: wq.Query) -> None:
    assert to_whoosh(form) == expected


def test_the_classes_whoosh_lacks() -> None:
    bonus = to_whoosh(qf.Term("title", "x", boost=0.5, exact_bonus=True))
    assert type(bonus) is ExactBonus and bonus.boost == 0.5
    near = to_whoosh(qf.Near("body", ("a", "b"), slop=5, boost=1.5))
    assert isinstance(near, Near) and isinstance(near, SpanNear2)
    assert (near.slop, near.ordered, near.boost) == (5, False, 1.5)
    assert [t.text for t in near.qs] == ["a", "b"]
    for tiered in (True, False):
        soft = to_whoosh(qf.SoftOr((A, B), tiered))
        assert isinstance(soft, SoftOr) and soft.tiered is tiered and len(soft.subqueries) == 2
    assert to_whoosh(qf.NOTHING) is wq.NullQuery


def test_date_ranges_keep_their_bounds() -> None:
    start, end = dt.datetime(2013, 1, 1), dt.datetime(2014, 6, 30)
    q = to_whoosh(qf.DateRange("published", start, end, startexcl=True))
    assert q == wq.DateRange("published", start, end, startexcl=True)


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match="not a query form"):
        to_whoosh(wq.Term("body", "a"))


class _Bounds:
    """A weighting whose term bound is the word's length: easy to sum by hand."""

    def term_bound(self, searcher: object, fieldname: str, text: str) -> float:
        return float(len(text))


def test_upper_bounds_sum_the_terms_of_a_form() -> None:
    weighting = _Bounds()
    assert upper_bound(qf.Term("body", "abc", boost=2.0), None, weighting) == 6.0
    assert upper_bound(qf.Phrase("body", ("ab", "cde")), None, weighting) == 5.0
    assert upper_bound(qf.Or((A, B)), None, weighting) == 1.0 + 2.0
    assert upper_bound(qf.AndNot(B, A), None, weighting) == 2.0
    assert upper_bound(qf.Filter(A), None, weighting) == 0.0
    assert upper_bound(qf.Near("body", ("ab", "c"), slop=3), None, weighting) == 3.0
    assert upper_bound(qf.Term("body", "abc"), None, object()) == 1.0  # no bound known
