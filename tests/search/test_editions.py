"""Editions linked: by address, by content, both ways, in ``Archive.editions`` and in search."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from archive_search import Archive, Article, Edition, errors
from archive_search.search.editions import content_features, match_score
from archive_search.search.request import SearchRequest
from archive_search.text.scripts import script_of
from tests.search.editions_sample import (
    DODIK_HR,
    DODIK_SR,
    TALKS_SR,
    TOURISM_HR,
    editions_archive_fixture,  # noqa: F401
    editions_path_fixture,  # noqa: F401
)

TALKS = {"talks-sr", "talks-sr-cyrl", "talks-tr", "talks-el"}


def linked(archive: Archive, article_id: str) -> dict[str, str]:
    return {e.id: e.via for e in archive.editions(article_id)}


def test_address_links_every_edition_both_ways(editions_archive) -> None:
    for member in TALKS:
        found = linked(editions_archive, member)
        assert set(found) == TALKS - {member}
        assert set(found.values()) == {"address"}


def test_editions_are_typed_records_with_language_script_title_and_url(editions_archive) -> None:
    editions = {e.id: e for e in editions_archive.editions("talks-sr")}
    cyrillic = editions["talks-sr-cyrl"]
    assert isinstance(cyrillic, Edition)
    assert (cyrillic.language, cyrillic.script) == ("sr", "Cyrl")
    assert cyrillic.title.startswith("Вучић")
    assert cyrillic.url.endswith("/sr_Cyrl/features/setimes/features/2013/05/30/feature-02")
    assert cyrillic.published == dt.date(2013, 5, 30)
    assert (editions["talks-el"].language, editions["talks-el"].script) == ("el", "Grek")
    assert editions["talks-tr"].to_dict() == {
        "id": "talks-tr",
        "language": "tr",
        "script": "Latn",
        "title": "Vucic ve Erdoğan Ankara'da yatırımları görüştü",
        "url": "http://setimes.com/cocoon/setimes/xhtml/tr/features/setimes/features/2013/05/30/feature-02",
        "published": "2013-05-30",
        "via": "address",
    }


def test_content_links_editions_without_urls_both_ways(editions_archive) -> None:
    assert linked(editions_archive, "dodik-sr") == {"dodik-hr": "content"}
    assert linked(editions_archive, "dodik-hr") == {"dodik-sr": "content"}


def test_an_unrelated_article_of_the_same_day_is_not_linked(editions_archive) -> None:
    assert editions_archive.editions("tourism-hr") == []
    assert "tourism-hr" not in linked(editions_archive, "dodik-sr")


def test_the_only_other_article_of_the_day_is_not_linked_when_unrelated(tmp_path) -> None:
    """No better rival decides it: the content share alone must stay under the threshold."""
    with Archive(tmp_path / "index") as archive:
        archive.add([DODIK_SR, TOURISM_HR])
        assert archive.editions(DODIK_SR.id) == []
        assert archive.editions(TOURISM_HR.id) == []


def test_editions_whose_addresses_differ_are_linked_by_content(editions_archive) -> None:
    assert linked(editions_archive, "kfor-en") == {"kfor-hr": "content"}
    assert linked(editions_archive, "kfor-hr") == {"kfor-en": "content"}


def test_an_unknown_id_is_not_found(editions_archive) -> None:
    with pytest.raises(errors.NotFoundError):
        editions_archive.editions("no-such-article")


def test_edition_key_is_stored_from_the_url(editions_archive) -> None:
    key = "setimes.com/features/setimes/features/2013/05/30/feature-02"
    assert editions_archive.get("talks-tr").edition_key == key
    assert editions_archive.get("dodik-sr").edition_key == ""


def test_a_translation_already_linked_by_address_is_not_replaced_by_content(tmp_path) -> None:
    """A story's edition in a language comes from its address; content adds no second one."""
    url = (
        "http://setimes.com/cocoon/setimes/xhtml/{}/features/setimes/features/2011/09/22/feature-05"
    )
    sr = dataclasses.replace(DODIK_SR, id="sr-url", url=url.format("sr_Latn"))
    hr = dataclasses.replace(DODIK_HR, id="hr-url", url=url.format("hr"))
    # a second Croatian copy without an address: the story has its Croatian edition already
    stray = dataclasses.replace(DODIK_HR, id="hr-stray", title="Dodik i referendum")
    with Archive(tmp_path / "index") as archive:
        archive.add([sr, hr, stray])
        assert linked(archive, "sr-url") == {"hr-url": "address"}


def test_a_key_shared_by_more_articles_than_one_story_has_links_nothing(tmp_path) -> None:
    """A site that puts one hreflang set on every page gives every page the same key."""
    pages = [
        Article(
            id=f"page-{n}",
            title=f"Story number {n}",
            body=[f"Text {n} about nothing in common."],
            language="en",
            published=dt.date(2015, 1, 1) + dt.timedelta(days=n),
            edition_key="site.example/en/section",
        )
        for n in range(25)
    ]
    with Archive(tmp_path / "index") as archive:
        archive.add(pages)
        assert archive.editions("page-3") == []


