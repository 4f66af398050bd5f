"""A small indexed archive shared by the search tests.

Test modules import the fixtures by their function names (which differ from
the fixture names, so that test arguments do not shadow an import)::

    from tests.search.sample import archive_fixture, archive_path_fixture, ids

Each article is there to exercise something: stemming, script and diacritic
folding, a near-identical wire copy, a lede-only match, an undated article,
long bodies for fragments, several languages, authors and places.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_search import Archive, Article
from archive_search.article import Caption

KFOR = Article(
    id="kfor-serbia",
    title="NATO and Serbia strive to strengthen co-operation in Kosovo",
    lede="In hopes of smoothing relations between Pristina and Belgrade, KFOR meets the army.",
    body=[
        "The Serbian army and KFOR held talks in Kumanovo on Monday.",
        "Officials said the co-operation would continue. General Ljubisa Dikovic attended "
        "the meeting, which focused on the border.",
    ],
    captions=[Caption("KFOR soldiers patrol near Gazimestan.", "AFP")],
    author="Ivana Jovanovic",
    place="Belgrade",
    place_local="Beograd",
    published=dt.date(2014, 3, 10),
    language="en",
    section="features",
    url="http://setimes.com/en/kfor-serbia",
)
ELECTIONS = Article(
    id="kosovo-elections",
    title="Kosovo elections pass calmly",
    body=["Voters in Pristina went to the polls on Sunday.", "Turnout was higher than expected."],
    author="Linda Karadaku",
    place="Pristina",
    published=dt.date(2013, 11, 3),
    language="en",
    section="news",
)
SRBIJA = Article(
    id="srbija-nato",
    title="Srbija i NATO jačaju saradnju",
    body=[
        "Srpska vojska i KFOR održali su sastanak u Kumanovu.",
        "Sastanku je prisustvovao Diković.",
    ],
    author="Ivana Jovanović",
    place="Belgrade",
    place_local="Beograd",
    published=dt.date(2014, 3, 11),
    language="sr",
    section="Features",
)
CYRILLIC = Article(
    id="beograd-cyr",
    title="Састанак у Београду",
    body=["Министри су се састали у Београду у понедељак."],
    author="Марко Петровић",
    place="Belgrade",
    published=dt.date(2014, 4, 2),
    language="sr",
    section="news",
)
WIRE_A = Article(
    id="wire-brussels",
    title="EU foreign ministers meet on enlargement",
    body=[
        "European Union foreign ministers met on Tuesday to discuss enlargement to the "
        "Western Balkans, officials said.",
        "Croatia is expected to join first, and talks with Montenegro and Serbia will "
        "follow once the reports of the commission are ready.",
    ],
    author="Staff and agencies",
    place="Brussels",
    published=dt.date(2012, 5, 2),
    language="en",
    section="news",
    url="http://example.org/a/wire",
)
WIRE_B = Article(
    id="wire-sofia",
    title="EU foreign ministers meet on enlargement",
    body=[
        "European Union foreign ministers met on Tuesday to discuss enlargement to the "
        "Western Balkans, officials said.",
        "Croatia is expected to join first, and talks with Montenegro and Serbia will "
        "follow once the reports of the commission are ready. Bulgaria watched closely.",
    ],
    author="Staff and agencies",
    place="Sofia",
    published=dt.date(2012, 5, 3),
    language="en",
    section="news",
    url="http://example.org/b/wire",
)
ALBANIA = Article(
    id="albania-army",
    title="Army reform in Albania",
    body=[
        "Troops from the Albanian army patrolled the northern border after the reform.",
        "The defence ministry said the soldiers had new equipment.",
    ],
    author="Erl Murati and Linda Karadaku",
    place="Tirana",
    published=dt.date(2010, 6, 15),
    language="en",
    section="features",
)
TOURISM = Article(
    id="adriatic-tourism",
    title="Tourism grows on the coast",
    lede="Dubrovnik expects a record season as visitors return to the Adriatic.",
    body=["Hotel bookings rose by a fifth compared with last year.", "Airlines added flights."],
    author="Natasa Radic",
    place="Zagreb",
    published=dt.date(2002, 7, 1),
    language="en",
    section="business",
)
TURKEY = Article(
    id="istanbul-meeting",
    title="Erdoğan hosts regional leaders in İstanbul",
    body=["Prime Minister Recep Tayyip Erdoğan welcomed the leaders to İstanbul on Friday."],
    author="Alakbar Raufoglu",
    place="Istanbul",
    published=dt.date(2011, 9, 9),
    language="en",
    section="news",
)
UNDATED = Article(
    id="undated-note",
    title="Editorial note on the archive",
    body=["This note about the army archive has no date."],
    language="en",
    section="notes",
)
LONG = Article(
    id="long-report",
    title="A long report on regional energy",
    body=[
        "The pipeline project was first discussed in Sofia in the spring. " * 3
        + "Engineers surveyed the route across the mountains for several months.",
        "Financing remained uncertain for a long time, and several banks withdrew. " * 3
        + "Then the pipeline consortium signed a new agreement with the governments.",
        "Local communities asked for compensation. " * 4
        + "Construction of the pipeline is expected to start next year.",
    ],
    author="Svetla Dimitrova",
    place="Sofia",
    published=dt.date(2009, 1, 20),
    language="en",
    section="business",
)

ARTICLES = [
    KFOR,
    ELECTIONS,
    SRBIJA,
    CYRILLIC,
    WIRE_A,
    WIRE_B,
    ALBANIA,
    TOURISM,
    TURKEY,
    UNDATED,
    LONG,
]


def build(path: Path) -> Archive:
    archive = Archive(path)
    archive.add(ARTICLES)
    return archive


@pytest.fixture(scope="session", name="archive_path")
def archive_path_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "index"
    build(path).close()
    return path


@pytest.fixture(scope="session", name="archive")
def archive_fixture(archive_path: Path):  # type: ignore[no-untyped-def]
    with Archive(archive_path) as opened:
        yield opened


def ids(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in results.hits]
