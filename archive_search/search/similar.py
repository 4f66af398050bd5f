"""More like this: the articles most similar to a given one.

The article's own text (title, lede, body) is analysed as it was indexed, in
its language; its most telling stems (frequent in it, rare in the archive: tf
times idf) become a weighted OR query over the stemmed fields. The article
itself and its near-identical copies are left out of the results (the copies
are counted in a notice), and the rest runs through the normal engine, so
filters, sorting, collapsing, snippets and the JSON shape are those of a search.
"""

from __future__ import annotations

import heapq
from collections import Counter
from time import perf_counter
from typing import Any

from archive_search import errors
from archive_search.article import Article
from archive_search.engine.schema import field_texts
from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from archive_search.search import ranking
from archive_search.search.engine import execute
from archive_search.search.querying import CompiledQuery, HighlightPlan
from archive_search.search.request import SearchRequest
from archive_search.search.results import SearchResults
from archive_search.text.analysis import analysis_language

#: Stems of the article that make up the query (the most telling ones).
KEY_TERMS = 50
#: Parts of the article its key terms come from, each word counted once wherever it is.
SOURCE_FIELDS = ("title", "lede", "body")
#: Fields the key terms are searched in.
TARGET_FIELDS = ("title", "lede", "body")
#: Shortest stem worth using.
MIN_TERM_CHARS = 3
#: Fewest articles a key term must occur in (this one included): rarer ones match nothing.
MIN_DOC_FREQ = 2


def similar_articles(store: Any, article_id: str, **options: Any) -> SearchResults:
    """Articles like ``article_id``; options are those of ``SearchRequest`` (not ``query``)."""
    started = perf_counter()
    snapshot = store.snapshot()
    docnum = snapshot.document_number(id=article_id)
    if docnum is None:
        raise errors.article_not_found(article_id)
    article = Article.from_json(snapshot.record(docnum))
    request = SearchRequest(query=f"similar:{article_id}", **options)
    terms = key_terms(snapshot, article)
    if not terms:  # nothing found, not a bad request: exit code 1, like a search without hits
        raise errors.no_telling_words(article_id)
    heaviest = terms[0][1]
    subs = []
    plan = HighlightPlan()
    for term, weight in terms:
        for name in TARGET_FIELDS:
            fieldname = f"{name}_stem"
            if snapshot.has_term(fieldname, term):
                boost = ranking.FIELD_WEIGHTS.get(name, 1.0) * weight / heaviest
                subs.append(qf.Term(fieldname, term, boost=boost))
                plan.add(fieldname, [term])
    if not subs:
        raise errors.no_telling_words(article_id)
    copies = _copies(snapshot, docnum)
    notices = []
    if copies:
        noun = "copy" if len(copies) == 1 else "copies"
        notices.append(errors.Note.COPIES_LEFT_OUT.format(count=len(copies), noun=noun))
    compiled = CompiledQuery(
        query=qf.Or(tuple(subs)),
        filters=[],
        highlight=plan,
        words=[],
        plain=False,
        notices=notices,
        text=request.query,
    )
    return execute(
        snapshot,
        request,
        compiled,
        started=started,
        shown_query=f"similar to {article_id}: {article.title}",
        exclude={docnum, *copies},
    )


def key_terms(
    snapshot: Snapshot, article: Article, count: int = KEY_TERMS
) -> list[tuple[str, float]]:
    """The article's ``count`` most telling stems with their tf-idf weight, heaviest first.

    Telling: frequent in the article and rare in the archive. Numbers, dates
    and codes ("1.25", "1987") are passed over: they tie together articles
    that share nothing else.
    """
    counts: Counter[str] = Counter()
    texts = field_texts(article)
    with analysis_language(article.language):
        for name in SOURCE_FIELDS:
            for text in snapshot.tokens("body_stem", texts[name], mode="index"):
                if len(text) >= MIN_TERM_CHARS and not any(c.isdigit() for c in text):
                    counts[text] += 1
    total = snapshot.doc_count_all()
    scored = []
    for term, tf in counts.items():
        df = max(snapshot.doc_frequency(f"{name}_stem", term) for name in TARGET_FIELDS)
        if df < MIN_DOC_FREQ:
            continue
        scored.append((term, tf * ranking.bm25_idf(df, total)))
    return heapq.nlargest(count, scored, key=lambda item: item[1])


def _copies(snapshot: Snapshot, docnum: int) -> list[int]:
    keys = snapshot.column("near_dup")
    if keys is None:
        return []
    key = keys[docnum]
    if not key:
        return []
    text = key.decode("utf-8") if isinstance(key, bytes) else str(key)
    return [d for d in snapshot.postings("near_dup", text).tolist() if d != docnum]