def test_a_different_section_is_never_linked_by_content(tmp_path) -> None:
    sr = dataclasses.replace(DODIK_SR, section="features")
    hr = dataclasses.replace(DODIK_HR, section="newsbriefs")
    with Archive(tmp_path / "index") as archive:
        archive.add([sr, hr])
        assert archive.editions(sr.id) == []


def test_another_day_is_never_linked_by_content(tmp_path) -> None:
    hr = dataclasses.replace(DODIK_HR, published=dt.date(2011, 9, 23))
    with Archive(tmp_path / "index") as archive:
        archive.add([DODIK_SR, hr])
        assert archive.editions(DODIK_SR.id) == []


# -- the pieces of content matching ---------------------------------------------------------
def test_features_meet_across_scripts_and_inflections() -> None:
    latin = Article(title="Vučić u Beogradu", body=["Premijer Vučić je rekao da je 1,5 odsto."])
    cyrillic = Article(title="Вучић у Београду", body=["Премијер Вучића је рекао да је 1.5 одсто."])
    a, b = content_features(latin), content_features(cyrillic)
    assert {"n:vucic", "n:beogr", "#15"} <= a & b
    assert match_score(a, b) == pytest.approx(1.0)


def test_sentence_openers_are_not_names_but_acronyms_are() -> None:
    features = content_features(Article(title="T", body=["Danas je NATO rekao. Sutra ne."]))
    assert "n:nato" in features
    assert "n:danas" not in features and "n:sutra" not in features


def test_unrelated_texts_score_low_and_translations_high() -> None:
    sr, hr, other = (content_features(a) for a in (DODIK_SR, DODIK_HR, TOURISM_HR))
    assert match_score(sr, hr) > 0.6
    assert match_score(sr, other) < 0.2


def test_script_of() -> None:
    assert script_of("Вучић и Ердоган") == "Cyrl"
    assert script_of("Βούτσιτς και Ερντογάν") == "Grek"
    assert script_of("Vučić i NATO") == "Latn"
    assert script_of("2014 -- 15") == ""


# -- search -----------------------------------------------------------------------------------
def test_expand_reaches_the_turkish_and_greek_editions_of_a_serbian_query(editions_archive) -> None:
    results = editions_archive.search("razgovarali ulaganjima", editions="expand")
    hit = results.hits[0]
    assert hit.id in {"talks-sr", "talks-sr-cyrl"}
    assert {e.id for e in hit.editions} == TALKS - {hit.id}
    assert {"tr", "el"} <= set(hit.languages)
    data = results.to_dict()["hits"][0]
    assert {e["id"] for e in data["editions"]} == TALKS - {hit.id}
    assert data["languages"] == ["el", "sr", "tr"]


def test_collapse_folds_a_storys_editions_into_one_hit(editions_archive) -> None:
    plain = editions_archive.search("Erdogan", editions="none", collapse=False)
    assert {h.id for h in plain.hits} >= {"talks-sr", "talks-sr-cyrl", "talks-tr"}
    assert all(h.editions is None for h in plain.hits)
    assert "editions" not in plain.to_dict()["hits"][0]
    folded = editions_archive.search("Erdogan", editions="collapse", collapse=False)
    assert len(folded.hits) == 1
    hit = folded.hits[0]
    assert {hit.id, *(e.id for e in hit.editions)} == {h.id for h in plain.hits}
    assert set(hit.languages) == {"sr", "tr"}
    assert folded.total == plain.total  # matching articles are still counted


def test_collapse_keeps_other_stories_apart_and_fills_the_page(editions_archive) -> None:
    results = editions_archive.search("referendum OR Erdogan", editions="collapse", limit=2)
    assert len(results.hits) == 2
    stories = [{h.id, *(e.id for e in h.editions)} for h in results.hits]
    assert {"dodik-sr", "dodik-hr"} in stories
    assert any(s & TALKS for s in stories)


def test_the_default_lists_every_edition_as_its_own_hit(editions_archive) -> None:
    assert SearchRequest("x").editions == "none"
    results = editions_archive.search("referendum")
    assert {h.id for h in results.hits} == {"dodik-sr", "dodik-hr"}


def test_a_bad_editions_value_is_a_usage_error(editions_archive) -> None:
    with pytest.raises(errors.UsageError, match="--editions"):
        editions_archive.search("x", editions="all")


def test_a_library_article_gets_its_key_without_being_changed(tmp_path) -> None:
    article = dataclasses.replace(TALKS_SR, id="fresh")
    with Archive(tmp_path / "index") as archive:
        archive.add([article])
        assert archive.get("fresh").edition_key.endswith("2013/05/30/feature-02")
    assert article.edition_key == ""
