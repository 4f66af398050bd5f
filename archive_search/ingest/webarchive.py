"""Web-archive files (WARC, ARC, WACZ): every archived HTML page, each record accounted for.

A response (or resource) record holding an HTML page with status 200 is a
page: its target URI is the page's URL and its WARC-Date the capture time
(``Article.crawled``, never the publication date). Revisit records, other
statuses, other content, truncated and damaged records are skipped, each
with a reason and the record's offset (in the file as stored, so that
``dd``/``warcio extract`` find it). Request, warcinfo and metadata records
are the crawler's bookkeeping, not candidate pages: they are passed over.

Reading streams with warcio (it reads ARC as well as WARC, gzip members or
not): one record's payload at a time, at most ``config.MAX_PAGE_BYTES`` of it,
so memory stays flat whatever the size of the file. warcio accepts a record
cut short without a word, so lengths are checked here; a record it cannot
read at all is reported and reading resumes at the next record header (or
gzip member) after it: a damaged record never stops the file. A whole file
gzipped as one stream, which warcio refuses, is read through gzip instead.

``iter_units`` yields records still to parse as ``Capture`` objects (small,
picklable: the indexing pipeline fans them out to its worker processes, where
``ingest.parse_unit`` parses them) and skipped records as finished ``Parsed``
entries.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import os
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from archive_search import config
from archive_search.errors import Skip
from archive_search.ingest.parsed import Parsed

# warcio logs what it repairs (spaces in a damaged target URI, say): we report per record
logging.getLogger("warcio").addHandler(logging.NullHandler())
logging.getLogger("warcio").propagate = False

#: Names (``.gz`` stripped) read as web archives.
WEBARCHIVE_SUFFIXES = (".warc", ".arc", ".wacz")
#: Record types that are a crawler's bookkeeping: neither pages nor skipped pages.
_BOOKKEEPING = frozenset({"warcinfo", "request", "metadata", "conversion", "continuation"})
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+xhtml")
#: Types a server may send an HTML page as; the payload decides.
_VAGUE_TYPES = ("", "application/octet-stream", "unk", "unknown", "no-type", "text/unknown")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_HEADER = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_SCAN_CHUNK = 1 << 20
_DRAIN_CHUNK = 1 << 16


@dataclass(frozen=True)
class Capture:
    """One archived HTML page on its way to a parser (picklable: workers parse it)."""

    origin: str
    path: str
    member: str
    offset: int
    url: str
    captured: dt.datetime | None
    content_type: str
    payload: bytes

    @property
    def location(self) -> str:
        """``file@offset`` (``package!member@offset`` inside a WACZ): where the record is."""
        inner = f"!{self.member}" if self.member else ""
        return f"{self.path}{inner}@{self.offset}"

    def parsed(self, article: Any) -> Parsed:
        """This record, parsed into ``article`` (``ingest.parse_unit`` does the parsing)."""
        return self._parsed(article=article)

    def failed(self, reason: str) -> Parsed:
        """This record, skipped with ``reason`` (its parser crashed the worker, say)."""
        return self._parsed(reason=reason)

    def _parsed(self, *, article: Any = None, reason: str | None = None) -> Parsed:
        return Parsed(
            self.origin, self.location, article, reason, offset=self.offset, member=self.member
        )


def is_webarchive(name: str) -> bool:
    """True for a logical file name (``.gz`` stripped, lower case) of a web-archive file."""
    return name.endswith(WEBARCHIVE_SUFFIXES)


def iter_units(path: str | os.PathLike[str]) -> Iterator[Parsed | Capture]:
    """Every candidate page of a web-archive file: a ``Capture`` to parse, or a skip entry."""
    from archive_search.ingest.reading import logical_name

    path = Path(path)
    origin = str(path.resolve())
    try:
        if logical_name(path).endswith(".wacz"):
            yield from _wacz(path, origin)
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                yield from _archive(handle, size, str(path), origin, "")
    except OSError as exc:
        reason = Skip.UNREADABLE.format(detail=exc.strerror or exc)
        yield Parsed(origin, str(path), reason=reason)


def is_newer_capture(candidate: dt.datetime | None, held: dt.datetime | None) -> bool:
    """True if a capture taken at ``candidate`` replaces one taken at ``held`` (newest wins).

    Copies without a crawl date (plain files) keep the first-copy-wins rule.
    """
    return candidate is not None and held is not None and candidate > held


# -- WACZ ------------------------------------------------------------------------
def _wacz(path: Path, origin: str) -> Iterator[Parsed | Capture]:
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        yield Parsed(origin, str(path), reason=Skip.BAD_WACZ.format(detail=_one_line(exc)))
        return
    with package:
        members = sorted(
            (info.filename, info.file_size)
            for info in package.infolist()
            if info.filename.startswith("archive/") and _is_archive_member(info.filename)
        )
        if not members:
            yield Parsed(origin, str(path), reason=Skip.NO_ARCHIVES)
        for member, size in members:
            try:
                with package.open(member) as handle:
                    yield from _archive(handle, size, str(path), origin, member)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # the zip entry itself
                reason = Skip.DAMAGED_RECORD.format(detail=_one_line(exc))
                yield Parsed(origin, f"{path}!{member}", reason=reason, member=member)


def _is_archive_member(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith((".warc", ".arc"))


# -- WARC and ARC ------------------------------------------------------------------
class _WholeGzip(Exception):
    """The file is one gzip stream, not a gzip member per record."""


class _Reader(DecompressingBufferedReader):
    """warcio's reader, without its message on stderr when gzip data turns corrupt midway."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read:
            try:
                return self.decompressor.decompress(data)
            except Exception:  # the record reads short and is reported as such
                return b""
        return super()._decompress(data)


