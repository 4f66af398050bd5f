"""scripts/eval_stemming.py: Turkish paradigms, and the figures it prints."""

from __future__ import annotations

import pytest

from tests.loader import load_script

ev = load_script("eval_stemming")


def test_forms_follow_vowel_harmony_and_buffer_consonants() -> None:
    forms = ev.turkish_forms("ekonomi")
    for form in ("ekonomiler", "ekonomiyi", "ekonomiye", "ekonomide", "ekonominin", "ekonomisi"):
        assert form in forms
    assert "ekonomisinin" in forms and "ekonomisinde" in forms
    forms = ev.turkish_forms("seçim")
    assert {"seçimler", "seçimi", "seçime", "seçimde", "seçimin", "seçimleri"} <= set(forms)
    assert "kriz" + "de" in ev.turkish_forms("kriz") and "devlette" in ev.turkish_forms("devlet")
    assert "halkı" in ev.turkish_forms("halk") and "ülkesi" in ev.turkish_forms("ülke")


@pytest.mark.slow
def test_the_analysis_beats_plain_snowball_on_turkish_without_false_matches() -> None:
    ours = ev.turkish_scores(ev._ours("tr"))
    plain = ev.turkish_scores(ev._snowball("tr"))
    assert ours["forms"] == plain["forms"] == 15 * len(ev.TURKISH_BASES)
    assert ours["recall"] >= 0.95 > 0.75 > plain["recall"]
    assert ours["false_base_matches"] == 0


def test_greek_forms_and_scores() -> None:
    assert ev.greek_forms("κρίση") == ["κρίσης", "κρίσεις", "κρίσεων"]
    assert ev.greek_forms("Τουρκία") == ["Τουρκίας", "Τουρκίες", "Τουρκιών"]
    ours, plain = ev.greek_scores(ev._ours("el")), ev.greek_scores(ev._snowball("el"))
    assert ours["recall"] >= 0.95 > 0.8 > plain["recall"]
    assert ours["false_base_matches"] == 0
