"""Per-language text analysis for a multilingual archive: fold everything, stem per article.

Pure text logic, without Whoosh: the storage engine's analyzers
(``engine/analyzers.py``, the Whoosh components pickled into every index's
schema) are thin adapters over the functions here. Two fields index the same
text:

* the *exact* field tokenises and folds (see :mod:`archive_search.text.folding`),
  one term per word and never more: the field for phrases, exact names and
  "did you mean" (:func:`folding_table`, :func:`exact_tokens`);
* the *stemmed* field also drops stop words and stems, in the language of the
  article (:func:`stemming_table`, :func:`stemmer_for`). Analysers are per
  field, the language is per article, so the single index writer says which
  language it is writing::

      with analysis_language(article.language):
          writer.update_document(**fields)

  and the stemming reads that at index time. At query time the same context
  (set from the user's language filter) picks the stemmer; with none set, a
  query word becomes the distinct stems it has in every supported language,
  plus its plain folded form (what Bulgarian, Macedonian, Albanian and
  language-less articles index), all at one position, so that the query ORs
  them (the field has ``multitoken_query="or"``).

Tokens: :func:`token_texts` and :func:`token_offsets` (with character offsets)
give every token of a text in order, the list index being its position.

How a word becomes stemmed terms: lower-case it (Turkish-aware for Turkish),
stem it in the script the Snowball stemmer expects, and fold the stem. Text
that lost its diacritics ("Bucuresti") stems differently from text that kept
them ("București" -> "bucur", "Bucuresti" -> "bucurest"), so a word that folding
changes is stemmed a second time from its folded form, and both stems are
indexed at the same position when they differ. Either spelling in a query then
meets either spelling in the text. One repair to Snowball: its Serbian stemmer
leaves the instrumental "-em" half-stripped ("Vučićem" -> "vučiće", away from
"Vučić"), so such words also index the stem without "-em" (see
``_serbian_instrumental``).

Stop words. Each stemming language drops its own stop words at index time and,
with that language set, at query time. With no language set, a query word is
dropped from the stemmed field when it is a stop word in *any* supported
language: documents of that language never index it there, so requiring it
would wrongly exclude them, and a word that is a function word somewhere
(Serbian "ali", Romanian "care") is still matched through the exact field,
which keeps every word. So search the exact field too (a MultifieldParser over
both fields), and run phrase queries on the exact field only: in the stemmed
field one query word can stand for several terms. An all-capitals token of two
or more letters (US, IT, WHO) is taken for an acronym and never stopped.

Speed: each language (and mode) has a bounded table from raw token text to its
analysis (``STEM_CACHE_LIMIT`` entries, cleared when full) that computes what
it lacks, so the per-token cost of a warm table is one dict lookup. Stemmer
objects are not thread-safe: each thread gets its own, created lazily.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import Stemmer

from archive_search.text.folding import (
    BULGARIAN_SCHEME_LANGUAGES,
    COMBINING_MARKS,
    fold,
    has_scheme_choice,
)
from archive_search.text.stopwords import ENGLISH, TURKISH

__all__ = [
    "STEM_CACHE_LIMIT",
    "STOP_WORDS",
    "SUPPORTED_STEMMERS",
    "Analysis",
    "analysis_language",
    "clear_caches",
    "current_language",
    "exact_tokens",
    "fold",
    "folding_table",
    "index_terms",
    "normalise_language",
    "stem_variants",
    "stemmed_terms",
    "stemmer_for",
    "stemming_table",
    "token_offsets",
    "token_spans",
    "token_spans_many",
    "token_texts",
]

#: ISO 639-1 code -> PyStemmer (Snowball) algorithm. Languages not listed
#: (Bulgarian, Macedonian, Albanian, anything else) are folded, not stemmed.
SUPPORTED_STEMMERS: dict[str, str] = {
    "en": "english",
    "el": "greek",
    "ro": "romanian",
    "tr": "turkish",
    "sr": "serbian",
    "hr": "serbian",
    "bs": "serbian",
}

#: Entries per cache dict before it is cleared (one dict per language and mode;
#: about 300 bytes an entry, so 15 MB for each language being indexed).
STEM_CACHE_LIMIT = 50_000

# Three-letter and regional codes seen in metadata, mapped to ISO 639-1.
_LANGUAGE_ALIASES = {
    "eng": "en", "ell": "el", "gre": "el", "ron": "ro", "rum": "ro", "mol": "ro",
    "tur": "tr", "srp": "sr", "hrv": "hr", "bos": "bs", "cnr": "sr", "sh": "sr",
    "hbs": "sr", "mkd": "mk", "mac": "mk", "bul": "bg", "sqi": "sq", "alb": "sq",
}  # fmt: skip

# -- stop words ---------------------------------------------------------------
# Function words only: a stop word is invisible to the stemmed field, so a list
# that reaches into content words ("agreement", "time") would hide them. Lists
# are written as the language writes them and folded on load, which makes them
# match Cyrillic and diacritic-less text too.
# Left out where the folded form is a common content word of the same language:
# Serbian "što" (folds to "sto", hundred/table), Turkish "şu" ("su", water).
_SERBO_CROATIAN_STOPS = """
    a ako ali bi bih bila bile bili bilo bio biti bismo biste bez da do dok
    duž gde gdje ga i iako ih ili im iz između ja je jer jesu još joj ju kad
    kada kako kao koja koje koji kojih kojim kojima kojoj koju kroz li me
    među mi mu na nad nakon ne nego nešto ni nije nisu niti njega njegov
    njegova njegove njegovo njemu njen njena njeno njihov njihova njihove
    njihovo njoj nju o od oko on ona one oni ono ova ove ovi ovo ovaj pa po
    pod posle poslije pre pred prema preko prije pri protiv s sa sam samo se
    si smo ste su sve svi ta tada taj te ti tijekom to tog toga tokom tom
    tome tu u uz već vi za zbog će ćemo ćete ću šta čak
