"""What each input file gave the index last time, and the state of one run, on disk.

The manifest maps every input file to its size, modification time and the
entries it yielded (article ids or skip reasons). A re-run that finds a file
with the same size and mtime reports the recorded entries without reading the
file again: re-indexing an unchanged archive of a million pages takes seconds,
not hours of parsing.

It is trusted only while it matches the index it lives in: it records the
index generation it was last saved with and a fingerprint of the parser code,
and is thrown away when either differs (another program wrote to the index, a
commit was interrupted before the manifest was saved, or the parsers changed).
Saving happens right after each index commit, so after a crash the manifest is
at worst behind the index, never ahead of it.

The same SQLite database keeps the run's working sets (ids claimed so far,
files walked, ids to prune) in temporary tables, so memory stays bounded
whatever the size of the archive.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "manifest.sqlite"
#: Bump when the tables change: an older manifest is then discarded and rebuilt.
FORMAT = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    origin TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    duplicates INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
    origin TEXT NOT NULL, seq INTEGER NOT NULL, line INTEGER, id TEXT, reason TEXT,
    duplicate INTEGER NOT NULL, language TEXT NOT NULL, year TEXT NOT NULL,
    offset INTEGER, member TEXT, crawled TEXT,
    PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_by_id ON entries (id);
"""

