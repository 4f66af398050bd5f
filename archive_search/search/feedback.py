"""Pseudo-relevance feedback (RM3): widen a long query with words of its best matches.

A sentence-long question ("number of troops the United States has stationed
in South Vietnam...") names only some of the words its answers use. RM3 takes
the top few articles of a first ranking as relevant, estimates a word
distribution from them (each article's term frequencies weighted by its share
of the score), and adds the most probable words to the query with a smaller
weight than the user's own words. On the TIME collection this is the largest
single gain over plain BM25 (see ``scripts/eval_ranking.py``).

Term frequencies are read by re-analysing the feedback articles' text with the
stemmed analyzer in each article's language (the index keeps no term
vectors); that is a few milliseconds for ten articles, and the engine only
asks for feedback on long plain queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive_search.article import Article
from archive_search.engine.schema import field_texts
from archive_search.engine.snapshot import Snapshot
from archive_search.search import query_form as qf
from archive_search.search import ranking
from archive_search.search.querying import CompiledQuery
from archive_search.text.analysis import analysis_language, exact_tokens, stemmer_for

#: Fields whose words feed the model, and their weight in it.
SOURCE_FIELDS = {"title": 1.0, "lede": 1.0, "body": 1.0}
#: Fields the expansion terms are searched in.
TARGET_FIELDS = ("title", "lede", "body")
#: Shortest word (in characters) worth adding.
MIN_TERM_CHARS = 3


@dataclass
class Expansion:
    """The widened query and the words it added (as the feedback articles write them)."""

    query: Any
    words: list[str] = field(default_factory=list)


def expand(
    snapshot: Snapshot, q: Any, compiled: CompiledQuery, allowed: Any, weighting: Any
) -> Expansion:
    """The query ``q`` widened with the most probable words of its top articles."""
    top = _top_documents(snapshot, q, allowed, weighting, ranking.FEEDBACK_DOCS)
    if len(top) < 2:
        return Expansion(q)
    model = relevance_model(snapshot, top)
    if ranking.FEEDBACK_IDF:
        n = snapshot.doc_count_all()
        for term in list(model):
            df = max(snapshot.doc_frequency(f"{name}_stem", term) for name in TARGET_FIELDS)
            model[term] *= ranking.bm25_idf(df, n) ** ranking.FEEDBACK_IDF
    original = {s for w in compiled.words for s in w.stems}
    terms = [(t, p) for t, p in model.most_common() if t not in original]
    terms = terms[: ranking.FEEDBACK_TERMS]
    if not terms:
        return Expansion(q)
    heaviest = terms[0][1]
    subs = []
    added = []
    for term, p in terms:
        found = False
        for name in TARGET_FIELDS:
            fieldname = f"{name}_stem"
            if snapshot.has_term(fieldname, term):
                weight = ranking.FIELD_WEIGHTS.get(name, 1.0) * p / heaviest
                subs.append(qf.Term(fieldname, term, boost=weight))
                found = True
        if found:
            added.append(term)
    if not subs:
        return Expansion(q)
    keep = ranking.FEEDBACK_ORIGINAL_WEIGHT
    widened = qf.Or((q.with_boost(q.boost * keep), qf.Or(tuple(subs), boost=1.0 - keep)))
    return Expansion(widened, written_forms(snapshot, [d for d, _ in top], added))


def written_forms(snapshot: Snapshot, docnums: list[int], stems: list[str]) -> list[str]:
    """Each stem as the articles most often write it ("negoti" -> "negotiations"), folded."""
    wanted = set(stems)
    seen: dict[str, Counter[str]] = {stem: Counter() for stem in stems}
    for docnum in docnums:
        article = Article.from_json(snapshot.record(docnum))
        terms_of = stemmer_for(article.language)
        for text in field_texts(article).values():
            for folded, word, *_ in exact_tokens(text, article.language):
                for stem in terms_of(word):
                    if stem in wanted:
                        seen[stem][folded] += 1
    return [seen[stem].most_common(1)[0][0] if seen[stem] else stem for stem in stems]


def relevance_model(snapshot: Snapshot, top: list[tuple[int, float]]) -> Counter[str]:
    """P(w | R): term frequencies of the feedback articles, weighted by normalised score."""
    total = sum(score for _, score in top) or 1.0
    model: Counter[str] = Counter()
    for docnum, score in top:
        article = Article.from_json(snapshot.record(docnum))
        counts: Counter[str] = Counter()
        with analysis_language(article.language):
            texts = field_texts(article)
            for name, weight in SOURCE_FIELDS.items():
                for text in snapshot.tokens("body_stem", texts[name], mode="index"):
                    if len(text) >= MIN_TERM_CHARS and not text.isdigit():
                        counts[text] += weight
        length = sum(counts.values()) or 1.0
        share = score / total
        for term, count in counts.items():
            model[term] += share * count / length
    return model


def _top_documents(
    snapshot: Snapshot, q: Any, allowed: Any, weighting: Any, limit: int
) -> list[tuple[int, float]]:
    """The first ranking: the ``limit`` best documents the filters allow, with scores."""
    from archive_search.search import bulk

    mask = allowed.mask if allowed is not None else None
    scored = bulk.evaluate(snapshot, q, weighting, mask)
    if scored is not None:
        docs, scores = scored.top(limit)
        return list(zip(docs.tolist(), scores.tolist(), strict=True))
    from archive_search.search import fallback

    return fallback.top_scored(snapshot, q, weighting, allowed, limit)
