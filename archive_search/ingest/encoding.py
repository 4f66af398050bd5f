"""Page bytes to correct Unicode text.

Scraped Balkan pages come in every encoding the region has used: UTF-8 (most),
windows-1250 / ISO-8859-2 (Latin Serbian, Croatian, Bosnian, Albanian),
windows-1251 (Serbian, Macedonian, Bulgarian Cyrillic), windows-1253 (Greek),
windows-1254 (Turkish), often with a wrong or missing declaration, sometimes
as mojibake (UTF-8 read as windows-1252 and saved again, once or twice).

Evidence is weighed in this order:

1. a byte-order mark;
2. strict UTF-8 (a legacy page is practically never valid UTF-8 by accident);
   UTF-8 with a few islands of legacy bytes has the islands decoded by the
   legacy rules below;
3. the charset the caller passes (``declared``, e.g. from an HTTP header) or
   the page declares (``<meta charset>``, ``http-equiv``, XML declaration),
   only if it decodes and reads as plausible text;
4. charset-normalizer, first restricted to this region's code pages.

Single-byte code pages decode any bytes, so "decodes" proves little: each
candidate is also scored by how well its non-ASCII letters fit the alphabet
of one language (windows-1254 Turkish read as windows-1250 gives "Baţbakaný":
letters from Romanian, Czech and Turkish at once). A declared or first-guess
charset is only overruled by a clearly better fit. Then ftfy repairs mojibake
(its encoding fixes only: quotes, dashes and the rest stay as they are) and
the text is put in NFC.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import Skip, SkipSource

if TYPE_CHECKING:
    from ftfy import TextFixerConfig

#: Legacy code pages always weighed, in order of preference (ties go to the earlier).
REGION_CODEPAGES: tuple[str, ...] = (
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "iso8859_2",
    "cp1252",
    "iso8859_5",
    "iso8859_7",
    "iso8859_16",
    "koi8_r",
)

#: Most bytes examined when telling UTF-8 from legacy, or text from binary.
_SAMPLE_BYTES = 256 * 1024
#: Most bytes examined when choosing a legacy code page.
_LEGACY_SAMPLE_BYTES = 64 * 1024
#: How far into the page a charset declaration is looked for.
_DECLARATION_WINDOW = 64 * 1024
#: A fit this good overrules the declared / first-guess charset...
_GOOD_FIT = 0.9
#: ...when it beats it by more than this.
_FIT_MARGIN = 0.02
#: Shares of the text that make it "not text".
_MAX_CONTROL_SHARE = 0.02
_MAX_REPLACEMENT_SHARE = 0.10
_MAX_NUL_SHARE = 0.001
#: Characters of decoded text that charset-normalizer's mess ratio looks at.
_MESS_WINDOW = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats that are sometimes saved under an .html name.
_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"II*\x00",
    b"MM\x00*",
    b"OggS\x00",
    b"ID3\x02",
    b"ID3\x03",
    b"ID3\x04",
    b"wOFF",
    b"wOF2",
    b"\x1a\x45\xdf\xa3",
    b"SQLite format 3\x00",
)

# WHATWG's label rules where Python's differ: browsers read "latin-1" and
# "ascii" pages as windows-1252, "iso-8859-9" as windows-1254, and so must we.
_LABEL_OVERRIDES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
    "x-mac-cyrillic": "mac_cyrillic",
    "iso-8859-8-i": "iso8859_8",
}
# A page that says it is UTF-16 but has no BOM is really ASCII-compatible.
_IGNORED_CODECS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_BAD_BYTES = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C1_OR_REPLACED = re.compile("[\x80-\x9f\ufffd]")

# -- alphabets used to judge a decoding ----------------------------------------
_LATIN_ALPHABETS = (
    "čćđšž",  # Serbian, Croatian, Bosnian (Slovene: a subset)
    "çë",  # Albanian
    "çğıöşüâîûİ",  # Turkish
    "ăâîșțşţ",  # Romanian
    "áéíóöőúüű",  # Hungarian
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "ąćęłńóśźż",  # Polish
    "äöüß",  # German
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish, Galician
    "àèéìíîòóù",  # Italian
    "áâãàçéêíóôõúü",  # Portuguese
    "àçèéíïòóúü",  # Catalan
    "æøåéó",  # Danish, Norwegian
    "åäöé",  # Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic, Faroese
    "äöõüšž",  # Estonian
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšųūž",  # Lithuanian
    "ċġħżàèìòù",  # Maltese
    "çəğıöşü",  # Azerbaijani
    "âêîôûŵŷáéíóúàèìòùäëïöü",  # Welsh
)
_CYRILLIC_ALPHABETS = (
    "абвгдђежзијклљмнњопрстћуфхцчџш",  # Serbian
    "абвгдѓежзѕијклљмнњопрстќуфхцчџш",  # Macedonian
    "абвгдежзийклмнопрстуфхцчшщъьюя",  # Bulgarian
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",  # Russian
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
    "абвгдеёжзійклмнопрстуўфхцчшыьэюя",  # Belarusian
)
_GREEK_ALPHABET = "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ"
_ENUMERATED_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK"}
# East Asian text mixes these within one word; for fitting they are one family.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "BOPOMOFO": "CJK"}


def _with_capitals(letters: str) -> frozenset[str]:
    return frozenset(letters) | frozenset(c for c in letters.upper() if len(c) == 1)


_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    _with_capitals(a) for a in (*_LATIN_ALPHABETS, *_CYRILLIC_ALPHABETS, _GREEK_ALPHABET)
)


# -- public -------------------------------------------------------------------
def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Return the page's text, correctly decoded, repaired and in NFC.

    ``declared`` is a charset from outside the page (an HTTP header, a
    record field); a Content-Type value ("text/html; charset=...") is fine.
    Raises ``SkipSource(Skip.BINARY)`` for content that is not text.
    """
    if not data:
        return ""
    _refuse_known_binary(data)
    text = _decode(data, declared)
    text = fix_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    _refuse_binary_text(text)
    return text


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as a legacy code page (also twice), changing nothing else.

    ftfy's encoding repair only: curly quotes, dashes, ligatures, widths,
    HTML entities and line breaks are left exactly as they are. ftfy's own
    check is slow on long pages, so a cheap scan for the only shapes mojibake
    can take (a UTF-8 lead byte followed by a continuation byte, both seen
    through a code page; or a C1 control) decides first whether to call it.
    """
    if text.isascii() or not _mojibake_shapes().search(text):
        return text
    import ftfy

    return ftfy.fix_encoding(text, _ftfy_config())


@functools.cache
def _mojibake_shapes() -> re.Pattern[str]:
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
    from ftfy.chardata import CHARMAP_ENCODINGS

    leads = bytes(range(0xC2, 0xF5))
    continuations = bytes(range(0x80, 0xC0))
    # C1 controls; "Â " and "Ã " where an NBSP continuation became a space
    shapes = ["[\x80-\x9f]", "[ÂÃ] "]
    for codec in CHARMAP_ENCODINGS:
        lead = re.escape(leads.decode(codec, "replace"))
        # a continuation byte the code page lacks may have become "?" or U+FFFD
        follow = re.escape(continuations.decode(codec, "replace") + "?\ufffd")
        shapes.append(f"[{lead}][{follow}]")
    any_start = re.escape("".join({c for code in CHARMAP_ENCODINGS for c in leads.decode(code)}))
    return re.compile(f"(?=[{any_start}\x80-\x9f])(?:{'|'.join(shapes)})")


def declared_charsets(data: bytes) -> list[str]:
    """Charsets the page itself declares, in document order (labels as written)."""
    head = data[:_DECLARATION_WINDOW]
    found = [m.group(1).decode("ascii") for m in _XML_ENCODING.finditer(head)]
    found += [m.group(1).decode("ascii") for m in _META_CHARSET.finditer(head)]
    return found


def codec_for_label(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown or not text."""
    if not label:
        return None
    param = _CHARSET_PARAM.search(label)
    name = (param.group(1) if param else label).strip().strip("\"'").lower()
    name = _LABEL_OVERRIDES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _IGNORED_CODECS:
        return None
    return info.name


