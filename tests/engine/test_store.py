import datetime as dt

import pytest

from archive_search import errors
from archive_search.archive import Archive
from archive_search.article import Article
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
