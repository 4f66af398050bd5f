"""Languages are checked against the index: a typo is an error, a name is resolved."""

from __future__ import annotations

import pytest

from archive_search import errors
from tests.search.sample import archive_fixture, archive_path_fixture, ids  # noqa: F401


@pytest.mark.parametrize("written", ["xx", "Xyzzy", "zz-Latn", "123", "\x00\U00010000", "a" * 300])
def test_an_unknown_language_is_a_usage_error_naming_the_held_codes(archive, written) -> None:
    with pytest.raises(errors.UsageError) as raised:
        archive.search("kfor", lang=written)
    assert raised.value.exit_code == errors.EXIT_USAGE
    assert str(raised.value) == str(errors.unknown_language(written, ("en", "sr"), "--lang"))
    assert str(raised.value).startswith("bad value for --lang: unknown language")
    assert "en, sr" in str(raised.value)


def test_an_unknown_language_clause_is_the_same_error(archive) -> None:
    with pytest.raises(errors.QueryError, match=r"^bad query: unknown language 'xx'.*en, sr"):
        archive.search("kfor lang:xx")


@pytest.mark.parametrize("name", ["Serbian", "serbian", "srpski", "Српски", "SRP", "sr_Latn"])
def test_a_language_name_or_variant_code_is_resolved(archive, name) -> None:
    assert ids(archive.search("kfor", lang=name)) == ["srbija-nato"]
    assert ids(archive.search(f"kfor lang:{name}")) == ["srbija-nato"]


def test_a_real_language_the_index_lacks_finds_nothing_without_error(archive) -> None:
    assert archive.search("kfor", lang="de").total == 0
    assert archive.search("kfor", lang="German").total == 0


@pytest.mark.parametrize("query", ["title:", "title: ", "TITLE:", "title: author:", "(lang:)"])
def test_a_field_with_nothing_after_it_is_an_empty_query(archive, query) -> None:
    with pytest.raises(errors.QueryError) as raised:
        archive.search(query)
    assert str(raised.value) == str(errors.empty_query())


def test_words_that_look_like_field_names_are_still_words(archive) -> None:
    assert ids(archive.search("dates")) == ["undated-note"]  # searched, not refused
    assert archive.search("army title:army").total >= 1
