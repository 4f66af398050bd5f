#!/usr/bin/env python3
"""Turn the Reuters-21578 collection into JSON Lines Article records.

Reuters-21578 is the largest real news corpus we have (about 19,000 usable
English wire stories from 1987), so it is what benchmarks and scale tests index.
The converter streams: it reads one ``<REUTERS>`` element at a time and writes
one record at a time, so ``--scale 50`` (about a million records) runs in
bounded memory.

The files are "well-formed (but not valid)" XML with quirks: a stray non-UTF-8
byte, SGML character references for control characters in some copies, and
company tickers written as ``&lt;SRD>``. Each article is parsed on its own with
a recovering parser, so one damaged article never loses a file.

Usage::

    scripts/corpus_reuters.py [--corpus DIR] [--out FILE] [--scale N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive_search import Article  # noqa: E402
from archive_search.errors import Skip  # noqa: E402

DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "reuters21578"
FILE_PATTERNS = ("reut2-*.xml", "reut2-*.sgm")
OUTLET = "Reuters"
LANGUAGE = "en"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")
_NAMED_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_NAMED = {"lt", "gt", "amp", "quot", "apos"}
_SIGN_OFF = re.compile(r"\s*\bREUTER\b[\s\x00-\x1f]*\Z", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d])")
_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_AFTER_CITY = re.compile(rf"^([A-Za-z][^,]*?)\s+{_MONTH_NAMES}\s+\d", re.IGNORECASE)
_NOT_A_CITY = re.compile(
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_UNPARSEABLE = Skip.PARSE_FAILED.format(detail="malformed <REUTERS> element")


@dataclass
class Counts:
    """What a run did, for the stderr summary."""

    read: int = 0
    written: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def summary(self) -> str:
        why = ", ".join(f"{n} {r}" for r, n in sorted(self.skipped.items()))
        return (
            f"reuters21578: read {self.read} articles, wrote {self.written} records, "
            f"skipped {self.skipped_total}" + (f" ({why})" if why else "")
        )


# -- reading -------------------------------------------------------------------
def corpus_files(corpus: Path) -> list[Path]:
    """The collection's data files in their numbered order."""
    files = {p for pattern in FILE_PATTERNS for p in corpus.glob(pattern)}
    return sorted(files, key=lambda p: p.name)


def iter_elements(path: Path) -> Iterator[bytes]:
    """Yield the raw bytes of each ``<REUTERS>`` element, reading line by line."""
    chunk: list[bytes] = []
    inside = False
    with path.open("rb") as fh:
        for line in fh:
            if not inside:
                start = line.find(b"<REUTERS")
                if start < 0:
                    continue
                inside, line = True, line[start:]
            chunk.append(line)
            if b"</REUTERS>" in line:
                yield b"".join(chunk)
                chunk, inside = [], False
    if chunk:  # a truncated last article: let the recovering parser try
        yield b"".join(chunk)


