"""The edit distance behind "did you mean" counts a swap of neighbours as one edit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive_search.search.suggest import _distance

WORDS = st.text(alphabet="abcčdđš", max_size=9)


def test_one_edit_of_each_kind() -> None:
    assert _distance("dikovic", "dikovic") == 0
    assert _distance("dikovich", "dikovic") == 1  # deletion
    assert _distance("dikovc", "dikovic") == 1  # insertion
    assert _distance("dikovič", "dikovic") == 1  # substitution
    assert _distance("dikvoic", "dikovic") == 1  # neighbours swapped
    assert _distance("ca", "abc") == 3  # restricted: no edit inside a swapped pair


@settings(max_examples=300, deadline=None)
@given(a=WORDS, b=WORDS)
def test_it_agrees_with_whooshs_damerau_levenshtein(a: str, b: str) -> None:
    from whoosh.support.levenshtein import distance

    assert _distance(a, b) == distance(a, b)