# -- the decision -------------------------------------------------------------
def _decode(data: bytes, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    if b"\x00" in data:
        return _decode_with_nuls(data, declared)
    text = _decode_utf8(data, declared)
    if text is not None:
        return text
    return data.decode(_choose_legacy_codec(data, declared), "replace")


def _decode_with_nuls(data: bytes, declared: str | None) -> str:
    """UTF-16 without a BOM, or text with a few stray NULs; else binary."""
    codec = _utf16_without_bom(data)
    if codec:
        return data.decode(codec, "replace")
    if data.count(0) > max(1, len(data) * _MAX_NUL_SHARE):
        raise SkipSource(Skip.BINARY)
    return _decode(data.replace(b"\x00", b""), declared)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 puts the NULs of ASCII characters all on odd (LE) or even (BE) bytes."""
    head = data[:8192]
    pairs = len(head) // 2
    even_nul = head[0 : pairs * 2 : 2].count(0)
    odd_nul = head[1 : pairs * 2 : 2].count(0)
    for codec, nuls, others in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if nuls >= 4 and others * 20 <= nuls and _reads_as_text(head[: pairs * 2], codec):
            return codec
    return None


def _reads_as_text(data: bytes, codec: str) -> bool:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    return len(_CONTROLS.findall(text)) <= len(text) * _MAX_CONTROL_SHARE


def _decode_utf8(data: bytes, declared: str | None) -> str | None:
    """Strict UTF-8; or UTF-8 with legacy islands; None when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8", "replace")  # cut mid-character
    sample = data[:_SAMPLE_BYTES].decode("utf-8", "surrogateescape")
    bad = sum(len(run) for run in _BAD_BYTES.findall(sample))
    good = len(_VALID_NON_ASCII.findall(sample))
    if good == 0 or bad > good:
        return None
    text = data.decode("utf-8", "surrogateescape")
    # Mostly UTF-8: decode the stray legacy bytes by the legacy rules, judged
    # on those bytes alone (the UTF-8 characters removed).
    islands = _VALID_NON_ASCII.sub("", text).encode("utf-8", "surrogateescape")
    codec = _choose_legacy_codec(islands, declared)
    return _BAD_BYTES.sub(
        lambda run: run.group().encode("utf-8", "surrogateescape").decode(codec, "replace"),
        text,
    )


def _choose_legacy_codec(data: bytes, declared: str | None) -> str:
    """The declared charset if it reads well, else the best-reading detected one."""
    sample = _legacy_sample(data)
    stated = _unique(codec_for_label(label) for label in (declared, *declared_charsets(data)))
    stated = [codec for codec in stated if _decodes(sample, codec)]
    if stated and _quality(sample, stated[0]) >= 1.0 - _FIT_MARGIN:
        return stated[0]  # reads perfectly: nothing could overrule it
    detected = _detected_codecs(sample, REGION_CODEPAGES)
    # every regional code page gets scored; charset-normalizer's order breaks ties
    candidates = _unique([*stated, *detected, *REGION_CODEPAGES])
    quality = {codec: _quality(sample, codec) for codec in candidates}
    if max(quality.values(), default=0.0) < _GOOD_FIT:
        # nothing regional reads well: a page from elsewhere, ask without bias
        for codec in _detected_codecs(sample, None):
            if codec not in quality:
                candidates.append(codec)
                quality[codec] = _quality(sample, codec)
    if not candidates:
        return "cp1252"
    return _pick(candidates, quality)


def _legacy_sample(data: bytes) -> bytes:
    """Up to 64 KB from just before the first non-ASCII byte (past any ASCII head)."""
    match = _HIGH_BYTE.search(data)
    start = max(0, match.start() - 1024) if match else 0
    return data[start : start + _LEGACY_SAMPLE_BYTES]


def _pick(candidates: list[str], quality: dict[str, float]) -> str:
    """Keep the first candidate unless another one reads clearly better."""
    first = candidates[0]
    best = max(candidates, key=lambda codec: quality[codec])  # first on ties
    if quality[best] >= _GOOD_FIT and quality[best] > quality[first] + _FIT_MARGIN:
        return best
    return first


def _detected_codecs(sample: bytes, isolation: Iterable[str] | None) -> list[str]:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(
        sample,
        cp_isolation=list(isolation) if isolation else None,
        preemptive_behaviour=False,  # declarations are weighed here, not trusted there
    )
    return [m.encoding for m in matches if m.encoding not in _IGNORED_CODECS]


def _decodes(sample: bytes, codec: str) -> bool:
    try:
        sample.decode(codec)
    except UnicodeDecodeError as error:
        # a multi-byte character cut by the sample's end is not a failure
        return len(sample) == _LEGACY_SAMPLE_BYTES and error.start >= len(sample) - 4
    except LookupError:
        return False
    return True


def _quality(sample: bytes, codec: str) -> float:
    """How plausible the decoded text is: alphabet fit less charset-normalizer's mess.

    The fit tells Latin code pages apart (their wrong decodings are still
    letters); the mess ratio tells Cyrillic and Greek ones apart (wrong
    decodings are letters of the right script in implausible sequences).
    """
    from charset_normalizer.md import mess_ratio

    text = sample.decode(codec, "replace")
    return alphabet_fit(text) - mess_ratio(text[:_MESS_WINDOW], 1.0)


def alphabet_fit(text: str) -> float:
    """Share of the text's non-ASCII letters that belong to one language's alphabet.

    1.0 for text whose non-ASCII letters all come from one alphabet (or that has
    none). Mixed-script words, C1 control characters, replacement characters
    and symbols glued to letters ("©ibenik") count against the fit: they are
    what a wrong code page produces.
    """
    letters, bad = _letter_counts(text)
    total = sum(letters.values()) + bad
    if total == 0:
        return 1.0
    hits: Counter[object] = Counter()
    for char, count in letters.items():
        for index, alphabet in enumerate(_ALPHABETS):
            if char in alphabet:
                hits[index] += count
        script = _script_name(char)
        if script not in _ENUMERATED_SCRIPTS:
            hits[script] += count
    return max(hits.values(), default=0) / total


def _letter_counts(text: str) -> tuple[Counter[str], int]:
    """Non-ASCII letters that sit in plausible words, and the count of the rest."""
    letters: Counter[str] = Counter()
    bad = 0
    for word, count in Counter(_NON_ASCII_WORD.findall(text)).items():
        scripts = {_script_name(c) for c in word if c.isalpha()} & _ENUMERATED_SCRIPTS
        non_ascii = [c for c in word if not c.isascii()]
        if len(scripts) > 1:
            bad += count * len(non_ascii)
        else:
            letters.update({c: count for c in non_ascii if c.isalpha()})
            bad += count * sum(1 for c in non_ascii if not c.isalpha())
    bad += len(_C1_OR_REPLACED.findall(text))
    bad += len(_GLUED_SYMBOL.findall(text))
    return letters, bad


# Non-ASCII symbols (not punctuation or quotes) touching a letter.
_GLUED_SYMBOL = re.compile(
    r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2000-\u206f\u00ab\u00bb\u20ac]"
    r"|[^\w\s\x00-\x7f\u2000-\u206f\u00ab\u00bb\u20ac](?=[^\W\d_])"
)
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f\W]\w*")


