#!/usr/bin/env python3
"""Build the shipped sample archive, ``data/setimes/``, from real SETimes text.

The only complete SETimes page we have is the seed. To give the parser, the
indexer and ``make run`` something realistic to chew on, this script lays the
61 real Serbian and Croatian SETimes articles of the UD treebanks out as the
pages a scraper would have saved from the sr_Latn, sr_Cyrl and hr editions of
setimes.com: HTML in two site layouts (and a print view), plain-text dumps in
the seed's format, some gzip-compressed, plus a list page and an error page
that must be skipped.

The text is real; everything else (layout, bylines, dates, places, URLs,
paragraphing, captions, Cyrillic transliteration) is generated, deterministically:
the same input gives the same bytes on every run, so ``data/`` can be checked
against a fresh build.

Usage::

    scripts/build_sample_archive.py [--source articles.json] [--out data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO / ".." / "shared" / "corpora" / "setimes-ud" / "articles.json"
DEFAULT_OUT = REPO / "data"
SUBDIR = "setimes"
#: The real page shipped beside the generated ones; never written by the builder.
SEED_NAME = "setimes-2014-03-10-nato-serbia-kfor.txt"
SITE = "http://setimes.com"
BRAND = "Southeast European Times"
FIRST_DAY, LAST_DAY = dt.date(2004, 1, 5), dt.date(2014, 12, 19)
#: Pages dated before this use the old table layout, later ones the 2009 redesign.
REDESIGN = dt.date(2009, 6, 1)
EDITIONS = ("sr_Latn", "sr_Cyrl", "hr")
#: Every edition of setimes.com: URL locale, HTML lang, name in the edition switcher.
ALL_LOCALES = (
    ("en_GB", "en", "English"),
    ("sq", "sq", "Shqip"),
    ("bs", "bs", "Bosanski"),
    ("bg", "bg", "Български"),
    ("hr", "hr", "Hrvatski"),
    ("el", "el", "Ελληνικά"),
    ("mk", "mk", "Македонски"),
    ("ro", "ro", "Română"),
    ("sr_Latn", "sr-Latn", "Srpski"),
    ("sr_Cyrl", "sr-Cyrl", "Српски"),
    ("tr", "tr", "Türkçe"),
)
LANG_CODES = {loc: code for loc, code, _ in ALL_LOCALES}

# -- Serbian Latin -> Cyrillic ------------------------------------------------------
_LAT2CYR = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzž",
        "абцчћдђефгхијклмнопрсштувзж",
        strict=True,
    )
)
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
#: Word beginnings where the letter pair is two sounds, not a digraph (nad|živeti).
_DIGRAPH_SPLITS = ("nadž", "podž", "injekc", "konjunk", "konjug", "tanjug")
_FOREIGN = re.compile(r"[qwxy]|[^\W\d_a-zčćđšž]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_SERBIAN_ONLY = re.compile(r"[čćđšž]", re.IGNORECASE)
_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w.-]+\.(?:com|org|net|rs|hr)\b")
_DATELINE = re.compile(
    r"^([A-ZČĆĐŠŽ]{2,}(?:[ -][A-ZČĆĐŠŽ]{2,})*)(?=, [A-ZČĆĐŠŽ][^\W\d_]+(?: [^\W\d_]+)* -- )"
)
KEEP_LATIN = (BRAND, "SETimes.com")


def _word_to_cyrillic(word: str) -> str:
    lower = word.lower()
    split = lower.startswith(_DIGRAPH_SPLITS)
    out, i = [], 0
    while i < len(word):
        pair = lower[i : i + 2]
        if pair in _DIGRAPHS and not (split and i < 4):
            cyr = _DIGRAPHS[pair]
            out.append(cyr.upper() if word[i].isupper() else cyr)
            i += 2
            continue
        cyr = _LAT2CYR.get(lower[i], word[i])
        out.append(cyr.upper() if word[i].isupper() else cyr)
        i += 1
    return "".join(out)


def _keeps_latin(word: str) -> bool:
    """Acronyms and brand-like words (NATO, EU, BiH, SETimes) and foreign spellings.

    A capitalised word with Serbian letters (NJEGOŠ) is a shouted word, not an acronym.
    """
    if _FOREIGN.search(word):
        return True
    return sum(c.isupper() for c in word) >= 2 and not _SERBIAN_ONLY.search(word)


def _plain_to_cyrillic(text: str, at_start: bool) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w if _keeps_latin(w) else _word_to_cyrillic(w)

    dateline = _DATELINE.match(text) if at_start else None
    if dateline:  # "BUKUREŠT, Rumunija -- ...": capitals that are a city, not an acronym
        head = " ".join(_word_to_cyrillic(w) for w in dateline.group(1).split(" "))
        return head + _WORD.sub(word, text[dateline.end() :])
    return _WORD.sub(word, text)


def to_cyrillic(text: str, keep: Sequence[str] = KEEP_LATIN) -> str:
    """Serbian Latin to Serbian Cyrillic, the way the sr_Cyrl edition printed it.

    lj, nj and dž become љ, њ and џ (except across a prefix, as in nadživeti);
    acronyms and mixed-case names (NATO, EU, BiH, SETimes), words with letters
    Serbian does not use (Krasniqi), URLs, e-mail addresses and the ``keep``
    phrases stay in Latin script.
    """
    alternatives = [
        _PROTECTED.pattern,
        *(re.escape(k) for k in sorted(keep, key=len, reverse=True)),
    ]
    out, pos = [], 0
    for m in re.finditer("|".join(alternatives), text):
        out += [_plain_to_cyrillic(text[pos : m.start()], pos == 0), m.group(0)]
        pos = m.end()
    out.append(_plain_to_cyrillic(text[pos:], pos == 0))
    return "".join(out)


# -- places, people and words of the editions --------------------------------------
@dataclass(frozen=True)
class Place:
    """A dateline city with the case forms a byline or caption needs."""

    english: str
    sr: tuple[str, str, str]  # nominative, genitive (iz ...), locative (u ...)
    hr: tuple[str, str, str]
    clues: tuple[str, ...]  # word stems that make this the likely dateline
    reporters: tuple[str, ...]


PLACES = (
    Place(
        "Belgrade",
        ("Beograd", "Beograda", "Beogradu"),
        ("Beograd", "Beograda", "Beogradu"),
        ("srbij", "beograd", "srpsk", "srbi ", "đinđić", "tadić", "koštunic"),
        ("Dragana Nikolić", "Milan Stojanović", "Jelena Marković", "Nikola Đurić"),
    ),
    Place(
        "Zagreb",
        ("Zagreb", "Zagreba", "Zagrebu"),
        ("Zagreb", "Zagreba", "Zagrebu"),
        ("hrvat", "zagreb"),
        ("Damir Horvat", "Ana Babić", "Goran Kovačević"),
    ),
    Place(
        "Sarajevo",
        ("Sarajevo", "Sarajeva", "Sarajevu"),
        ("Sarajevo", "Sarajeva", "Sarajevu"),
        ("bih", "bosn", "sarajev", "hercegovin"),
        ("Nedim Hasanović", "Mirela Tomić", "Amer Delić"),
    ),
    Place(
        "Podgorica",
        ("Podgorica", "Podgorice", "Podgorici"),
        ("Podgorica", "Podgorice", "Podgorici"),
        ("crnogor", "crne gore", "crnoj gori", "crna gora", "podgoric"),
        ("Biljana Radulović", "Marko Vuksanović"),
    ),
    Place(
        "Skopje",
        ("Skoplje", "Skoplja", "Skoplju"),
        ("Skopje", "Skopja", "Skopju"),
        ("makedon", "skoplj", "skopj"),
        ("Aleksandar Pavlevski", "Marija Trajkovska"),
    ),
    Place(
        "Pristina",
        ("Priština", "Prištine", "Prištini"),
        ("Priština", "Prištine", "Prištini"),
        ("kosov", "prištin", "unmik", "eulex", "euleks", "kfor"),
        ("Blerta Hoti", "Arben Ahmeti"),
    ),
    Place(
        "Tirana",
        ("Tirana", "Tirane", "Tirani"),
        ("Tirana", "Tirane", "Tirani"),
        ("albanij", "albansk", "tiran"),
        ("Erion Doda", "Jonida Lika"),
    ),
    Place(
        "Bucharest",
        ("Bukurešt", "Bukurešta", "Bukureštu"),
        ("Bukurešt", "Bukurešta", "Bukureštu"),
        ("rumunij", "rumunjsk", "rumunsk", "bukurešt"),
        ("Ioana Radu", "Andrei Manole"),
    ),
    Place(
        "Sofia",
        ("Sofija", "Sofije", "Sofiji"),
        ("Sofija", "Sofije", "Sofiji"),
        ("bugar", "sofij"),
        ("Ivan Dimitrov", "Milena Georgieva"),
    ),
    Place(
        "Athens",
        ("Atina", "Atine", "Atini"),
        ("Atena", "Atene", "Ateni"),
        ("grčk", "grk", "atin", "aten"),
        ("Nikos Mavridis", "Eleni Kostaki"),
    ),
    Place(
        "Istanbul",
        ("Istanbul", "Istanbula", "Istanbulu"),
        ("Istanbul", "Istanbula", "Istanbulu"),
        ("turs", "turk", "istanbul", "ankar"),
        ("Mehmet Demir", "Elif Arslan"),
    ),
    Place(
        "Nicosia",
        ("Nikozija", "Nikozije", "Nikoziji"),
        ("Nikozija", "Nikozije", "Nikoziji"),
        ("kipar", "kipr", "cipar", "cipr", "nikozij"),
        ("Andreas Nikolaidis",),
    ),
)

AGENCIES = ("AP", "Reuters", "AFP", "Beta", "Tanjug", "HINA", "BTA", "Mediafax", "MIA", "B92")
CREDITS = ("AFP", "Reuters", "AP", "Getty Images", "EPA", "SETimes")

# Words of the editions. sr_Cyrl uses the Serbian ones, transliterated.
# fmt: off
UI: dict[str, dict[str, Any]] = {
    "sr": {
        "tagline": "Vesti i analize iz Jugoistočne Evrope",
        "nav": ("Početna", "Vesti", "Članci", "Intervjui", "Mišljenja", "Pregled štampe", "Foto galerije", "Arhiva", "O nama"),
        "search": "Pretraga",
        "search_button": "Traži",
        "editions": "Izdanja",
        "crumbs": {"features": ("Početna", "Članci"), "newsbriefs": ("Početna", "Vesti")},
        "related": "Povezani članci",
        "share": ("Pošaljite prijatelju", "Verzija za štampu", "Podeli/Sačuvaj/Obeleži"),
        "commissioned": "Ovaj sadržaj je naručen za",
        "welcome": "Dobrodošli su vaši komentari na članke SETimes-a.",
        "policy": (
            "Nadamo se da ćete ovaj forum koristiti za razmenu mišljenja sa drugim čitaocima "
            "širom Jugoistočne Evrope. Kako bi ovo iskustvo bilo zanimljivo, molimo vas da "
            "poštujete pravila navedena u politici komentarisanja. Slanjem komentara pristajete "
            "na ova pravila. Iako {brand} podstiče diskusiju o svim temama, uključujući i "
            "osetljive, objavljeni komentari isključivo su stavovi njihovih autora. {brand} ne "
            "mora nužno da podržava ili se slaže sa idejama, stavovima ili mišljenjima iznetim u "
            "ovim komentarima. {brand} pozdravlja konstruktivnu diskusiju, ali ne podstiče "
            "korišćenje kopiranih materijala, linkova bez objašnjenja i parola od jednog reda. "
            "Ovo je moderisani forum. Uvredljivi komentari ili oni koji sadrže psovke možda neće "
            "biti objavljeni."
        ),
        "policy_link": "Pravila SETimes-a o komentarisanju",
        "comments": "Komentari",
        "comment_form": ("Pošaljite komentar", "Ime", "Komentar", "Pošalji"),
        "focus": "U fokusu: {topic}",
        "topics": ("Kosovo", "Izbori", "Ekonomija", "Evropske integracije", "Ukrajina"),
        "most_popular": "Najpopularnije",
        "poll": "Anketa",
        "vote": "Glasajte",
        "results": "Rezultati",
        "polls": (
            ("Da li bi zemlje regiona trebalo da ubrzaju pristupanje EU?", ("Da", "Ne", "Ne znam")),
            ("Da li verujete da će privatizacija pomoći ekonomiji?", ("Da", "Ne", "Ne znam")),
            ("Kako ocenjujete rad vlade u protekloj godini?", ("Dobro", "Loše", "Ne znam")),
            (
                "Da li bi Grčka trebalo da promeni način na koji postupa sa ilegalnim imigrantima?",
                ("Da", "Ne", "Ne znam"),
            ),
        ),
        "footer": ("O nama", "Kontakt", "Uslovi korišćenja", "Politika privatnosti", "RSS"),
        "rights": "Sva prava zadržana.",
        "byline": "{name} za {brand} iz {gen} -- {date}",
        "byline_inverted": "Za {brand} iz {gen} izveštava {name} -- {date}",
        "sources": "(Izvori: {agencies} -- {date})",
        "captions": (
            "Pogled na centar {gen}.",
            "Zgrada vlade u {loc}.",
            "Građani na ulicama {gen}.",
            "Konferencija za novinare u {loc}.",
            "Prolaznici u centru {gen}.",
            "Arhivska fotografija iz {gen}.",
        ),
        "weekdays": ("Ponedeljak", "Utorak", "Sreda", "Četvrtak", "Petak", "Subota", "Nedelja"),
        "months": ("januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar", "oktobar", "novembar", "decembar"),
        "archive": ("Arhiva članaka", "Strana {n}", "Prethodna", "Sledeća"),
        "print": ("Odštampajte ovu stranicu", "Zatvorite prozor", "Adresa članka"),
        "not_found": (
            "Stranica nije pronađena",
            "Tražena stranica ne postoji ili je premeštena. Pokušajte sa pretragom ili se vratite na početnu stranu.",
        ),
    },
    "hr": {
        "tagline": "Vijesti i analize iz jugoistočne Europe",
        "nav": ("Naslovnica", "Vijesti", "Članci", "Intervjui", "Mišljenja", "Pregled tiska", "Fotogalerije", "Arhiva", "O nama"),
        "search": "Pretraživanje",
        "search_button": "Traži",
        "editions": "Izdanja",
        "crumbs": {"features": ("Naslovnica", "Članci"), "newsbriefs": ("Naslovnica", "Vijesti")},
        "related": "Povezani članci",
        "share": ("Pošalji prijatelju", "Verzija za ispis", "Podijeli/Spremi/Označi"),
        "commissioned": "Ovaj je sadržaj naručen za",
        "welcome": "Pozdravljamo vaše komentare na članke SETimesa.",
        "policy": (
            "Nadamo se kako ćete ovaj forum koristiti za razmjenu mišljenja s drugim čitateljima "
            "diljem jugoistočne Europe. Kako bi ovo iskustvo bilo zanimljivo, molimo vas da "
            "poštujete pravila navedena u politici komentiranja. Slanjem komentara pristajete na "
            "ova pravila. Iako {brand} potiče raspravu o svim temama, uključujući i osjetljive, "
            "objavljeni komentari isključivo su stavovi njihovih autora. {brand} ne mora nužno "
            "podržavati niti se slagati s idejama, stavovima ili mišljenjima iznesenima u ovim "
            "komentarima. {brand} pozdravlja konstruktivnu raspravu, ali ne potiče korištenje "
            "kopiranih materijala, poveznica bez objašnjenja i parola od jednog retka. Ovo je "
            "moderirani forum. Uvredljivi komentari ili oni koji sadrže psovke možda neće biti "
            "objavljeni."
        ),
        "policy_link": "Pravila SETimesa o komentiranju",
        "comments": "Komentari",
        "comment_form": ("Pošaljite komentar", "Ime", "Komentar", "Pošalji"),
        "focus": "U fokusu: {topic}",
        "topics": ("Kosovo", "Izbori", "Gospodarstvo", "Europske integracije", "Ukrajina"),
        "most_popular": "Najpopularnije",
        "poll": "Anketa",
        "vote": "Glasujte",
        "results": "Rezultati",
        "polls": (
            ("Bi li zemlje regije trebale ubrzati pristupanje EU?", ("Da", "Ne", "Ne znam")),
            ("Vjerujete li da će privatizacija pomoći gospodarstvu?", ("Da", "Ne", "Ne znam")),
            ("Kako ocjenjujete rad vlade u protekloj godini?", ("Dobro", "Loše", "Ne znam")),
            (
                "Bi li Grčka trebala promijeniti način na koji postupa s ilegalnim imigrantima?",
                ("Da", "Ne", "Ne znam"),
            ),
        ),
        "footer": ("O nama", "Kontakt", "Uvjeti korištenja", "Zaštita privatnosti", "RSS"),
        "rights": "Sva prava pridržana.",
        "byline": "{name} za {brand} iz {gen} -- {date}",
        "byline_inverted": "Za {brand} iz {gen} izvješćuje {name} -- {date}",
        "sources": "(Izvori: {agencies} -- {date})",
        "captions": (
            "Pogled na središte {gen}.",
            "Zgrada vlade u {loc}.",
            "Građani na ulicama {gen}.",
            "Konferencija za novinare u {loc}.",
            "Prolaznici u središtu {gen}.",
            "Arhivska fotografija iz {gen}.",
        ),
        "weekdays": ("Ponedjeljak", "Utorak", "Srijeda", "Četvrtak", "Petak", "Subota", "Nedjelja"),
        "months": ("siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna", "listopada", "studenoga", "prosinca"),
        "archive": ("Arhiva članaka", "Stranica {n}", "Prethodna", "Sljedeća"),
        "print": ("Ispišite ovu stranicu", "Zatvorite prozor", "Adresa članka"),
        "not_found": (
            "Stranica nije pronađena",
            "Tražena stranica ne postoji ili je premještena. Pokušajte s tražilicom ili se vratite na naslovnicu.",
        ),
    },
}
# fmt: on


def _map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_map_strings(v, fn) for v in value)
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


@functools.cache
def ui(locale: str) -> dict[str, Any]:
    """The edition's page words (Cyrillic ones transliterated from the Serbian)."""
    if locale == "sr_Cyrl":
        placeholders = sorted(set(re.findall(r"\{\w+\}", json.dumps(UI["sr"], ensure_ascii=False))))
        keep = (*KEEP_LATIN, *placeholders)
        return _map_strings(UI["sr"], lambda s: to_cyrillic(s, keep))
    return UI["hr" if locale == "hr" else "sr"]