def decode(raw: bytes) -> str:
    """UTF-8 where it is valid, Windows-1252 for stray legacy bytes (never fails)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        out, pos = [], 0
        while pos < len(raw):
            try:
                out.append(raw[pos:].decode("utf-8"))
                break
            except UnicodeDecodeError as err:
                out.append(raw[pos : pos + err.start].decode("utf-8"))
                out.append(raw[pos + err.start : pos + err.end].decode("cp1252", "replace"))
                pos += err.end
        return "".join(out)


def clean_entities(text: str) -> str:
    """Make SGML-isms parseable: control-character references and HTML entities."""

    def char_ref(m: re.Match[str]) -> str:
        ref = m.group(1)
        code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
        if code in (9, 10, 13) or (code >= 32 and code != 127):
            return m.group(0)
        return " "

    def named_ref(m: re.Match[str]) -> str:
        if m.group(1) in _XML_NAMED:
            return m.group(0)
        decoded = html.unescape(m.group(0))
        return (
            html.escape(decoded, quote=False)
            if decoded != m.group(0)
            else "&amp;" + m.group(1) + ";"
        )

    return _NAMED_REF.sub(named_ref, _CHAR_REF.sub(char_ref, text))


_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def parse_element(raw: bytes) -> etree._Element | None:
    """Parse one ``<REUTERS>`` element, recovering from damage; None if hopeless."""
    text = _CONTROL.sub(" ", clean_entities(decode(raw)))
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        return None
    if root is None or root.tag != "REUTERS":
        return None
    return root


# -- fields ----------------------------------------------------------------------
def _text(node: etree._Element | None) -> str:
    return "".join(node.itertext()) if node is not None else ""


def parse_date(value: str) -> dt.date | None:
    """``26-FEB-1987 15:01:01.79`` -> 1987-02-26; None when unreadable."""
    m = _DATE.search(value)
    if not m:
        return None
    month = _MONTHS.get(m.group(2).upper())
    if not month:
        return None
    try:
        return dt.date(int(m.group(3)), month, int(m.group(1)))
    except ValueError:
        return None


def title_case(text: str) -> str:
    """``NEW YORK`` -> ``New York``, ``WILKES-BARRE`` -> ``Wilkes-Barre``, ``KING'S`` -> ``King's``."""
    return _WORD.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), text)


def dateline_place(dateline: str) -> str:
    """The city of a dateline: ``NEW YORK, March 3 -`` -> ``New York``.

    The city is what precedes the first comma, or the month when a comma is
    missing (``LAKE SUCCESS March 3 -``). Lines with neither are table rows or
    headings (``WHEAT -``), not datelines, and carry no place; so do weekday
    datelines (``TUE, APR 07 -``). Keyboard noise such as ``****`` is dropped.
    """
    line = " ".join(dateline.split())
    if "," in line:
        city = line.split(",", 1)[0]
    else:
        m = _MONTH_AFTER_CITY.match(line)
        if not m:
            return ""
        city = m.group(1)
    city = city.rsplit("--", 1)[-1]  # "RPT --LUDWIGSHAFEN": a wire prefix
    city = re.sub(r"[^A-Za-z .'/&-]", "", city)
    city = " ".join(city.strip(" .-/&").split())
    if not city or _NOT_A_CITY.fullmatch(city):
        return ""
    return title_case(city)


def clean_author(value: str) -> str:
    """``By Cal Mankowski, Reuters`` -> ``Cal Mankowski``."""
    name = _BY.sub("", " ".join(value.split()))
    name = re.sub(r",?\s*Reuters?\s*$", "", name, flags=re.IGNORECASE)
    return name.strip(" ,")


def body_paragraphs(text: str) -> list[str]:
    """Split a wire body into paragraphs: a blank line or an indented line starts one."""
    text = _SIGN_OFF.sub("", text.replace("\r", ""))
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or line[:1] in (" ", "\t"):
            if current:
                paragraphs.append(current)
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paragraphs.append(current)
    return [" ".join(" ".join(p).split()) for p in paragraphs]


def to_article(root: etree._Element, source_name: str) -> Article | str:
    """The Article for one element, or the reason it is skipped."""
    newid = (root.get("NEWID") or "").strip()
    text = root.find("TEXT")
    title = " ".join(_text(text.find("TITLE") if text is not None else None).split())
    body = body_paragraphs(_text(text.find("BODY") if text is not None else None))
    if not newid:
        return Skip.PARSE_FAILED.format(detail="no NEWID")
    if not title:
        return Skip.NO_TITLE
    if not body:
        return Skip.NO_BODY
    topics = [t for t in (_text(d).strip() for d in root.iterfind("TOPICS/D")) if t]
    return Article(
        id=f"reuters-{newid}",
        title=title,
        body=body,
        author=clean_author(_text(text.find("AUTHOR"))),
        place=dateline_place(_text(text.find("DATELINE"))),
        published=parse_date(_text(root.find("DATE"))),
        language=LANGUAGE,
        section=topics[0] if topics else "",
        outlet=OUTLET,
        url="",
        source=f"{source_name}#{newid}",
    )


def iter_articles(corpus: Path, counts: Counts | None = None) -> Iterator[Article]:
    """Every usable article of the corpus, in file and document order."""
    counts = counts if counts is not None else Counts()
    for path in corpus_files(corpus):
        source_name = f"{corpus.resolve().name}/{path.name}"
        for raw in iter_elements(path):
            counts.read += 1
            root = parse_element(raw)
            result = to_article(root, source_name) if root is not None else _UNPARSEABLE
            if isinstance(result, str):
                counts.skip(result)
            else:
                yield result


# -- scale-up --------------------------------------------------------------------
def shift_date(date: dt.date | None, k: int) -> dt.date | None:
    """Copy k is dated k years earlier and k % 7 days later (29 February -> 28th)."""
    if date is None:
        return None
    year = date.year - k
    day = 28 if (date.month, date.day) == (2, 29) else date.day
    return dt.date(year, date.month, day) + dt.timedelta(days=k % 7)


def vary_text(paragraphs: list[str], k: int) -> list[str]:
    """Add k to the first number of the body, so copies differ in their text too."""
    out = list(paragraphs)
    for i, para in enumerate(out):
        m = _NUMBER.search(para)
        if m:
            out[i] = para[: m.start()] + str(int(m.group(0)) + k) + para[m.end() :]
            break
    return out


def scaled_copy(article: Article, k: int) -> Article:
    """The k-th synthetic copy of an article (k = 0 is the article itself)."""
    if k == 0:
        return article
    return Article(
        id=f"{article.id}-k{k}",
        title=article.title,
        body=vary_text(article.body, k),
        lede=article.lede,
        author=article.author,
        place=article.place,
        published=shift_date(article.published, k),
        language=article.language,
        section=article.section,
        outlet=article.outlet,
        url=article.url,
        source=article.source,
    )


def scale_up(articles: Iterable[Article], scale: int) -> Iterator[Article]:
    """Each article followed by its ``scale - 1`` synthetic copies."""
    for article in articles:
        for k in range(scale):
            yield scaled_copy(article, k)


# -- command line ---------------------------------------------------------------
def convert(corpus: Path, out: IO[str], scale: int = 1) -> Counts:
    """Write the corpus (times ``scale``) as JSON Lines to ``out``."""
    counts = Counts()
    for article in scale_up(iter_articles(corpus, counts), scale):
        out.write(article.to_json())
        out.write("\n")
        counts.written += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, help="output file (default: stdout)")
    parser.add_argument("--scale", type=int, default=1, help="synthetic ×N scale-up (default 1)")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    if not corpus_files(args.corpus):
        parser.error(f"no reut2-*.xml files in {args.corpus}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            counts = convert(args.corpus, out, args.scale)
    else:
        try:
            counts = convert(args.corpus, sys.stdout, args.scale)
        except BrokenPipeError:  # `... | head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    print(counts.summary(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
