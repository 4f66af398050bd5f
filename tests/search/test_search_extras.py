"""Did you mean, similar articles, near-duplicate collapsing, and the result shapes."""

from __future__ import annotations

import pytest

from archive_search import errors
from archive_search.search.similar import similar_articles
from tests.search.sample import archive_fixture, archive_path_fixture, ids  # noqa: F401

HIT_KEYS = {
    "id",
    "score",
    "title",
    "published",
    "author",
    "place",
    "language",
    "section",
    "url",
    "source",
    "snippet",
}


# -- did you mean -----------------------------------------------------------------
def test_a_word_missing_from_the_index_gets_a_suggestion(archive) -> None:
    results = archive.search("dikovich")
    assert results.total == 0
    assert results.suggestion == "dikovic"


def test_the_suggestion_keeps_the_rest_of_the_query(archive) -> None:
    results = archive.search('kfor kumannovo "serbian army"')
    assert results.suggestion == 'kfor kumanovo "serbian army"'


def test_correct_words_get_no_suggestion(archive) -> None:
    assert archive.search("kumanovo").suggestion is None
    assert "suggestion" not in archive.search("kumanovo").to_dict()


def test_suggestions_can_be_turned_off(archive) -> None:
    assert archive.search("dikovich", suggest=False).suggestion is None


def test_a_suggestion_appears_in_the_json(archive) -> None:
    assert archive.search("kumannovo").to_dict()["suggestion"] == "kumanovo"


# -- near-duplicates -------------------------------------------------------------------
def test_near_identical_articles_collapse_into_one_hit_with_a_count(archive) -> None:
    results = archive.search("enlargement balkans")
    assert len(results.hits) == 1
    assert results.total == 1  # what paging yields
    assert results.folded == 1
    kept = results.hits[0]
    assert kept.duplicates == 1
    other = {"wire-brussels", "wire-sofia"} - {kept.id}
    assert kept.duplicate_ids == sorted(other)
    assert kept.to_dict()["duplicates"] == 1


def test_no_collapse_shows_every_copy(archive) -> None:
    results = archive.search("enlargement balkans", collapse=False)
    assert set(ids(results)) == {"wire-brussels", "wire-sofia"}
    assert all(h.duplicates == 0 for h in results.hits)


def test_collapsed_copies_respect_filters(archive) -> None:
    results = archive.search("enlargement", place="sofia")
    assert ids(results) == ["wire-sofia"]
    assert results.hits[0].duplicates == 0


# -- similar ----------------------------------------------------------------------------
def test_similar_articles_exclude_the_article_itself(archive) -> None:
    results = similar_articles(archive.store, "kfor-serbia")
    found = ids(results)
    assert "kfor-serbia" not in found
    assert found[0] in {"srbija-nato", "kosovo-elections", "albania-army"}
    # the total counts hits after near-identical copies are folded, as paging yields them
    assert results.total == len(found)
    assert results.folded == sum(h.duplicates for h in results.hits)


def test_similar_leaves_out_near_identical_copies_and_says_so(archive) -> None:
    results = similar_articles(archive.store, "wire-brussels")
    assert "wire-sofia" not in ids(results)
    assert any("near-identical copy" in n for n in results.notices)


def test_similar_takes_search_options(archive) -> None:
    results = similar_articles(archive.store, "kfor-serbia", language="sr", limit=1)
    assert ids(results) == ["srbija-nato"]
    assert results.hits[0].snippet.highlighted()


def test_similar_to_an_unknown_article_is_not_found(archive) -> None:
    with pytest.raises(errors.NotFoundError):
        similar_articles(archive.store, "no-such-id")


# -- shapes -------------------------------------------------------------------------------
def test_json_shape_of_a_search(archive) -> None:
    data = archive.search("kumanovo").to_dict()
    assert set(data) == {"query", "total", "hits"}
    assert data["query"] == "kumanovo"
    hit = next(h for h in data["hits"] if h["id"] == "kfor-serbia")
    assert set(hit) >= HIT_KEYS
    assert set(hit) - HIT_KEYS <= {"highlights", "duplicates"}
    assert hit["published"] == "2014-03-10"
    assert isinstance(hit["snippet"], str)
    assert all(hit["snippet"][a:b].lower() == "kumanovo" for a, b in hit["highlights"])


def test_an_undated_hit_has_null_published(archive) -> None:
    data = archive.search("editorial").to_dict()
    assert data["hits"][0]["published"] is None


def test_notices_appear_in_the_json_when_there_are_some(archive) -> None:
    data = archive.search('"kfor').to_dict()
    assert data["notices"] == ["unbalanced quote: the phrase was read up to the end of the query"]


def test_results_carry_the_article_and_the_time_taken(archive) -> None:
    results = archive.search("kumanovo")
    assert results.elapsed > 0
    assert results.hits[0].article is not None
    assert results.hits[0].article.body == archive.get(results.hits[0].id).body
    assert len(results) == len(results.hits) and list(results) == results.hits


# -- feedback -------------------------------------------------------------------------
def test_feedback_widens_the_query_on_request(archive) -> None:
    plain = archive.search("albanian border troops")
    widened = archive.search("albanian border troops", feedback=True)
    assert widened.hits[0].id == plain.hits[0].id == "albania-army"
    assert widened.total >= plain.total


def test_feedback_respects_filters(archive) -> None:
    widened = archive.search("albanian border troops", feedback=True, lang="en")
    assert widened.total and all(h.language == "en" for h in widened.hits)
    only_sr = archive.search("kfor", feedback=True, lang="sr")
    assert [h.language for h in only_sr.hits] == ["sr"]
