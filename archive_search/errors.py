"""Every error a user can meet, with its exit code and its one-line message.

Keeping the wording here means the CLI, the library and the docs say the same
thing, and a message is changed in one place.

Exit codes (the same for every command):
  0 success, 1 nothing found, 2 bad usage or a bad query, 3 an index problem.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INDEX = 3


class ArchiveSearchError(Exception):
    """Base of every error the tool reports to a user as one line."""

    exit_code = EXIT_USAGE


class UsageError(ArchiveSearchError):
    exit_code = EXIT_USAGE

    #: The option a bad value was given for ("--page"), and what is wrong with it; a front
    #: end that names its options otherwise (the web's URL parameters) words it anew.
    option: str | None = None
    detail: str = ""


class QueryError(ArchiveSearchError):
    exit_code = EXIT_USAGE


class NotFoundError(ArchiveSearchError):
    exit_code = EXIT_NOT_FOUND


class IndexProblem(ArchiveSearchError):
    exit_code = EXIT_INDEX


class IndexMissing(IndexProblem):
    pass


class IndexBusy(IndexProblem):
    pass


class IndexCorrupt(IndexProblem):
    pass


class OutOfDate(ArchiveSearchError):
    """The index and its source folders disagree (``verify``): re-indexing them fixes it.

    Exit code 1, like "nothing found": the sources hold something the index
    lacks. Damage to the index itself is ``IndexCorrupt`` (exit code 3).
    """

    exit_code = EXIT_NOT_FOUND


# -- messages ---------------------------------------------------------------
def no_index(path: object) -> IndexMissing:
    return IndexMissing(
        f"no index at {path}: build one with 'archive-search index PATH...' "
        "(or point --index / ARCHIVE_SEARCH_INDEX at an existing one)"
    )


def index_busy(path: object) -> IndexBusy:
    return IndexBusy(
        f"index at {path} is being written by another process; "
        "try again later or pass --wait SECONDS"
    )


def index_corrupt(path: object, detail: str = "") -> IndexCorrupt:
    why = f" ({detail})" if detail else ""
    return IndexCorrupt(
        f"index at {path} is damaged or not an archive-search index{why}; "
        f"rebuild it with 'scripts/reindex.py --index {path} SOURCES...' "
        "or choose another --index"
    )


def not_an_index(path: object) -> IndexCorrupt:
    return IndexCorrupt(
        f"{path} exists but is not an archive-search index; refusing to write "
        "into it: choose another --index or remove the folder"
    )


def not_an_index_to_read(path: object) -> IndexCorrupt:
    """Reading a folder that is not ours: nothing to remove, only the wrong folder named."""
    return IndexCorrupt(
        f"{path} is not an archive-search index (it holds other files); "
        "point --index or ARCHIVE_SEARCH_INDEX at an index, or build one with "
        "'archive-search --index DIR index PATH...'"
    )


def compact_failed(detail: str) -> IndexProblem:
    return IndexProblem(f"compacting stopped: {detail}; the index is as it was")


def write_failed(detail: str) -> IndexProblem:
    return IndexProblem(
        f"indexing stopped: {detail}; what earlier batches committed is intact, "
        "and running the command again continues from there"
    )


def dask_missing() -> UsageError:
    return UsageError("--dask needs Dask: install it with pip install 'archive-search[dask]'")


def dask_unreachable(address: str, detail: str) -> UsageError:
    return UsageError(f"cannot reach the Dask scheduler at {address}: {detail}")


def dask_failed(detail: str) -> IndexProblem:
    return IndexProblem(f"the distributed rebuild stopped: {detail}; the old index is unchanged")


def path_missing(path: object) -> UsageError:
    return UsageError(f"no such file or folder: {path}")


def empty_query() -> QueryError:
    return QueryError("empty query: give at least one word to search for")


def bad_query(detail: str) -> QueryError:
    return QueryError(f"bad query: {detail}")


def article_not_found(article_id: str) -> NotFoundError:
    return NotFoundError(f"no article with id {article_id!r} in the index")


def page_past_end(page: int, pages: int, total: int) -> NotFoundError:
    noun = "hit makes" if total == 1 else "hits make"
    return NotFoundError(
        f"page {page} is past the end: {total:,} {noun} {_count(pages, 'page')} (--page 1 to {pages})"
    )


def ambiguous_id(prefix: str, candidates: list[str], count: int) -> UsageError:
    more = (
        f" and {count - len(candidates)}{'+' if count >= 50 else ''} more"
        if count > len(candidates)
        else ""
    )
    return UsageError(
        f"{prefix!r} is the start of several article ids: {', '.join(candidates)}{more}; "
        "give more of the id"
    )


def bad_option(name: str, detail: str) -> UsageError:
    error = UsageError(f"bad value for {name}: {detail}")
    error.option, error.detail = name, detail
    return error


def token_required() -> str:
    return (
        "this archive needs an access token: send 'Authorization: Bearer TOKEN', "
        "or open the address once with ?token=TOKEN"
    )


def serve_without_token(host: str) -> str:
    return (
        f"warning: serving on {host}, reachable from other machines, without an access "
        "token: anyone who can reach it can read the archive (set --token or "
        "ARCHIVE_SEARCH_TOKEN)"
    )


def unknown_language(
    value: str, held: tuple[str, ...], option: str | None = None
) -> ArchiveSearchError:
    """A language that is no code or name: as an option's bad value, or in a query."""
    codes = ", ".join(held) if held else "none (no article has a language)"
    detail = (
        f"unknown language {value!r}: give a language code (ISO 639-1) or name; "
        f"the index holds: {codes}"
    )
    return bad_option(option, detail) if option else bad_query(detail)


