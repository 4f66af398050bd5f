"""--feedback says which words it added: a note in the results, a key in the JSON."""

from __future__ import annotations

from archive_search import errors
from archive_search.text.analysis import fold
from tests.search.sample import archive_fixture, archive_path_fixture  # noqa: F401

QUERY = "albanian border troops"


def test_feedback_names_the_words_it_added(archive) -> None:
    results = archive.search(QUERY, feedback=True)
    words = results.feedback_words
    assert words, "the sample's best matches have words to add"
    assert len(words) == len(set(words))
    note = errors.Note.FEEDBACK_ADDED.format(words=", ".join(words))
    assert note in results.notices
    assert not set(words) & {"albanian", "border", "troops"}  # the query's own words


def test_the_added_words_are_written_as_the_articles_write_them(archive) -> None:
    results = archive.search(QUERY, feedback=True, limit=50)
    text = " ".join(
        fold(" ".join([h.article.title, h.article.lede, *h.article.body])) for h in results.hits
    )
    for word in results.feedback_words:
        assert word in text.split() or word in text, word  # a word, not a bare stem


def test_the_json_has_the_added_words_only_when_feedback_ran(archive) -> None:
    widened = archive.search(QUERY, feedback=True).to_dict()
    assert widened["feedback_words"] and isinstance(widened["feedback_words"], list)
    assert any(n.startswith("widened with words") for n in widened["notices"])
    assert "feedback_words" not in archive.search(QUERY).to_dict()


def test_feedback_with_nothing_to_add_says_so(archive) -> None:
    # one matching article: too few to learn words from
    results = archive.search("gazimestan", feedback=True)
    assert results.total == 1
    assert results.feedback_words == []
    assert errors.Note.FEEDBACK_NOTHING in results.notices
    assert results.to_dict()["feedback_words"] == []