def _text_for(locale: str) -> Callable[[str], str]:
    return to_cyrillic if locale == "sr_Cyrl" else (lambda s: s)


# -- dates -------------------------------------------------------------------------
_WEEKDAYS = {
    "ponedeljak": 0, "ponedjeljak": 0, "utorak": 1, "sredu": 2, "srijedu": 2, "četvrtak": 3,
    "petak": 4, "subotu": 5, "nedelju": 6, "nedjelju": 6,
}  # fmt: skip
_MONTH_STEMS = (
    ("januar", 1), ("februar", 2), ("mart", 3), ("april", 4), ("maj", 5), ("jun", 6),
    ("jul", 7), ("avgust", 8), ("septemb", 9), ("oktob", 10), ("novemb", 11), ("decemb", 12),
    ("siječ", 1), ("veljač", 2), ("ožuj", 3), ("trav", 4), ("svib", 5), ("lip", 6),
    ("srp", 7), ("kolovoz", 8), ("ruj", 9), ("listopad", 10), ("studen", 11), ("prosin", 12),
)  # fmt: skip
_MENTION = re.compile(r"\b[uU] (" + "|".join(_WEEKDAYS) + r") \((\d{1,2})\.\s*([^\W\d_]+)\)")
_YEAR = re.compile(r"\b(19[89]\d|20[01]\d)\b")


