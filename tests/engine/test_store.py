import datetime as dt
import json

import pytest

from archive_search import errors
from archive_search.archive import Archive
from archive_search.article import Article
from archive_search.engine.schema import SCHEMA_VERSION
from archive_search.engine.store import MARKER, IndexStore


def make(title="Kumanovo agreement anniversary", body="The treaty was signed in Kumanovo.", **kw):
    return Article(title=title, body=[body], published=dt.date(2014, 3, 10), language="en", **kw)


def test_add_then_get_round_trips_the_record(tmp_path):
    article = make(author="Ivana Jovanovic", place="Belgrade")
    with Archive(tmp_path / "ix") as archive:
        assert archive.add([article]) == {article.id: "new"}
        assert archive.get(article.id) == article
        assert len(archive) == 1


def test_same_content_again_is_unchanged_and_changed_content_is_updated(tmp_path):
    article = make()
    with Archive(tmp_path / "ix") as archive:
        archive.add([article])
        assert archive.add([make()]) == {article.id: "unchanged"}
        changed = make(body="The treaty was signed in Kumanovo, Macedonia.")
        changed.id = article.id
        assert archive.add([changed]) == {article.id: "updated"}
        assert len(archive) == 1
        assert archive.get(article.id).body == ["The treaty was signed in Kumanovo, Macedonia."]


def test_second_copy_in_one_run_is_a_duplicate(tmp_path):
    with Archive(tmp_path / "ix") as archive:
        first, copy = make(source="a.txt"), make(source="b.txt")
        store = archive._writable_store()
        with store.writer() as writer:
            assert writer.put(first) == "new"
            assert writer.put(copy) == "duplicate"
        assert len(archive) == 1


def test_reading_a_missing_index_names_the_folder(tmp_path):
    with pytest.raises(errors.IndexMissing, match="no index at"):
        Archive(tmp_path / "nowhere").get("x")


def test_unknown_id_is_not_found(tmp_path):
    with Archive(tmp_path / "ix") as archive:
        archive.add([make()])
        with pytest.raises(errors.NotFoundError):
            archive.get("doesnotexist")