"""
_ROMANIAN_STOPS = """
    a acea aceasta această acei aceste acestea acesta acestei acestor acestui
    acești acel acela acele acelei acelor acelui ai al ale am ar are asupra au
    avea aveau avut ca care cât către ce cea cei cele celor celui cu cum că
    dacă dar de deci decât despre din dintre după ea ei el ele era erau este
    eu fi fie fiind fost fără iar ii îi în între își însă la le lor lui mai
    mă ne nici noi nu o or ori pe pentru peste până prin s sa sau se spre
    sub sunt să și ta te tot toate toți tu un una unei unor unui va vor vă
"""
_GREEK_STOPS = """
    ο η το οι τα του της των τον την τους τις ένας μια μία ένα ενός μιας και
    κι να θα δεν δε μη μην σε στο στη στην στον στα στις στους στου στης με
    για από προς κατά μετά παρά αντί χωρίς μέχρι ως ότι πως που όπως αλλά ή
    είτε ούτε ουδέ αν εάν ενώ όταν επειδή αφού είναι ήταν είχε έχει έχουν
    είχαν αυτός αυτή αυτό αυτοί αυτές αυτά αυτού αυτής αυτών αυτόν μου σου
    μας σας τους εγώ εσύ εμείς εσείς επί υπό διά όμως ακόμα ακόμη οποίος
    οποία οποίο οποίοι οποίες οποία οποίου οποίας οποίων
"""
# Whoosh's (NLTK's) list (``text.stopwords``) plus the case endings Turkish writes
# after an apostrophe ("İstanbul'dan", "Erdoğan'ın"), which the tokenizer splits off.
_TURKISH_EXTRA_STOPS = """
    a e ı i u ü da de ta te dan den tan ten nın nin nun nün ın in un ün ya ye
    yı yi yu yü la le yla yle daki deki taki teki dır dir dur dür lar ler