def no_telling_words(article_id: str) -> NotFoundError:
    return NotFoundError(
        f"no similar articles: article {article_id} has no telling words to compare with "
        "(only function words, numbers, or words no other article has)"
    )


def verify_damaged(path: object, problems: int) -> IndexCorrupt:
    return index_corrupt(path, f"verify found {_count(problems, 'problem')} in the index itself")


def verify_out_of_date(problems: int) -> OutOfDate:
    return OutOfDate(
        f"verify found {_count(problems, 'source file')} not matching the index; "
        "bring it up to date with 'archive-search index --prune SOURCES...'"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


# -- notes on how a search read its query (shown above the results) --------
class Note:
    """What a search tells its reader beside the hits, one line each (``notices`` in JSON).

    How an odd query was read, what a limit cut, what a search left out: the
    reader is never silently surprised. The CLI prints each as ``Note: ...``.
    """

    UNBALANCED_QUOTE = "unbalanced quote: the phrase was read up to the end of the query"
    EXTRA_PARENTHESIS = "unbalanced parenthesis: the extra ')' was ignored"
    OPEN_PARENTHESIS = "unbalanced parenthesis: the open group was closed at the end"
    DANGLING_OPERATOR = "operator with nothing to apply to: {operators} left out{hint}"
    OPERATOR_AS_WORD = "; to search for the word, quote it: {quoted}"
    EXPANSIONS_CAPPED = "{term} matches too many words; searched the {limit} most frequent"
    TOO_MANY_TERMS = (
        "the query was simplified: only its first {limit} words and phrases are searched; "
        "left out: {left_out}"
    )
    TOO_MANY_PATTERNS = (
        "the query was simplified: at most {limit} wildcard or fuzzy terms are searched; "
        "left out: {left_out}"
    )
    EXPANSION_BUDGET = (
        "the query was simplified: its wildcard and fuzzy terms may match {limit:,} words "
        "in all; cut short or left out: {left_out}"
    )
    LEFT_OUT = "{first!r}"
    LEFT_OUT_MORE = "{first!r} and {more:,} more"
    TIME_LIMIT = "the search stopped after {seconds:g} s: results may be incomplete"
    COPIES_LEFT_OUT = "{count} near-identical {noun} of the article are not listed"
    FEEDBACK_ADDED = "widened with words of the best matches: {words}"
    FEEDBACK_NOTHING = "feedback found no words to add: the query was searched as written"
    TIMELINE_COARSENED = (
        "the timeline is per {unit}: per {asked} it would have more than {limit:,} bars"
    )


# -- reasons a source file is skipped (shown in reports) -------------------
class SkipSource(Exception):
    """Raised inside the parse stage when an input is not (or not a readable) article.

    The ingest pipeline turns it into one "skipped" entry with ``reason``; it
    never reaches the user as an error.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Skip:
    """Why an input did not become an article. One place for the wording."""

    EMPTY = "empty file"
    TOO_LARGE = "larger than the per-page limit of {limit} bytes"
    BINARY = "not text (binary content)"
    BAD_GZIP = "corrupt or truncated gzip data"
    NOT_ARTICLE = "not an article page ({detail})"
    NO_TITLE = "no title found"
    NO_BODY = "no article text found"
    UNREADABLE = "cannot read file: {detail}"
    BAD_RECORD = "bad JSON Lines record: {detail}"
    UNSUPPORTED = "not a page or JSON Lines file ({suffix})"
    PARSE_FAILED = "parser failed: {detail}"
    ERROR_PAGE = "error page, not an article ({detail})"
    LIST_PAGE = "list or section page, not an article ({detail})"
    WORKER_DIED = "parser crashed (its worker process died)"
    NO_RECORDS = "no records in the file"
    REVISIT = "revisit record: a capture that stores no page of its own ({detail})"
    HTTP_STATUS = "HTTP status {status}, not a page"
    NOT_HTML = "not an HTML page ({type})"
    TRUNCATED = "truncated record ({detail})"
    DAMAGED_RECORD = "damaged record: {detail}"
    NO_ARCHIVES = "no WARC or ARC files in the WACZ package"
    BAD_WACZ = "not a readable WACZ package: {detail}"
    GZIP_BOMB = (
        "compressed data expands more than {ratio}-fold (a decompression bomb?); "
        "the rest of the file was not read"
    )


class Finding:
    """What ``archive-search verify`` reports, one line each: ``<kind>: <path>: <detail>``.

    The first kinds mean the index is out of date with its sources (re-index
    them, exit code 1); ``missing``, ``bad record`` and ``damaged`` mean the index
    itself is damaged (rebuild it, exit code 3).
    """

    NOT_INDEXED = "not indexed"
    CHANGED = "changed"
    STALE = "stale"
    GONE = "gone"
    MISSING = "missing"
    BAD_RECORD = "bad record"
    DAMAGED = "damaged"

    NEVER_READ = "the index has nothing from this file"
    DIFFERS = "articles that differ from the indexed copy: {count} ({ids})"
    NOT_IN_INDEX = "articles not in the index: {count} ({ids})"
    NO_LONGER_IN_FILE = "indexed articles no longer in the file: {count} ({ids})"
    FILE_GONE = "the file is gone, but the index holds articles from it: {count} ({ids})"
    LOST = "articles recorded for this file but missing from the index: {count} ({ids})"
    RECORD_UNREADABLE = "article {id}: the stored record does not parse ({detail})"
    RECORD_WRONG_ID = "article {id}: the stored record has id {other}"
    RECORD_WRONG_HASH = "article {id}: the stored record does not match its content hash"
    SEGMENT_UNREADABLE = "segment {segment}: cannot read its {part} ({detail})"