def test_foreign_folder_is_never_written_into(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(errors.IndexCorrupt, match="not an archive-search index"):
        Archive(folder).add([make()])
    assert [p.name for p in folder.iterdir()] == ["holiday.jpg"]


def test_damaged_index_gives_a_clear_error(tmp_path):
    path = tmp_path / "ix"
    with Archive(path) as archive:
        archive.add([make()])
    for toc in path.glob("_articles_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(errors.IndexCorrupt, match="rebuild"):
        IndexStore.open(path)


def test_marker_of_another_schema_version_asks_for_rebuild(tmp_path):
    path = tmp_path / "ix"
    with Archive(path) as archive:
        archive.add([make()])
    (path / MARKER).write_text('{"format": "archive-search", "schema_version": -1}')
    with pytest.raises(errors.IndexCorrupt, match="schema version"):
        IndexStore.open(path)


# -- an index of the previous schema (6): the analyzers pickled under text.analysis ---------
ANALYZER_CLASSES = ("WordTokenizer", "FoldingFilter", "LanguageStemFilter", "LanguageAnalyzer")


@pytest.fixture
def schema_6_index(tmp_path):
    """An index as schema 6 wrote it: marker 6, the analyzers pickled as text.analysis classes.

    Schema 7 moved them to ``engine.analyzers``; this puts them back where schema 6 had
    them while the index is built, so its TOC holds the same class paths.
    """
    from archive_search.engine import analyzers, store
    from archive_search.text import analysis

    path = tmp_path / "ix"
    with pytest.MonkeyPatch.context() as patch:
        for name in ANALYZER_CLASSES:
            cls = getattr(analyzers, name)
            patch.setattr(cls, "__module__", "archive_search.text.analysis")
            patch.setattr(analysis, name, cls, raising=False)
        patch.setattr(store, "SCHEMA_VERSION", 6)
        with Archive(path) as archive:
            archive.add([make()])
    toc = b"".join(p.read_bytes() for p in path.glob("_articles_*.toc"))
    assert b"archive_search.text.analysis" in toc and b"engine.analyzers" not in toc
    assert '"schema_version": 6' in (path / MARKER).read_text()
    assert not hasattr(analysis, "WordTokenizer")
    return path


def test_an_index_of_the_previous_schema_asks_for_a_rebuild(schema_6_index):
    with pytest.raises(errors.IndexCorrupt, match=r"schema version 6\).*rebuild it") as caught:
        IndexStore.open(schema_6_index)
    assert "\n" not in str(caught.value)
    with pytest.raises(errors.IndexCorrupt, match="schema version 6"):
        Archive(schema_6_index).search("kumanovo")


def test_the_cli_says_so_in_one_line(schema_6_index):
    from click.testing import CliRunner

    from archive_search.cli import cli

    result = CliRunner().invoke(cli, ["--index", str(schema_6_index), "search", "kumanovo"])
    assert result.exit_code == errors.EXIT_INDEX
    assert result.stderr.count("\n") == 1 and "schema version 6" in result.stderr
    assert "Traceback" not in result.output


def test_old_analyzer_paths_under_a_current_marker_are_a_clear_error_too(schema_6_index):
    # a marker edited or copied by hand: unpickling the old class paths fails, and says so
    (schema_6_index / MARKER).write_text(
        json.dumps({"format": "archive-search", "schema_version": SCHEMA_VERSION})
    )
    with pytest.raises(errors.IndexCorrupt, match=r"WordTokenizer|LanguageAnalyzer") as caught:
        IndexStore.open(schema_6_index)
    assert "rebuild it" in str(caught.value) and "\n" not in str(caught.value)


def test_a_rebuild_replaces_an_index_of_the_previous_schema(schema_6_index, tmp_path):
    from archive_search.indexing.rebuild import rebuild_index

    source = tmp_path / "src" / "records.jsonl"
    source.parent.mkdir()
    source.write_text(json.dumps(make().to_dict()) + "\n", encoding="utf-8")
    rebuild_index(schema_6_index, [source], workers=1)
    with Archive(schema_6_index, create=False) as archive:
        assert archive.search("kumanovo").total == 1


def test_second_writer_gets_busy_error(tmp_path):
    path = tmp_path / "ix"
    store = IndexStore.create(path)
    other = IndexStore.open(path)
    with store.writer() as writer:
        writer.put(make())
        with pytest.raises(errors.IndexBusy, match="another process"), other.writer():
            pass
    assert other.doc_count() == 1 or IndexStore.open(path).doc_count() == 1


def test_failed_write_leaves_index_as_it_was(tmp_path):
    path = tmp_path / "ix"
    with Archive(path) as archive:
        archive.add([make()])
    store = IndexStore.open(path)
    with pytest.raises(RuntimeError), store.writer() as writer:
        writer.put(make(title="Another story", body="Other text."))
        raise RuntimeError("crash")
    assert IndexStore.open(path).doc_count() == 1


def test_delete_removes_article(tmp_path):
    path = tmp_path / "ix"
    article = make()
    store = IndexStore.create(path)
    with store.writer() as writer:
        writer.put(article, origin="/x/a.txt")
    assert store.origins() == {"/x/a.txt": [article.id]}
    with store.writer() as writer:
        assert writer.delete(article.id)
        assert not writer.delete("missing")
    assert IndexStore.open(path).doc_count() == 0


def test_similar_finds_the_related_article_and_not_itself(tmp_path):
    kfor = make(title="KFOR and the Serbian army", body="KFOR troops patrol the boundary line.")
    related = make(title="Army patrols", body="Serbian army troops and KFOR patrol together.")
    other = make(title="Wine harvest", body="Grape growers in Macedonia expect a good year.")
    with Archive(tmp_path / "ix") as archive:
        archive.add([kfor, related, other])
        ids = [hit.id for hit in archive.similar(kfor.id).hits]
    assert ids[0] == related.id
    assert kfor.id not in ids