@functools.lru_cache(maxsize=4096)
def _script_name(char: str) -> str:
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in {"FULLWIDTH", "HALFWIDTH"}:
        first = name.split(" ", 2)[1]
    return _SCRIPT_FAMILY.get(first, first) or "UNKNOWN"


# -- binary -------------------------------------------------------------------
def _refuse_known_binary(data: bytes) -> None:
    head = data[:64]
    if head.startswith(_MAGIC) or _is_riff_or_mp4(head):
        raise SkipSource(Skip.BINARY)


def _is_riff_or_mp4(head: bytes) -> bool:
    return (head.startswith(b"RIFF") and head[8:12] in {b"WEBP", b"WAVE", b"AVI "}) or head[
        4:8
    ] == b"ftyp"


def _refuse_binary_text(text: str) -> None:
    """Decoded text full of control or replacement characters was never text."""
    sample = text[:_SAMPLE_BYTES]
    if not sample:
        return
    controls = len(_CONTROLS.findall(sample))
    replaced = sample.count("\ufffd")
    if controls > len(sample) * _MAX_CONTROL_SHARE or replaced > len(sample) * (
        _MAX_REPLACEMENT_SHARE
    ):
        raise SkipSource(Skip.BINARY)


# -- helpers ------------------------------------------------------------------
def _unique(items: Iterable[str | None]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


@functools.cache
def _ftfy_config() -> TextFixerConfig:
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
