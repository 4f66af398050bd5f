"""The three engines under test, behind one small interface.

Each engine knows how to build an index from a JSON Lines corpus (as a
command, so the build runs in its own measured process), how to open a
search session on it, and how to answer one query from a fresh process (the
cold search). Heavy imports happen inside the methods: a cold baseline run
imports its own library and nothing else.

What each baseline does, chosen so that the comparison is fair and
reproducible (the harness prints this in its notes):

naive Whoosh
    The schema a newcomer writes from the Whoosh tutorial: ``title`` and
    ``body`` as ``TEXT(analyzer=StemmingAnalyzer(), stored=True)``, ``place``,
    ``section`` and ``year`` as ``ID(stored=True)``, ``published`` as
    ``DATETIME(stored=True)``; one ``ix.writer()`` with default settings and
    one ``commit()``. Searching: the index is opened once, a new searcher is
    opened per query (``with ix.searcher() as s``), the query is parsed with
    ``MultifieldParser(["title", "body"])`` and its default AND group, filters
    go in ``filter=``, facets in ``groupedby=`` (place, section, year),
    date order in ``sortedby="published", reverse=True``; each of the top 10
    hits gets ``hit.highlights("body")`` (``Highlighter`` defaults).

SQLite FTS5
    ``fts5(title, body, id UNINDEXED, place UNINDEXED, section UNINDEXED,
    published UNINDEXED, tokenize='porter unicode61')``, filled in one
    transaction and merged with ``'optimize'``. Searching on one connection:
    every word double-quoted (implicit AND), a phrase as one quoted string,
    ``ORDER BY bm25(docs)`` (or ``published DESC``), ``LIMIT 10``, with
    ``snippet(docs, 1, ...)`` for the body; facets are one ``GROUP BY`` per
    facet over the same ``MATCH``.

ours
    ``scripts/reindex.py CORPUS --index DIR --json`` builds; one
    ``archive_search.Archive`` answers every query with the library's default
    options (top 10, snippets, collapsing, suggestions) plus the query's
    filter, ``facets=True`` or ``sort="newest"``. Cold: ``archive-search
    --index DIR search WORDS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from bench_lib.queries import BenchQuery

SCRIPTS = Path(__file__).resolve().parents[1]
REPO = SCRIPTS.parent
LIMIT = 10


class Session(Protocol):
    def search(self, query: BenchQuery) -> int:
        """Answer one query (top 10 with snippets); returns the number of hits shown."""

    def close(self) -> None: ...


class Engine(Protocol):
    name: str
    label: str

    def build_command(self, corpus: Path, index: Path, workers: int | None) -> list[str]: ...

    def open(self, index: Path) -> Session: ...

    def cold_command(self, index: Path, query: BenchQuery) -> list[str]: ...

    def fingerprint(self) -> str: ...

    def compatibility(self) -> str: ...

    def built_count(self, build_stdout: str) -> int | None: ...


def worker_command(*args: str) -> list[str]:
    """The command that runs ``bench_lib.worker`` with these arguments."""
    return [sys.executable, "-m", "bench_lib.worker", *args]


def worker_env() -> dict[str, str]:
    """The environment of measured processes: ``bench_lib`` and the repo importable.

    Bytecode caching is left on even where the caller's environment turns it
    off (PYTHONDONTWRITEBYTECODE): a user's installed package has its .pyc
    files, and compiling every module on every call would add about a quarter
    of a second to each cold search.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    paths = [str(SCRIPTS), str(REPO), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def iter_records(corpus: Path) -> Iterator[dict[str, Any]]:
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def body_text(record: dict[str, Any]) -> str:
    body = record.get("body") or []
    return "\n\n".join(body) if isinstance(body, list) else str(body)


def _date_bounds(query: BenchQuery) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.fromisoformat(query.date_from or "0001-01-01")
    end = dt.datetime.combine(dt.date.fromisoformat(query.date_to or "9999-12-31"), dt.time.max)
    return start, end


# -- naive Whoosh -------------------------------------------------------------------------
class NaiveWhoosh:
    name = "whoosh"
    label = "naive Whoosh"

    def build_command(self, corpus: Path, index: Path, workers: int | None) -> list[str]:
        return worker_command("build", self.name, str(corpus), str(index))

    def build(self, corpus: Path, index: Path) -> int:
        from whoosh import fields
        from whoosh import index as windex
        from whoosh.analysis import StemmingAnalyzer

        schema = fields.Schema(
            id=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
            body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
            place=fields.ID(stored=True),
            section=fields.ID(stored=True),
            year=fields.ID(stored=True),
            published=fields.DATETIME(stored=True),
        )
        index.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(index), schema)
        writer = ix.writer()
        count = 0
        for record in iter_records(corpus):
            doc: dict[str, Any] = {
                "id": record["id"],
                "title": record.get("title") or "",
                "body": body_text(record),
                "place": record.get("place") or None,
                "section": record.get("section") or None,
            }
            if record.get("published"):
                day = dt.date.fromisoformat(record["published"][:10])
                doc["published"] = dt.datetime.combine(day, dt.time())
                doc["year"] = f"{day.year:04d}"
            writer.add_document(**{k: v for k, v in doc.items() if v is not None})
            count += 1
        writer.commit()
        return count

    def open(self, index: Path) -> Session:
        return _WhooshSession(index)

    def cold_command(self, index: Path, query: BenchQuery) -> list[str]:
        return worker_command("once", self.name, str(index), json.dumps(query.to_dict()))

    def fingerprint(self) -> str:
        import whoosh

        return _hash(_build_source(self), whoosh.versionstring())

    def compatibility(self) -> str:
        return self.fingerprint()

    def built_count(self, build_stdout: str) -> int | None:
        return _last_json(build_stdout).get("articles")


