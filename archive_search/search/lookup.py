"""Finding an article by what a reader has at hand: its id, a prefix of it, or its URL.

Ids are short hashes; a reader copies the first few characters, or the address of
the page. A prefix of ``config.MIN_ID_PREFIX`` characters or more that one id
starts with names that article; one that several start with is an error listing
some of them (guessing would show the wrong article). A URL finds the article
whose canonical URL it shares (``article.canonical_url``: scheme, ``www.``, query
and trailing slash aside), whether its id derives from the URL or was given.
"""

from __future__ import annotations

import itertools
import re

from archive_search import config, errors
from archive_search.article import Article, canonical_url
from archive_search.engine.snapshot import Snapshot

#: Ids listed when a prefix is ambiguous.
SHOWN_CANDIDATES = 5

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)


def find_article_id(snapshot: Snapshot, text: str) -> str | None:
    """The id of the one article ``text`` names, None when none does."""
    text = text.strip()
    if not text:
        return None
    if snapshot.has_term("id", text):
        return text
    if _URL.match(text):
        return _by_url(snapshot, text)
    if len(text) >= config.MIN_ID_PREFIX:
        return _by_prefix(snapshot, text)
    return None


def _by_prefix(snapshot: Snapshot, prefix: str) -> str | None:
    for candidate in dict.fromkeys((prefix, prefix.lower())):
        found = list(itertools.islice(snapshot.expand_prefix("id", candidate), 50))
        if len(found) == 1:
            return found[0]
        if found:
            raise errors.ambiguous_id(prefix, found[:SHOWN_CANDIDATES], len(found))
    return None


def _by_url(snapshot: Snapshot, url: str) -> str | None:
    derived = Article(title="", url=url).id
    if snapshot.has_term("id", derived):
        return derived
    if snapshot.has_term("url", url):
        return _stored_id(snapshot, snapshot.first_document("url", url))
    wanted = canonical_url(url)  # an article with an id of its own, the URL written otherwise
    for stored in snapshot.lexicon("url"):
        if canonical_url(stored) == wanted:
            return _stored_id(snapshot, snapshot.first_document("url", stored))
    return None


def _stored_id(snapshot: Snapshot, docnum: int | None) -> str | None:
    fields = snapshot.stored_fields(docnum) if docnum is not None else None
    return fields.get("id") if fields else None
