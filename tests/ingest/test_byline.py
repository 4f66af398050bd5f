"""Bylines and newsbrief source lines in every edition's wording."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.ingest.byline import (
    make_date,
    normalise_authors,
    parse_byline,
    parse_lone_date,
    parse_sources,
)

D = dt.date(2014, 3, 10)


@pytest.mark.parametrize(
    ("text", "author", "place", "place_local", "date", "language"),
    [
        ("By Ivana Jovanovic for Southeast European Times in Belgrade -- 10/03/14",
         "Ivana Jovanovic", "Belgrade", "Belgrade", D, "en"),
        ("Photos and text by Nerdjivane Morina for Southeast European Times in Pristina – 28/02/11",
         "Nerdjivane Morina", "Pristina", "Pristina", dt.date(2011, 2, 28), "en"),
        ("By Ivana Jovanovic for Southeast European Times -- 10/03/14",
         "Ivana Jovanovic", "", "", D, "en"),
        ("By Biljana Pekusic and Igor Jovanovic for Southeast European Times in Belgrade - 10/03/14",
         "Biljana Pekusic and Igor Jovanovic", "Belgrade", "Belgrade", D, "en"),
        ("Drago Bojic za Southeast European Times iz Beograda -- 08/06/07",
         "Drago Bojic", "Belgrade", "Beograda", dt.date(2007, 6, 8), ""),
        ("Ana Ivanović i Drago Bojić za Southeast European Times u Beogradu -- 08/06/07",
         "Ana Ivanović and Drago Bojić", "Belgrade", "Beogradu", dt.date(2007, 6, 8), ""),
        ("Za Southeast European Times iz Istambula izvještava Alakbar Raufoglu -- 12/05/09",
         "Alakbar Raufoglu", "Istanbul", "Istambula", dt.date(2009, 5, 12), ""),
        ("Za Southeast European Times iz Beograda izveštava Ivana Jovanović — 12/05/09",
         "Ivana Jovanović", "Belgrade", "Beograda", dt.date(2009, 5, 12), "sr"),
        ("de Paul Ciocoiu pentru Southeast European Times din Bucureşti -- 10/03/14",
         "Paul Ciocoiu", "Bucharest", "Bucureşti", D, "ro"),
        ("Fotografii şi text de Paul Ciocoiu şi Ana Pop pentru Southeast European Times din Cluj -- 10/03/14",
         "Paul Ciocoiu and Ana Pop", "Cluj-Napoca", "Cluj", D, "ro"),
        ("Southeast European Times için İstanbul'dan Menekşe Tokyay'ın haberi -- 10/03/14",
         "Menekşe Tokyay", "Istanbul", "İstanbul", D, "tr"),
        ("Southeast European Times için Ankara'dan Aslı Bayram ve Ayşe Karabat'ın haberi -- 10/03/14",
         "Aslı Bayram and Ayşe Karabat", "Ankara", "Ankara", D, "tr"),
        ("Του Ανδρέα Παπαδόπουλου για τους Southeast European Times από την Αθήνα -- 10/03/14",
         "Ανδρέα Παπαδόπουλου", "Athens", "Αθήνα", D, "el"),
        ("Του Ανδρέα Παπαδόπουλου και του Γιώργου Νίκα για τους Southeast European Times από τη Θεσσαλονίκη -- 10/03/14",
         "Ανδρέα Παπαδόπουλου and Γιώργου Νίκα", "Thessaloniki", "Θεσσαλονίκη", D, "el"),
        ("Светла Димитрова за Southeast European Times от София -- 10/03/14",
         "Светла Димитрова", "Sofia", "София", D, "bg"),
        ("Марија Јованова за Southeast European Times од Скопје — 10/03/14",
         "Марија Јованова", "Skopje", "Скопје", D, "mk"),
        ("Linda Karadaku për Southeast European Times nga Prishtina - 10/03/14",
         "Linda Karadaku", "Pristina", "Prishtina", D, "sq"),
        ("Linda Karadaku dhe Safet Kabashi për Southeast European Times nga Tirana -- 10/03/14",
         "Linda Karadaku and Safet Kabashi", "Tirana", "Tirana", D, "sq"),
        ("Ивана Јовановић за Southeast European Times из Београда -- 10/03/14",
         "Ивана Јовановић", "Belgrade", "Београда", D, "sr"),
        ("Ивана Јовановић и Драго Бојић за Southeast European Times из Новог Сада -- 10/03/14",
         "Ивана Јовановић and Драго Бојић", "Novi Sad", "Новог Сада", D, "sr"),
        ("By Jane Doe for Southeast European Times in Springfield -- 10/03/14",
         "Jane Doe", "Springfield", "Springfield", D, "en"),
        ("By Jane Doe for Southeast European Times in ZAGREB 10/03/2014",
         "Jane Doe", "Zagreb", "ZAGREB", D, "en"),
        ("By Jane Doe for Southeast European Times in Belgrade", "Jane Doe", "Belgrade", "Belgrade",
         None, "en"),
    ],
)  # fmt: skip
def test_byline_forms(text, author, place, place_local, date, language):
    byline = parse_byline(text)
    assert byline is not None
    assert byline.author == author
    assert (byline.place, byline.place_local) == (place, place_local)
    assert byline.published == date
    assert byline.language == language


@pytest.mark.parametrize("dash", ["-", "--", "–", "—", " ", "---"])
def test_every_dash(dash):
    byline = parse_byline(
        f"By Ivana Jovanovic for Southeast European Times in Belgrade {dash} 10/03/14"
    )
    assert byline is not None and byline.published == D


@pytest.mark.parametrize("bad", ["31/02/14", "00/00/00", "10/13/14", "32/01/14"])
def test_impossible_dates_give_no_date(bad):
    byline = parse_byline(f"By Ivana Jovanovic for Southeast European Times in Belgrade -- {bad}")
    assert byline is not None
    assert byline.published is None
    assert byline.author == "Ivana Jovanovic"


@pytest.mark.parametrize(
    "text",
    [
        "He told Southeast European Times in Belgrade -- 10/03/14",
        "The Southeast European Times is a news website funded by the US European Command.",
        "By Ivana Jovanovic -- 10/03/14",
        "Rodic said Serbian citizens trust KFOR more than any other institution in Kosovo.",
        "By " + "very long name " * 30 + "for Southeast European Times -- 10/03/14",
    ],
)
def test_not_bylines(text):
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    ("text", "date", "sources", "language"),
    [
        ("(Sources: AP, Reuters -- 10/03/14)", D, "AP, Reuters", "en"),
        ("(Source: Reuters - 10/03/14)", D, "Reuters", "en"),
        ("(AP, Reuters, RFE/RL - 10/03/14)", D, "AP, Reuters, RFE/RL", ""),
        ("(Izvori: Beta, Tanjug -- 10/03/14)", D, "Beta, Tanjug", ""),
        ("(Извори: МИА, Утрински весник -- 10/03/14)", D, "МИА, Утрински весник", ""),
        ("(Surse: Mediafax, Agerpres – 10/03/14)", D, "Mediafax, Agerpres", "ro"),
        ("(Kaynak: Hürriyet -- 10/03/14)", D, "Hürriyet", "tr"),
        ("(Kaynaklar: AA, Hürriyet -- 10/03/14)", D, "AA, Hürriyet", "tr"),
        ("(Πηγές: Καθημερινή, ΑΠΕ -- 10/03/14)", D, "Καθημερινή, ΑΠΕ", "el"),
        ("(Burime: Koha Ditore, KTV -- 10/03/14)", D, "Koha Ditore, KTV", "sq"),
        ("(Източници: БТА, Дневник -- 10/03/14)", D, "БТА, Дневник", "bg"),
        ("(Sources: AP, Reuters -- 31/02/14)", None, "AP, Reuters", "en"),
        ("(Sources: AP, Reuters)", None, "AP, Reuters", "en"),
    ],
)
def test_source_lines(text, date, sources, language):
    line = parse_sources(text)
    assert line is not None
    assert line.published == date
    assert line.sources == sources
    assert line.language == language
    assert line.author == ""


@pytest.mark.parametrize(
    "text",
    [
        "(He said so. Then it rained -- 10/03/14)",
        "The talks resumed on Monday (March 10th).",
        "(AP, Reuters)",
        "By Ivana Jovanovic for Southeast European Times -- 10/03/14",
    ],
)
def test_not_source_lines(text):
    assert parse_sources(text) is None


def test_dates_and_lone_dates():
    assert make_date("10", "03", "14") == D
    assert make_date(10, 3, 2014) == D
    assert make_date("29", "02", "12") == dt.date(2012, 2, 29)
    assert make_date("29", "02", "13") is None
    assert make_date("x", "1", "1") is None
    assert parse_lone_date("10/03/14") == (True, D)
    assert parse_lone_date(" -- 00/00/00") == (True, None)
    assert parse_lone_date("on 10/03/14") == (False, None)


@pytest.mark.parametrize(
    ("names", "normalised"),
    [
        ("A i B", "A and B"),
        ("A и B", "A and B"),
        ("A și B", "A and B"),
        ("A şi B", "A and B"),
        ("A ve B", "A and B"),
        ("A και B", "A and B"),
        ("A dhe B", "A and B"),
        ("A, B and C", "A, B and C"),
        ("  A   B  ", "A B"),
    ],
)
def test_author_conjunctions(names, normalised):
    assert normalise_authors(names) == normalised


@pytest.mark.parametrize(
    "text",
    [
        "Qehaja said in a statement for SETimes.",
        "Qehaja said in a statement for Southeast European Times",
        "Zyrtarët e KQZ-së gjatë një takimi. [Linda Karadaku/SETimes]",
        "Interviews were given to SETimes in Belgrade last week.",
    ],
)
def test_prose_naming_the_paper_is_no_byline(text):
    assert parse_byline(text) is None


def test_short_brand_and_name_particles():
    byline = parse_byline("By Jean de la Fontaine for SETimes.com in Brussels -- 10/03/14")
    assert byline is not None
    assert (byline.author, byline.place, byline.published) == ("Jean de la Fontaine", "Brussels", D)
    assert (
        parse_byline("By J. R. Smith for Southeast European Times -- 10/03/14").author
        == "J. R. Smith"
    )
    line = parse_sources("(Sources: SETimes, AP -- 10/03/14)")
    assert line is not None and line.sources == "SETimes, AP"


def test_two_digit_years_never_land_in_the_future():
    from archive_search.ingest.byline import make_date

    assert make_date("10", "03", "14") == dt.date(2014, 3, 10)
    assert make_date("31", "12", "99") == dt.date(1999, 12, 31)
    assert make_date("01", "01", "2999") is None
