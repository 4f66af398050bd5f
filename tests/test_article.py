import datetime as dt
import json

import pytest

from archive_search.article import Article, Caption, canonical_url


def sample(**overrides):
    fields = dict(
        title="NATO and Serbia strive to strengthen co-operation in Kosovo",
        lede="In hopes of smoothing the relations ...",
        body=["First paragraph.", "Second paragraph."],
        captions=[Caption("KFOR Commander meets.", "KFOR")],
        author="Ivana Jovanovic",
        place="Belgrade",
        place_local="Beograd",
        published=dt.date(2014, 3, 10),
        language="en",
        section="features",
        outlet="Southeast European Times",
        url="http://setimes.com/cocoon/setimes/xhtml/en_GB/features/setimes/features/2014/03/10/feature-01",
        source="data/page.txt",
    )
    fields.update(overrides)
    return Article(**fields)


def test_json_round_trip_keeps_every_field():
    article = sample()
    again = Article.from_json(article.to_json())
    assert again == article
    assert json.loads(article.to_json())["published"] == "2014-03-10"


def test_id_is_short_stable_and_independent_of_source():
    a = sample(source="one.txt")
    b = sample(source="two/copy.html")
    assert a.id == b.id
    assert len(a.id) == 12


def test_url_variants_give_one_id():
    base = "http://setimes.com/cocoon/setimes/xhtml/en_GB/features/2014/03/10/feature-01"
    ids = {
        sample(url=u).id
        for u in (base, base + "?page=2", base + "#comments", "https://www." + base[7:], base + "/")
    }
    assert len(ids) == 1


def test_editions_of_one_article_are_different_articles():
    en = sample(url="http://setimes.com/cocoon/setimes/xhtml/en_GB/features/2014/03/10/f-01")
    sr = sample(url="http://setimes.com/cocoon/setimes/xhtml/sr_Latn/features/2014/03/10/f-01")
    assert en.id != sr.id


def test_without_url_the_text_is_the_identity():
    a = sample(url="", source="x")
    assert a.id == sample(url="", source="y").id
    assert a.id != sample(url="", body=["Other text."]).id


def test_explicit_id_is_kept():
    assert sample(id="reuters-17").id == "reuters-17"
    assert Article.from_dict({"id": "abc", "title": "T"}).id == "abc"


def test_content_hash_ignores_source_but_not_text():
    assert sample(source="a").content_hash() == sample(source="b").content_hash()
    assert sample().content_hash() != sample(body=["Changed."]).content_hash()


def test_from_dict_accepts_string_body_and_string_captions():
    article = Article.from_dict(
        {"title": "T", "body": "One.\n\nTwo\nlines.", "captions": ["Photo [AFP]"]}
    )
    assert article.body == ["One.", "Two lines."]
    assert article.captions == [Caption("Photo [AFP]", "")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a JSON object"),
        ({"body": "x"}, "no title"),
        ({"title": 3}, "title is not a string"),
        ({"title": "T", "published": "31/02/14"}, "valid YYYY-MM-DD"),
        ({"title": "T", "published": "2014-02-31"}, "valid YYYY-MM-DD"),
        ({"title": "T", "body": 5}, "body is neither"),
        ({"title": "T", "captions": "x"}, "captions is not a list"),
        ({"title": "T", "colour": "red"}, "unknown keys: colour"),
    ],
)
def test_from_dict_rejects_bad_records_with_a_reason(data, message):
    with pytest.raises(ValueError, match=message):
        Article.from_dict(data)


def test_authors_split_two_names():
    assert sample(author="Ana Petrovic and Marko Markovic").authors == [
        "Ana Petrovic",
        "Marko Markovic",
    ]
    assert sample(author="").authors == []


def test_canonical_url_drops_scheme_host_case_query_and_print_suffix():
    assert canonical_url("HTTP://WWW.Example.com/a/b/print?x=1#y") == "example.com/a/b"
    assert canonical_url("https://example.com/story.html") == "example.com/story"