def _month(word: str) -> int | None:
    word = word.lower()
    return next((n for stem, n in _MONTH_STEMS if word.startswith(stem)), None)


def _mentions(text: str) -> list[tuple[int, int, int]]:
    """(weekday, day, month) of "u petak (25. mart)"-style references in the text."""
    out = []
    for m in _MENTION.finditer(text):
        month = _month(m.group(3))
        if month:
            out.append((_WEEKDAYS[m.group(1)], int(m.group(2)), month))
    return out


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _fitting(mentions: list[tuple[int, int, int]], year: int) -> list[dt.date]:
    """The mentioned dates that fall on their weekday in that year."""
    dates = [(_valid(year, month, day), wd) for wd, day, month in mentions]
    return [d for d, wd in dates if d is not None and d.weekday() == wd]


def _weekday_fits(text: str, rng: random.Random, latest_year: int) -> dt.date | None:
    """A date just after the text's "on Friday (25 March)" references, in a year where they fit.

    The year where most references fit wins (a diary around New Year spans two);
    among equals, the one nearest the latest year the text mentions, later ones
    first: stories report what just happened.
    """
    mentions = _mentions(text)
    fits = [(y, _fitting(mentions, y)) for y in range(FIRST_DAY.year, LAST_DAY.year + 1)]
    fits = [(y, dates) for y, dates in fits if dates]
    if not fits:
        return None
    _, dates = min(fits, key=lambda f: (-len(f[1]), f[0] < latest_year, abs(f[0] - latest_year)))
    return max(dates) + dt.timedelta(days=rng.choice((0, 1, 1, 2)))


