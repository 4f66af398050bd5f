"""Plain-text dumps of SETimes pages -> text blocks -> the stream parser.

A scraper's text dump keeps the page's visible text in reading order, paragraphs separated by
blank lines, list entries as bulleted lines, and sometimes a header line with the address
("URL: http://..." or "Source: http://..."). Some dumps are hard-wrapped at a fixed width;
their lines are joined back into paragraphs. Bylines, captions, source lines and bullets always
stand alone even without a blank line around them.
"""

from __future__ import annotations

import html
import re

from archive_search.article import Article
from archive_search.ingest.byline import (
    normalise_authors,
    parse_byline,
    parse_lone_date,
    parse_sources,
)
from archive_search.ingest.dates import written_date
from archive_search.ingest.setimes import Block, PageCues, guarded, parse_blocks, parse_caption

#: Header labels a dump may declare, by what they give (English and the region's languages).
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "url": ("url", "source", "link", "address", "location", "saved from", "original url"),
    "title": ("title", "headline", "naslov", "наслов", "titull", "titulli", "başlık",
              "baslik", "titlu", "τίτλος", "заглавие", "заголовок"),
    "date": ("date", "published", "publication date", "datum", "датум", "дата", "data",
             "tarih", "ημερομηνία", "objavljeno", "објављено", "публикувано", "publicat"),
    "author": ("author", "authors", "by", "byline", "autor", "аутор", "автор", "yazar",
               "autori", "συντάκτης"),
}  # fmt: skip


def _label_key(label: str) -> str:
    """A label compared without case ("BAŞLIK" casefolds to "başlik", "başlık" keeps its ı)."""
    return " ".join(label.split()).casefold().replace("ı", "i")


_LABEL_OF = {_label_key(label): key for key, labels in HEADER_LABELS.items() for label in labels}
_HEADER = re.compile(
    r"^\s*(?P<key>"
    + "|".join(map(re.escape, sorted(_LABEL_OF, key=len, reverse=True)))
    + r")\s*:\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^\s*(?P<value>https?://\S+)\s*$", re.IGNORECASE)
_URLISH = re.compile(r"^(?:https?://|www\.|setimes\.com/)\S+$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪►▸◦‣∙*]|[-–—](?=\s))\s*")
# "&quot;", "&#8220;": a scraper's leftovers (a bare "&" stays as it is)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: A hard-wrapped dump has its lines this long at most.
MAX_WRAP_WIDTH = 120
HEADER_LINES = 6


def parse_setimes_text(text: str, *, source: str = "", url: str = "") -> Article:
    """Parse a plain-text dump of a SETimes page (see module doc). Raises SkipSource only.

    Whether a page is HTML or text is decided by ``ingest.looks_like_html``.
    """
    return guarded(_parse_text)(text, source=source, url=url)


def _parse_text(text: str, *, source: str, url: str) -> Article:
    blocks, cues = text_blocks(text)
    return parse_blocks(blocks, cues, source=source, url=url)


def normalise_text(text: str) -> str:
    """Unix newlines, no BOM or invisible characters, ordinary spaces, no leftover entities."""
    text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)


def text_blocks(text: str) -> tuple[list[Block], PageCues]:
    """The dump's blocks in order, and what its header lines say (address, title)."""
    lines = normalise_text(text).split("\n")
    cues, lines = _header(lines)
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    chunks = [c for c in chunks if c]
    width = _wrap_width(chunks)
    blocks = [blk for chunk in chunks for blk in _chunk_blocks(chunk, width)]
    return blocks, cues


def _header(lines: list[str]) -> tuple[PageCues, list[str]]:
    """What the header lines declare, and the lines after them (the text)."""
    found: dict[str, str] = {}
    seen = 0
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        labelled, bare = _HEADER.match(line), _BARE_URL.match(line)
        if not (labelled or bare) or seen > HEADER_LINES:
            return _cues(found), lines[n:]
        if labelled:
            _declare(_LABEL_OF[_label_key(labelled["key"])], labelled["value"], found)
        elif bare:
            _declare("url", bare["value"], found)
    return _cues(found), []


def _declare(key: str, value: str, found: dict[str, str]) -> None:
    """Record a header line's value, unless it is not one (a "Source:" that is no address)."""
    if key == "url" and not _URLISH.match(value):
        return
    if key == "date" and written_date(value) is None:
        return
    found.setdefault(key, value if key != "url" or "://" in value else "http://" + value)


def _cues(found: dict[str, str]) -> PageCues:
    title = found.get("title", "")
    return PageCues(
        titles=(title,) if title else (),
        url=found.get("url", ""),
        published=written_date(found["date"]) if "date" in found else None,
        author=normalise_authors(found.get("author", "")),
    )


def _special(line: str) -> bool:
    """Lines that are blocks of their own even inside a paragraph-like chunk."""
    return bool(
        _BULLET.match(line)
        or parse_byline(line)
        or parse_sources(line)
        or parse_lone_date(line)[0]
        or parse_caption(line)
    )


def _wrap_width(chunks: list[list[str]]) -> int:
    """The width a dump is hard-wrapped at, or 0 when its lines are whole paragraphs."""
    lengths = [
        len(line.rstrip())
        for chunk in chunks
        if len(chunk) > 1
        for line in chunk[:-1]
        if not _BULLET.match(line)
    ]
    if len(lengths) < 4:
        return 0
    width = max(lengths)
    if width > MAX_WRAP_WIDTH:
        return 0
    full = sum(1 for n in lengths if n >= 0.7 * width)
    return width if full >= 0.6 * len(lengths) else 0


def _chunk_blocks(chunk: list[str], width: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = current[0].strip()
            for line in current[1:]:
                # "confidence-" + "building": a compound broken at its hyphen
                glue = "" if re.search(r"\w-$", text) else " "
                text += glue + line.strip()
            blocks.append(Block(" ".join(text.split())))
            current.clear()

    def wrapped(prev: str, line: str) -> bool:
        """``prev`` was broken only because the next word would not fit the wrap width."""
        return bool(width and len(prev.rstrip()) + 1 + len(line.split()[0]) > width)

    for n, line in enumerate(chunk):
        continues = bool(current) and wrapped(current[-1], line)
        runs_on = n + 1 < len(chunk) and wrapped(line, chunk[n + 1])
        bullet = bool(_BULLET.match(line))
        if bullet or (not continues and not runs_on and _special(line)):
            flush()
            text = " ".join((_BULLET.sub("", line, count=1) if bullet else line).split())
            if text:
                blocks.append(Block(text, bullet=bullet))
            continue
        if current and not continues:
            flush()
        current.append(line)
    flush()
    return blocks
