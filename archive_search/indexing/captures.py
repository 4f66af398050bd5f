"""Captures of one page: which copy an article keeps, decided in one place for every rebuild.

A run claims each article id for the first copy met in walk order (``Manifest.claim``).
Web-archive captures (articles with a crawl time) follow one more rule: the newest
capture wins. A later copy captured more recently than the one kept is kept aside
(its record, ``Manifest.keep_newer``) and written over the kept one once that is
committed (Whoosh deletes only committed documents). The local pipeline and the Dask
coordinator both decide with ``newer_capture`` and write with ``write_newer_captures``,
so both end with the same articles, reports and index.
"""

from __future__ import annotations

import itertools
from typing import Any

from archive_search.article import Article
from archive_search.indexing.manifest import Manifest

__all__ = ["newer_capture", "write_newer_captures"]


def newer_capture(
    manifest: Manifest, article_id: str, crawled: str | None, *, claimed: bool
) -> bool:
    """True if this copy is a newer capture than the one the run keeps: it replaces that one.

    ``claimed``: this copy claimed the id (its crawl time is recorded as the
    one to beat). A copy without a crawl time never replaces one, nor is it
    replaced (the first copy wins).
    """
    if crawled is None:
        return False
    if claimed:
        manifest.note_capture(article_id, crawled)
        return False
    return manifest.outdate(article_id, crawled)


def write_newer_captures(manifest: Manifest, writer: Any) -> int:
    """Write the newest captures kept aside over the copies written earlier; how many changed.

    ``writer`` is an ``engine.store.ArticleWriter``: what it holds is committed
    first, so the older copies can be deleted.
    """
    newer = manifest.take_superseded()
    first = next(newer, None)
    if first is None:
        return 0
    writer.checkpoint()
    replaced = 0
    for origin, record in itertools.chain([first], newer):
        replaced += writer.replace(Article.from_json(record), origin)
    return replaced
