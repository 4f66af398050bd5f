"""Defaults, in one place: where the index lives and the limits that keep work bounded."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV_VAR = "ARCHIVE_SEARCH_INDEX"

#: Largest page (after decompression) the parser will read; larger ones are skipped.
MAX_PAGE_BYTES = 20 * 1024 * 1024

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 2000
#: Most terms a wildcard or fuzzy term may expand to (in each field it searches).
MAX_EXPANSIONS = 200
#: Most terms all the wildcard and fuzzy terms of one query may expand to together;
#: the terms after the budget is spent are left out (and a note says so).
MAX_QUERY_EXPANSIONS = 2000
#: Most wildcard and fuzzy terms one query may hold (the rest are left out, with a note):
#: each costs a vocabulary scan before any budget is spent.
MAX_QUERY_PATTERNS = 20
#: Most words, phrases and field clauses one query is read with (the rest are left out,
#: with a note).
MAX_QUERY_TERMS = 200
#: Query words a "did you mean" looks at (the first ones): each rare word costs a
#: fuzzy scan of the vocabulary.
MAX_SUGGEST_WORDS = 20
#: Deepest result page a search may ask for (page * limit).
MAX_RESULT_WINDOW = 10_000
#: Fewest characters of an id that ``show`` takes as a prefix of one.
MIN_ID_PREFIX = 6
#: Lines of snippet per hit in text output (``--snippet-lines``; 0 shows it whole).
SNIPPET_LINES = 3
#: Most bars a timeline may have; a longer span is counted in coarser periods.
MAX_TIMELINE_BUCKETS = 200
#: The units a timeline can be drawn in, finest first.
TIMELINE_UNITS: tuple[str, ...] = ("month", "year", "decade", "century", "millennium")
#: Columns of a CSV of hits (``search --format csv``, the web export): keys of ``Hit.to_dict``.
HIT_CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "score",
    "title",
    "published",
    "author",
    "place",
    "language",
    "section",
    "url",
    "source",
    "snippet",
)
#: Most queries one comparison (``archive-search compare``, ``/compare``) may put side by side.
MAX_COMPARED_QUERIES = 8
#: ``serve``: where it listens unless told otherwise (loopback: an archive may not be public).
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8080
#: ``serve``: the environment variable holding the access token every request must carry.
SERVE_TOKEN_ENV_VAR = "ARCHIVE_SEARCH_TOKEN"
#: ``serve``: times a request is retried when the index changes under it (a rebuild swap).
SERVE_SWAP_RETRIES = 3
SERVE_SWAP_RETRY_DELAY = 0.05
#: ``serve``: results per page on the search page, and the most a request may ask for.
SERVE_PAGE_SIZE = 10
SERVE_MAX_LIMIT = 100
#: Hits an export reads and highlights at a time (it streams every hit, chunk by chunk).
EXPORT_CHUNK = 200

#: How a search treats the editions (translations) of one story: "none" lists each edition
#: as its own hit, "collapse" folds them into one hit naming its languages, "expand" adds
#: every hit's other editions (``search.editions``; the default is explained in README.md).
EDITION_MODES: tuple[str, ...] = ("none", "collapse", "expand")
DEFAULT_EDITIONS = "none"
#: Most editions one story is linked to (ten SETimes languages and a second script, with room).
MAX_EDITIONS = 20
#: Articles of one day compared by content, at most; a busier day is compared on these only.
MAX_EDITION_CANDIDATES = 3000
#: Least share of names, numbers and places (Dice coefficient) that links two editions by
#: content; fitted on half of data/'s stories and checked on the other half
#: (scripts/eval_editions.py, docs/editions.md).
EDITION_MATCH_THRESHOLD = 0.41

#: Distributed rebuilds (``--dask``): input bytes per task. A share is a run of whole
#: files in walk order: big enough to amortise a task's round trip and a segment's
#: merge, small enough to spread the work and bound a worker's memory.
#: Times a share's build lost with its worker is redone from the share before the run stops.
DASK_BUILD_RETRIES = 2
DASK_SHARE_BYTES = 16 * 1024 * 1024
#: Shares per worker at least, when the input is small: smaller shares then spread it.
DASK_SHARES_PER_WORKER = 4
#: Segments a distributed rebuild commits at most, per worker: as many as a local rebuild
#: leaves (one per builder), so searches of either index cost the same. The shares'
#: segments are committed as they are up to that count; past it the smallest neighbours are
#: merged first (``IndexStore.commit_segments``), which rewrites less than one final merge.
#: Raising it (up to ``DASK_SHARES_PER_WORKER``) trades search speed for a faster rebuild:
#: measured, 7 segments instead of 2 cost warm searches 1.11x (p50) and 1.18x (p95).
DASK_SEGMENTS_PER_WORKER = 1
#: Most files in one share (many tiny pages would otherwise make one huge task).
DASK_SHARE_FILES = 2000
#: Shares parsed ahead of the coordinator's decisions, per worker.
DASK_AHEAD = 2
#: Seconds to wait for a scheduler and its first worker.
DASK_CONNECT_SECONDS = 30.0
#: Seconds one task may take before the run is given up (the old index stays).
DASK_TASK_SECONDS = 6 * 3600.0

# -- ranking: how each was chosen, and the figures, are in docs/ranking.md ----------------
#: BM25 saturation (K1) and length normalisation (B), the same in every text field.
BM25_K1 = 1.2
BM25_B = 0.75
#: A query word also scores through its exact (unstemmed) form, at this share of its
#: stemmed match: "Serbian" ranks an article saying "Serbian" above one saying "Serbia".
EXACT_FORM_WEIGHT = 0.5
#: Whether plain queries of two to four words rank the articles with every word above all
#: others (a coordination tier); off: plain BM25 order ranked better on every collection.
ALL_WORDS_FIRST = False


def default_index_dir() -> Path:
    """The index used when neither --index nor ARCHIVE_SEARCH_INDEX is given.

    ``$XDG_DATA_HOME/archive-search/index``, i.e. ``~/.local/share/archive-search/index``.
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "archive-search" / "index"


def default_index_source() -> str:
    """Where the index folder used without --index comes from, in words (for --help)."""
    if os.environ.get(INDEX_ENV_VAR):
        return f"from ${INDEX_ENV_VAR}"
    if os.environ.get("XDG_DATA_HOME"):
        return "$XDG_DATA_HOME/archive-search/index"
    return "~/.local/share/archive-search/index"


def resolve_index_dir(option: str | os.PathLike[str] | None) -> Path:
    """--index beats the environment variable, which beats the default."""
    if option:
        return Path(option)
    env = os.environ.get(INDEX_ENV_VAR)
    if env:
        return Path(env)
    return default_index_dir()