_RUN_TABLES = """
CREATE TEMP TABLE seen (
    id TEXT PRIMARY KEY, origin TEXT NOT NULL, crawled TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TEMP TABLE superseded (id TEXT PRIMARY KEY, origin TEXT NOT NULL, record TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TEMP TABLE walked (origin TEXT PRIMARY KEY, readable INTEGER NOT NULL) WITHOUT ROWID;
CREATE TEMP TABLE doomed (id TEXT PRIMARY KEY, origin TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Entry:
    """One thing an input yielded: an article id, or the reason it was skipped."""

    line: int | None = None
    id: str | None = None
    reason: str | None = None
    duplicate: bool = False
    language: str = ""
    year: str = ""
    #: A web-archive record: where it starts in the file (and its WACZ member).
    offset: int | None = None
    member: str | None = None
    #: When the article's page was captured (ISO 8601), for the newest-capture-wins rule.
    crawled: str | None = None


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    duplicates: bool


class Manifest:
    """The manifest of one index folder (or a throwaway one), with the run's working sets."""

    def __init__(self, connection: sqlite3.Connection, *, readonly: bool) -> None:
        self._db = connection
        self.readonly = readonly
        self._db.executescript(_RUN_TABLES)
        if not readonly:
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(entries)")}
            if "crawled" not in columns:  # an older format: only a cache, so start afresh
                self._db.executescript("DROP TABLE entries; DROP TABLE files; DROP TABLE meta;")
                self._db.executescript(_SCHEMA)
        self._in_transaction = False

    @classmethod
    def open(cls, folder: Path | None, *, readonly: bool = False) -> Manifest:
        """The manifest in ``folder``; a private temporary one when there is none to use."""
        path = folder / FILE_NAME if folder is not None else None
        if path is None or (readonly and not path.exists()):
            db = sqlite3.connect("", isolation_level=None)
            manifest = cls(db, readonly=False)
            manifest.readonly = True  # never saved anywhere
            return manifest
        db = _connect(path, readonly)
        try:
            if not readonly:
                db.execute("PRAGMA synchronous = NORMAL")
                # a batch's rows fit in memory: the database file is only locked at commit
                db.execute("PRAGMA cache_size = -32000")
            return cls(db, readonly=readonly)
        except sqlite3.DatabaseError:
            db.close()
            if readonly:
                return cls.open(None, readonly=True)
            path.unlink()  # a damaged manifest is only a cache: start a new one
            return cls.open(folder)

    def close(self) -> None:
        if self._in_transaction:
            self._db.execute("ROLLBACK")
            self._in_transaction = False
        self._db.close()

    # -- trust -------------------------------------------------------------
    def trusted(self, generation: int, parsers: str) -> bool:
        """True if the manifest was saved with this index commit and these parsers."""
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError:
            return False
        return meta == {"format": FORMAT, "generation": str(generation), "parsers": parsers}

    def reset(self) -> None:
        """Forget every file (the run records afresh what it walks)."""
        self._begin()
        self._db.execute("DELETE FROM files")
        self._db.execute("DELETE FROM entries")

    def save(self, generation: int, parsers: str) -> None:
        """Make the recorded files durable, as matching index commit ``generation``."""
        if self.readonly:
            return
        if not self._in_transaction:
            current = self.trusted(generation, parsers)
            if current:
                return
            self._begin()
        meta = {"format": FORMAT, "generation": str(generation), "parsers": parsers}
        self._db.execute("DELETE FROM meta")
        self._db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        self._db.execute("COMMIT")
        self._in_transaction = False

    # -- files -------------------------------------------------------------
    def file_state(self, origin: str) -> FileState | None:
        row = self._db.execute(
            "SELECT size, mtime_ns, duplicates FROM files WHERE origin = ?", (origin,)
        ).fetchone()
        return FileState(row[0], row[1], bool(row[2])) if row else None

    def entries(self, origin: str) -> Iterator[Entry]:
        cursor = self._db.execute(
            "SELECT line, id, reason, duplicate, language, year, offset, member, crawled"
            " FROM entries WHERE origin = ? ORDER BY seq",
            (origin,),
        )
        for row in cursor:
            yield Entry(row[0], row[1], row[2], bool(row[3]), *row[4:])

    def begin_file(self, origin: str) -> None:
        """Drop what a file gave last time; its entries follow, then ``end_file``."""
        self.forget(origin)

    def add_entry(self, origin: str, seq: int, entry: Entry) -> None:
        if self.readonly:
            return
        self._begin()
        self._db.execute(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                origin,
                seq,
                entry.line,
                entry.id,
                entry.reason,
                int(entry.duplicate),
                entry.language,
                entry.year,
                entry.offset,
                entry.member,
                entry.crawled,
            ),
        )

    def end_file(self, origin: str, size: int, mtime_ns: int, duplicates: bool) -> None:
        """Record a file as fully accounted for: only then may a later run skip reading it."""
        if self.readonly:
            return
        self._begin()
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
            (origin, size, mtime_ns, int(duplicates)),
        )

    def forget(self, origin: str) -> None:
        if self.readonly:
            return
        self._begin()
        self._db.execute("DELETE FROM files WHERE origin = ?", (origin,))
        self._db.execute("DELETE FROM entries WHERE origin = ?", (origin,))

    def recorded_origins(self) -> Iterator[str]:
        """Every recorded file, streamed (a snapshot: safe to forget rows meanwhile)."""
        last = ""
        while True:
            rows = self._db.execute(
                "SELECT origin FROM files WHERE origin > ? ORDER BY origin LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for (origin,) in rows:
                yield origin
            last = rows[-1][0]

    # -- the run's working sets (temporary tables) ---------------------------
    def claim(self, article_id: str, origin: str) -> bool:
        """True the first time ``article_id`` is claimed in this run (the ``SeenIds`` protocol)."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO seen (id, origin) VALUES (?, ?)", (article_id, origin)
        )
        return cursor.rowcount == 1

    def note_capture(self, article_id: str, crawled: str) -> None:
        """Record when the copy of ``article_id`` that claimed it was captured (ISO 8601)."""
        self._db.execute("UPDATE seen SET crawled = ? WHERE id = ?", (crawled, article_id))

    def outdate(self, article_id: str, crawled: str) -> bool:
        """Record a newer capture of an article claimed in this run; True if it is newer.

        Only a claimed copy with a crawl time of its own can be outdated (files
        without one keep the first-copy-wins rule). See ``indexing.captures``.
        """
        cursor = self._db.execute(
            "UPDATE seen SET crawled = ? WHERE id = ? AND crawled != '' AND crawled < ?",
            (crawled, article_id, crawled),
        )
        return cursor.rowcount == 1

    def keep_newer(self, article_id: str, origin: str, record: str) -> None:
        """Keep the record (Article JSON) of the newest capture of an id, to write at the end."""
        self._db.execute(
            "INSERT OR REPLACE INTO superseded VALUES (?, ?, ?)", (article_id, origin, record)
        )

    def recorded_captures(self, article_id: str, origin: str) -> list[tuple[str, str]]:
        """The captures of ``article_id`` recorded from files other than ``origin``, as
        (file, crawl time), newest first."""
        return self._db.execute(
            "SELECT origin, crawled FROM entries WHERE id = ? AND origin != ?"
            " AND crawled IS NOT NULL ORDER BY crawled DESC",
            (article_id, origin),
        ).fetchall()

    def take_superseded(self) -> Iterator[tuple[str, str]]:
        """The newer captures kept by ``keep_newer`` as (origin, record), emptied as they go."""
        while True:
            rows = self._db.execute(
                "SELECT id, origin, record FROM superseded ORDER BY id LIMIT 100"
            ).fetchall()
            if not rows:
                return
            self._db.executemany("DELETE FROM superseded WHERE id = ?", [(r[0],) for r in rows])
            for _, origin, record in rows:
                yield origin, record

    def is_claimed(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM seen WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def mark_walked(self, origin: str) -> bool:
        """True the first time a file is met in this run (a file named twice is one input)."""
        cursor = self._db.execute("INSERT OR IGNORE INTO walked VALUES (?, 1)", (origin,))
        return cursor.rowcount == 1

    def mark_unreadable(self, origin: str) -> None:
        self._db.execute("UPDATE walked SET readable = 0 WHERE origin = ?", (origin,))

    def was_read(self, origin: str) -> bool:
        """True if this run read the file (what it no longer yields may be pruned)."""
        row = self._db.execute("SELECT readable FROM walked WHERE origin = ?", (origin,)).fetchone()
        return bool(row and row[0])

    def supplies(self, origin: str, article_id: str) -> bool:
        """True if ``origin`` itself recorded ``article_id`` as an article it gave the index."""
        row = self._db.execute(
            "SELECT 1 FROM entries WHERE id = ? AND origin = ? AND duplicate = 0 LIMIT 1",
            (article_id, origin),
        ).fetchone()
        return row is not None

    def mark_duplicates(self, origin: str, seqs: list[int]) -> None:
        """Record that entries of an unchanged file are now duplicates of an earlier file."""
        if self.readonly:
            return
        self._begin()
        self._db.executemany(
            "UPDATE entries SET duplicate = 1 WHERE origin = ? AND seq = ?",
            [(origin, seq) for seq in seqs],
        )
        self._db.execute("UPDATE files SET duplicates = 1 WHERE origin = ?", (origin,))

    def doom(self, article_id: str, origin: str) -> None:
        """Mark an article for pruning (deleted after the scan, not during it)."""
        self._db.execute("INSERT OR IGNORE INTO doomed VALUES (?, ?)", (article_id, origin))

    def doomed(self) -> Iterator[tuple[str, str]]:
        last = ""
        while True:
            rows = self._db.execute(
                "SELECT id, origin FROM doomed WHERE id > ? ORDER BY id LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN")
            self._in_transaction = True


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    return sqlite3.connect(path, isolation_level=None)


#: Libraries whose upgrades can change what a page parses into.
_PARSING_LIBRARIES = (
    "beautifulsoup4",
    "charset-normalizer",
    "ftfy",
    "lxml",
    "py3langid",
    "python-dateutil",
    "trafilatura",
)


def parser_fingerprint() -> str:
    """A hash of what turns files into articles: new parsers mean reading the files again.

    Covers our parsing code (the ingest package, the Article record, the
    limits in config) and the versions of the parsing libraries.
    """
    from importlib import metadata

    import archive_search

    package = Path(archive_search.__file__).resolve().parent
    digest = hashlib.blake2b(archive_search.__version__.encode(), digest_size=12)
    for library in _PARSING_LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library}={version}\0".encode())
    sources = [package / "article.py", package / "config.py"]
    sources += sorted((package / "ingest").rglob("*.py"))
    for source in sources:
        try:
            data = source.read_bytes()
        except OSError:
            continue
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + data)
    return digest.hexdigest()
