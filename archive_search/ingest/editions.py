"""The edition key: what the translations of one article share, read from its address.

Decided once, when a page is parsed, and stored with the article (``Article.edition_key``):

* a SETimes article: ``setimes.com/`` plus the path after the locale, which is the same in
  every edition (``ingest.setimes_url``);
* another outlet's page with ``<link rel="alternate" hreflang="..." href="...">``: the
  smallest canonical address of the set it names (itself included), so that every page of
  a reciprocal set gets the same key. Links to a site's front page or a language's front
  page (``/fr/``) are no article's translation and are left out, and so is ``x-default``.

Articles without a key, or whose addresses differ, are matched on their content when they
are read (``search.editions``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from urllib.parse import urljoin

from archive_search.article import Article, canonical_url
from archive_search.ingest.setimes_url import parse_setimes_url

__all__ = ["edition_key", "hreflang_links", "with_edition_key"]

#: Prefix of the keys taken from SETimes addresses.
SETIMES_KEY = "setimes.com/"
# a path that is only a language or locale: a front page, not an article
_LOCALE_PATH = re.compile(r"^/?(?:[a-z]{2,3}(?:[_-][a-z0-9]{2,4})?)?/?$", re.IGNORECASE)


def edition_key(url: str, alternates: Iterable[str] = ()) -> str:
    """The key of the article at ``url`` whose page names ``alternates`` (hreflang); or ""."""
    info = parse_setimes_url(url) if url else None
    if info is not None and info.is_article:
        return SETIMES_KEY + info.key.lower()
    addresses = {_article_address(u) for u in [url, *alternates] if u}
    addresses.discard("")
    if len(addresses) < 2:  # a set of one links nothing
        return ""
    return min(addresses)


def _article_address(url: str) -> str:
    """The canonical form of an article's address; "" for a front page or a non-web link."""
    if not re.match(r"https?://", url.strip(), re.IGNORECASE):
        return ""
    address = canonical_url(url)
    host, _, path = address.partition("/")
    if not host or _LOCALE_PATH.match(path):
        return ""
    return address


def hreflang_links(tree: object, base_url: str = "") -> list[str]:
    """The addresses of ``<link rel="alternate" hreflang>`` in a parsed (lxml) page.

    ``x-default`` (a language chooser, often the front page) is left out; relative
    addresses are resolved against ``base_url``.
    """
    xpath = getattr(tree, "xpath", None)
    if xpath is None:
        return []
    links = []
    for link in xpath("//link[@hreflang][@href]"):
        rel = (link.get("rel") or "").lower().split()
        lang = (link.get("hreflang") or "").strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or not lang or lang == "x-default" or not href:
            continue
        links.append(urljoin(base_url, href) if base_url else href)
    return links


def with_edition_key(article: Article) -> Article:
    """``article`` with its key filled from its URL when it has none yet (a copy if changed)."""
    if article.edition_key or not article.url:
        return article
    key = edition_key(article.url)
    return dataclasses.replace(article, edition_key=key) if key else article
