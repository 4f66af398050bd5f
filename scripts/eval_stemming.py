#!/usr/bin/env python3
"""How well a base word finds its suffixed forms, per language, next to plain Snowball.

Turkish builds words by stacking suffixes on a base ("ekonomi" -> "ekonomisi", its
economy; "ekonomisinin", of its economy), and Snowball's Turkish stemmer cuts vowel-final
bases unevenly. This script measures, in one run:

* Turkish recall: the share of a base's suffixed forms that share an index term with the
  base, for the project's analysis (``text.analysis.stem_variants``) and for plain Snowball
  (PyStemmer, folded), over 72 common nouns of the Turkish edition and 15 forms each,
  built by Turkish grammar (vowel harmony, buffer consonants y/n/s, d/t alternation);
* Turkish false matches: pairs of different bases where one base shares a term with the
  other's forms (should stay 0);
* the same for Greek, whose Snowball stemmer parts "Τουρκία" from "Τουρκίας" (33 nouns,
  three forms each);
* every stemmed language: how many words of ``data/`` and the fixtures get terms beyond
  plain Snowball's (the stems of the word as written and folded): the Turkish repair must
  add nothing outside Turkish.

Usage: scripts/eval_stemming.py [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import Stemmer

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from archive_search.text.analysis import SUPPORTED_STEMMERS, stem_variants  # noqa: E402
from archive_search.text.folding import fold  # noqa: E402

_TAG = re.compile(r"<[^>]*>")

# Common nouns of the Turkish edition whose base neither mutates (k -> ğ) nor drops a vowel.
TURKISH_BASES = [
    "ekonomi",
    "enerji",
    "parti",
    "bölge",
    "ülke",
    "anayasa",
    "avrupa",
    "kosova",
    "türkiye",
    "hükümet",
    "seçim",
    "kriz",
    "polis",
    "başbakan",
    "sınır",
    "müzakere",
    "reform",
    "yatırım",
    "meclis",
    "bakan",
    "mahkeme",
    "tarih",
    "proje",
    "sorun",
    "karar",
    "görüşme",
    "toplantı",
    "üye",
    "halk",
    "ordu",
    "yasa",
    "vergi",
    "banka",
    "turizm",
    "komisyon",
    "rapor",
    "zirve",
    "sistem",
    "muhalefet",
    "cumhuriyet",
    "ittifak",
    "nato",
    "devlet",
    "insan",
    "şirket",
    "dünya",
    "liman",
    "köprü",
    "doğalgaz",
    "petrol",
    "elektrik",
    "fiyat",
    "maaş",
    "göçmen",
    "mülteci",
    "gazeteci",
    "televizyon",
    "gazete",
    "haber",
    "yargı",
    "hakim",
    "savcı",
    "iddia",
    "dava",
    "ceza",
    "hapis",
    "barış",
    "savaş",
    "asker",
    "güvenlik",
    "istikrar",
    "anlaşma",
]

_FRONT, _BACK = set("eiöü"), set("aıou")
_VOWELS = _FRONT | _BACK
_HIGH = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}
_VOICELESS = set("çfhkpsşt")


def _last_vowel(word: str) -> str:
    return next(c for c in reversed(word) if c in _VOWELS)


def _a(word: str) -> str:
    return "e" if _last_vowel(word) in _FRONT else "a"


def _i(word: str) -> str:
    return _HIGH[_last_vowel(word)]


def turkish_forms(base: str) -> list[str]:
    """Fifteen inflected forms of a noun, by vowel harmony and buffer consonants."""
    vowel_final = base[-1] in _VOWELS
    y = "y" if vowel_final else ""
    d = "t" if base[-1] in _VOICELESS else "d"
    a, i = _a(base), _i(base)
    plural = f"{base}l{a}r"
    possessive = base + ("s" if vowel_final else "") + i
    return [
        plural,
        base + y + i,  # accusative
        base + y + a,  # dative
        base + d + a,  # locative
        base + d + a + "n",  # ablative
        base + ("n" if vowel_final else "") + i + "n",  # genitive
        base + y + "l" + a,  # instrumental
        possessive,
        possessive + "nd" + a,
        possessive + "n" + i + "n",
        possessive + "n" + a,
        plural + "d" + _a(plural),
        plural + _i(plural) + "n",
        plural + _i(plural),  # plural possessive
        plural + "d" + _a(plural) + "n",
    ]


# Greek nouns of the news in the two classes Snowball splits: "-ία"/"-α" and "-ση"/"-ξη".
_GREEK_WORDS = """
    οικονομία συμφωνία δημοκρατία Τουρκία Αλβανία Βουλγαρία Ρουμανία Σερβία Γερμανία Ιταλία
    Ρωσία αστυνομία ασφάλεια ανεργία ελευθερία εταιρεία τράπεζα αγορά πλειοψηφία κρίση λύση
    απόφαση μεταρρύθμιση διαπραγμάτευση ένωση κυβέρνηση ανάπτυξη διαδήλωση επένδυση πρόταση
    θέση δήλωση αντιπολίτευση
