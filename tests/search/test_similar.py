"""Similar articles are built on the article's telling words, not its numbers or one-offs."""

from __future__ import annotations

import pytest

from archive_search import Archive, Article
from archive_search.search.similar import KEY_TERMS, MIN_DOC_FREQ, key_terms

COCOA = Article(
    id="cocoa-review",
    title="Bahia cocoa review",
    body=[
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the "
        "drought. The cocoa crop and the temporao harvest look better; cocoa beans arrive "
        "at the ports. Sales stood at 1.25 dlrs a kilo, 2.27 in New York, on 12/03/1987.",
        "Comissaria Smith said cocoa farmers expect a good crop.",
    ],
    language="en",
)
OTHERS = [
    Article(
        id="ghana-cocoa",
        title="Ghana cocoa purchases fall",
        body=["Ghana's cocoa board bought fewer cocoa beans this week; the crop is late."],
        language="en",
    ),
    Article(
        id="loans",
        title="New York business loans fall",
        body=["Business loans in New York fell 1.25 dlrs to 2.27 billion dlrs on 12/03/1987."],
        language="en",
    ),
    Article(
        id="coffee",
        title="Brazil coffee harvest",
        body=["Rains helped the coffee harvest; the drought is over for the crop."],
        language="en",
    ),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):  # type: ignore[no-untyped-def]
    with Archive(tmp_path_factory.mktemp("similar") / "index") as archive:
        archive.add([COCOA, *OTHERS])
        yield archive


def test_key_terms_skip_numbers_and_words_no_other_article_has(archive) -> None:
    snapshot = archive.store.snapshot()
    terms = [t for t, _ in key_terms(snapshot, COCOA)]
    assert terms[0] == "cocoa"
    assert not any(ch.isdigit() for t in terms for ch in t)  # "1.25", "12/03/1987"
    assert all(snapshot.doc_frequency("body_stem", t) >= MIN_DOC_FREQ for t in terms)
    assert "temporao" not in terms  # in this article only: matches nothing else
    assert len(terms) <= KEY_TERMS


def test_a_story_on_the_same_subject_outranks_one_sharing_numbers_and_places(archive) -> None:
    ranked = [h.id for h in archive.similar("cocoa-review").hits]
    assert ranked[0] == "ghana-cocoa"
    assert "cocoa-review" not in ranked