class _Iterator(ArchiveIterator):
    INC_RECORD = ""  # warcio writes this warning to stderr itself; we report per record

    def __init__(self, handle: IO[bytes], **options: Any) -> None:
        super().__init__(handle, **options)
        self.reader = _Reader(self.fh, block_size=self.reader.block_size)

    def _raise_invalid_gzip_err(self) -> None:
        raise _WholeGzip


def _archive(
    handle: IO[bytes], size: int, path: str, origin: str, member: str
) -> Iterator[Parsed | Capture]:
    """The records of one WARC/ARC stream of ``size`` bytes, resuming after damage.

    A whole file gzipped as one stream (``gzip crawl.warc``), which warcio
    refuses because it cannot be seeked into, is read on through gzip: its
    records' offsets are then positions in the decompressed file.
    """
    where = (path, origin, member)
    compressed = handle.read(3) == _GZIP_MAGIC
    done = 0
    try:
        if compressed and _one_gzip_stream(handle):
            raise _WholeGzip
        for unit in _stream(handle, size, compressed, where):
            done += 1
            yield unit
    except _WholeGzip:
        inflated = _Inflated(handle)
        yield from itertools.islice(_stream(inflated, sys.maxsize, False, where), done, None)


class _Inflated(io.RawIOBase):
    """A gzip stream read as its decompressed bytes; one cut short ends where the data ends.

    (``gzip.GzipFile`` raises at a truncated end instead, losing the records
    before it in the same read.) Seeking back starts again from the beginning.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._restart()

    def _restart(self) -> None:
        self._raw.seek(0)
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._buffer = b""
        self._position = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        wanted = _SCAN_CHUNK if size is None or size < 0 else size
        while len(self._buffer) < wanted and not self._ended:
            self._fill()
        out, self._buffer = self._buffer[:wanted], self._buffer[wanted:]
        self._position += len(out)
        return out

    def seek(self, position: int, whence: int = 0) -> int:
        if whence != 0:
            raise OSError("only absolute seeks in a gzip stream")
        if position < self._position:
            self._restart()
        while self._position < position and self.read(min(position - self._position, _SCAN_CHUNK)):
            pass
        return self._position

    def _fill(self) -> None:
        chunk = self._raw.read(_DRAIN_CHUNK)
        if not chunk:
            self._ended = True  # cut short: what was there is all there is
            return
        try:
            self._buffer += self._inflater.decompress(chunk)
            while self._inflater.eof and self._inflater.unused_data.startswith(_GZIP_MAGIC):
                rest = self._inflater.unused_data  # concatenated gzip streams
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._buffer += self._inflater.decompress(rest)
        except zlib.error:
            self._ended = True


def _one_gzip_stream(handle: IO[bytes]) -> bool:
    """True if the first gzip member holds more than the first record (a whole-file gzip).

    Decompresses only as far as needed to tell: the first record's headers and
    length, and a little beyond it.
    """
    handle.seek(0)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head, produced, length = b"", 0, None
    while chunk := handle.read(4096):
        try:
            out = inflater.decompress(chunk)
        except zlib.error:
            return False
        produced += len(out)
        if length is None:
            head += out
            length = _first_record_length(head)
            if length is None and len(head) > _DRAIN_CHUNK:
                return False
        if length is not None and produced > length + 64:
            return True
        if inflater.eof:
            return False
    return False


def _first_record_length(head: bytes) -> int | None:
    """Bytes of the first WARC or ARC record in ``head`` (None until its headers are in)."""
    if head.startswith(b"WARC/"):
        end = head.find(b"\r\n\r\n")
        match = re.search(rb"(?im)^content-length:\s*(\d+)", head[:end]) if end > 0 else None
        return end + 4 + int(match[1]) + 4 if match else None
    line_end = head.find(b"\n")
    if line_end <= 0:
        return None
    tokens = head[:line_end].split()
    return line_end + 1 + int(tokens[-1]) + 1 if tokens and tokens[-1].isdigit() else None


def _stream(
    handle: IO[bytes], size: int, compressed: bool, where: tuple[str, str, str]
) -> Iterator[Parsed | Capture]:
    start: int | None = 0
    while start is not None:
        start = yield from _records_from(handle, start, size, compressed, where)


def _records_from(
    handle: IO[bytes], start: int, size: int, compressed: bool, where: tuple[str, str, str]
) -> Iterator[Parsed | Capture]:
    """Records from ``start`` on; on damage, report it and return where to resume (or None)."""
    path, origin, member = where
    handle.seek(start)
    records = _Iterator(handle, arc2warc=True, check_digests=True)
    offset = start
    try:
        for record in records:
            offset = records.offset
            unit = _unit(record, offset, where)
            if unit is not None:
                yield unit
                if compressed and _lost_sync(unit):  # the decompressor may have read on
                    return _resume_at(handle, offset + 1, compressed)
        end = records.offset
        if end >= size or not _has_data(handle, end):
            return None
        # warcio stops quietly at a record cut short inside its headers: say so
        reason = Skip.TRUNCATED.format(detail=f"the file ends inside it, at byte {size:,}")
        location = f"{path}!{member}@{end}" if member else f"{path}@{end}"
        yield Parsed(origin, location, reason=reason, offset=end, member=member)
        return _resume_at(handle, end + 1, compressed)
    except (_WholeGzip, OSError):
        raise
    except Exception as exc:  # warcio, zlib or a malformed header: this record is lost
        failed_at = max(offset, records.offset) if records.member_info else offset
        detail = _one_line(exc)
        location = f"{path}!{member}@{failed_at}" if member else f"{path}@{failed_at}"
        reason = Skip.DAMAGED_RECORD.format(detail=detail)
        yield Parsed(origin, location, reason=reason, offset=failed_at, member=member)
        return _resume_at(handle, failed_at + 1, compressed)
    return None


_DAMAGED = Skip.DAMAGED_RECORD.format(detail="")
_TRUNCATED = Skip.TRUNCATED.format(detail="")[:-2]


def _lost_sync(unit: Parsed | Capture) -> bool:
    """True for a damaged or cut-short record: in gzip, its member's end is not to be trusted."""
    reason = getattr(unit, "reason", None) or ""
    return reason.startswith((_DAMAGED, _TRUNCATED))