class _WhooshSession:
    def __init__(self, index: Path) -> None:
        from whoosh import index as windex
        from whoosh import qparser

        self.ix = windex.open_dir(str(index))
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema)

    def search(self, query: BenchQuery) -> int:
        from whoosh import query as wq
        from whoosh import sorting

        parsed = self.parser.parse(query.text)
        options: dict[str, Any] = {"limit": LIMIT}
        if query.date_from or query.date_to:
            options["filter"] = wq.DateRange("published", *_date_bounds(query))
        if query.place:
            options["filter"] = wq.Term("place", query.place)
        if query.facets:
            options["groupedby"] = {f: sorting.FieldFacet(f) for f in ("place", "section", "year")}
        if query.sort == "newest":
            options["sortedby"] = "published"
            options["reverse"] = True
        shown = 0
        with self.ix.searcher() as searcher:
            results = searcher.search(parsed, **options)
            if query.facets:
                for name in ("place", "section", "year"):
                    results.groups(name)
            for hit in results[:LIMIT]:  # with groupedby=, Whoosh keeps every match
                _ = hit["title"], hit.highlights("body")
                shown += 1
        return shown

    def close(self) -> None:
        self.ix.close()


# -- SQLite FTS5 --------------------------------------------------------------------------
class Fts5:
    name = "fts5"
    label = "SQLite FTS5"

    def build_command(self, corpus: Path, index: Path, workers: int | None) -> list[str]:
        return worker_command("build", self.name, str(corpus), str(index))

    def build(self, corpus: Path, index: Path) -> int:
        import sqlite3

        index.mkdir(parents=True, exist_ok=True)
        db = index / "fts5.db"
        db.unlink(missing_ok=True)
        con = sqlite3.connect(db)
        con.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, id UNINDEXED, place UNINDEXED,"
            " section UNINDEXED, published UNINDEXED, tokenize='porter unicode61')"
        )
        count = 0

        def rows() -> Iterator[tuple[str, ...]]:
            nonlocal count
            for record in iter_records(corpus):
                count += 1
                yield (
                    record.get("title") or "",
                    body_text(record),
                    record["id"],
                    record.get("place") or "",
                    record.get("section") or "",
                    (record.get("published") or "")[:10],
                )

        with con:
            con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows())
        with con:
            con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        con.close()
        return count

    def open(self, index: Path) -> Session:
        return _Fts5Session(index)

    def cold_command(self, index: Path, query: BenchQuery) -> list[str]:
        return worker_command("once", self.name, str(index), json.dumps(query.to_dict()))

    def fingerprint(self) -> str:
        import sqlite3

        return _hash(_build_source(self), sqlite3.sqlite_version)

    def compatibility(self) -> str:
        return self.fingerprint()

    def built_count(self, build_stdout: str) -> int | None:
        return _last_json(build_stdout).get("articles")


def fts5_match(query: BenchQuery) -> str:
    """The FTS5 MATCH string: each word quoted (implicit AND), or the phrase as one string."""
    quoted = [w.replace('"', '""') for w in query.words]
    if query.phrase:
        return '"' + " ".join(quoted) + '"'
    return " ".join(f'"{w}"' for w in quoted)


