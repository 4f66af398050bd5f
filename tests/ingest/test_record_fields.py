"""Other tools' JSON records read as Article records (``ingest.record_fields``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive_search.article import Article
from archive_search.ingest.jsonl import iter_jsonl_records
from archive_search.ingest.record_fields import FIELD_ALIASES, article_fields

BODY = "Parliament approved the budget on Thursday after a long debate."


def read(tmp_path: Path, *records: object) -> list[Article | str]:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [x if isinstance(x, Article) else x.reason for _, x in iter_jsonl_records(path)]


def test_a_news_please_record(tmp_path: Path) -> None:
    record = {
        "title": "Budget passes",
        "maintext": BODY,
        "date_publish": "2014-03-10 12:30:00",
        "date_download": "2019-01-02 03:04:05",
        "authors": ["Ana Petrović", "Marko Jovanović"],
        "source_domain": "balkanledger.example",
        "url": "https://balkanledger.example/budget",
        "language": "en",
        "image_url": "https://balkanledger.example/a.jpg",
        "localpath": None,
    }
    (article,) = read(tmp_path, record)
    assert isinstance(article, Article)
    assert article.body == [BODY]
    assert article.published is not None and article.published.isoformat() == "2014-03-10"
    assert article.crawled is not None and str(article.crawled).startswith("2019-01-02")
    assert article.author == "Ana Petrović, Marko Jovanović"
    assert article.outlet == "balkanledger.example"


def test_a_trafilatura_record(tmp_path: Path) -> None:
    record = {
        "title": "Budget passes",
        "author": "Ana Petrović",
        "hostname": "balkanledger.example",
        "date": "2014-03-10",
        "categories": "politics;economy",
        "tags": "",
        "fingerprint": "abc",
        "source": "https://balkanledger.example/budget",
        "text": BODY,
        "excerpt": "",
    }
    (article,) = read(tmp_path, record)
    assert isinstance(article, Article)
    assert (article.body, article.published.isoformat() if article.published else None) == (
        [BODY],
        "2014-03-10",
    )
    assert article.section == "politics;economy" and article.outlet == "balkanledger.example"


def test_a_schema_org_news_article(tmp_path: Path) -> None:
    record = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Budget passes",
        "articleBody": BODY,
        "datePublished": "2014-03-10T12:30:00+01:00",
        "author": {"@type": "Person", "name": "Ana Petrović"},
        "publisher": {"@type": "Organization", "name": "Balkan Ledger"},
        "inLanguage": "sr-Latn",
    }
    (article,) = read(tmp_path, record)
    assert isinstance(article, Article)
    assert article.title == "Budget passes" and article.author == "Ana Petrović"
    assert article.outlet == "Balkan Ledger"
    assert article.published is not None and article.published.isoformat() == "2014-03-10"


def test_dates_in_other_shapes(tmp_path: Path) -> None:
    records = [
        {"headline": "a", "published": "March 3, 2013"},
        {"headline": "b", "date": 1362268800},
        {"headline": "c", "date": "not a date"},
    ]
    a, b, c = read(tmp_path, *records)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert a.published is not None and a.published.isoformat() == "2013-03-03"
    assert b.published is not None and b.published.isoformat() == "2013-03-03"
    assert c.published is None


def test_a_record_in_our_own_format_is_read_as_it_is() -> None:
    record = {"title": "t", "body": ["p"], "published": "2014-01-02", "author": "by X"}
    assert article_fields(record) is record


def test_our_field_wins_over_an_alias() -> None:
    record = {"title": "Ours", "headline": "Theirs", "text": "their body", "body": ""}
    assert article_fields(record) == {"title": "Ours", "body": "their body"}


def test_a_misspelt_field_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    (reason,) = read(tmp_path, {"title": "t", "bdoy": "text"})
    assert reason == "bad JSON Lines record: unknown key 'bdoy' (did you mean 'body'?)"
    (article,) = read(tmp_path, {"title": "t", "colour": "red", "tags": ["x"]})
    assert isinstance(article, Article) and article.title == "t"


def test_every_alias_names_an_article_field_and_is_not_one() -> None:
    fields = set(Article.__dataclass_fields__)
    aliases = [a for names in FIELD_ALIASES.values() for a in names]
    assert set(FIELD_ALIASES) <= fields
    assert not set(aliases) & fields
    assert len(aliases) == len(set(aliases))


@pytest.mark.parametrize("value", [None, "", [], {}])
def test_an_empty_alias_does_not_replace_anything(value: object) -> None:
    assert article_fields({"headline": "t", "text": value}) == {"title": "t"}


@pytest.mark.parametrize(
    ("key", "field"),
    [("bdoy", "body"), ("pubished", "published"), ("tilte", "title"), ("autor", "author")],
)
def test_misspellings_name_the_field_meant(key: str, field: str) -> None:
    with pytest.raises(ValueError, match=f"did you mean '{field}'"):
        article_fields({"title": "t", key: "x"})


def test_keys_other_tools_write_are_not_taken_for_misspellings() -> None:
    keys = ["tags", "image_url", "localpath", "fingerprint", "excerpt", "comments", "id_str"]
    assert article_fields({"title": "t", **dict.fromkeys(keys, "x")}) == {"title": "t"}


def test_a_single_caption_string_becomes_one_caption(tmp_path: Path) -> None:
    (article,) = read(tmp_path, {"headline": "t", "caption": "Pristina at dusk."})
    assert isinstance(article, Article) and [c.text for c in article.captions] == [
        "Pristina at dusk."
    ]
