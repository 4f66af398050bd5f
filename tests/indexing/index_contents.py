"""What an index holds, laid out by article id: for comparing two builds of the same sources.

Two builds may number their documents and cut their segments differently;
everything a search can see must still be equal: the articles and their
stored records, every posting (article, weight, positions) of every term,
each article's field lengths, and the totals that scoring reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archive_search.engine.store import IndexStore


def index_contents(path: Path) -> dict[str, Any]:
    store = IndexStore.open(path)
    reader = store._ix.reader()
    try:
        return _contents(reader)
    finally:
        reader.close()
        store.close()


def _contents(reader: Any) -> dict[str, Any]:
    live = list(reader.all_doc_ids())
    ids = {n: reader.stored_fields(n)["id"] for n in live}
    fields = sorted(reader.indexed_field_names())
    postings: dict[tuple[str, bytes], list[tuple[str, float, bytes]]] = {}
    terms: dict[tuple[str, bytes], tuple[int, float]] = {}
    for fieldname, text in reader.all_terms():
        matcher = reader.postings(fieldname, text)
        rows = []
        while matcher.is_active():
            rows.append((ids[matcher.id()], matcher.weight(), matcher.value()))
            matcher.next()
        if rows:
            postings[(fieldname, text)] = sorted(rows)
            terms[(fieldname, text)] = (
                reader.doc_frequency(fieldname, text),
                reader.frequency(fieldname, text),
            )
    return {
        "doc_count": reader.doc_count(),
        "records": {ids[n]: reader.stored_fields(n) for n in live},
        "field_totals": {f: reader.field_length(f) for f in fields},
        "doc_lengths": {(ids[n], f): reader.doc_field_length(n, f) for n in live for f in fields},
        "terms": terms,
        "postings": postings,
    }


def search_scores(path: Path, queries: list[str]) -> dict[str, list[tuple[float, str]]]:
    """Every hit of each query as (score, id), best first (ties by id: numbering may differ)."""
    from archive_search import Archive

    out = {}
    with Archive(path, create=False) as archive:
        for query in queries:
            results = archive.search(query, limit=1000, collapse=False, snippets=False)
            out[query] = sorted((-round(h.score, 9), h.id) for h in results.hits)
    return out