"""
_TURKISH_STOPS = (TURKISH - {"şu"}) | set(_TURKISH_EXTRA_STOPS.split())


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


#: Folded stop words per language code (every language in SUPPORTED_STEMMERS).
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _folded(ENGLISH),
    "el": _folded(_GREEK_STOPS.split()),
    "ro": _folded(_ROMANIAN_STOPS.split()),
    "tr": _folded(_TURKISH_STOPS),
    "sr": _folded(_SERBO_CROATIAN_STOPS.split()),
}
STOP_WORDS["hr"] = STOP_WORDS["bs"] = STOP_WORDS["sr"]
_ANY_STOP = frozenset().union(*STOP_WORDS.values())


# -- the language of the text being analysed -----------------------------------
_LANGUAGE: ContextVar[str | None] = ContextVar("index_language", default=None)


@lru_cache(maxsize=1024)
def normalise_language(code: str | None) -> str | None:
    """Reduce "sr_Latn", "en-GB", "SRP" to the ISO 639-1 code ("sr", "en", "sr")."""
    if not code:
        return None
    base = re.split(r"[-_@.]", code.strip().lower(), maxsplit=1)[0]
    return _LANGUAGE_ALIASES.get(base, base) or None


@contextmanager
def analysis_language(language: str | None) -> Iterator[str | None]:
    """Analyse text as ``language`` inside the block (None: unknown / any).

    The index writer wraps each ``add_document``/``update_document`` call; the
    query layer wraps parsing (and re-analysing highlighters) when the user
    chose a language. Each thread and asyncio task has its own value (a new
    thread starts with none), so concurrent writers and searchers never see
    each other's language.
    """
    code = normalise_language(language)
    token = _LANGUAGE.set(code)
    try:
        yield code
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str | None:
    """The language set by the innermost :func:`analysis_language` block."""
    return _LANGUAGE.get()


# -- tokenizer -----------------------------------------------------------------
# Word characters include combining marks and invisible joiners, so decomposed
# text ("i\u0307stanbul") and soft hyphens do not split a word; folding drops them.
_WORD_CHAR = rf"[\w{COMBINING_MARKS}\u00ad\u200b-\u200d\u2060]"
_LETTER = r"[^\W\d_]"
_TOKEN = re.compile(
    rf"(?P<acronym>{_LETTER}(?:\.{_LETTER})+(?!{_WORD_CHAR}))"
    rf"|(?P<number>\d+(?:[.,]\d+)+(?!{_WORD_CHAR}))"
    rf"|{_WORD_CHAR}+"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
# Runs of word characters joined by dots or commas: every token of ``_TOKEN`` lies
# inside one, and a run without a dot or comma is one plain token.
_RUN = re.compile(rf"{_WORD_CHAR}+(?:[.,]{_WORD_CHAR}+)*")
_WORDY = re.compile(_WORD_CHAR)
# ASCII punctuation that always ends a token (dots and commas may join one)
_SPLIT_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+-/:;<=>?@[\\]^`{|}~", " "))


def _special_pieces(match: re.Match[str]) -> list[tuple[str, int, int]]:
    text, start, end = match.group(), match.start(), match.end()
    if match.lastgroup == "acronym":
        return [(text.replace(".", ""), start, end)]
    if _THOUSANDS.fullmatch(text):
        return [(re.sub(r"[.,]", "", text), start, end)]
    if text.count(".") + text.count(",") == 1:
        return [(text.replace(",", "."), start, end)]
    return [
        (part.group(), start + part.start(), start + part.end())
        for part in re.finditer(r"\d+", text)
    ]


# -- stemming ------------------------------------------------------------------
_local = threading.local()


def _stemmer(algorithm: str) -> Any:
    """This thread's stemmer for ``algorithm`` (PyStemmer objects are not thread-safe)."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        stemmer = stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmer


def _lower(word: str, language: str) -> str:
    """Lower-case for a stemmer: NFC, and Turkish dotted/dotless i kept apart."""
    word = word.replace("İ", "i")
    if language == "tr":
        word = word.replace("I", "ı")
    return unicodedata.normalize("NFC", word.lower())


