"""Folding: one spelling for every way the region writes the same word.

The archive mixes scripts (Serbian in Cyrillic and Latin, Macedonian and
Bulgarian Cyrillic, Greek), diacritics that were lost in transit (``Vucic`` for
``Vučić``), two Romanian comma forms (``ş`` with a cedilla, ``ș`` with a comma
below), the Turkish dotted capital ``İ`` and the English press's own spellings
(``Djukanovic`` for ``Đukanović``). :func:`fold` maps all of these to one key, so
the index and the query meet whatever the writer's keyboard was.

The rules, in order:

* lower-case, with ``İ`` -> ``i`` (plain ``str.lower`` leaves a stray combining
  dot), after compatibility normalisation (NFKC: ``ﬁ`` -> ``fi``, ``ᵸ`` -> ``н``);
* Cyrillic to Latin, one word at a time. Serbian and Macedonian use Serbian
  Latin (``ж`` -> ``ž``, ``ч`` -> ``č``, ``ѓ`` -> ``gj``, ``ќ`` -> ``kj``, ``ѕ`` ->
  ``dz``), so ``Вучић`` meets ``Vučić`` and the English ``Vucic``. Bulgarian uses
  its official romanisation (``ж`` -> ``zh``, ``ш`` -> ``sh``, ``ц`` -> ``ts``,
  ``щ`` -> ``sht``, ``ъ`` -> ``a``, word-final ``ия`` -> ``ia``) because that is
  how the English press spells Bulgarian names: ``Станишев`` -> ``stanishev``,
  ``София`` -> ``sofia``. A word takes the Serbian scheme when it has a letter
  only Serbian/Macedonian use (``ђ ћ ј љ њ џ ѓ ќ ѕ``), the Bulgarian one when it
  has a letter Serbian lacks (``й щ ъ ь ю я``, Russian/Ukrainian extras), and
  otherwise the scheme of the ``language`` given (Serbian when none is). A letter
  with a mark the table does not name (``ӝ``) is read as its base letter, so marks
  go before romanising: stripped after it, they would leave a Cyrillic letter that a
  second folding changes again;
* Greek stays Greek: accents (tonos, dialytika) go, final ``ς`` becomes ``σ``;
* every other diacritic goes (compatibility decomposition, then the combining
  marks are dropped), with the letters that do not decompose spelled out:
  ``đ`` -> ``dj``, ``ı`` -> ``i``, ``ł`` -> ``l``, ``ø`` -> ``o``, ``æ`` -> ``ae``,
  ``ß`` -> ``ss``, ``ð`` -> ``d`` (how cp1250 ``đ`` reads when mis-decoded);
* last, ``dj`` -> ``d``: the English press writes ``Djukanovic``, text that lost
  its diacritics writes ``Dukanovic``, and both must meet ``Đukanović``. As a
  side effect the Croatian/Bosnian (ijekavian) ``djeca``, ``gdje`` meet the
  Serbian (ekavian) ``deca``, ``gde``. The cost in English is a handful of
  ``adj-`` words (``adjust`` -> ``adust``) that collide with nothing in use.

Folding is idempotent (``fold(fold(x)) == fold(x)``), so it is safe to apply
to text that was folded already (stems, stored keys).
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

__all__ = ["BULGARIAN_SCHEME_LANGUAGES", "fold", "has_scheme_choice"]

#: Languages whose Cyrillic is romanised the Bulgarian (zh/ch/sh/ts) way.
BULGARIAN_SCHEME_LANGUAGES = frozenset({"bg", "ru", "uk", "be"})

# -- Cyrillic -----------------------------------------------------------------
_CYRILLIC_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h",
    # Serbian and Macedonian letters (read the same in every scheme)
    "ђ": "đ", "ћ": "ć", "ј": "j", "љ": "lj", "њ": "nj", "џ": "dž",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ѐ": "e", "ѝ": "i",
    # Bulgarian, Russian, Ukrainian, Belarusian letters Serbian lacks
    "й": "y", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    "ы": "y", "э": "e", "ё": "yo", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
    "ў": "u",
}  # fmt: skip
_SERBIAN_LETTERS = {"ж": "ž", "ч": "č", "ш": "š", "ц": "c"}
_BULGARIAN_LETTERS = {"ж": "zh", "ч": "ch", "ш": "sh", "ц": "ts"}


def _with_marked_letters(table: dict[str, str]) -> dict[str, str]:
    """``table`` plus every precomposed Cyrillic letter it lacks, read as its base letter.

    ``ӝ`` (ж with a diaeresis) romanises as ``ж`` does. Were its mark stripped only
    after romanising, it would come out as a Cyrillic ``ж`` and fold differently a
    second time: marks must go before romanisation (letters the table names, such as
    ``й`` or ``ѓ``, keep their own reading).
    """
    out = dict(table)
    for cp in [*range(0x0400, 0x0530), *range(0xA640, 0xA6A0)]:
        letter = chr(cp)
        base = unicodedata.normalize("NFD", letter)[0]
        if letter not in out and base != letter and base in table:
            out[letter] = table[base]
    return out


_SERBIAN = str.maketrans(_with_marked_letters(_CYRILLIC_COMMON | _SERBIAN_LETTERS))
_BULGARIAN = str.maketrans(_with_marked_letters(_CYRILLIC_COMMON | _BULGARIAN_LETTERS))

_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f][\u0400-\u052f\u0300-\u036f]*")
_SERBIAN_ONLY = re.compile("[ђћјљњџѓќѕ]")
_BULGARIAN_ONLY = re.compile("[йщъьюяыэёєіїґў]")
#: Letters whose romanisation differs between the two schemes.
_SCHEME_DEPENDENT = re.compile("[жчшц]")

# -- letters that do not decompose, and invisible characters ------------------
_SPECIALS = str.maketrans(
    {
        "đ": "dj", "ð": "d", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe",
        "ß": "ss", "þ": "th", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ǵ": "gj", "ḱ": "kj",
        "ς": "σ", "ϲ": "σ",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
        "\u2060": None, "\ufeff": None,
    }
)  # fmt: skip

# Combining diacritics of the Latin, Greek and Cyrillic scripts. Marks of other
# scripts (Indic vowel signs, Japanese voicing marks) carry meaning: kept.
_MARK_RANGES = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
_DROP_MARKS = {cp: None for lo, hi in _MARK_RANGES for cp in range(lo, hi + 1)}
#: Character class of the marks above, for tokenizers that must keep them in words.
COMBINING_MARKS = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _MARK_RANGES)

_DJ = re.compile("dj+")


def fold(text: str, language: str | None = None, *, merge_dj: bool = True) -> str:
    """Fold case, script and diacritics so that every spelling of a word meets.

    ``language`` (an ISO 639-1 code, already normalised) only decides how
    Cyrillic words without a telling letter are romanised; see the module
    docstring. Punctuation and spacing are kept, so this works on single tokens
    and on whole names ("Đukanović, Milo" -> "dukanovic, milo") alike.

    ``merge_dj=False`` stops before the last rule (``dj`` -> ``d``): the parsers
    compare labels with it, since ijekavian "gdje" and ekavian "gde" are how
    they tell Croatian from Serbian.
    """
    if text.isascii():
        text = text.lower()
        return _DJ.sub("d", text) if merge_dj and "dj" in text else text
    # NFKC first: compatibility letters ("ᵸ", "ꚜ") become the Cyrillic letters they
    # stand for, and a letter followed by its mark becomes one precomposed letter.
    text = unicodedata.normalize("NFKC", text.replace("İ", "i")).lower()
    text = unicodedata.normalize("NFC", text)
    if _CYRILLIC_WORD.search(text):
        bulgarian = language in BULGARIAN_SCHEME_LANGUAGES
        text = _CYRILLIC_WORD.sub(partial(_romanise, bulgarian=bulgarian), text)
    text = unicodedata.normalize("NFKD", text.translate(_SPECIALS)).translate(_DROP_MARKS)
    # NFKD can produce capitals ("Ⅻ" -> "XII", "⅀" -> "Σ") and decomposed
    # Hangul: tidy both.
    text = unicodedata.normalize("NFC", text).lower().translate(_SPECIALS)
    return _DJ.sub("d", text) if merge_dj and "dj" in text else text


def fold_label(text: str) -> str:
    """``fold`` keeping ``dj`` apart: the parsers' fixed labels and cues are written with it."""
    return fold(text, merge_dj=False)


def has_scheme_choice(word: str) -> bool:
    """Whether ``word`` romanises differently under the Serbian and Bulgarian schemes.

    True for a Cyrillic word with neither scheme's telling letters but with
    one whose reading differs (``Станишев``): a query without a language then
    has to look for both spellings.
    """
    lowered = word.lower()
    return bool(
        _SCHEME_DEPENDENT.search(lowered)
        and not _SERBIAN_ONLY.search(lowered)
        and not _BULGARIAN_ONLY.search(lowered)
    )


def _romanise(match: re.Match[str], bulgarian: bool) -> str:
    word = match.group()
    if _SERBIAN_ONLY.search(word):
        bulgarian = False
    elif _BULGARIAN_ONLY.search(word):
        bulgarian = True
    if not bulgarian:
        return word.translate(_SERBIAN)
    if word.endswith("ия"):  # the official system's one exception: "София" -> "sofia"
        return word[:-2].translate(_BULGARIAN) + "ia"
    return word.translate(_BULGARIAN)