def plan_date(text: str, rng: random.Random) -> dt.date:
    """A plausible publication date: never before a year the text mentions as past,
    consistent with its weekday references, on a working day, within 2004-2014."""
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= LAST_DAY.year]
    first_year = max([FIRST_DAY.year, *years])
    date = _weekday_fits(text, rng, first_year)
    if date is None:
        start = max(FIRST_DAY, dt.date(first_year, 1, 1))
        date = start + dt.timedelta(days=rng.randrange((LAST_DAY - start).days + 1))
    while date.weekday() >= 5:
        date += dt.timedelta(days=1)
    return min(max(date, FIRST_DAY), LAST_DAY)


# -- the text ----------------------------------------------------------------------
_CLOSING_QUOTE_SPACE = re.compile(r'(\S) "(?=[,;:!?]|\.(?!\.))')
_CORRESPONDENT = re.compile(rf"Dopisni(?:k|ca) {BRAND}(?:-a|a)? ([A-ZČĆĐŠŽ]\w+ [A-ZČĆĐŠŽ]\w+)")
_NEWSBRIEF_LEDE = re.compile(r"^[A-ZČĆĐŠŽ -]{3,}, [^\W\d_][^-]* -- ")


def clean_sentence(sentence: str) -> str:
    """Undo the treebank's detokenisation slip of a space before a closing quote."""
    return " ".join(_CLOSING_QUOTE_SPACE.sub(r'\1"', sentence).split())


def _quote_open(sentences: Sequence[str]) -> bool:
    text = " ".join(sentences)
    return text.count('"') % 2 == 1 or text.count("„") > text.count("“")


def paragraphs(sentences: Sequence[str], rng: random.Random) -> list[str]:
    """Group body sentences into paragraphs of 1-3, never closing one inside a quotation."""
    out: list[str] = []
    current: list[str] = []
    target = rng.randint(1, 3)
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= target and not _quote_open(current):
            out.append(" ".join(current))
            current, target = [], rng.randint(1, 3)
    if current:
        out.append(" ".join(current))
    return out


def pick_place(text: str) -> Place:
    """The city the story most likely came from, by what the text talks about."""
    low = " " + text.lower()

    def score(place: Place) -> int:
        return sum(low.count(clue) for clue in place.clues)

    return max(PLACES, key=score)


# -- the plan: what is generated for each article -------------------------------------
@dataclass(frozen=True)
class Source:
    """One article of articles.json in one language."""

    doc: str
    number: str
    language: str  # "sr" or "hr"
    sentences: tuple[str, ...]


@dataclass
class Plan:
    """What the sr and hr editions of article N share."""

    number: str
    published: dt.date
    section: str  # "features" | "newsbriefs"
    slug: str
    place: Place
    author: str
    inverted_byline: bool
    agencies: tuple[str, ...]
    captions: tuple[tuple[int, str], ...]  # (template, credit), 0-2 of them
    saved: dt.date  # the day the scraper saved the page

    def path_after_locale(self) -> str:
        y, m, d = self.published.strftime("%Y %m %d").split()
        return f"{self.section}/setimes/{self.section}/{y}/{m}/{d}/{self.slug}"

    def url(self, locale: str) -> str:
        return f"{SITE}/cocoon/setimes/xhtml/{locale}/{self.path_after_locale()}"


@dataclass
class Story:
    """One article as one edition prints it: the ground truth of its pages."""

    plan: Plan
    locale: str
    title: str
    lede: str
    body: list[str]
    captions: list[tuple[str, str]]  # (text, credit)
    byline: str  # "" for news briefs
    sources_line: str  # "" for features
    kind: str = "html"  # html | html.gz | txt | txt.gz
    encoding: str = "utf-8"
    newline: str = "\n"
    related: list[Story] = field(default_factory=list)
    popular: list[Story] = field(default_factory=list)
    teaser: Story | None = None
    topic: str = ""
    poll: int = 0

    @property
    def url(self) -> str:
        return self.plan.url(self.locale)

    @property
    def summary(self) -> str:
        """What list pages and teasers show: the lede, or a brief's first paragraph."""
        return self.lede or self.body[0]

    @property
    def layout(self) -> str:
        return "classic" if self.plan.published < REDESIGN else "modern"

    @property
    def lang(self) -> str:
        return LANG_CODES[self.locale]

    def relpath(self) -> str:
        p = self.plan
        return f"{self.locale}/{p.published.year}/{p.published.isoformat()}-{p.slug}.{self.kind}"


def read_sources(path: Path) -> list[Source]:
    """The articles of articles.json; the "test" document is a sentence sample, not an article."""
    out = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        number = item["doc"].rsplit(".", 1)[-1]
        if not number.isdigit() or len(item["sentences"]) < 3:
            continue
        sentences = tuple(clean_sentence(s) for s in item["sentences"])
        out.append(Source(item["doc"], number, item["language"], sentences))
    return sorted(out, key=lambda s: (int(s.number), s.language))