"""
GREEK_BASES = _GREEK_WORDS.split()


def greek_forms(base: str) -> list[str]:
    """Genitive singular, nominative and genitive plural (accents fold away)."""
    stem = base[:-1]
    if base.endswith("η"):
        return [stem + "ης", stem + "εις", stem + "εων"]
    unaccented = "".join(c for c in unicodedata.normalize("NFD", stem) if c != "\u0301")
    return [stem + "ας", stem + "ες", unicodedata.normalize("NFC", unaccented) + "ών"]


def _snowball(language: str) -> Callable[[str], set[str]]:
    stem = Stemmer.Stemmer(SUPPORTED_STEMMERS[language]).stemWord

    def terms(word: str) -> set[str]:
        """Snowball's stem of the word as written and of its folded form (no diacritics)."""
        lowered = word.replace("I", "ı").lower() if language == "tr" else word.lower()
        return {fold(stem(lowered), language), fold(stem(fold(word, language)), language)}

    return terms


def _ours(language: str) -> Callable[[str], set[str]]:
    return lambda word: set(stem_variants(word, language))


def family_scores(
    terms: Callable[[str], set[str]], bases: list[str], inflect: Callable[[str], list[str]]
) -> dict[str, float | int]:
    """Share of the forms that share a term with their base; bases meeting other bases' forms."""
    forms = {base: inflect(base) for base in bases}
    found = sum(bool(terms(b) & terms(f)) for b in bases for f in forms[b])
    total = sum(len(f) for f in forms.values())
    false = sum(
        any(terms(base) & terms(w) for w in [other, *forms[other]])
        for base in bases
        for other in bases
        if other != base
    )
    return {"forms": total, "recall": round(found / total, 3), "false_base_matches": false}


def turkish_scores(terms: Callable[[str], set[str]]) -> dict[str, float | int]:
    return family_scores(terms, TURKISH_BASES, turkish_forms)


def greek_scores(terms: Callable[[str], set[str]]) -> dict[str, float | int]:
    return family_scores(terms, GREEK_BASES, greek_forms)


def sample_words() -> set[str]:
    """The words of the pages of data/ and the SETimes fixtures (markup stripped)."""
    words: set[str] = set()
    for root in (REPO / "data", REPO / "tests" / "fixtures" / "setimes"):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            text = html.unescape(_TAG.sub(" ", data.decode("utf-8", "replace")))
            words.update(w for w in re.findall(r"\w+", text) if not w.isdigit())
    return words


def other_languages() -> dict[str, dict[str, int]]:
    """Per stemmed language: words checked, and words whose terms differ from plain Snowball."""
    every = sorted(sample_words())
    out = {}
    for language in sorted(SUPPORTED_STEMMERS):
        ours, plain = _ours(language), _snowball(language)
        differ = [w for w in every if ours(w) - plain(w)]
        if language in ("sr", "hr", "bs"):  # the Serbian instrumental repair, by design
            differ = [w for w in differ if not fold(w).endswith("em")]
        out[language] = {"words": len(every), "differ": len(differ)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    report = {
        "turkish": {
            "ours": turkish_scores(_ours("tr")),
            "snowball": turkish_scores(_snowball("tr")),
        },
        "greek": {"ours": greek_scores(_ours("el")), "snowball": greek_scores(_snowball("el"))},
        "other_languages": other_languages(),
    }
    for language, bases in (("Turkish", TURKISH_BASES), ("Greek", GREEK_BASES)):
        scores = report[language.lower()]
        print(f"{language}: {len(bases)} bases, {scores['ours']['forms']} forms")
        for name, row in scores.items():
            print(
                f"  {name:<9} recall {row['recall']:.3f}  false base matches {row['false_base_matches']}"
            )
    print("Terms that differ from plain Snowball (words of data/ and the fixtures):")
    for language, counts in report["other_languages"].items():
        print(f"  {language}: {counts['differ']} of {counts['words']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