def _stems(word: str, language: str, folded: str) -> tuple[str, ...]:
    """Folded stems of ``word``: of its written form and, if different, of its folded form."""
    algorithm = SUPPORTED_STEMMERS[language]
    stem = _stemmer(algorithm).stemWord
    lowered = _lower(word, language)
    written = fold(stem(lowered), language)
    stems = (written,) if folded == lowered else (written, fold(stem(folded), language))
    if algorithm == "serbian" and folded.endswith("em") and len(folded) > 4:
        return stems + _serbian_instrumental(folded, stems)
    if algorithm == "turkish":
        return stems + _turkish_bases(folded, stems)
    if algorithm == "greek":
        return stems + _greek_bases(folded, stems)
    return stems


def _serbian_instrumental(folded: str, stems: tuple[str, ...]) -> tuple[str, ...]:
    """Extra terms where Snowball's Serbian stemmer takes only the "m" off "-em".

    It stems "Vučića" and "Vučiću" to "vučić" but the instrumental "Vučićem" to
    "vučiće" (likewise "brojem" -> "broje"), and the nominative "problem" to
    "proble" while "problema" gives "problem". When a stem is the word less its
    final "m", the word less "-em" and the whole word are indexed beside it, so
    "sa Vučićem" meets "Vučić" and "problem" meets "problema".
    """
    if folded[:-1] not in stems:
        return ()
    return (folded[:-2], folded)


_TURKISH_VOWELS = frozenset("aeiou")  # folded: ı, ö, ü are i, o, u
#: Consonants Turkish puts between a vowel-final word and a suffix ("ekonomi-s-i", "-n-in").
_TURKISH_BUFFERS = frozenset("nsy")


def _turkish_bases(folded: str, stems: tuple[str, ...]) -> tuple[str, ...]:
    """Extra terms where Snowball's Turkish stemmer misses the base word.

    Turkish stacks suffixes on the base word, and Snowball cuts vowel-final words
    unevenly: "ekonomi" -> "ekono", "ekonomisi" (its economy) -> "ekonomis",
    "ekonominin" -> "ekonom", while "ekonomide" -> "ekonomi". So a word also indexes

    * itself (folded): the bare base word, which a search types;
    * its stem less a buffer consonant when a vowel follows it in the word
      ("ekonomis|i" -> "ekonomi", "ülkes|i" -> "ülke", "anayasas|ı" -> "anayasa");
    * its stem with the base's last vowel put back when the stemmer took it with a
      buffered suffix ("ekonom|inin" -> "ekonomi").

    A word then shares a term with its base in 96% of the forms of 72 common nouns
    (generated with vowel harmony and buffer consonants), against 69% for Snowball
    alone, and no base with another base's forms (docs/analysis.md).
    """
    extra = [folded]
    size = len(folded)
    for stem in stems:
        n = len(stem)
        if n >= size or not folded.startswith(stem):
            continue
        after, then = folded[n], folded[n + 1 : n + 2]
        buffered = n >= 4 and stem[-1] in _TURKISH_BUFFERS and stem[-2] in _TURKISH_VOWELS
        if buffered and after in _TURKISH_VOWELS:
            extra.append(stem[:-1])
        elif not buffered and n >= 3 and after in _TURKISH_VOWELS and then in _TURKISH_BUFFERS:
            extra.append(folded[: n + 1])
    return tuple(extra)


_GREEK_VOWELS = frozenset("αεηιουω")  # folded: no accents


def _greek_bases(folded: str, stems: tuple[str, ...]) -> tuple[str, ...]:
    """Extra terms where Snowball's Greek stemmer parts a base from its inflected forms.

    It stems the nominative of the many nouns in "-ία" without the "ι" and the other
    cases with it ("Τουρκία" -> "τουρκ", "Τουρκίας" -> "τουρκι"), and cuts some plurals
    in "-εις" too far ("κρίση" -> "κρισ", "κρίσεις" -> "κρ"). So a stem ending in "ι"
    before a vowel also indexes itself less the "ι", and a word in "-εις" indexes itself
    less the ending.
    """
    extra = []
    for stem in stems:
        n = len(stem)
        vowel_after = folded[n : n + 1] in _GREEK_VOWELS and folded.startswith(stem)
        if n >= 4 and stem[-1] == "ι" and vowel_after:
            extra.append(stem[:-1])
        base = folded[:-3]
        if folded.endswith("εισ") and len(base) > max(n, 2) and base.startswith(stem):
            extra.append(base)
    return tuple(extra)


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _folded_forms(word: str, language: str | None) -> tuple[str, ...]:
    """The folded word; both romanisations of an ambiguous Cyrillic word when no language."""
    first = fold(word, language)
    if language is None and has_scheme_choice(word):
        other = fold(word, "bg")
        if other != first:
            return (first, other)
    return (first,)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


