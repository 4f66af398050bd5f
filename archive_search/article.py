"""The Article record: the one shape every stage agrees on.

Parsers produce Articles, the index stores them, search returns them. Nothing
downstream ever sees raw pages, so this module is the contract between stages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ID_LENGTH = 12
#: Longest id a record may bring (JSON Lines input keeps its own ids).
MAX_ID_LENGTH = 128
# no spaces, no C0/C1 controls, no invisible or direction-changing format characters
_VALID_ID = re.compile(
    rf"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
    rf"{{1,{MAX_ID_LENGTH}}}"
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


@dataclass(frozen=True)
class Caption:
    """A photo caption, kept apart from the body so it never pollutes snippets."""

    text: str
    credit: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "credit": self.credit}


@dataclass
class Article:
    """One news article, as clean text with its metadata.

    ``id`` is derived from the article's identity (canonical URL, or its text
    when no URL is known) so that indexing the same page twice, or two copies of
    one page, yields the same id. ``source`` is where it was read from and is
    deliberately not part of the identity.
    """

    title: str
    body: list[str] = field(default_factory=list)
    lede: str = ""
    captions: list[Caption] = field(default_factory=list)
    author: str = ""
    place: str = ""
    place_local: str = ""
    published: dt.date | None = None
    language: str = ""
    section: str = ""
    outlet: str = ""
    url: str = ""
    source: str = ""
    id: str = ""
    #: What the editions of one article share (SETimes: the URL path after the locale; other
    #: outlets: their ``hreflang`` set); empty when unknown (see ``ingest.editions``).
    edition_key: str = ""
    #: When a web archive captured the page (WARC-Date, a replay's timestamp), UTC.
    #: Never the publication date; the newest capture of an article wins.
    crawled: dt.datetime | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.identity_hash()[:ID_LENGTH]
        elif not _VALID_ID.fullmatch(self.id):
            # ids are typed on command lines and printed in terminals
            raise ValueError(
                f"id must be 1 to {MAX_ID_LENGTH} characters without spaces or control characters"
            )

    # -- identity -------------------------------------------------------
    def identity_hash(self) -> str:
        """Hash of what makes two records the same article.

        A canonical URL identifies an article across scrapes; without one, the
        language, title, date and text do.
        """
        if self.url:
            key = "url\0" + canonical_url(self.url)
        else:
            key = "\0".join(
                [
                    "text",
                    self.language,
                    _normalise(self.title),
                    self.published.isoformat() if self.published else "",
                    _normalise(" ".join(self.body)),
                ]
            )
        return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()

    def content_hash(self) -> str:
        """Hash of everything stored except where it came from: changes mean re-index."""
        return record_content_hash(self.to_dict())

    # -- convenience ----------------------------------------------------
    @property
    def authors(self) -> list[str]:
        """Individual author names, for facets ("A and B" is two authors)."""
        return [a for a in _AUTHOR_SPLIT.split(self.author) if a]

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)

    # -- JSON -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "lede": self.lede,
            "body": list(self.body),
            "captions": [c.to_dict() for c in self.captions],
            "author": self.author,
            "place": self.place,
            "place_local": self.place_local,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "section": self.section,
            "outlet": self.outlet,
            "url": self.url,
            "source": self.source,
            # only when known: records of articles without one are as they always were
            **({"edition_key": self.edition_key} if self.edition_key else {}),
            **({"crawled": format_crawled(self.crawled)} if self.crawled else {}),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Build an Article from JSON-like data, validating types.

        Accepts ``body`` as a string (paragraphs separated by blank lines) or a
        list, captions as strings or ``{text, credit}`` objects, and ``published``
        as YYYY-MM-DD. Raises ValueError with a one-line reason on bad data.
        """
        if not isinstance(data, Mapping):
            raise ValueError("record is not a JSON object")
        title = _string(data, "title")
        if not title.strip():
            raise ValueError("record has no title")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
        return cls(
            id=_string(data, "id"),
            title=title.strip(),
            lede=_string(data, "lede"),
            body=_paragraphs(data.get("body")),
            captions=_captions(data.get("captions")),
            author=_string(data, "author"),
            place=_string(data, "place"),
            place_local=_string(data, "place_local"),
            published=parse_iso_date(data.get("published")),
            language=_string(data, "language"),
            section=_string(data, "section"),
            outlet=_string(data, "outlet"),
            url=_string(data, "url"),
            source=_string(data, "source"),
            edition_key=_string(data, "edition_key"),
            crawled=parse_crawled(data.get("crawled")),
        )

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


def record_content_hash(record: Mapping[str, Any]) -> str:
    """``Article.content_hash`` of a stored record, computed from its JSON data as it is.

    ``verify`` checks stored records with it: building an Article first would
    normalise the data and hide the very changes it looks for.
    """
    data = {key: value for key, value in record.items() if key != "source"}
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


def canonical_url(url: str) -> str:
    """Reduce the ways one page is addressed to one string.

    Scheme, ``www.``, case of the host, default ports, query strings and
    fragments (print versions, ``?page=`` variants, session and tracking
    parameters), ``;jsessionid=``-style path parameters and trailing slashes do
    not make a different article: captures of one page in a web archive meet here.
    """
    url = url.strip()
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.I)
    url = url.split("#", 1)[0].split("?", 1)[0].split(";", 1)[0]
    host, _, path = url.partition("/")
    host = re.sub(r":(?:80|443)?$", "", host.lower().removeprefix("www."))
    path = re.sub(r"/(print|amp)/?$", "", "/" + path).rstrip("/")
    path = re.sub(r"\.(s?html?|php|aspx?)$", "", path)
    return host + path


def format_crawled(value: dt.datetime) -> str:
    """A crawl time as ISO 8601 UTC, to the second: ``2014-03-10T12:34:56Z``."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_crawled(value: Any) -> dt.datetime | None:
    """A crawl time from ISO 8601 (``Z`` or an offset; naive means UTC), as naive UTC."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"crawled is not an ISO 8601 string: {value!r}")
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"crawled is not a valid ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def parse_iso_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published is not a YYYY-MM-DD string: {value!r}")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"published is not a valid YYYY-MM-DD date: {value!r}") from None


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _string(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} is not a string")
    return value


def _paragraphs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts: Iterable[Any] = re.split(r"\n\s*\n", value)
    elif isinstance(value, list):
        parts = value
    else:
        raise ValueError("body is neither a string nor a list of strings")
    out = []
    for part in parts:
        if not isinstance(part, str):
            raise ValueError("body is neither a string nor a list of strings")
        part = " ".join(part.split())
        if part:
            out.append(part)
    return out


def _captions(value: Any) -> list[Caption]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("captions is not a list")
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(Caption(item))
        elif isinstance(item, Mapping) and isinstance(item.get("text"), str):
            credit = item.get("credit") or ""
            if not isinstance(credit, str):
                raise ValueError("caption credit is not a string")
            out.append(Caption(item["text"], credit))
        else:
            raise ValueError("caption is neither a string nor {text, credit}")
    return out
