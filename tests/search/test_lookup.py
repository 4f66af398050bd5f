"""``Archive.get`` takes an id, a unique prefix of one (6+ characters) or the article's URL."""

from __future__ import annotations

import pytest

from archive_search import Archive, Article, config, errors

DERIVED = Article(title="From a URL", body=["Text."], url="https://setimes.example/en/2014/03/10/a")
GIVEN = Article(
    id="given-id-7", title="Own id", body=["Text."], url="http://example.org/news/story.html"
)
TWINS = [Article(id=f"abcdef{n}", title=f"Twin {n}", body=[f"Twin {n}."]) for n in range(8)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    with Archive(tmp_path_factory.mktemp("lookup") / "index") as opened:
        opened.add([DERIVED, GIVEN, *TWINS])
        yield opened


def test_an_exact_id_and_a_unique_prefix_find_the_article(archive) -> None:
    assert archive.get(DERIVED.id).title == "From a URL"
    assert archive.get(DERIVED.id[:6]).id == DERIVED.id
    assert archive.get(DERIVED.id[:9].upper()).id == DERIVED.id
    assert archive.get("given-").id == "given-id-7"


def test_a_prefix_shorter_than_the_minimum_finds_nothing(archive) -> None:
    with pytest.raises(errors.NotFoundError):
        archive.get(DERIVED.id[: config.MIN_ID_PREFIX - 1])


def test_an_ambiguous_prefix_is_an_error_listing_a_few(archive) -> None:
    with pytest.raises(errors.UsageError) as raised:
        archive.get("abcdef")
    message = str(raised.value)
    assert message.startswith("'abcdef' is the start of several article ids: abcdef0, abcdef1")
    assert "and 3 more" in message and "\n" not in message
    assert raised.value.exit_code == errors.EXIT_USAGE


@pytest.mark.parametrize(
    "url",
    [
        "https://setimes.example/en/2014/03/10/a",
        "http://www.setimes.example/en/2014/03/10/a/?utm_source=x",
        "HTTPS://SETIMES.example/en/2014/03/10/a#top",
    ],
)
def test_the_url_finds_an_article_with_a_derived_id(archive, url) -> None:
    assert archive.get(url).id == DERIVED.id


@pytest.mark.parametrize(
    "url", ["http://example.org/news/story.html", "https://www.example.org/news/story?p=1"]
)
def test_the_url_finds_an_article_with_an_id_of_its_own(archive, url) -> None:
    assert archive.get(url).id == "given-id-7"


def test_an_unknown_url_is_not_found(archive) -> None:
    with pytest.raises(errors.NotFoundError):
        archive.get("https://elsewhere.example/none")


def test_similar_takes_a_prefix_or_url_as_get_does(archive) -> None:
    by_id = archive.similar(DERIVED.id)
    assert [h.id for h in archive.similar(DERIVED.id[:7])] == [h.id for h in by_id]
    assert [h.id for h in archive.similar(DERIVED.url)] == [h.id for h in by_id]
