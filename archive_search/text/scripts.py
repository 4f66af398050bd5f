"""Which script a text is written in, and an article's edition (language and script).

Serbian is printed in Cyrillic and in Latin: the two are separate editions of one story,
as are its translations. The script is read from the letters themselves, so that a page
whose address is lost still says which edition it is.
"""

from __future__ import annotations

__all__ = ["edition_of", "script_of"]


def script_of(text: str) -> str:
    """The ISO 15924 script most of the letters of ``text`` are in: Latn, Cyrl, Grek or ""."""
    counts = {"Latn": 0, "Cyrl": 0, "Grek": 0}
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if 0x0400 <= code <= 0x052F:
            counts["Cyrl"] += 1
        elif 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
            counts["Grek"] += 1
        elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            counts["Latn"] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ""


def edition_of(language: str, *texts: str) -> tuple[str, str]:
    """(language, script) of an article, its script read from ``texts`` (title, lede, the
    opening paragraphs: enough letters to tell, few enough to read fast)."""
    return language, script_of(" ".join(texts))