def make_plans(sources: Sequence[Source]) -> dict[str, Plan]:
    """Dates, places, people and URLs, one set per article number, shared by its editions."""
    by_number: dict[str, list[Source]] = {}
    for src in sources:
        by_number.setdefault(src.number, []).append(src)
    plans: dict[str, Plan] = {}
    taken: set[tuple[dt.date, str, str]] = set()
    for number in sorted(by_number, key=int):
        versions = sorted(by_number[number], key=lambda s: s.language != "sr")
        plans[number] = _plan_one(number, versions, taken)
    return plans


def _plan_one(number: str, versions: list[Source], taken: set[tuple[dt.date, str, str]]) -> Plan:
    rng = random.Random(f"setimes-sample-{number}")
    text = " ".join(versions[0].sentences)
    published = plan_date(text, rng)
    briefs = _NEWSBRIEF_LEDE.match(versions[0].sentences[1])
    section = "newsbriefs" if briefs else "features"
    prefix, top = ("nb", 12) if briefs else ("feature", 4)
    n = rng.randint(1, top)
    while (published, section, f"{n:02d}") in taken:
        n = n % top + 1
    taken.add((published, section, f"{n:02d}"))
    place = pick_place(versions[0].sentences[0] + " " + text)
    named = _CORRESPONDENT.search(" ".join(versions[0].sentences[:2]))
    author = named.group(1) if named else rng.choice(place.reporters)
    n_captions = 0 if briefs else rng.choice((0, 1, 1, 1, 2))
    captions = tuple(
        (rng.randrange(len(UI["sr"]["captions"])), rng.choice(CREDITS)) for _ in range(n_captions)
    )
    saved = min(published + dt.timedelta(days=rng.randint(0, 400)), dt.date(2015, 3, 30))
    return Plan(
        number=number,
        published=published,
        section=section,
        slug=f"{prefix}-{n:02d}",
        place=place,
        author=author,
        inverted_byline=rng.random() < 0.15,
        agencies=tuple(sorted(rng.sample(AGENCIES, rng.randint(1, 3)), key=AGENCIES.index)),
        captions=captions,
        saved=saved,
    )


def _signature(plan: Plan, locale: str) -> tuple[str, str]:
    """The byline of a feature, or the sources line that closes a news brief."""
    lang = "hr" if locale == "hr" else "sr"
    t = _text_for(locale)
    when = plan.published.strftime("%d/%m/%y")
    if plan.section == "newsbriefs":
        head = t(UI[lang]["sources"].split("{agencies}")[0])
        return "", f"{head}{', '.join(plan.agencies)} -- {when})"
    pattern = str(UI[lang]["byline_inverted" if plan.inverted_byline else "byline"])
    forms = plan.place.hr if lang == "hr" else plan.place.sr
    return t(pattern.format(name=plan.author, brand=BRAND, gen=forms[1], date=when)), ""


def make_story(src: Source, plan: Plan, locale: str) -> Story:
    """The article as the given edition shows it.

    A news brief has no lede: its text opens with the dateline sentence
    ("BUKUREŠT, Rumunija -- ..."), as on setimes.com.
    """
    lang = "hr" if locale == "hr" else "sr"
    t = _text_for(locale)
    forms = plan.place.hr if lang == "hr" else plan.place.sr
    templates: Sequence[str] = UI[lang]["captions"]
    captions = [
        (t(templates[i].format(gen=forms[1], loc=forms[2])), credit) for i, credit in plan.captions
    ]
    brief = plan.section == "newsbriefs"
    byline, sources_line = _signature(plan, locale)
    rng = random.Random(f"paragraphs-{src.doc}")
    return Story(
        plan=plan,
        locale=locale,
        title=t(src.sentences[0]),
        lede="" if brief else t(src.sentences[1]),
        body=[t(p) for p in paragraphs(src.sentences[1 if brief else 2 :], rng)],
        captions=captions,
        byline=byline,
        sources_line=sources_line,
    )


def plan_archive(source: Path) -> list[Story]:
    """Every article page of the sample archive, with what a parser should find in it."""
    sources = read_sources(source)
    plans = make_plans(sources)
    stories = []
    for src in sources:
        locales = ("sr_Latn", "sr_Cyrl") if src.language == "sr" else ("hr",)
        stories.extend(make_story(src, plans[src.number], loc) for loc in locales)
    stories.sort(key=lambda s: (s.plan.published, s.locale, s.plan.slug))
    _dress(stories)
    return stories


_KINDS = ("html", "html.gz", "txt", "txt.gz")
_KIND_EDGES = (0.3, 0.65, 0.8)


def _dress(stories: list[Story]) -> None:
    """Choose each page's format and its sidebars (other real headlines of the edition)."""
    for locale in EDITIONS:
        edition = [s for s in stories if s.locale == locale]
        for story in edition:
            rng = random.Random(f"dress-{story.plan.number}-{locale}")
            roll = rng.random()
            story.kind = _KINDS[sum(roll >= edge for edge in _KIND_EDGES)]
            others = [s for s in edition if s is not story]
            story.related = rng.sample(others, min(3, len(others)))
            story.popular = rng.sample(others, min(5, len(others)))
            story.teaser = rng.choice(others) if others else None
            story.topic = rng.choice(ui(locale)["topics"])
            story.poll = rng.randrange(len(UI["sr"]["polls"]))
    _quirks(stories)


def _quirks(stories: list[Story]) -> None:
    """A few pages the way old servers and other scrapers left them."""
    for locale, codec in (("sr_Latn", "windows-1250"), ("sr_Cyrl", "windows-1251")):
        old = [
            s for s in stories if s.locale == locale and s.kind == "html" and s.layout == "classic"
        ]
        if old:
            old[0].encoding = codec
    dumps = [s for s in stories if s.locale == "hr" and s.kind == "txt"]
    if dumps:
        dumps[0].newline = "\r\n"


# -- rendering helpers ---------------------------------------------------------------
def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def _href(locale: str, path: str) -> str:
    return f"/cocoon/setimes/xhtml/{locale}/{path}"


def _long_date(date: dt.date, locale: str) -> str:
    words = ui(locale)
    day = words["weekdays"][date.weekday()]
    month = words["months"][date.month - 1]
    return f"{day}, {date.day}. {month} {date.year}."


def _policy(locale: str, brand: str) -> str:
    return " ".join(ui(locale)["policy"].replace("{brand}", brand).split())


def _editions(story_path: str) -> list[str]:
    """Links to the same article in every edition (most of them are not in the sample)."""
    return [
        f'<a href="{_href(loc, story_path)}" hreflang="{code}" lang="{code}">{esc(name)}</a>'
        for loc, code, name in ALL_LOCALES
    ]


