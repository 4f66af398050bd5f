"""The dateline gazetteer: every edition's spelling and case of a city -> one English name."""

from __future__ import annotations

import pytest

from archive_search.text.places import canonical_place, display_case, resolve_place


@pytest.mark.parametrize(
    ("local", "canonical"),
    [
        # Belgrade in every script and case
        ("Belgrade", "Belgrade"), ("Beograda", "Belgrade"), ("Beogradu", "Belgrade"),
        ("Београда", "Belgrade"), ("Белград", "Belgrade"), ("Βελιγράδι", "Belgrade"),
        ("Belgrad", "Belgrade"), ("Beogradi", "Belgrade"),
        # the brief's examples
        ("Bucureşti", "Bucharest"), ("București", "Bucharest"), ("София", "Sofia"),
        ("Скопје", "Skopje"), ("Αθήνα", "Athens"), ("İstanbul", "Istanbul"),
        ("Istambula", "Istanbul"), ("Prishtina", "Pristina"), ("Prishtinë", "Pristina"),
        ("Prištine", "Pristina"), ("Приштина", "Pristina"),
        # capitals and main cities of the region, inflected
        ("Zagrebu", "Zagreb"), ("Sarajeva", "Sarajevo"), ("Sarajevu", "Sarajevo"),
        ("Podgorici", "Podgorica"), ("Tirane", "Tirana"), ("Tiranës", "Tirana"),
        ("Ankare", "Ankara"), ("Atine", "Athens"), ("Atini", "Athens"), ("Skoplja", "Skopje"),
        ("Shkupit", "Skopje"), ("Üsküp", "Skopje"), ("Saraybosna", "Sarajevo"),
        ("Novog Sada", "Novi Sad"), ("Novom Sadu", "Novi Sad"), ("Banjoj Luci", "Banja Luka"),
        ("Banje Luke", "Banja Luka"), ("Kosovske Mitrovice", "Mitrovica"), ("Rijeci", "Rijeka"),
        ("Kragujevca", "Kragujevac"), ("Солун", "Thessaloniki"), ("Θεσσαλονίκη", "Thessaloniki"),
        ("Selanik", "Thessaloniki"), ("Λευκωσία", "Nicosia"), ("Ljubljani", "Ljubljana"),
        # outside the region
        ("Brisela", "Brussels"), ("Bruxellesa", "Brussels"), ("Брюксел", "Brussels"),
        ("Βρυξέλλες", "Brussels"), ("Vašingtona", "Washington"), ("Washingtonu", "Washington"),
        ("Njujorka", "New York"), ("Ню Йорк", "New York"), ("Beča", "Vienna"), ("Beču", "Vienna"),
        ("Viena", "Vienna"), ("Βιέννη", "Vienna"), ("Hagu", "The Hague"), ("Moskve", "Moscow"),
        # spelling without diacritics, odd case
        ("BUCURESTI", "Bucharest"), ("beograd", "Belgrade"), ("Pristina", "Pristina"),
    ],
)  # fmt: skip
def test_known_places(local, canonical):
    assert canonical_place(local) == canonical


def test_resolve_keeps_the_written_form():
    assert resolve_place("Beograda") == ("Belgrade", "Beograda")
    assert resolve_place(" Bucureşti, ") == ("Bucharest", "Bucureşti")


@pytest.mark.parametrize(
    ("local", "display"),
    [("springfield", "Springfield"), ("SPRINGFIELD", "Springfield"), ("Gornji Milanovac", "Gornji Milanovac"),
     ("ATİNA", "Atina"), ("vila nova-de-gaia", "Vila Nova-De-Gaia")],
)  # fmt: skip
def test_display_case(local, display):
    assert display_case(local) == display


@pytest.mark.parametrize("local", ["Springfield", "Gornji Milanovac", "Vila Nova de Gaia", "xyz"])
def test_unknown_places_have_no_canonical_name(local):
    assert canonical_place(local) is None


def test_unknown_place_resolution():
    assert resolve_place("Gornji Milanovac") == ("Gornji Milanovac", "Gornji Milanovac")
    assert resolve_place("") == ("", "")
