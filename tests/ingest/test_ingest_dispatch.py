"""The parse stage's front door: every input becomes articles or one skip entry."""

import gzip
import json

from archive_search.ingest import parse_path
from tests.paths import REPO

SEED = REPO / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt"


def only(results):
    results = list(results)
    assert len(results) == 1
    return results[0]


def test_seed_text_dump_becomes_the_seed_article():
    parsed = only(parse_path(SEED))
    assert parsed.reason is None
    assert parsed.article.title == "NATO and Serbia strive to strengthen co-operation in Kosovo"
    assert parsed.article.source == str(SEED)
    assert parsed.origin == str(SEED.resolve())


def test_gzip_copy_gives_the_same_article(tmp_path):
    copy = tmp_path / "seed.txt.gz"
    copy.write_bytes(gzip.compress(SEED.read_bytes()))
    assert only(parse_path(copy)).article.id == only(parse_path(SEED)).article.id


def test_plain_text_of_another_outlet_claims_no_setimes_brand(tmp_path):
    page = tmp_path / "story.txt"
    page.write_text(
        "Local council approves new budget\n\n"
        "The city council on Tuesday approved a budget of two million euros for road repairs.\n\n"
        "Work will start in spring and finish by autumn, officials added in a statement.\n"
    )
    article = only(parse_path(page)).article
    assert article.title == "Local council approves new budget"
    assert article.outlet == ""
    assert article.language == "en"


def test_files_that_are_not_pages_are_skipped_unread(tmp_path):
    for name in ("README.md", "photo.jpg", "notes.json"):
        (tmp_path / name).write_bytes(b"\x00\x01 whatever")
        parsed = only(parse_path(tmp_path / name))
        assert parsed.article is None
        assert parsed.reason.startswith("not a page or JSON Lines file")


def test_empty_and_binary_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    assert only(parse_path(tmp_path / "empty.html")).reason == "empty file"
    assert "binary" in only(parse_path(tmp_path / "image.html")).reason


def test_json_lines_give_one_entry_per_line(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "First", "body": "Text one.", "published": "2014-03-10"}),
        "",
        "{not json",
        json.dumps({"title": "Second", "body": ["P1", "P2"], "published": "2014-02-31"}),
        json.dumps({"title": "Third", "body": ["P1"]}),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = list(parse_path(path))
    assert [r.location for r in results] == [f"{path}:{n}" for n in (1, 3, 4, 5)]
    assert results[0].article.id == "a1"
    assert "invalid JSON" in results[1].reason
    assert "YYYY-MM-DD" in results[2].reason
    assert results[3].article.body == ["P1"]
    assert results[3].article.source == f"{path}:5"


def test_gzipped_json_lines_stream(tmp_path):
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "Zipped", "body": "Text."}\n'))
    assert only(parse_path(path)).article.title == "Zipped"


def test_invalid_utf8_line_is_one_skip(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"title": "\xff\xfe"}\n{"title": "Good", "body": "x"}\n')
    results = list(parse_path(path))
    assert "not valid UTF-8" in results[0].reason
    assert results[1].article.title == "Good"
