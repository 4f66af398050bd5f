"""A small archive of one story in several editions, for the edition-linking tests.

* ``talks``: one SETimes story in Serbian (Latin and Cyrillic), Turkish and Greek, linked by
  the URL path after the locale;
* ``dodik``: one story in Serbian and Croatian without URLs, linked by what the texts share;
* ``tourism``: an unrelated Croatian article of the same day as ``dodik``, never linked;
* ``kfor-en``/``kfor-hr``: one story whose two editions carry different addresses (a page
  saved under another name), linked by content.

Import the fixtures by their function names::

    from tests.search.editions_sample import editions_archive_fixture, editions_path_fixture
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive_search import Archive, Article

SETIMES = "http://setimes.com/cocoon/setimes/xhtml/{locale}/features/setimes/features/2013/05/30/feature-02"
TALKS_DAY = dt.date(2013, 5, 30)

TALKS_SR = Article(
    id="talks-sr",
    title="Vučić i Erdogan razgovarali u Ankari o ulaganjima",
    lede="Srbija i Turska dogovorile su saradnju vrednu 150 miliona evra.",
    body=[
        "Prvi potpredsednik vlade Srbije Aleksandar Vučić razgovarao je u četvrtak u Ankari "
        "sa turskim premijerom Redžepom Tajipom Erdoganom.",
        "Dogovoreno je da turske kompanije ulože 150 miliona evra u Novi Pazar i Kragujevac "
        "do 2015. godine.",
    ],
    author="Ivana Jovanović",
    place="Ankara",
    place_local="Ankara",
    published=TALKS_DAY,
    language="sr",
    section="features",
    url=SETIMES.format(locale="sr_Latn"),
)
TALKS_SR_CYRL = Article(
    id="talks-sr-cyrl",
    title="Вучић и Ердоган разговарали у Анкари о улагањима",
    lede="Србија и Турска договориле су сарадњу вредну 150 милиона евра.",
    body=[
        "Први потпредседник владе Србије Александар Вучић разговарао је у четвртак у Анкари "
        "са турским премијером Реџепом Тајипом Ердоганом.",
        "Договорено је да турске компаније уложе 150 милиона евра у Нови Пазар и Крагујевац "
        "до 2015. године.",
    ],
    author="Ивана Јовановић",
    place="Ankara",
    place_local="Анкара",
    published=TALKS_DAY,
    language="sr",
    section="features",
    url=SETIMES.format(locale="sr_Cyrl"),
)
TALKS_TR = Article(
    id="talks-tr",
    title="Vucic ve Erdoğan Ankara'da yatırımları görüştü",
    lede="Sırbistan ve Türkiye 150 milyon avroluk işbirliği konusunda anlaştı.",
    body=[
        "Sırbistan Başbakan Birinci Yardımcısı Aleksandar Vucic perşembe günü Ankara'da "
        "Başbakan Recep Tayyip Erdoğan ile bir araya geldi.",
        "Türk şirketleri 2015 yılına kadar Novi Pazar ve Kragujevac'a 150 milyon avro "
        "yatırım yapacak.",
    ],
    author="Ivana Jovanoviç",
    place="Ankara",
    published=TALKS_DAY,
    language="tr",
    section="features",
    url=SETIMES.format(locale="tr"),
)
TALKS_EL = Article(
    id="talks-el",
    title="Βούτσιτς και Ερντογάν συζήτησαν για επενδύσεις στην Άγκυρα",
    lede="Σερβία και Τουρκία συμφώνησαν συνεργασία 150 εκατ. ευρώ.",
    body=[
        "Ο πρώτος αντιπρόεδρος της σερβικής κυβέρνησης Αλεξάνταρ Βούτσιτς συναντήθηκε "
        "την Πέμπτη στην Άγκυρα με τον Τούρκο πρωθυπουργό Ρετζέπ Ταγίπ Ερντογάν.",
    ],
    author="Ιβάνα Γιοβάνοβιτς",
    place="Ankara",
    published=TALKS_DAY,
    language="el",
    section="features",
    url=SETIMES.format(locale="el"),
)

DODIK_DAY = dt.date(2011, 9, 22)
DODIK_SR = Article(
    id="dodik-sr",
    title="Dodik najavio referendum u Republici Srpskoj",
    body=[
        "Predsednik Republike Srpske Milorad Dodik izjavio je u Banjaluci da će referendum "
        "o pravosuđu biti održan 15. novembra.",
        "Visoki predstavnik Valentin Incko upozorio je da bi glasanje prekršilo Dejtonski "
        "sporazum iz 1995. godine, a Brisel je zapretio sankcijama.",
        "Prema anketi, 68 odsto birača podržava referendum.",
    ],
    author="Dražen Remiković",
    place="Banja Luka",
    published=DODIK_DAY,
    language="sr",
)
DODIK_HR = Article(
    id="dodik-hr",
    title="Dodik najavio referendum u Republici Srpskoj",
    body=[
        "Predsjednik Republike Srpske Milorad Dodik izjavio je u Banjoj Luci kako će "
        "referendum o pravosuđu biti održan 15. studenog.",
        "Visoki predstavnik Valentin Inzko upozorio je kako bi glasovanje prekršilo "
        "Daytonski sporazum iz 1995. godine, a Bruxelles je zaprijetio sankcijama.",
        "Prema anketi, 68 posto birača podržava referendum.",
    ],
    author="Dražen Remiković",
    place="Banja Luka",
    published=DODIK_DAY,
    language="hr",
)
TOURISM_HR = Article(
    id="tourism-hr",
    title="Rekordna turistička sezona na Jadranu",
    body=[
        "Hrvatska je ovog ljeta ugostila 11 milijuna turista, izvijestio je ministar "
        "turizma Veljko Ostojić u Zagrebu.",
        "Najviše gostiju stiglo je iz Njemačke i Austrije, a Dubrovnik i Split bilježe "
        "rast od 12 posto u odnosu na 2010. godinu.",
    ],
    author="Natasa Radic",
    place="Zagreb",
    published=DODIK_DAY,
    language="hr",
)

KFOR_DAY = dt.date(2012, 3, 12)
KFOR_EN = Article(
    id="kfor-en",
    title="KFOR commander meets Thaci in Pristina",
    body=[
        "KFOR commander Erhard Drews met Kosovo Prime Minister Hashim Thaci in Pristina "
        "on Monday to discuss the situation in the north.",
        "Drews said 550 German and Austrian troops would stay until the end of 2012.",
    ],
    author="Linda Karadaku",
    place="Pristina",
    published=KFOR_DAY,
    language="en",
    section="features",
    url="http://setimes.com/cocoon/setimes/xhtml/en_GB/features/setimes/features/2012/03/12/feature-01",
)
KFOR_HR = Article(
    id="kfor-hr",
    title="Zapovjednik KFOR-a sastao se s Thacijem u Prištini",
    body=[
        "Zapovjednik KFOR-a Erhard Drews sastao se u ponedjeljak u Prištini s kosovskim "
        "premijerom Hashimom Thacijem kako bi razgovarali o situaciji na sjeveru.",
        "Drews je rekao kako će 550 njemačkih i austrijskih vojnika ostati do kraja 2012.",
    ],
    author="Linda Karadaku",
    place="Pristina",
    published=KFOR_DAY,
    language="hr",
    section="features",
    # saved under another address: the tail differs from the English edition's
    url="http://setimes.com/cocoon/setimes/xhtml/hr/features/setimes/features/2012/03/12/feature-07",
)

ARTICLES = [
    TALKS_SR,
    TALKS_SR_CYRL,
    TALKS_TR,
    TALKS_EL,
    DODIK_SR,
    DODIK_HR,
    TOURISM_HR,
    KFOR_EN,
    KFOR_HR,
]


def build(path: Path) -> Archive:
    archive = Archive(path)
    archive.add(ARTICLES)
    return archive


@pytest.fixture(scope="session", name="editions_path")
def editions_path_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("editions") / "index"
    build(path).close()
    return path


@pytest.fixture(scope="session", name="editions_archive")
def editions_archive_fixture(editions_path: Path):  # type: ignore[no-untyped-def]
    with Archive(editions_path) as archive:
        yield archive