# An analysis returns the terms for one token; a leading None marks a stop word
# (the second item is then its folded form, kept when stop words are not removed).
Analysis = tuple[str | None, ...]


def _analyse_in(word: str, language: str | None, stops: bool) -> Analysis:
    """Terms for ``word`` in an article (or a query) of a known language."""
    folded = fold(word, language)
    if language not in SUPPORTED_STEMMERS:
        return (folded,) if folded else ()
    if stops and folded in STOP_WORDS.get(language, ()) and not _is_acronym(word):
        return (None, folded)
    return _unique(_stems(word, language, folded))


def _analyse_any(word: str, stops: bool) -> Analysis:
    """Terms for a query word of unknown language: every language's stems, ORed."""
    forms = _folded_forms(word, None)
    if not forms[0]:
        return ()
    if stops and not _is_acronym(word) and any(f in _ANY_STOP for f in forms):
        return (None, forms[0])
    variants = list(forms)
    for language in _STEMMING_REPRESENTATIVES:
        variants.extend(_stems(word, language, forms[0]))
    return _unique(variants)


def _representatives() -> tuple[str, ...]:
    """One language code per distinct algorithm (hr and bs stem like sr)."""
    first: dict[str, str] = {}
    for code, algorithm in SUPPORTED_STEMMERS.items():
        first.setdefault(algorithm, code)
    return tuple(first.values())


_STEMMING_REPRESENTATIVES = _representatives()


def stem_variants(word: str, language: str | None = None) -> list[str]:
    """The terms the stemmed field matches for ``word`` (stop words not removed).

    With a language, its stems (usually one; more when the diacritic-less form
    stems differently, or for a Serbian "-em" form); without, the folded word
    and its stems in every supported language. For query building, "did you
    mean" and explaining a query.
    """
    code = normalise_language(language)
    if code is None:
        terms = _analyse_any(word, stops=False)
    else:
        terms = _analyse_in(word, code, stops=False)
    return [t for t in terms if t]


def stemmed_terms(word: str, language: str | None) -> tuple[str, ...]:
    """The stemmed field's terms for one word (as written) of an article in ``language``.

    What the stemmed field indexes for it, from the same table
    (:func:`stemming_table`): empty for a stop word. Snippets use it to find
    stemmed matches in the text of a hit without the index keeping their
    character offsets.
    """
    return stemmer_for(language)(word)


@lru_cache(maxsize=64)
def stemmer_for(language: str | None) -> Callable[[str], tuple[str, ...]]:
    """``stemmed_terms`` with the language bound: for calls on every word of a text."""
    table = _cache(("stem", normalise_language(language), True))

    def terms_of(word: str) -> tuple[str, ...]:
        terms = table[word]
        if not terms or terms[0] is None:
            return ()
        return terms

    return terms_of


# -- per-token tables ----------------------------------------------------------
class _Table(dict[str, Any]):
    """A bounded cache from a word to what ``compute`` makes of it.

    ``table[word]`` computes a missing entry (``__missing__``) and keeps it,
    clearing the table first when it holds ``STEM_CACHE_LIMIT`` entries; a
    present entry costs one C-level lookup. ``get`` never computes.
    """

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> Any:
        value = self.compute(word)
        if len(self) >= STEM_CACHE_LIMIT:
            self.clear()
        self[word] = value
        return value


_CACHES: dict[Any, _Table] = {}


def _cache(key: tuple[Any, ...]) -> _Table:
    """The table of ``key``: ("fold", bulgarian) or ("stem", language or "*", stop words)."""
    cache = _CACHES.get(key)
    if cache is None:
        cache = _CACHES.setdefault(key, _Table(_compute(key)))
    return cache


