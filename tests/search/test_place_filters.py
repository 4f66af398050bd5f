"""Place filters against the whole gazetteer: every form of a city selects it, both ways.

An article may carry its place as the canonical English name, as the local form
the dateline used (any case, any script), or both; a filter may be written in any
of those forms too. Each must find the other.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from archive_search import Archive, Article
from archive_search.text.places import gazetteer, place_forms, search_keys

# Serbian/Macedonian Latin -> Cyrillic, digraphs first: a place typed in the other script.
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
_LETTERS = dict(
    zip(
        "abvgdđežzijklmnoprstćufhcčš",
        "абвгдђежзијклмнопрстћуфхцчш",
        strict=True,
    )
)


def cyrillic(text: str) -> str:
    out, i, low = [], 0, text.lower()
    while i < len(low):
        pair = low[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(low[i], low[i]))
        i += 1
    return "".join(out)


def plain(text: str) -> str:
    """Without diacritics, as typed on an English keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "dj").replace("Đ", "Dj"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _local(spellings: tuple[str, ...]) -> str:
    return spellings[1] if len(spellings) > 1 else spellings[0]


@pytest.fixture(scope="module")
def places_archive(tmp_path_factory):
    """Two articles per known city: one placed by its English name, one by a local form only."""
    articles = []
    for n, (canonical, spellings) in enumerate(gazetteer().items()):
        articles.append(
            Article(
                id=f"en-{n}", title="Dispatch", body=[f"Dispatch {n} in English."], place=canonical
            )
        )
        articles.append(
            Article(
                id=f"local-{n}",
                title="Dispatch",
                body=[f"Dispatch {n} from the edition."],
                place_local=_local(spellings),
            )
        )
    with Archive(tmp_path_factory.mktemp("places") / "index") as archive:
        archive.add(articles)
        yield archive


def _found(archive: Archive, place: str) -> set[str]:
    results = archive.search("dispatch", place=place, limit=50, snippets=False, suggest=False)
    return {hit.id for hit in results.hits}


def _written_forms(spellings: tuple[str, ...]) -> set[str]:
    """Each spelling as listed, in capitals and small letters, without diacritics (Latin
    and Greek: a Cyrillic letter with a mark is another letter), and a Serbian-Latin one
    in Cyrillic."""
    forms = set()
    for spelling in spellings:
        forms |= {spelling, spelling.upper(), spelling.lower()}
        latin = not re.search("[\u0400-\u04ff]", spelling)
        if latin:
            forms.add(plain(spelling))
        if re.fullmatch("[a-zčćšžđ ]+", spelling.lower()):
            forms.add(cyrillic(spelling))
    return forms


@pytest.mark.parametrize("canonical", list(gazetteer()))
def test_every_form_of_a_place_selects_it_both_ways(places_archive, canonical) -> None:
    n = list(gazetteer()).index(canonical)
    wanted = {f"en-{n}", f"local-{n}"}
    forms = _written_forms(gazetteer()[canonical]) | place_forms(canonical)
    wrong = {}
    for form in sorted(forms):
        found = _found(places_archive, form)
        if found != wanted:
            wrong[form] = sorted(found)
    assert not wrong, f"{canonical}: {wrong}"


def test_a_place_the_gazetteer_does_not_know_matches_itself(tmp_path) -> None:
    article = Article(id="x", title="Dispatch", body=["Dispatch."], place="Gornji Milanovac")
    with Archive(tmp_path / "index") as archive:
        archive.add([article])
        assert _found(archive, "gornji milanovac") == {"x"}
        assert _found(archive, "GORNJI MILANOVAC") == {"x"}
        assert _found(archive, "Belgrade") == set()


def test_search_keys_are_the_value_and_its_canonical_name() -> None:
    assert search_keys("Beogradu") == ("beogradu", "belgrade")
    assert search_keys("Београд") == ("beograd", "belgrade")
    assert search_keys("Springfield") == ("springfield",)
