"""Records written by other tools, read as Article records.

JSON Lines come from many scrapers, and each names its fields its own way:
news-please writes ``maintext`` and ``date_publish``, trafilatura ``text``,
``date`` and ``hostname``, newspaper ``publish_date`` and ``authors``, schema.org
``headline``, ``articleBody`` and an ``author`` object. Asking users to rename
them first would make the import format useless for the files they hold, so a
record's fields are mapped to Article's here, before the strict validation of
``Article.from_dict``.

A key that is neither an Article field nor a known alias is ignored, unless it
looks like a misspelt Article field ("pubished"): that is a mistake in the
user's own export, and silently losing the field would hide it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rapidfuzz.distance import OSA

from archive_search.article import Article
from archive_search.ingest.html_metadata import parse_date

ARTICLE_FIELDS: tuple[str, ...] = tuple(Article.__dataclass_fields__)

#: Other tools' names for each Article field, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("headline", "name", "title_text"),
    "body": ("text", "maintext", "articleBody", "article_body", "content", "body_text",
             "full_text", "article"),
    "lede": ("description", "summary", "abstract", "standfirst", "subtitle"),
    "published": ("date", "date_publish", "publish_date", "datePublished", "date_published",
                  "published_at", "pubdate", "publication_date"),
    "author": ("authors", "byline", "creator", "author_name"),
    "language": ("lang", "inLanguage", "locale"),
    "url": ("link", "canonical_url", "canonical", "source_url", "href", "uri"),
    "outlet": ("source_domain", "sitename", "site_name", "hostname", "publisher", "source_name"),
    "section": ("category", "categories", "rubric", "kicker"),
    "crawled": ("date_download", "crawl_date", "date_crawled", "fetched", "retrieved"),
    "place": ("dateline", "location"),
    "captions": ("caption", "image_captions"),
}  # fmt: skip
#: Fields whose value is a date; an alias may give it in any common shape.
DATE_FIELDS = frozenset({"published", "crawled"})
#: A key one edit (two for names longer than this) from an Article field is a misspelling
#: of it (an edit: a letter added, dropped, changed, or two letters swapped).
MISSPELLING_SHORT = 5

_ALIAS_OF = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
#: Fields that hold one string; a list there is a list of names, joined.
_STRING_FIELDS = frozenset(
    {"title", "lede", "author", "place", "language", "section", "outlet", "url"}
)
_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}")


def article_fields(data: Any) -> Any:
    """``data`` with other tools' field names and value shapes mapped to Article's.

    A record in Article's own format keeps its values and their strict checks,
    but for a name given as a list or an object. Raises ValueError (one line) for
    a key that looks like a misspelt Article field. Anything that is not a mapping
    is returned as it is, for ``from_dict`` to reject.
    """
    if not isinstance(data, Mapping):
        return data
    own = all(key in ARTICLE_FIELDS for key in data)
    out = {key: value for key, value in data.items() if key in ARTICLE_FIELDS}
    for key, value in data.items():
        name = _ALIAS_OF.get(key)
        if name is None:
            if key not in ARTICLE_FIELDS:
                _check_not_misspelt(key)
        elif _empty(out.get(name)) and not _empty(value):
            out[name] = value
    for name, value in out.items():
        if name in _STRING_FIELDS and isinstance(value, list | Mapping):
            out[name] = _one_string(name, value)
        elif name == "captions" and isinstance(value, str):
            out[name] = [value]
        elif name in DATE_FIELDS and not own and not _iso(value):
            out[name] = _date(value)  # written the other tool's way ("March 3, 2013")
    return data if own and out == data else out


def _check_not_misspelt(key: str) -> None:
    for name in ARTICLE_FIELDS:
        if OSA.distance(key.casefold(), name) <= (1 if len(name) <= MISSPELLING_SHORT else 2):
            raise ValueError(f"unknown key {key!r} (did you mean {name!r}?)")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _iso(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(_ISO_DATE.match(value)))


def _date(value: Any) -> str | None:
    found = parse_date(_named(value))
    return found.isoformat() if found else None


def _named(value: Any) -> Any:
    """A schema.org object ({"@type": "Person", "name": ...}) as its name."""
    if isinstance(value, Mapping):
        return value.get("name") or value.get("@value") or value.get("url") or ""
    return value


def _one_string(name: str, value: list[Any] | Mapping[str, Any]) -> str:
    """Names as one string: authors and outlets joined, otherwise the first."""
    items = value if isinstance(value, list) else [value]
    names = [n.strip() for n in map(_named, items) if isinstance(n, str) and n.strip()]
    if name in ("author", "outlet"):
        return ", ".join(names)
    return names[0] if names else ""