def _compute(key: tuple[Any, ...]) -> Callable[[str], Any]:
    if key[0] == "fold":
        scheme = "bg" if key[1] else None
        return lambda word: fold(word, scheme)
    _, language, stops = key
    if language == "*":
        return _analyse_any_stops if stops else _analyse_any_all
    return lambda word: _analyse_in(word, language, stops)


def _analyse_any_stops(word: str) -> Analysis:
    return _analyse_any(word, stops=True)


def _analyse_any_all(word: str) -> Analysis:
    return _analyse_any(word, stops=False)


def clear_caches() -> None:
    """Forget cached stems and folds (tests; or to free memory after a bulk build)."""
    _CACHES.clear()
    stemmer_for.cache_clear()
    _folder.cache_clear()


def folding_table(language: str | None = None) -> Mapping[str, str]:
    """The exact field's term for each word (as written) of a text in ``language``.

    ``table[word]`` is the word lower-cased and folded (see :func:`fold`),
    ``""`` for a word that folds to nothing (a lone soft hyphen), which
    yields no term. The language only decides how ambiguous Cyrillic is
    romanised (Bulgarian or Serbian). A bounded cache that computes what it
    lacks, shared by every caller in the process: look words up, never store.
    """
    return _cache(("fold", normalise_language(language) in BULGARIAN_SCHEME_LANGUAGES))


def stemming_table(
    language: str | None = None, stop_words: bool = True, any_language: bool = False
) -> Mapping[str, Analysis]:
    """The stemmed field's analysis of each word (as written), as :data:`Analysis` tuples.

    ``table[word]`` is:

    * ``()``: no term (the word folds to nothing);
    * ``(None, folded)``: a stop word (only with ``stop_words``), with its
      folded form for callers that keep stop words, marked;
    * otherwise the distinct terms, at the word's one position: the folded
      stems in ``language`` (just the folded word for a language without a
      stemmer, or with no language).

    ``any_language`` (a query whose language is unknown): the folded word and
    its stems in every supported language, and a word is a stop word when it
    is one in any of them; ``language`` is then ignored. The module docstring
    says why. A bounded cache, as :func:`folding_table`.
    """
    key = "*" if any_language else normalise_language(language)
    return _cache(("stem", key, stop_words))


def token_texts(text: str) -> list[str]:
    """The text of every token of ``text``, in order (index = position).

    Tokens are words, numbers and dotted abbreviations:

    * Apostrophes split: Turkish "İstanbul'dan" -> "İstanbul" + "dan" (the
      case ending is a Turkish stop word), "don't" -> "don" + "t".
    * Single-letter dotted abbreviations lose their dots, so "U.S." meets "US"
      and "d.o.o." meets "doo"; other dotted runs split ("said.The", "gati.o"),
      since there they are a missing space, not one word.
    * Numbers: digit groups ("1,000", "1.000.000") join ("1000", "1000000"), a
      decimal comma becomes a point ("3,5" -> "3.5"), and other dotted numbers
      such as dates ("10.03.2014") split into their parts.

    Runs of word characters are found at C speed; only runs joined by dots or
    commas (numbers, abbreviations) go through the tokenizer's expression.
    """
    out: list[str] = []
    append = out.append
    for word in _RUN.findall(text):
        if "." not in word and "," not in word:
            append(word)
            continue
        for match in _TOKEN.finditer(word):
            if match.lastgroup is None:
                append(match.group())
            else:
                out.extend(piece for piece, _, _ in _special_pieces(match))
    return out


