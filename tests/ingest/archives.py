"""Web-archive files for tests, written with warcio's writer (WARC) or by the ARC v1 spec."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Rec:
    """One record to write: a response by default."""

    url: str
    body: bytes = b""
    kind: str = "response"
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    date: str = "2014-03-10T12:34:56Z"
    headers: dict[str, str] = field(default_factory=dict)


def page(title: str, text: str, extra: str = "") -> bytes:
    """A small news page the generic parser reads: a title and paragraphs."""
    paragraphs = "".join(f"<p>{text} Paragraph {n} adds more words to it.</p>" for n in range(4))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{extra}</head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def write_warc(path: Path, records: list[Rec], *, gzip_members: bool = True) -> list[int]:
    """Write ``records``; returns where each one starts in the file."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_members)
        for rec in records:
            offsets.append(handle.tell())
            writer.write_record(_record(writer, rec))
    return offsets


def _record(writer: WARCWriter, rec: Rec):
    warc_headers = {"WARC-Date": rec.date, **rec.headers}
    if rec.kind == "revisit":
        return writer.create_revisit_record(
            rec.url,
            digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
            refers_to_uri=rec.url,
            refers_to_date="2014-01-01T00:00:00Z",
        )
    if rec.kind == "response":
        http = StatusAndHeaders(
            rec.status, [("Content-Type", rec.content_type)], protocol="HTTP/1.1"
        )
        return writer.create_warc_record(
            rec.url,
            "response",
            payload=io.BytesIO(rec.body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
    if rec.kind == "request":
        http = StatusAndHeaders(
            f"GET {rec.url} HTTP/1.1", [("Host", "example.com")], is_http_request=True
        )
        return writer.create_warc_record(
            rec.url, "request", payload=io.BytesIO(b""), http_headers=http
        )
    if rec.kind == "warcinfo":
        return writer.create_warcinfo_record("test.warc", {"software": "tests"})
    warc_headers["Content-Type"] = rec.content_type
    return writer.create_warc_record(
        rec.url, rec.kind, payload=io.BytesIO(rec.body), warc_headers_dict=warc_headers
    )


def write_arc(path: Path, records: list[Rec], *, gzip_members: bool = False) -> list[int]:
    """An ARC v1 file: a ``filedesc`` header record, then one record per response."""
    chunks = [
        _arc_record(
            "filedesc://test.arc",
            "0.0.0.0",
            "20140310000000",
            "text/plain",
            b"1 0 Tests\nURL IP-address Archive-date Content-type Archive-length\n",
        )
    ]
    for rec in records:
        http = (
            f"HTTP/1.1 {rec.status}\r\nContent-Type: {rec.content_type}\r\n"
            f"Content-Length: {len(rec.body)}\r\n\r\n"
        ).encode() + rec.body
        stamp = rec.date.replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
        chunks.append(
            _arc_record(rec.url, "192.0.2.1", stamp, rec.content_type.split(";")[0], http)
        )
    offsets = []
    with open(path, "wb") as handle:
        for chunk in chunks:
            offsets.append(handle.tell())
            handle.write(gzip.compress(chunk) if gzip_members else chunk)
    return offsets[1:]


def _arc_record(url: str, ip: str, date: str, kind: str, block: bytes) -> bytes:
    return f"{url} {ip} {date} {kind} {len(block)}\n".encode() + block + b"\n"


def write_wacz(path: Path, warcs: dict[str, bytes]) -> None:
    """A WACZ package: ``archive/`` WARC files, ``pages/pages.jsonl`` and ``datapackage.json``."""
    with zipfile.ZipFile(path, "w") as package:
        for name, data in warcs.items():
            package.writestr(f"archive/{name}", data, compress_type=zipfile.ZIP_STORED)
        package.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0"}) + "\n")
        package.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
