"""Every hit of a query, streamed in rank order: ``search --all``, the web export, ``Archive.export``.

A search pages its results and stops at ``config.MAX_RESULT_WINDOW``; an export
walks the whole ranking instead. The ranking is arrays (a document number and a
score per match: 16 bytes each, 16 MB for a million matches); records are read,
highlighted and handed out a chunk at a time (``config.EXPORT_CHUNK``), so memory
does not grow with the hits already written. With ``collapse`` (as a search),
near-identical copies fold as on a page: the first-ranked copy is the hit, a
group's later copies are never yielded, and the export agrees with the total.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from archive_search import config
from archive_search.search.collapse import collapse
from archive_search.search.engine import page_hits
from archive_search.search.matches import Matches, find_matches
from archive_search.search.paging import Ranked
from archive_search.search.request import SearchRequest
from archive_search.search.results import Hit
from archive_search.text.analysis import analysis_language


class HitStream(Iterator[Hit]):
    """Every hit of an export, in order; ``notices`` say how the query was read."""

    def __init__(self, hits: Iterator[Hit], notices: list[str]) -> None:
        self._hits = hits
        self.notices = notices

    def __next__(self) -> Hit:
        return next(self._hits)


def export_hits(store: Any, request: SearchRequest) -> HitStream:
    """Every hit of ``request`` in its order (its page and limit do not apply).

    The query is compiled and the matches found before the first hit is asked
    for: a bad query raises here, not in the middle of a stream.
    """
    matches = find_matches(store, request)
    return HitStream(_stream(matches), list(matches.compiled.notices))


def _stream(matches: Matches) -> Iterator[Hit]:
    snapshot, request = matches.snapshot, matches.request
    docs, scores = matches.ranked()
    folding = request.collapse and snapshot.has_field("near_dup")
    if folding:
        codes, names = snapshot.column_codes("near_dup")
        seen = np.zeros(len(names), dtype=bool)
    chunk = config.EXPORT_CHUNK
    for start in range(0, len(docs), chunk):
        chunk_docs, chunk_scores = docs[start : start + chunk], scores[start : start + chunk]
        pairs = zip(chunk_docs.tolist(), chunk_scores.tolist(), strict=True)
        if folding:
            keys = codes[chunk_docs]
            fresh = (keys == 0) | ~seen[keys]
            seen[keys] = True
            pairs = zip(chunk_docs[fresh].tolist(), chunk_scores[fresh].tolist(), strict=True)
            page = [Ranked(g.docnum, g.score, g.copies) for g in collapse(pairs, snapshot)]
        else:
            page = [Ranked(d, s, []) for d, s in pairs]
        with analysis_language(matches.language):  # snippets analyse as the query did
            hits = page_hits(snapshot, page, matches.compiled, request)
        yield from hits