def _insert_points(story: Story) -> tuple[int, int]:
    """Where the related box and the second photo sit inside the body."""
    n = len(story.body)
    return max(1, (n * 3) // 5), min(max(1, (n * 3) // 4), n - 1)


# -- plain-text dumps (the seed's shape) ----------------------------------------------
def render_text(story: Story) -> str:
    """The page's visible text, as the seed was saved: article, then the page furniture."""
    w = ui(story.locale)
    blocks: list[tuple[str, int]] = [(story.title, 2)] + ([(story.lede, 1)] if story.lede else [])
    if story.byline:
        blocks.append((story.byline, 2))
    captions = [f"{text} [{credit}]" for text, credit in story.captions]
    if captions:
        blocks.append((captions[0], 1))
    related_at, photo_at = _insert_points(story)
    for i, para in enumerate(story.body):
        if i == photo_at and len(captions) > 1:
            blocks[-1] = (blocks[-1][0], 2)
            blocks.append((captions[1], 1))
        blocks.append((para, 1))
        if i + 1 == related_at:
            blocks.append((w["related"], 2))
    if story.sources_line:
        blocks.append((story.sources_line, 1))
    share = "\n".join(f"  • {'icon ' if i == 1 else ''}{s}" for i, s in enumerate(w["share"]))
    blocks.append((f"{w['commissioned']}\n{share}", 1))
    blocks += [(w["welcome"], 1), (_policy(story.locale, ""), 1), (w["policy_link"], 1)]
    teaser = story.teaser or story
    blocks += [
        (w["focus"].format(topic=story.topic), 2),
        (teaser.title + teaser.title, 1),
        (teaser.summary, 1),
        ("SETimes logo", 1),
        (w["most_popular"], 3),
    ]
    question, options = w["polls"][story.poll]
    blocks += [(question, 1), (options[-1], -1)]
    text = "".join(block + "\n" * (blank + 1) for block, blank in blocks)
    return text.replace("\n", story.newline)


# -- HTML ---------------------------------------------------------------------------
def _photo_modern(story: Story, i: int) -> str:
    text, credit = story.captions[i]
    src = f"/cocoon/setimes/images/{story.plan.published:%Y/%m/%d}/{story.plan.slug}-{i + 1}.jpg"
    return (
        f'<figure class="story-photo"><img src="{src}" alt="" width="300" height="200">\n'
        f'<figcaption>{esc(text)} <span class="credit">[{esc(credit)}]</span></figcaption></figure>'
    )


def _photo_classic(story: Story, i: int) -> str:
    text, credit = story.captions[i]
    src = f"/cocoon/setimes/images/{story.plan.published:%Y%m%d}_{story.plan.slug}_{i + 1}.jpg"
    return (
        '<table class="photo" align="right" cellpadding="0" cellspacing="0">'
        f'<tr><td><img src="{src}" alt="" width="250" height="170" /></td></tr>\n'
        f'<tr><td class="caption">{esc(text)} [{esc(credit)}]</td></tr></table>'
    )


def _wrap(start: str, text: str, end: str) -> str:
    """An element around escaped text, or nothing when there is no text."""
    return f"{start}{esc(text)}{end}" if text else ""


def _links(stories: Iterable[Story], tag: str = "li") -> str:
    return "\n".join(f'<{tag}><a href="{attr(s.url)}">{esc(s.title)}</a></{tag}>' for s in stories)


def _poll(story: Story, heading: str) -> str:
    w = ui(story.locale)
    question, options = w["polls"][story.poll]
    radios = "\n".join(
        f'<label><input type="radio" name="poll" value="{i}"> {esc(o)}</label><br>'
        for i, o in enumerate(options, 1)
    )
    return (
        f'{heading}\n<form class="poll-form" action="/cocoon/setimes/poll" method="post">\n'
        f'<p class="question">{esc(question)}</p>\n{radios}\n'
        f'<button type="submit">{esc(w["vote"])}</button> '
        f'<a href="/cocoon/setimes/poll/results">{esc(w["results"])}</a>\n</form>'
    )


def _policy_html(locale: str) -> str:
    brand = '<img src="/cocoon/setimes/images/setimes-name.gif" alt="">'
    w = ui(locale)
    return (
        f"<p><strong>{esc(w['welcome'])}</strong></p>\n"
        f"<p>{esc(_policy(locale, '@@')).replace('@@', brand)}</p>\n"
        f'<p><a href="/cocoon/setimes/xhtml/{locale}/document/setimes/policy/comments">'
        f"{esc(w['policy_link'])}</a></p>"
    )


def _share(story: Story, sep: str) -> str:
    w = ui(story.locale)
    mail, printing, bookmark = w["share"]
    return sep.join(
        (
            f'<a href="mailto:?subject={quote(story.title)}&amp;body={quote(story.url)}">{esc(mail)}</a>',
            f'<a href="{attr(story.url)}?page=1&amp;print=yes"><img src="/cocoon/setimes/images/icon_print.gif" alt="icon"> {esc(printing)}</a>',
            f'<a href="http://www.addtoany.com/share_save?linkurl={attr(story.url)}">{esc(bookmark)}</a>',
        )
    )


def _body_modern(story: Story) -> str:
    w = ui(story.locale)
    related_at, photo_at = _insert_points(story)
    parts = []
    for i, para in enumerate(story.body):
        if i == photo_at and len(story.captions) > 1:
            parts.append(_photo_modern(story, 1))
        parts.append(f"<p>{esc(para)}</p>")
        if i + 1 == related_at:
            parts.append(
                f'<aside class="related"><h2>{esc(w["related"])}</h2>\n<ul>\n'
                f"{_links(story.related)}\n</ul></aside>"
            )
    if story.sources_line:
        parts.append(f'<p class="sources">{esc(story.sources_line)}</p>')
    return "\n".join(parts)


def render_modern(story: Story) -> str:
    """The 2009-2015 site: HTML5, the article in <article>, sidebars in <aside>."""
    w = ui(story.locale)
    p = story.plan
    nav = "\n".join(
        f'<li><a href="/cocoon/setimes/xhtml/{story.locale}/{slug}">{esc(label)}</a></li>'
        for slug, label in zip(_NAV_SLUGS, w["nav"], strict=True)
    )
    crumbs = " › ".join(f'<a href="#">{esc(c)}</a>' for c in w["crumbs"][p.section])
    photo = _photo_modern(story, 0) if story.captions else ""
    byline = f'<p class="story-byline">{esc(story.byline)}</p>' if story.byline else ""
    teaser = story.teaser or story
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
<meta charset="{story.encoding}">
<title>{esc(story.title)} | SETimes.com</title>
<meta name="description" content="{attr(story.summary)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{attr(story.url)}">
<link rel="stylesheet" href="/cocoon/setimes/css/setimes-2009.css">
<link rel="alternate" type="application/rss+xml" title="SETimes.com RSS" href="/cocoon/setimes/rss/{story.locale}/setimes.rss">
<script src="/cocoon/setimes/js/jquery-1.3.2.min.js"></script>
<script>var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-2637514-1']); _gaq.push(['_trackPageview']);</script>
</head>
<body class="{p.section} story">
<div id="wrapper">
<header id="masthead">
<a class="logo" href="/cocoon/setimes/xhtml/{story.locale}/homepage/setimes/homepage"><img src="/cocoon/setimes/images/setimes-logo.png" alt="SETimes logo"></a>
<p class="tagline">{esc(w["tagline"])}</p>
<p class="today">{esc(_long_date(p.saved, story.locale))}</p>
<form class="search" action="/cocoon/setimes/search" method="get"><label for="q">{esc(w["search"])}</label> <input id="q" name="q" type="search"> <button type="submit">{esc(w["search_button"])}</button></form>
<nav class="editions" aria-label="{attr(w["editions"])}"><ul>
{"".join(f"<li>{a}</li>" for a in _editions(p.path_after_locale()))}
</ul></nav>
</header>
<nav id="main-nav"><ul>
{nav}
</ul></nav>
<div id="content">
<main id="main">
<p class="breadcrumbs">{crumbs}</p>
<article class="story-{p.section}">
<header>
<h1 class="story-title">{esc(story.title)}</h1>
{_wrap('<p class="story-summary">', story.lede, "</p>")}
{byline}
</header>
{photo}
<div class="story-body">
{_body_modern(story)}
</div>
<footer class="story-tools">
<p class="commissioned">{esc(w["commissioned"])} <img src="/cocoon/setimes/images/setimes-com.gif" alt=""></p>
<ul class="share"><li>{_share(story, "</li><li>")}</li></ul>
</footer>
</article>
<section id="comments">
<h2>{esc(w["comments"])}</h2>
<div class="comments-policy">
{_policy_html(story.locale)}
</div>
{_comment_form(story.locale)}
</section>
</main>
<aside id="sidebar">
<section class="focus"><h2>{esc(w["focus"].format(topic=story.topic))}</h2>
<a class="thumb" href="{attr(teaser.url)}"><img src="/cocoon/setimes/images/focus/{teaser.plan.slug}.jpg" alt="{attr(teaser.title)}"></a>
<h3><a href="{attr(teaser.url)}">{esc(teaser.title)}</a></h3>
<p>{esc(teaser.summary)}</p></section>
<section class="most-popular"><h2>{esc(w["most_popular"])}</h2>
<ol>
{_links(story.popular)}
</ol></section>
<section class="poll">
{_poll(story, f"<h2>{esc(w['poll'])}</h2>")}
</section>
</aside>
</div>
<footer id="site-footer">
<ul>{"".join(f'<li><a href="#">{esc(x)}</a></li>' for x in w["footer"])}</ul>
<p>© {p.saved.year} {BRAND}. {esc(w["rights"])}</p>
</footer>
</div>
</body>
</html>
"""


_NAV_SLUGS = (
    "homepage/setimes/homepage",
    "newsbriefs/setimes/newsbriefs",
    "features/setimes/features",
    "features/setimes/interviews",
    "features/setimes/articles",
    "features/setimes/roundup",
    "features/setimes/photogalleries",
    "features/setimes/archive",
    "document/setimes/about",
)


def _comment_form(locale: str) -> str:
    heading, name, comment, send = ui(locale)["comment_form"]
    return (
        f'<form class="comment-form" action="/cocoon/setimes/comments" method="post">\n'
        f"<h3>{esc(heading)}</h3>\n"
        f'<label>{esc(name)} <input name="name"></label>\n'
        f'<label>{esc(comment)} <textarea name="comment" rows="5" cols="40"></textarea></label>\n'
        f'<button type="submit">{esc(send)}</button>\n</form>'
    )


def _body_classic(story: Story) -> str:
    _, photo_at = _insert_points(story)
    parts = []
    for i, para in enumerate(story.body):
        if i == photo_at and len(story.captions) > 1:
            parts.append(_photo_classic(story, 1))
        parts.append(f"<p>{esc(para)}</p>")
        if i == 0 and story.captions:
            parts.append(_photo_classic(story, 0))
    if story.sources_line:
        parts.append(f"<p><i>{esc(story.sources_line)}</i></p>")
    return "\n".join(parts)


def render_classic(story: Story) -> str:
    """The 2004-2009 site: XHTML in layout tables, sidebars in a right-hand column."""
    w = ui(story.locale)
    p = story.plan
    nav = "\n".join(
        f'<tr><td class="menuItem"><a href="/cocoon/setimes/xhtml/{story.locale}/{slug}">{esc(label)}</a></td></tr>'
        for slug, label in zip(_NAV_SLUGS, w["nav"], strict=True)
    )
    byline = f'<div class="byline">{esc(story.byline)}</div>' if story.byline else ""
    teaser = story.teaser or story
    charset = story.encoding
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="{story.lang}" xml:lang="{story.lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>SETimes.com - {esc(story.title)}</title>
<link rel="canonical" href="{attr(story.url)}" />
<link href="/cocoon/setimes/css/setimes.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/cocoon/setimes/js/setimes.js"></script>
</head>
<body>
<table id="page" width="980" cellpadding="0" cellspacing="0" border="0">
<tr><td colspan="3" id="top">
<a href="/cocoon/setimes/xhtml/{story.locale}/homepage/setimes/homepage"><img src="/cocoon/setimes/images/logo_setimes.gif" alt="SETimes logo" border="0" /></a>
<div id="languages">{esc(w["editions"])}: {" | ".join(_editions(p.path_after_locale()))}</div>
<form id="searchForm" action="/cocoon/setimes/search" method="get"><input type="text" name="q" size="20" /> <input type="submit" value="{attr(w["search_button"])}" /></form>
</td></tr>
<tr>
<td id="leftNav" width="160" valign="top"><table class="menu" cellpadding="0" cellspacing="0">
{nav}
</table></td>
<td id="mainContent" width="560" valign="top">
<div class="articleBox">
<div class="title"><h1>{esc(story.title)}</h1></div>
{_wrap('<div class="teaser"><b>', story.lede, "</b></div>")}
{byline}
<div class="articleText">
{_body_classic(story)}
</div>
<div class="tools">{esc(w["commissioned"])} <img src="/cocoon/setimes/images/setimes_com.gif" alt="" /><br />
{_share(story, " | ")}</div>
<div class="commentsPolicy">
{_policy_html(story.locale)}
</div>
</div>
</td>
<td id="rightCol" width="260" valign="top">
<div class="box related"><div class="boxTitle">{esc(w["related"])}</div>
<ul>
{_links(story.related)}
</ul></div>
<div class="box focus"><div class="boxTitle">{esc(w["focus"].format(topic=story.topic))}</div>
<a href="{attr(teaser.url)}"><img src="/cocoon/setimes/images/focus_{teaser.plan.slug}.jpg" alt="{attr(teaser.title)}" border="0" /></a>
<a class="focusTitle" href="{attr(teaser.url)}">{esc(teaser.title)}</a><br />
{esc(teaser.summary)}</div>
<div class="box popular"><div class="boxTitle">{esc(w["most_popular"])}</div>
<ol>
{_links(story.popular)}
</ol></div>
<div class="box poll">
{_poll(story, f'<div class="boxTitle">{esc(w["poll"])}</div>')}
</div>
</td></tr>
<tr><td colspan="3" id="footer">{" | ".join(f'<a href="#">{esc(x)}</a>' for x in w["footer"])}<br />
Copyright © {p.saved.year} {BRAND}. {esc(w["rights"])}</td></tr>
</table>
</body>
</html>
"""


def render_print(story: Story) -> str:
    """The ``?page=1&print=yes`` view: the article alone, same canonical URL."""
    w = ui(story.locale)
    print_this, close, address = w["print"]
    photos = "\n".join(f'<p class="caption">{esc(t)} [{esc(c)}]</p>' for t, c in story.captions)
    body = "\n".join(f"<p>{esc(x)}</p>" for x in story.body)
    sources = f"<p>{esc(story.sources_line)}</p>" if story.sources_line else ""
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{esc(story.title)}</title>
<link rel="canonical" href="{attr(story.url)}">
<link rel="stylesheet" href="/cocoon/setimes/css/print.css" media="all">
</head>
<body class="print" onload="window.print()">
<div class="print-tools"><a href="javascript:window.print()">{esc(print_this)}</a> | <a href="javascript:window.close()">{esc(close)}</a></div>
<img src="/cocoon/setimes/images/setimes-logo-print.gif" alt="SETimes logo">
<h1>{esc(story.title)}</h1>
{_wrap("<p><strong>", story.lede, "</strong></p>")}
{_wrap("<p><em>", story.byline, "</em></p>")}
{photos}
{body}
{sources}
<hr>
<p class="print-url">{esc(address)}: {esc(story.url)}?page=1&amp;print=yes</p>
</body>
</html>
"""


def render_archive(stories: Sequence[Story], locale: str) -> str:
    """A list page: real headlines and ledes, links, no article of its own."""
    w = ui(locale)
    title, page, previous, following = w["archive"]
    items = "\n".join(
        f'<div class="item">\n<h2><a href="{attr(s.url)}">{esc(s.title)}</a></h2>\n'
        f'<p class="date">{s.plan.published:%d.%m.%Y}.</p>\n<p class="summary">{esc(s.summary)}</p>\n</div>'
        for s in stories
    )
    url = f"{SITE}/cocoon/setimes/xhtml/{locale}/features/setimes/archive/features"
    return f"""<!DOCTYPE html>
<html lang="{LANG_CODES[locale]}">
<head>
<meta charset="utf-8">
<title>{esc(title)} | SETimes.com</title>
<link rel="canonical" href="{url}">
</head>
<body class="archive">
<header id="masthead"><a class="logo" href="/cocoon/setimes/xhtml/{locale}/homepage/setimes/homepage"><img src="/cocoon/setimes/images/setimes-logo.png" alt="SETimes logo"></a>
<p class="tagline">{esc(w["tagline"])}</p></header>
<main id="main">
<h1>{esc(title)}</h1>
<p class="page">{esc(page.format(n=1))}</p>
{items}
<p class="pager"><span class="disabled">{esc(previous)}</span> | <a href="{url}?page=2">{esc(following)}</a></p>
</main>
<footer id="site-footer"><p>© 2014 {BRAND}. {esc(w["rights"])}</p></footer>
</body>
</html>
"""


def render_not_found(locale: str) -> str:
    """The error page the server answered for a vanished article (saved with status 200)."""
    w = ui(locale)
    title, text = w["not_found"]
    home = "/cocoon/setimes/xhtml/" + locale + "/homepage/setimes/homepage"
    return f"""<!DOCTYPE html>
<html lang="{LANG_CODES[locale]}">
<head>
<meta charset="utf-8">
<title>SETimes.com - {esc(title)}</title>
</head>
<body class="error">
<header id="masthead"><a class="logo" href="{home}"><img src="/cocoon/setimes/images/setimes-logo.png" alt="SETimes logo"></a></header>
<main id="main">
<h1>{esc(title)}</h1>
<p>{esc(text)}</p>
<p><a href="{home}">{esc(str(w["nav"][0]))}</a></p>
</main>
</body>
</html>
"""


# -- writing -------------------------------------------------------------------------
def encode(text: str, encoding: str) -> bytes:
    """Bytes as a server in that charset sent them (characters it lacks as references)."""
    return text.encode(encoding, errors="xmlcharrefreplace")


def page_bytes(story: Story) -> bytes:
    if story.kind.startswith("txt"):
        data = encode(render_text(story), "utf-8")
    else:
        render = render_classic if story.layout == "classic" else render_modern
        data = encode(render(story), story.encoding)
    return gzip.compress(data, compresslevel=9, mtime=0) if story.kind.endswith(".gz") else data


def extra_pages(stories: Sequence[Story]) -> dict[str, bytes]:
    """The print view of one article, an archive list page and an error page."""
    out: dict[str, bytes] = {}
    printable = [
        s for s in stories if s.locale == "sr_Latn" and s.kind.startswith("html") and s.byline
    ]
    if printable:
        story = printable[len(printable) // 2]
        stem = story.relpath().split(".")[0]
        out[f"{stem}-print.html"] = encode(render_print(story), "utf-8")
    latest = [s for s in stories if s.locale == "sr_Latn"][-12:][::-1]
    out["sr_Latn/archive/features-page-1.html"] = encode(render_archive(latest, "sr_Latn"), "utf-8")
    # Articles are feature-01..04 of their day, so this address never names one of them.
    out["hr/2012/2012-05-14-feature-05.html"] = encode(render_not_found("hr"), "utf-8")
    return out


def build(source: Path, out_dir: Path) -> list[Path]:
    """Write the sample archive under ``out_dir/setimes``; return the files written.

    The folder is rebuilt from scratch so nothing stale survives; nothing
    outside it (the seed page, the README) is touched.
    """
    target = out_dir / SUBDIR
    stories = plan_archive(source)
    files = {s.relpath(): page_bytes(s) for s in stories}
    files.update(extra_pages(stories))
    if target.exists():
        shutil.rmtree(target)
    written = []
    for rel in sorted(files):
        path = target / rel
        if path.name == SEED_NAME:
            raise RuntimeError(f"refusing to overwrite the seed page {SEED_NAME}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="setimes-ud articles.json"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder to write setimes/ into"
    )
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.error(f"no such file: {args.source}")
    written = build(args.source, args.out)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {size:,} bytes, under {args.out / SUBDIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
