"""The index schema, and the one function that turns an Article into a document.

Every text field exists twice: an *exact* field (folded case, diacritics and
script, never stemmed: names and phrases) and a ``*_stem`` field (the same text
stemmed in the article's own language: recall for inflected words). The exact
field keeps word positions, for phrases; the stemmed field keeps only term
frequencies, which is all scoring and matching need. Neither keeps character
offsets: posting blocks that carry them decode several times slower, on every
search, while snippets find the matched words of the ten hits they show by
reading the hits' text again with the exact field's own tokenizer
(``search.snippets``), in the string ``field_texts(article)[name]`` that the
index analysed. The text fields are not stored separately (the ``record`` holds
the article once).

The schema is pickled into the index by Whoosh, analyzers included (by class
path: ``engine/analyzers.py``): change a field here, or move an analyzer class,
and existing indexes need a rebuild (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from whoosh import columns, fields

from archive_search.article import Article
from archive_search.engine.analyzers import exact_analyzer, stemmed_analyzer
from archive_search.text.analysis import fold
from archive_search.text.places import canonical_place
from archive_search.text.scripts import edition_of

#: Bump when the schema or the analysis changes; an index of another version must be rebuilt.
#: 7: the analyzer classes moved from ``text.analysis`` to ``engine.analyzers`` (same terms).
SCHEMA_VERSION = 7

#: The text fields searched by default, each with its stemmed twin ``<name>_stem``.
TEXT_FIELDS = ("title", "lede", "body", "captions")

#: Paragraph separator of the indexed body: snippet offsets count in this string.
PARAGRAPH_SEPARATOR = "\n\n"
#: Opening words of the body that, with the title, make the near-duplicate key: enough
#: to tell stories apart, few enough that a copy with a line added at the end still collides.
NEAR_DUPLICATE_WORDS = 25
#: Separator of the author names in the ``authors`` column (facets).
AUTHOR_SEPARATOR = "\x1f"


def build_schema() -> fields.Schema:
    exact = exact_analyzer()
    stemmed = stemmed_analyzer()
    text_fields: dict[str, fields.FieldType] = {}
    for name in TEXT_FIELDS:
        text_fields[name] = fields.TEXT(analyzer=exact, phrase=True)
        text_fields[f"{name}_stem"] = fields.TEXT(
            analyzer=stemmed, phrase=False, multitoken_query="or"
        )
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        **text_fields,
        author=fields.TEXT(analyzer=exact, stored=True),
        # one value per author, folded: filters and facets
        author_key=fields.KEYWORD(commas=True, lowercase=False),
        # display names, one column value per article: the author facet
        authors=fields.COLUMN(columns.VarBytesColumn()),
        place=fields.ID(stored=True, sortable=True),
        # the folded canonical and local dateline names: --place Beograd finds Belgrade
        place_key=fields.KEYWORD(commas=True, lowercase=False),
        place_local=fields.STORED(),
        published=fields.DATETIME(stored=True, sortable=True),
        year=fields.ID(sortable=True),
        month=fields.ID(sortable=True),
        language=fields.ID(stored=True, sortable=True),
        section=fields.ID(stored=True, sortable=True),
        outlet=fields.ID(stored=True, sortable=True),
        url=fields.ID(stored=True),
        source=fields.ID(stored=True),
        # the input file the article was read from: --prune and verify check it still exists
        origin=fields.ID(stored=True, sortable=True),
        content_hash=fields.ID(stored=True, sortable=True),
        near_dup=fields.ID(sortable=True),
        # what the editions of one article share (``Article.edition_key``): ``search.editions``
        edition_key=fields.ID(sortable=True),
        # "2012-06-28/sr-Cyrl": the day's articles of other editions (language and script),
        # found without reading any record
        day_edition=fields.ID(),
        record=fields.STORED(),
    )


def document_for(article: Article, origin: str = "") -> dict[str, Any]:
    """The Whoosh document of an article: the one place that maps fields to the index.

    ``origin`` is the input file it was read from (for a JSON Lines record, the
    .jsonl file), which may differ from ``article.source``.
    """
    doc: dict[str, Any] = {
        "id": article.id,
        "origin": origin or article.source,
        **field_texts(article),
        "author": article.author,
        "author_key": ",".join(fold(a).replace(",", " ") for a in article.authors),
        "authors": AUTHOR_SEPARATOR.join(article.authors).encode("utf-8"),
        "place": article.place,
        "place_key": _place_keys(article),
        "place_local": article.place_local,
        "language": article.language,
        "section": article.section,
        "outlet": article.outlet,
        "url": article.url,
        "source": article.source,
        "content_hash": article.content_hash(),
        "near_dup": near_duplicate_key(article),
        "edition_key": article.edition_key,
        "record": article.to_json(),
    }
    for name in TEXT_FIELDS:
        doc[f"{name}_stem"] = doc[name]
    if article.published:
        doc["published"] = dt.datetime.combine(article.published, dt.time())
        doc["year"] = f"{article.published.year:04d}"
        doc["month"] = f"{article.published.year:04d}-{article.published.month:02d}"
        doc["day_edition"] = day_edition(article.published, article_edition(article))
    return {k: v for k, v in doc.items() if v not in ("", b"", None)}


def article_edition(article: Article) -> tuple[str, str]:
    """(language, script) of an article: Serbian in Cyrillic and in Latin are two editions."""
    return edition_of(article.language, article.title, article.lede, *article.body[:2])


def day_edition(day: dt.date, edition: tuple[str, str]) -> str:
    """The ``day_edition`` term of an article published on ``day`` in ``edition``."""
    return f"{day.isoformat()}/{'-'.join(edition)}"


def field_texts(article: Article) -> dict[str, str]:
    """The text of each text field exactly as indexed: character offsets count in these."""
    return {
        "title": article.title,
        "lede": article.lede,
        "body": PARAGRAPH_SEPARATOR.join(article.body),
        "captions": PARAGRAPH_SEPARATOR.join(c.text for c in article.captions),
    }


def _place_keys(article: Article) -> str:
    """The folded place as written, and the canonical name of either (a filter's lookup)."""
    places = (article.place, article.place_local)
    known = [canonical_place(p) or "" for p in places if p]
    keys = dict.fromkeys(fold(p).replace(",", " ").strip() for p in (*places, *known))
    return ",".join(k for k in keys if k)


def near_duplicate_key(article: Article) -> str:
    """A key shared by near-identical articles (one wire story filed in several places).

    The folded title plus the first 25 words of the body: copies that differ in
    furniture, source file or small edits still collide; different stories do not.
    """
    words = fold(" ".join(article.body)).split()[:NEAR_DUPLICATE_WORDS]
    key = fold(article.title) + "|" + " ".join(words)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