def token_offsets(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of every token of ``text``, in order (index = position).

    The tokens of :func:`token_texts` with the character span each was read
    from: a joined number or an abbreviation ("1,000", "U.S.") spans its
    separators; split pieces ("10.03.2014") span their own digits.
    """
    out: list[tuple[str, int, int]] = []
    append = out.append
    for run in _RUN.finditer(text):
        word = run.group()
        if "." in word or "," in word:
            offset = run.start()
            out.extend((piece, start + offset, end + offset) for piece, start, end in _pieces(word))
        else:
            append((word, run.start(), run.end()))
    return out


def index_terms(text: str, language: str | None) -> tuple[dict[str, list[int]], dict[str, int]]:
    """What the exact field and the stemmed field index for ``text``, in one pass.

    Returns the exact field's positions per term and the stemmed field's
    frequency per term, exactly as the engine's exact and stemmed analyzers
    (``engine/analyzers.py``) produce them for an article in ``language``, in
    order of first occurrence. The writer's hot loop: the text is tokenised
    once for both fields, with no Whoosh token objects (a third of the
    analysis cost at a million articles).
    """
    code = normalise_language(language)
    folds = _cache(("fold", code in BULGARIAN_SCHEME_LANGUAGES))
    stem_terms = _cache(("stem", code, True))
    positions: dict[str, list[int]] = {}
    freqs: dict[str, int] = {}
    for pos, word in enumerate(token_texts(text)):
        folded = folds[word]
        if folded:
            where = positions.get(folded)
            if where is None:
                positions[folded] = [pos]
            else:
                where.append(pos)
        terms = stem_terms[word]
        if terms and terms[0] is not None:
            for term in terms:
                freqs[term] = freqs.get(term, 0) + 1
    return positions, freqs


def exact_tokens(text: str, language: str | None = None) -> list[tuple[str, str, int, int, int]]:
    """(term, word as written, position, start, end) of each token the exact field indexes.

    The same tokens, positions and character offsets as the engine's exact
    analyzer for an article in ``language``, without Whoosh's token objects:
    snippets re-read a hit's text this way at a fraction of the cost.
    """
    code = normalise_language(language)
    cache = _cache(("fold", code in BULGARIAN_SCHEME_LANGUAGES))
    out: list[tuple[str, str, int, int, int]] = []
    append = out.append
    pos = 0
    for run in _RUN.finditer(text):
        word = run.group()
        if "." in word or "," in word:
            offset = run.start()
            for match in _TOKEN.finditer(word):
                if match.lastgroup is None:
                    pieces: Iterable[tuple[str, int, int]] = (
                        (match.group(), match.start(), match.end()),
                    )
                else:
                    pieces = _special_pieces(match)
                for piece, start, end in pieces:
                    folded = cache[piece]
                    if folded:
                        append((folded, piece, pos, start + offset, end + offset))
                    pos += 1
            continue
        folded = cache[word]
        if folded:
            append((folded, word, pos, run.start(), run.end()))
        pos += 1
    return out


def token_spans(
    text: str,
    language: str | None,
    wanted: Callable[[str, str], bool],
    judged: tuple[set[str], set[str]] | None = None,
    starts: frozenset[str] | None = None,
) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` for which ``wanted(term, word)`` holds.

    The tokens of :func:`exact_tokens` (``term`` folded, ``word`` as written),
    found without a Python step per token: the distinct words of the text are
    listed by C-level ``split`` and set operations (the tokenizer's expression
    runs only on chunks with punctuation) and judged once each, then only the
    wanted ones are located with ``str.find``. Words joined by dots or commas
    (numbers, abbreviations) are split as the tokenizer splits them.
    ``judged`` (words judged, words wanted) carries the verdicts from one text
    to the next when ``wanted`` stays the same; with ``starts`` (the first two
    letters of every term ``wanted`` can accept), a word written in ASCII,
    whose folding is lower-casing, is only judged if it starts so.
    """
    return token_spans_many([text], language, wanted, judged, starts)[0]


def token_spans_many(
    texts: list[str],
    language: str | None,
    wanted: Callable[[str, str], bool],
    judged: tuple[set[str], set[str]] | None = None,
    starts: frozenset[str] | None = None,
) -> list[list[tuple[int, int]]]:
    """:func:`token_spans` of several texts at once (the words of all judged in one pass)."""
    fold_word = _folder(normalise_language(language))
    seen, chosen = judged if judged is not None else (set(), set())
    heads = None if starts is None else _head_pattern(starts)

    def judge(words: set[str]) -> set[str]:
        new = words - seen
        if new:
            seen.update(new)
            if heads is not None:  # filtered without a Python step per word
                ascii_words = set(filter(str.isascii, new))
                new = set(filter(heads, ascii_words)) | (new - ascii_words)
            chosen.update(w for w in new if wanted(fold_word(w), w))
        return words & chosen

    # whitespace and ASCII punctuation other than dots and commas never lie inside
    # a token: a chunk of letters and digits only (dots and commas at its ends
    # aside) is one whole token; only the other chunks need the tokenizer's rules
    chunks = set("\n".join(texts).translate(_SPLIT_PUNCTUATION).split())
    runs = set(filter(str.isalnum, chunks))
    for chunk in chunks - runs:
        core = chunk.strip(".,")
        if core.isalnum():
            runs.add(core)
        else:
            runs.update(_RUN.findall(chunk))
    joined = {run for run in runs if "." in run or "," in run}
    words = judge(runs - joined)
    split_runs: list[tuple[str, list[tuple[int, int]]]] = []
    if starts is not None and not any(h[:1].isdigit() for h in starts):
        # no wanted term starts with a digit: numbers ("1.5", "3,500") cannot match
        joined = {r for r in joined if not r.replace(".", "").replace(",", "").isdigit()}
    for run in joined:
        if starts is not None and run.isascii():
            # its pieces keep the run's letters, without the dots and commas of
            # abbreviations and thousands, or with a decimal comma made a point
            low = run.lower()
            forms = (low, low.replace(".", "").replace(",", ""), low.replace(",", "."))
            if "dj" not in forms[1] and not any(h in f for h in starts for f in forms):
                continue  # no piece of it can start with a wanted term's letters
        pieces = _pieces(run)
        hits = judge({piece for piece, _, _ in pieces})
        if hits:
            split_runs.append((run, [(a, b) for piece, a, b in pieces if piece in hits]))
    out = []
    for text in texts:
        spans = [(at, at + len(word)) for word in words for at in _occurrences(text, word)]
        for run, at_run in split_runs:
            for at in _occurrences(text, run):
                spans += [(at + a, at + b) for a, b in at_run]
        spans.sort()
        out.append(spans)
    return out


@lru_cache(maxsize=256)
def _head_pattern(starts: frozenset[str]) -> Callable[[str], Any]:
    """Matches an ASCII word whose folded form begins with one of ``starts``.

    ASCII folding is lower-casing (plus "dj" to "d"), so a case-insensitive
    match of the first letters decides.
    """
    heads = sorted({h for h in starts if h.isascii()} | {"dj"}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, heads)), re.IGNORECASE).match


