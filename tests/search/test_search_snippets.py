"""Snippets: fragments around the matches, with spans that point at the matched words."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive_search.search.querying import HighlightPlan, PhraseSpec
from archive_search.search.results import FRAGMENT_SEPARATOR
from archive_search.search.snippets import (
    MAX_FRAGMENTS,
    Highlighter,
    _phrase_matches,
    fragment,
    merge_spans,
    phrase_spans,
)
from archive_search.text.analysis import exact_tokens
from tests.search.sample import archive_fixture, archive_path_fixture  # noqa: F401


def hit(results, article_id: str):  # type: ignore[no-untyped-def]
    return next(h for h in results.hits if h.id == article_id)


def test_spans_point_at_the_matched_words(archive) -> None:
    snippet = hit(archive.search("kumanovo dikovic"), "kfor-serbia").snippet
    assert snippet.source == "body"
    assert [w.lower() for w in snippet.highlighted()] == ["kumanovo", "dikovic"]
    for start, end in snippet.highlights:
        assert snippet.text[start:end].lower() in {"kumanovo", "dikovic"}


def test_stemmed_and_folded_matches_are_highlighted_as_written(archive) -> None:
    snippet = hit(archive.search("troop patrol"), "albania-army").snippet
    assert snippet.highlighted() == ["Troops", "patrolled"]
    snippet = hit(archive.search("dikovic"), "srbija-nato").snippet
    assert snippet.highlighted() == ["Diković"]
    snippet = hit(archive.search("beograd"), "beograd-cyr").snippet
    assert snippet.highlighted() == ["Београду"]


def test_a_phrase_is_highlighted_as_one_span_and_only_where_it_occurs(archive) -> None:
    snippet = hit(archive.search('"serbian army"'), "kfor-serbia").snippet
    assert snippet.highlighted() == ["Serbian army"]
    # "army" alone elsewhere in the text is not part of the phrase match
    snippet = hit(archive.search('"northern border"'), "albania-army").snippet
    assert snippet.highlighted() == ["northern border"]


def test_proximity_matches_highlight_their_words(archive) -> None:
    snippet = hit(archive.search('"army kfor"~5'), "kfor-serbia").snippet
    assert snippet.highlighted() == ["army", "KFOR"]


def test_excluded_words_are_not_highlighted(archive) -> None:
    snippet = hit(archive.search("army -kumanovo"), "albania-army").snippet
    assert snippet.highlighted() == ["army"]


def test_function_words_beside_content_words_are_not_highlighted(archive) -> None:
    snippet = hit(archive.search("the pipeline"), "long-report").snippet
    assert {w.lower() for w in snippet.highlighted()} == {"pipeline"}


def test_lede_is_the_snippet_when_the_body_does_not_match(archive) -> None:
    snippet = hit(archive.search("dubrovnik"), "adriatic-tourism").snippet
    assert snippet.source == "lede"
    assert snippet.text.startswith("Dubrovnik expects")
    assert snippet.highlighted() == ["Dubrovnik"]


def test_title_is_the_snippet_when_neither_body_nor_lede_match(archive) -> None:
    result = hit(archive.search("title:reform"), "albania-army")
    assert result.snippet.source == "title"
    assert result.snippet.text == "Army reform in Albania"
    assert result.snippet.highlighted() == ["reform"]
    assert [result.title[a:b] for a, b in result.title_highlights] == ["reform"]


def test_long_text_gives_up_to_three_fragments_cut_at_boundaries(archive) -> None:
    snippet = hit(archive.search("pipeline"), "long-report").snippet
    pieces = snippet.text.split(FRAGMENT_SEPARATOR)
    assert 2 <= len(pieces) <= MAX_FRAGMENTS
    assert len(snippet.text) < 700
    assert all(p.strip() for p in pieces)
    assert all(snippet.text[a:b].lower() == "pipeline" for a, b in snippet.highlights)
    assert "\n" not in snippet.text


def test_snippets_can_be_turned_off(archive) -> None:
    results = archive.search("kumanovo", snippets=False)
    assert results.hits[0].snippet.text == ""


# -- the fragmenter on its own --------------------------------------------------------
def test_short_text_is_shown_whole_with_whitespace_squeezed() -> None:
    text = "First  paragraph.\n\nSecond one mentions Kosovo."
    snippet = fragment(text, [(text.index("Kosovo"), text.index("Kosovo") + 6)])
    assert snippet.text == "First paragraph. Second one mentions Kosovo."
    assert snippet.highlighted() == ["Kosovo"]


def test_fragments_start_at_sentence_starts_and_end_at_sentence_ends() -> None:
    filler = "Nothing happens in this sentence at all. " * 12
    text = filler + "Then the word Kosovo appears once. " + filler
    start = text.index("Kosovo")
    snippet = fragment(text, [(start, start + 6)])
    assert "Then the word Kosovo appears once." in snippet.text
    assert snippet.highlighted() == ["Kosovo"]
    first = snippet.text.lstrip("…").lstrip()
    assert first[0].isupper()


def test_fragments_cut_mid_sentence_at_word_boundaries_with_an_ellipsis() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    start = words.index("word200")
    snippet = fragment(words, [(start, start + len("word200"))])
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert all(piece.startswith("word") for piece in snippet.text.strip("…").split())
    assert snippet.highlighted() == ["word200"]


def test_phrase_spans_exact_and_near() -> None:
    occurrences = [[(0, 0, 7), (5, 30, 37)], [(1, 8, 12), (9, 50, 54)]]
    assert phrase_spans(PhraseSpec("body", ("serbian", "army")), occurrences) == [(0, 12)]
    near = phrase_spans(PhraseSpec("body", ("serbian", "army"), slop=4, ordered=False), occurrences)
    assert sorted(near) == [(0, 7), (8, 12), (30, 37), (50, 54)]
    assert phrase_spans(PhraseSpec("body", ("a", "b")), [[(0, 0, 1)], []]) == []


def test_merge_spans() -> None:
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 10)]) == [(0, 4), (5, 10)]


# pieces of text that tokenize in every way the exact field knows: joined by dots or
# commas, acronyms, numbers, diacritics and Cyrillic, punctuation with and without
# spaces, and characters that are parts of words without being letters
_PIECES = [
    "serbian",
    "army",
    "Serbian",
    "ARMY",
    "army's",
    "serbian-army",
    "U.S.",
    "u.s",
    "3,500",
    "1.5",
    "srpska",
    "vojska",
    "Srpska",
    "Војска",
    "српска",
    "Đukanović",
    "djukanovic",
    "soft\u00adhyphen",
    "zero\u200bwidth",
    "café",
    "e\u0301",
    "--",
    "—",
    "(",
    ")",
    ".",
    ",",
    ";",
    "\n\n",
    " ",
    "  ",
    "\t",
    "said",
    "the",
    "of",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), min_size=1, max_size=3),
    st.sampled_from([("serbian", "army"), ("srpska", "vojska"), ("army", "army"), ("us", "army")]),
    st.sampled_from([None, "en", "sr"]),
)
# two stretches that widen into one another (found by this test): each match once
@example(texts=["serbian--army's--serbian-army"], words=("serbian", "army"), language=None)
def test_exact_phrases_are_found_as_in_the_whole_texts_tokens(texts, words, language) -> None:
    """Reading only the stretches where the words stand together finds every match."""
    phrase = PhraseSpec("body", words)
    got = Highlighter(HighlightPlan())._phrase(phrase, texts, language)
    assert got == [_phrase_matches([phrase], exact_tokens(t, language)) for t in texts]


def test_near_phrases_are_read_whole() -> None:
    phrase = PhraseSpec("body", ("serbian", "army"), slop=3, ordered=False)
    text = "The army, said the Serbian minister. Army units."
    got = Highlighter(HighlightPlan())._phrase(phrase, [text], "en")
    assert got == [_phrase_matches([phrase], exact_tokens(text, "en"))]
    assert {text[a:b] for a, b in got[0]} == {"army", "Serbian", "Army"}
