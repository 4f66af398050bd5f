"""Reading the index directly: posting blocks, term tables, mapped files, variable-width columns.

Each reader here bypasses a Whoosh code path for speed, so each is checked
against Whoosh's own answer: on blocks pickled exactly as Whoosh pickles them
(every layout its writer produces), and on a small archive written in several
commits (several segments, deleted documents).
"""

from __future__ import annotations

import pickle
import random
import zlib
from array import array
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from whoosh import fields
from whoosh import index as windex
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import FileStorage

from archive_search import Archive, Article
from archive_search.engine.segment import columns
from archive_search.engine.segment.blocks import ids_and_weights, unpickle, value, values_start
from archive_search.engine.segment.filemap import MappedFile, contents, mapped
from archive_search.engine.segment.termtable import TermTable
from archive_search.search.postings import TermCache

WORDS = ["army", "troops", "border", "police", "reform", "bank", "loans", "market", "talks"]


# -- posting blocks ----------------------------------------------------------------------
def _block(ids: list[int], weights: list[float], values: object) -> bytes:
    """A block's data as Whoosh's ``W3PostingsWriter._write_block`` pickles it."""
    deltas = [ids[0]] + [b - a for a, b in pairwise(ids)]
    if all(w == 1.0 for w in weights):
        mini_weights: object = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    return pickle.dumps((tuple(deltas), mini_weights, values), 2)


def _layouts() -> list[tuple[list[int], list[float], object]]:
    rng = random.Random(5)
    out = []
    for count in (1, 2, 3, 4, 128):
        for gap in (1, 300, 70_000):  # ids pickled in one, two and four bytes
            ids = sorted(rng.sample(range(count * gap + 1), count))
            for weights in (
                [1.0] * count,
                [3.0] * count,
                [float(rng.randint(1, 9)) for _ in range(count)],
            ):
                positions = tuple(
                    pickle.dumps([rng.randint(0, 50) for _ in range(rng.randint(1, 4))], 2)
                    for _ in range(count)
                )
                for values in (None, b"\x00\x00\x00\x02" * count, positions, (b"",) * count):
                    out.append((ids, weights, values))
    return out


@pytest.mark.parametrize("compressed", [False, True])
def test_ids_and_weights_come_out_of_every_block_layout_without_the_values(compressed) -> None:
    for ids, weights, values in _layouts():
        data = _block(ids, weights, values)
        raw = zlib.compress(data, 3) if compressed else data
        expected = pickle.loads(data)[:2]
        assert ids_and_weights(raw, compressed, len(ids)) == expected
        assert values_start(data, len(ids)) > 0


def test_a_block_in_another_layout_is_read_whole() -> None:
    data = pickle.dumps(((1, 2, 3, 4), None, None), 4)  # not Whoosh's protocol
    assert values_start(data, 4) == -1
    assert ids_and_weights(data, False, 4) == ((1, 2, 3, 4), None)


def test_values_of_a_block_read_lazily_equal_whooshs() -> None:
    for ids, weights, values in _layouts():
        if not isinstance(values, tuple):
            continue
        _, _, got = unpickle(_block(ids, weights, values), len(ids), variable=True)
        assert [value(v) for v in got] == list(values)