def fts5_where(query: BenchQuery) -> tuple[str, list[str]]:
    where, params = "docs MATCH ?", [fts5_match(query)]
    if query.date_from or query.date_to:
        where += " AND published BETWEEN ? AND ?"
        params += [query.date_from or "0001-01-01", query.date_to or "9999-12-31"]
    if query.place:
        where += " AND place = ?"
        params.append(query.place)
    return where, params


class _Fts5Session:
    FACETS = ("place", "section", "substr(published, 1, 4)")

    def __init__(self, index: Path) -> None:
        import sqlite3

        self.con = sqlite3.connect(f"file:{index / 'fts5.db'}?mode=ro", uri=True)

    def search(self, query: BenchQuery) -> int:
        where, params = fts5_where(query)
        order = "published DESC" if query.sort == "newest" else "bm25(docs)"
        rows = self.con.execute(
            "SELECT id, title, published, place, snippet(docs, 1, '<b>', '</b>', '…', 16)"
            f" FROM docs WHERE {where} ORDER BY {order} LIMIT {LIMIT}",
            params,
        ).fetchall()
        if query.facets:
            for column in self.FACETS:
                self.con.execute(
                    f"SELECT {column} AS value, count(*) FROM docs WHERE {where}"
                    " GROUP BY value ORDER BY 2 DESC LIMIT 10",
                    params,
                ).fetchall()
        return len(rows)

    def close(self) -> None:
        self.con.close()


# -- ours ---------------------------------------------------------------------------------
class Ours:
    name = "ours"
    label = "ours"

    def build_command(self, corpus: Path, index: Path, workers: int | None) -> list[str]:
        command = [sys.executable, str(SCRIPTS / "reindex.py"), str(corpus)]
        command += ["--index", str(index), "--json"]
        if workers:
            command += ["--workers", str(workers)]
        return command

    def open(self, index: Path) -> Session:
        return _OursSession(index)

    def cold_command(self, index: Path, query: BenchQuery) -> list[str]:
        script = Path(sys.executable).with_name("archive-search")
        launcher = [str(script)] if script.exists() else [sys.executable, "-m", "archive_search"]
        return [*launcher, "--index", str(index), "search", query.text]

    def fingerprint(self) -> str:
        """The index-side code: a change there (not in search/ or cli/) means a rebuild."""
        package = REPO / "archive_search"
        files = sorted(
            p
            for p in package.rglob("*.py")
            if p.relative_to(package).parts[0] not in ("search", "cli")
        )
        files.append(SCRIPTS / "reindex.py")
        return _hash(*(str(p.relative_to(REPO)).encode() + p.read_bytes() for p in files))

    def compatibility(self) -> str:
        """The index schema version: an index of another version cannot be searched."""
        text = (REPO / "archive_search" / "engine" / "schema.py").read_text(encoding="utf-8")
        match = re.search(r"^SCHEMA_VERSION\s*=\s*(\d+)", text, re.MULTILINE)
        return f"schema {match.group(1) if match else '?'}"

    def built_count(self, build_stdout: str) -> int | None:
        outcomes = _last_json(build_stdout).get("outcomes") or {}
        if not outcomes:
            return None
        return int(outcomes.get("new", 0)) + int(outcomes.get("updated", 0))


class _OursSession:
    def __init__(self, index: Path) -> None:
        from archive_search.archive import Archive

        self.archive = Archive(index, create=False)
        len(self.archive)  # open the index now, not inside the first timed query

    def search(self, query: BenchQuery) -> int:
        results = self.archive.search(
            query.text,
            limit=LIMIT,
            date_from=query.date_from,
            date_to=query.date_to,
            place=query.place,
            facets=query.facets,
            sort=query.sort,
        )
        for hit in results.hits:
            _ = hit.title, hit.snippet.text
        return len(results.hits)

    def close(self) -> None:
        self.archive.close()


def _last_json(stdout: str) -> dict[str, Any]:
    """The last line of output that is a JSON object (``--json`` summaries), or {}."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return {}


ENGINES: dict[str, Engine] = {e.name: e for e in (Ours(), NaiveWhoosh(), Fts5())}
#: The baselines' build code as imported (read now: inspect reads the file again
#: later, and an edit in between would change a build's fingerprint).
_BUILD_SOURCES = {cls.build: inspect.getsource(cls.build) for cls in (NaiveWhoosh, Fts5)}


def _build_source(engine: Any) -> str:
    build = type(engine).build
    return _BUILD_SOURCES.get(build) or inspect.getsource(build)


BASELINES: tuple[str, ...] = ("whoosh", "fts5")
