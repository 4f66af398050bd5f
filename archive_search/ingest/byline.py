"""SETimes bylines and newsbrief source lines, in every edition's wording.

Every edition keeps the brand "Southeast European Times" in Latin script and ends the byline
with a DD/MM/YY date, so those two are the anchors; the words around them ("By ... for ... in",
"... za ... iz", "de ... pentru ... din", "Του ... για τους ... από την", "... için ...'dan
...'in haberi", inverted "Za ... iz ... izvještava NAME") only decide which side holds the
author and which the place. Newsbriefs carry no byline but end with "(Sources: AP, Reuters --
10/03/14)" in the edition's language; that line gives the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive_search.text.places import resolve_place

BRAND = re.compile(r"south[\s-]*east(?:ern)?\s+european\s+times", re.IGNORECASE)
#: In bylines the short form counts too ("By NAME for SETimes in Belgrade -- 10/03/14").
BYLINE_BRAND = re.compile(rf"{BRAND.pattern}|\bsetimes(?:\.com)?\b", re.IGNORECASE)
DASH = r"(?:-{1,3}|[‐‑‒–—―−]|\|)"
DATE = r"(?<!\d)(?P<day>\d{1,2})\s*[/.]\s*(?P<month>\d{1,2})\s*[/.]\s*(?P<year>\d{4}|\d{2})(?!\d)"
_TRAILING_DATE = re.compile(rf"(?:\s*{DASH}\s*|\s*,\s*|\s+|^){DATE}\s*[.)]?\s*$")
_LONE_DATE = re.compile(rf"^\s*{DASH}?\s*{DATE}\s*$")
MAX_BYLINE_CHARS = 300

# "for" before the brand: en, sr/hr/bs, bg/mk/sr Cyrillic, ro, sq, el.
_FOR = re.compile(
    r"(?:^|\s)(?:for|za|за|pentru|për|per|για\s+τ(?:ους|ον|ην|ης|ο|α)|για|für|pour)\s*[,:]?\s*$",
    re.IGNORECASE,
)
_ROLE = r"(?:photos?|pictures?|images?|text|video|reporting|interview|analysis|commentary)"
_ROLE_LOCAL = (
    r"(?:fotografii|fotografije|fotografi|foto|fotoğraflar|фотографии|фотографије|фотографија"
    r"|фото|φωτογραφίες|text|tekst|текст|metin|κείμενο|teksti)"
)
_AND = r"(?:and|&|şi|și|si|i|и|ve|και|dhe)"
_BY = re.compile(
    rf"^(?:{_ROLE}(?:\s*(?:,|{_AND})\s*{_ROLE})*\s+by"
    rf"|{_ROLE_LOCAL}(?:\s*(?:,|{_AND})\s*{_ROLE_LOCAL})*(?:\s+(?:de|od|од|от|nga|από))?"
    r"|written\s+by|by|de|od|од|от|nga|του|της|των|von|par|από)\s*:?\s+",
    re.IGNORECASE,
)
_TURKISH_FOR = re.compile(r"^(?:için|icin)\b\s*", re.IGNORECASE)
_TURKISH_PLACE = re.compile(
    r"^(?P<place>[^\W\d_][^'’]{0,40}?)['’](?:dan|den|tan|ten|da|de|ta|te)\b\s*(?P<rest>.*)$"
)
_TURKISH_TAIL = re.compile(
    r"\s+(?:haberi|haberini|yazdı|yazıyor|bildiriyor|bildirdi|aktarıyor)\s*$", re.IGNORECASE
)
_TURKISH_GENITIVE = re.compile(r"['’](?:n?[ıiuü]n)$")
_VERB = re.compile(
    r"(?:^|\s)(?:izvještava|izveštava|izvjestava|izvestava|izvješćuje|извештава|извјештава"
    r"|известява|известува|пишува|пише|piše|pise|javlja|јавља|reports|writes|relatează"
    r"|relateaza|raportează|raporteaza|scrie|raporton|shkruan|γράφει|αναφέρει)\s*:?\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_PLACE_PREP = re.compile(
    r"^(?:in|from|at|iz|u|из|у|од|во|от|в|във|din|în|la|nga|në|ne|"
    r"από\s+(?:την|τη|το|τον|τα|τις|τους)|από|στην|στη|στο|στον|στα|στις|στους|σε)\s+(?P<place>.+)$",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s+(?:and|i|и|şi|și|si|ve|και|dhe|&|und|et|y)\s+", re.IGNORECASE)

_REPEATED_BY = re.compile(r" and (?:by|de|od|од|от|nga|του|της|των|von|par) ", re.IGNORECASE)

_SOURCE_LABEL = re.compile(
    r"^(?P<label>sources?|izvori|izvor|извори|извор|surse|sursa|sursă|sursele|kaynaklar|kaynak"
    r"|πηγές|πηγή|πηγες|πηγη|burime|burimet|burimi|източници|източник)\s*:\s*",
    re.IGNORECASE,
)
_LABEL_LANGUAGE = {
    "source": "en",
    "sources": "en",
    "surse": "ro",
    "sursa": "ro",
    "sursă": "ro",
    "sursele": "ro",
    "kaynak": "tr",
    "kaynaklar": "tr",
    "burime": "sq",
    "burimet": "sq",
    "burimi": "sq",
    "източници": "bg",
    "източник": "bg",
}


@dataclass(frozen=True)
class Byline:
    """What a byline or a source line says: who, where (English and as written), when."""

    author: str = ""
    place: str = ""
    place_local: str = ""
    published: dt.date | None = None
    language: str = ""
    sources: str = ""


def make_date(day: str | int, month: str | int, year: str | int) -> dt.date | None:
    """A DD/MM/YY(YY) date. Impossible dates, and dates in the future, give None.

    A two-digit year is 20YY unless that lies in the future, then 19YY (a
    scraped page cannot have been published after it was scraped).
    """
    try:
        d, m, y = int(day), int(month), int(year)
    except (TypeError, ValueError):
        return None
    latest = dt.date.today().year + 1
    if y < 100:
        y += 2000 if 2000 + y <= latest else 1900
    if not 1900 <= y <= latest:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _date_of(match: re.Match[str]) -> dt.date | None:
    return make_date(match["day"], match["month"], match["year"])


def parse_lone_date(text: str) -> tuple[bool, dt.date | None]:
    """(is the block just a date, that date) for layouts that put the date on its own line."""
    match = _LONE_DATE.match(text)
    return (True, _date_of(match)) if match else (False, None)


def normalise_authors(names: str) -> str:
    """One author string: localized conjunctions become " and " so the Article can split it."""
    names = " ".join(names.split()).strip(" ,;:.-–—")
    names = _CONJUNCTION.sub(" and ", names)
    # "Του A και του B": the second name repeats the "by" word
    return _REPEATED_BY.sub(" and ", names)


# lower-case words a list of names may hold: particles, conjunctions, repeated "by" words
_PARTICLES = frozenset(
    {"and", "&", "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "el"}
    | {"al", "bin", "ibn", "du", "y", "e", "i", "и", "și", "şi", "si", "ve", "και", "dhe"}
    | {"by", "od", "од", "от", "nga", "του", "της", "των"}
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


def _plausible_name(name: str) -> bool:
    """Names: a few capitalised words (particles aside), no digits or sentence punctuation."""
    words = name.split()
    if not 0 < len(words) <= 10 or re.search(r"[\d!?;:()\"“”«»]", name):
        return False
    return all(w[0].isupper() or w.casefold() in _PARTICLES for w in words)


def parse_byline(text: str) -> Byline | None:
    """The byline in ``text``, or None when it is not a byline.

    A byline names the brand, ends with a date (or at least reads as a byline around the
    brand) and is short; prose that mentions the paper ("he said in a statement for
    SETimes.") is not one: the words before the brand must be a name followed by "for", or
    nothing, and an undated byline is no sentence.
    """
    text = " ".join(text.split())
    brand = BYLINE_BRAND.search(text)
    if not brand or len(text) > MAX_BYLINE_CHARS:
        return None
    right = text[brand.end() :]
    date_match = _TRAILING_DATE.search(right)
    if date_match:
        right = right[: date_match.start()]
    elif _SENTENCE_END.search(text):
        return None
    right = right.strip(" ,;:-–—|")
    left = _names_before_brand(text[: brand.start()], bool(date_match), right)
    if left is None:
        return None
    author, place_text = _split_right(right)
    author = author if author and _plausible_name(author) else ""
    if left:
        author = f"{left} and {author}" if author and author != left else left
    place, place_local = resolve_place(place_text) if place_text else ("", "")
    return Byline(
        author=normalise_authors(author),
        place=place,
        place_local=place_local,
        published=_date_of(date_match) if date_match else None,
        language=byline_language(text),
    )


def _names_before_brand(left: str, dated: bool, right: str) -> str | None:
    """The author(s) in "By NAME for" / "NAME za" / "Του NAME για τους"; None: not a byline."""
    for_word = _FOR.search(left)
    if for_word:
        left = left[: for_word.start()]
    left = left.strip(" ,;:-–—|")
    by_prefix = _BY.match(left + " ")
    left = _BY.sub("", left + " ").strip(" ,;:-–—|")
    if left and not ((for_word or by_prefix) and _plausible_name(left)):
        return None
    if not dated and not (for_word or by_prefix) and not _TURKISH_FOR.match(right):
        return None
    return left


def _split_right(right: str) -> tuple[str, str]:
    """(author named after the brand, place as written) from the words after the brand."""
    right = _TURKISH_FOR.sub("", right).strip(" ,;:")
    author = ""
    turkish = _TURKISH_PLACE.match(right)
    if turkish:
        rest = _TURKISH_TAIL.sub("", turkish["rest"]).strip(" ,;:")
        return _TURKISH_GENITIVE.sub("", rest), turkish["place"]
    if _TURKISH_TAIL.search(right):
        return _TURKISH_GENITIVE.sub("", _TURKISH_TAIL.sub("", right).strip()), ""
    verb = _VERB.search(right)
    if verb:
        author = verb["name"].strip(" ,;:")
        right = right[: verb.start()].strip(" ,;:")
    prep = _PLACE_PREP.match(right)
    place = prep["place"] if prep else right
    place = place.split(",")[0].strip(" .;:")
    if len(place.split()) > 5:
        place = ""
    return author, place


def byline_language(text: str) -> str:
    """The edition a byline was written for, judged from its function words; "" if unsure.

    The Latin Serbian, Croatian and Bosnian bylines read the same ("za ... iz ..."), as do
    some Cyrillic ones: those stay "" unless a letter or word settles it.
    """
    lower = text.casefold()
    words = set(re.findall(r"\w+", lower))
    if re.search(r"[α-ω]", lower):
        return "el"
    if "için" in words or "icin" in words or re.search(r"['’](?:dan|den|tan|ten)\b", lower):
        return "tr"
    if words & {"pentru", "din", "în"}:
        return "ro"
    if words & {"për", "nga", "në"}:
        return "sq"
    if re.search(r"[а-я]", lower):
        return _cyrillic_language(lower, words)
    if words & {"by", "for"}:
        return "en"
    if words & {"izveštava", "izvestava"}:
        return "sr"
    return ""


def _cyrillic_language(lower: str, words: set[str]) -> str:
    if words & {"од", "во"} or re.search(r"[ѓќѕ]", lower):
        return "mk"
    if words & {"от", "в", "във"} or re.search(r"[ъщюяй]", lower):
        return "bg"
    if words & {"из", "у", "извештава", "извјештава"} or re.search(r"[ћђ]", lower):
        return "sr"
    return ""


def parse_sources(text: str) -> Byline | None:
    """A newsbrief's "(Sources: AP, Reuters -- 10/03/14)" line, or None.

    Without a label, a parenthesised list of short names ending in a date counts too:
    "(AP, Reuters, RFE/RL - 10/03/14)".
    """
    text = " ".join(text.split())
    if len(text) > MAX_BYLINE_CHARS or BRAND.search(text):
        return None
    inner = text.strip()
    parenthesised = inner.startswith("(") and inner.rstrip(".").endswith(")")
    inner = inner.strip(" .").removeprefix("(").removesuffix(")").strip()
    label = _SOURCE_LABEL.match(inner)
    if label:
        inner = inner[label.end() :]
    elif not parenthesised:
        return None
    date_match = _TRAILING_DATE.search(inner)
    if not label and not date_match:
        return None
    names = inner[: date_match.start()] if date_match else inner
    names = names.strip(" ,;:-–—|")
    if not names or len(names.split()) > 20 or re.search(r"[.!?]\s+\w", names):
        return None
    language = _LABEL_LANGUAGE.get(label["label"].casefold(), "") if label else ""
    if label and label["label"].casefold().startswith("πηγ"):
        language = "el"
    return Byline(
        published=_date_of(date_match) if date_match else None,
        language=language,
        sources=names,
    )