def _has_data(handle: IO[bytes], position: int) -> bool:
    """True if anything but blank padding follows ``position`` (False if it cannot be read)."""
    try:
        handle.seek(position)
        while chunk := handle.read(_SCAN_CHUNK):
            if chunk.strip(b"\r\n\t \x00"):
                return True
    except (EOFError, zlib.error):
        return False
    return False


def _unit(record: Any, offset: int, where: tuple[str, str, str]) -> Parsed | Capture | None:
    """What one record is: a page to parse, a skipped record, or None (bookkeeping)."""
    path, origin, member = where
    kind = record.rec_type

    def skip(reason: str) -> Parsed:
        location = f"{path}!{member}@{offset}" if member else f"{path}@{offset}"
        return Parsed(origin, location, reason=reason, offset=offset, member=member)

    headers = record.rec_headers
    if not kind or headers.get_header("Content-Length") is None:
        # warcio yields a header block cut short (the file ended inside it) as a record
        return skip(Skip.TRUNCATED.format(detail="its headers are incomplete"))
    if kind in _BOOKKEEPING or kind not in ("response", "resource", "revisit"):
        return None
    url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if kind == "revisit":
        profile = headers.get_header("WARC-Profile") or ""
        return skip(Skip.REVISIT.format(detail=profile.rsplit("/", 1)[-1] or url))
    reason = _not_a_page(record)
    if reason is not None:
        _drain(record)  # a record cut short says so, whatever else it is
        missing = getattr(record.raw_stream, "limit", 0)
        return skip(
            Skip.TRUNCATED.format(detail=f"{missing:,} bytes missing") if missing else reason
        )
    content_type = _content_type(record)
    try:
        payload = record.content_stream().read(config.MAX_PAGE_BYTES + 1)
    except Exception as exc:  # a content or transfer encoding that does not decode
        _drain(record)
        return skip(Skip.DAMAGED_RECORD.format(detail=_one_line(exc)))
    problem = _completeness(record)
    if problem is not None:
        return skip(problem)
    if len(payload) > config.MAX_PAGE_BYTES:
        return skip(Skip.TOO_LARGE.format(limit=config.MAX_PAGE_BYTES))
    if not payload.strip():
        return skip(Skip.EMPTY)
    if not content_type.lower().startswith(_HTML_TYPES) and not _sniff_html(payload):
        return skip(Skip.NOT_HTML.format(type=content_type.split(";")[0].strip() or "no type"))
    date = _warc_date(headers.get_header("WARC-Date") or "")
    return Capture(origin, path, member, offset, url, date, content_type, payload)


