"""Did you mean, on real SETimes articles: only a spelling that is clearly better.

The archive is two real pages of ``data/``: the English KFOR article and a
Serbian one that has the word "ukine" ("abolish"), the nearest indexed
spelling of "ukraine", which the archive lacks. A typo gets its correction;
an ordinary word the archive lacks gets no rarer, shorter non-word.
"""

from __future__ import annotations

import pytest

from archive_search import Archive
from tests.paths import DATA, SEED

SERBIAN = DATA / "setimes" / "sr_Latn" / "2012" / "2012-01-18-feature-01.txt"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):  # type: ignore[no-untyped-def]
    with Archive(tmp_path_factory.mktemp("suggest") / "index") as archive:
        archive.index_paths([SEED, SERBIAN])
        yield archive


def suggestion(archive: Archive, query: str) -> str | None:
    return archive.search(query, snippets=False).suggestion


def test_an_ordinary_word_the_archive_lacks_gets_no_shorter_non_word(archive) -> None:
    assert archive.search("ukine").total > 0  # the near spelling is there...
    results = archive.search("ukraine")
    assert results.total == 0
    assert results.suggestion is None  # ...but two letters dropped is no typo


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kumannovo", "kumanovo"),  # a letter doubled
        ("kosvoo", "kosovo"),  # two letters swapped: one edit
        ("kosvo", "kosovo"),  # a letter left out
        ("dikovich", "dikovic"),  # an English spelling of a Serbian name
        ("kfor kumannovo", "kfor kumanovo"),  # the rest of the query kept
    ],
)
def test_real_typos_get_their_correction(archive, typed: str, meant: str) -> None:
    assert suggestion(archive, typed) == meant


def test_a_short_word_two_edits_from_an_indexed_one_is_left_alone(archive) -> None:
    # "kosovo" is two edits from "kisivo": too far for a six-letter word
    assert suggestion(archive, "kisivo") is None
    assert suggestion(archive, "kosovo") is None  # a word the archive has is no typo


def test_a_correction_has_more_hits_than_the_word(archive) -> None:
    for typed in ("kumannovo", "kosvoo", "dikovich"):
        better = suggestion(archive, typed)
        assert better is not None
        assert archive.search(better).total > archive.search(typed).total