@lru_cache(maxsize=16384)
def _pieces(run: str) -> tuple[tuple[str, int, int], ...]:
    """The tokens of one run of word characters joined by dots or commas (cached)."""
    return tuple(
        piece
        for match in _TOKEN.finditer(run)
        for piece in (
            ((match.group(), match.start(), match.end()),)
            if match.lastgroup is None
            else _special_pieces(match)
        )
    )


def _occurrences(text: str, run: str) -> list[int]:
    """Where ``run`` occurs in ``text`` as a whole run (not inside a longer one)."""
    out = []
    size = len(text)
    at = text.find(run)
    while at >= 0:
        end = at + len(run)
        before = at == 0 or not (
            _wordy(text[at - 1]) or (text[at - 1] in ".," and at >= 2 and _wordy(text[at - 2]))
        )
        after = end == size or not (
            _wordy(text[end]) or (text[end] in ".," and end + 1 < size and _wordy(text[end + 1]))
        )
        if before and after:
            out.append(at)
        at = text.find(run, at + 1)
    return out


@lru_cache(maxsize=8192)
def _wordy(char: str) -> bool:
    return _WORDY.match(char) is not None


@lru_cache(maxsize=64)
def _folder(code: str | None) -> Callable[[str], str]:
    """The exact field's folding of one word, for an article in language ``code`` (cached)."""
    return _cache(("fold", code in BULGARIAN_SCHEME_LANGUAGES)).__getitem__