# -- an archive of several segments --------------------------------------------------------
@pytest.fixture(scope="module", name="archive")
def archive_fixture(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    rng = random.Random(11)

    def article(n: int, variant: str = "") -> Article:
        body = " ".join(rng.choices(WORDS, k=rng.randint(5, 40)))
        return Article(
            id=f"doc-{n}",
            title=f"{' '.join(rng.choices(WORDS, k=3))} {variant}".strip(),
            body=[body + "."],
            place=rng.choice(["Sofia", "Tirana", "Skopje"]),
            language="en",
        )

    archive = Archive(tmp_path_factory.mktemp("reading") / "index")
    archive.add([article(n) for n in range(150)])
    archive.add([article(n) for n in range(150, 300)])
    archive.add([article(n, "updated") for n in range(0, 300, 7)])  # deletions
    yield archive
    archive.close()


def test_the_archive_has_segments_and_deletions(archive) -> None:
    reader = archive.store.searcher().reader()
    assert len(list(reader.leaf_readers())) > 1
    assert reader.has_deletions()


def test_term_tables_answer_as_whoosh_does(archive) -> None:
    reader = archive.store.searcher().reader()
    for leaf, _ in reader.leaf_readers():
        table = TermTable.of(leaf)
        assert table is not None
        for fieldname, tbytes in leaf._terms.terms():
            got, expected = table.get(fieldname, tbytes), leaf._terms.term_info(fieldname, tbytes)
            assert (got.doc_frequency(), got.weight(), got.max_weight()) == (
                expected.doc_frequency(),
                expected.weight(),
                expected.max_weight(),
            )
            assert table.get(fieldname, tbytes + b"\x00missing") is None
        assert table.get("no_such_field", b"army") is None


def test_term_cache_statistics_equal_the_readers(archive) -> None:
    reader = archive.store.searcher().reader()
    cache = TermCache(archive.store.snapshot())
    for fieldname in ("body", "body_stem", "title", "place_key", "near_dup"):
        for text in list(reader.lexicon(fieldname))[:40]:
            assert cache.doc_frequency(fieldname, text) == reader.doc_frequency(fieldname, text)
            assert cache.total_frequency(fieldname, text) == reader.frequency(fieldname, text)
    assert not cache.contains("body", "absentword")


def test_variable_width_columns_read_as_whoosh_reads_them(archive) -> None:
    reader = archive.store.searcher().reader()
    for fieldname in ("id", "near_dup", "place"):
        for translate in (True, False):
            fast = columns.column(reader, fieldname, translate=translate)
            slow = reader.column_reader(fieldname, translate=translate)
            assert isinstance(fast, columns._Columns)
            assert [fast[d] for d in range(reader.doc_count_all())] == [
                slow[d] for d in range(reader.doc_count_all())
            ]
    stored = columns.stored(reader)
    assert stored is not None
    for docnum in range(0, reader.doc_count_all(), 5):
        assert stored[docnum] == reader.stored_fields(docnum)


def test_a_column_written_with_its_offsets_reads_the_same(tmp_path: Path) -> None:
    """Past Whoosh's cutoff (32,768 documents) a column stores its offsets too."""
    storage = FileStorage(str(tmp_path)).create()
    values = [b"", b"alpha", b"", b"beta-gamma", b"x" * 300, b"delta"]
    for cutoff, name in ((0, "with.col"), (10**6, "without.col")):
        column = VarBytesColumn(write_offsets_cutoff=cutoff)
        handle = storage.create_file(name)
        writer = column.writer(handle)
        for docnum, v in enumerate(values):
            if v:
                writer.add(docnum, v)
        writer.finish(len(values))
        handle.close()
        length = storage.file_length(name)
        expected = column.reader(storage.open_file(name), 0, length, len(values))
        assert expected.had_stored_offsets == (cutoff == 0)
        for dbfile in (storage.open_file(name), mapped(storage.open_file(name))):
            got = columns.VarBytes(dbfile, 0, length, len(values))
            assert [got[d] for d in range(len(values))] == values == list(expected)


def test_read_array_takes_whooshs_big_endian_arrays() -> None:
    class File:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def get(self, position: int, length: int) -> bytes:
            return self.data[position : position + length]

    for typecode in "BHIL":
        data = array(typecode, [0, 1, 200, 65_000 if typecode != "B" else 255])
        data.byteswap()
        got = columns._read_array(File(data.tobytes()), 0, typecode, 4)
        assert got.dtype == np.int64
        assert got.tolist() == [0, 1, 200, 65_000 if typecode != "B" else 255]


# -- mapped files ------------------------------------------------------------------------
def test_mapped_files_read_the_same_bytes(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path)).create()
    with storage.create_file("data") as handle:
        handle.write(bytes(range(256)) * 4)
    dbfile = storage.open_file("data")
    reader = mapped(dbfile)
    assert isinstance(reader, MappedFile)
    assert mapped(dbfile) is reader  # one map per file
    assert reader.get(250, 10) == dbfile.get(250, 10)
    assert reader.get_byte(300) == dbfile.get_byte(300)
    assert bytes(contents(dbfile)[:4]) == b"\x00\x01\x02\x03"


def test_compound_segments_and_odd_files_are_read_as_they_are(tmp_path: Path) -> None:
    schema = fields.Schema(title=fields.TEXT(stored=True))
    ix = windex.create_in(str(tmp_path), schema)
    writer = ix.writer()
    for n in range(20):
        writer.add_document(title=f"army troops {n}")
    writer.commit()  # compound segment: files are buffers of one mapped file
    with ix.searcher() as searcher:
        leaf = searcher.reader()
        dbfile = leaf._terms._tindex.dbfile
        assert mapped(dbfile) is dbfile
        assert contents(dbfile) is dbfile._buf
        table = TermTable.of(leaf)
        assert table is not None
        assert table.get("title", b"army").doc_frequency() == 20
    assert mapped(object()) is not None  # anything without a file: itself