def _not_a_page(record: Any) -> str | None:
    """Why a response or resource record is no page, judged from its headers; None if it may be."""
    http = record.http_headers
    if record.rec_type == "response":
        declared = (record.rec_headers.get_header("Content-Type") or "").lower()
        if http is None and declared.startswith("application/http"):
            return Skip.DAMAGED_RECORD.format(detail="unreadable HTTP headers")
        status = http.get_statuscode() if http is not None else "200"
        if status != "200":
            return Skip.HTTP_STATUS.format(status=status or "missing")
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return Skip.TRUNCATED.format(detail=f"WARC-Truncated: {truncated}")
    content_type = _content_type(record)
    if not _may_be_html(content_type):
        return Skip.NOT_HTML.format(type=content_type.split(";")[0].strip())
    return None


def _content_type(record: Any) -> str:
    http = record.http_headers
    if http is not None and record.rec_type == "response":
        return (http.get_header("Content-Type") or "").strip()
    return (record.rec_headers.get_header("Content-Type") or "").strip()


def _may_be_html(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith(_HTML_TYPES) or kind in _VAGUE_TYPES


def _sniff_html(payload: bytes) -> bool:
    head = payload[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def _completeness(record: Any) -> str | None:
    """Why a fully read record is not whole (cut short, or not what its digest says), or None."""
    _drain(record)
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Skip.TRUNCATED.format(detail=f"{missing:,} bytes missing")
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return Skip.DAMAGED_RECORD.format(detail="payload does not match its digest")
    return None


def _drain(record: Any) -> None:
    while record.raw_stream.read(_DRAIN_CHUNK):
        pass


def _resume_at(handle: IO[bytes], position: int, compressed: bool) -> int | None:
    """The next record start at or after ``position``: a gzip member or a WARC header line."""
    try:
        return _scan(handle, position, compressed)
    except (EOFError, zlib.error):  # a gzip stream broken beyond repair
        return None


def _scan(handle: IO[bytes], position: int, compressed: bool) -> int | None:
    handle.seek(position)
    carry = b""
    base = position
    while True:
        chunk = handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        if compressed:
            found = data.find(_GZIP_MAGIC)
        else:
            match = _WARC_HEADER.search(data)
            found = match.start(1) if match else -1
        if found >= 0:
            return base - len(carry) + found
        carry = data[-16:]
        base += len(chunk)


def _warc_date(value: str) -> dt.datetime | None:
    """WARC-Date (ISO 8601, UTC) or an ARC date (14 digits) as naive UTC."""
    value = value.strip()
    if value.isdigit():
        from archive_search.ingest.replay import capture_time

        return capture_time(value)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def _one_line(exc: BaseException) -> str:
    """The error in one short printable line (a damaged header may hold any bytes)."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
    return "".join(c if c.isprintable() else "?" for c in text)
