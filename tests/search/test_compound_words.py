"""A word the tokenizer splits ("Russia's", "co-operation") is searched as its parts.

The stemmed field indexes "Russia's" as "russia" and "newly-created" as its
two stems; a query word of that shape matches the same way, so an article
that writes "Russia" is found by "Russia's", and one with both parts of
"co-operation" ranks above one with only "operation".
"""

from __future__ import annotations

import pytest

from archive_search import Archive, Article

ARTICLES = [
    Article(id="russia", title="Moscow talks", body=["Russia refused to pay for the force."]),
    Article(id="coop", title="Border work", body=["The co-operation of both armies continued."]),
    Article(id="op", title="Rescue", body=["The operation ended at dawn after the storm."]),
    Article(id="new", title="Agency", body=["A newly created agency will watch the border."]),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):  # type: ignore[no-untyped-def]
    with Archive(tmp_path_factory.mktemp("compound") / "index") as archive:
        archive.add(Article(id=a.id, title=a.title, body=a.body, language="en") for a in ARTICLES)
        yield archive


def ids(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.id for h in results.hits]


def test_a_possessive_finds_the_plain_name(archive) -> None:
    assert ids(archive.search("Russia's")) == ["russia"]


def test_a_hyphenated_word_ranks_articles_with_both_parts_first(archive) -> None:
    found = ids(archive.search("co-operation"))
    assert found[0] == "coop"
    assert "op" in found  # one part still matches, lower


def test_a_hyphenated_word_is_stemmed_like_the_text(archive) -> None:
    assert ids(archive.search("newly-creating")) == ["new"]


def test_the_parts_are_highlighted(archive) -> None:
    hit = archive.search("co-operation").hits[0]
    assert "co" in hit.snippet.text.lower() and "operation" in hit.snippet.text.lower()
