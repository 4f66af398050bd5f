"""What pages say about themselves: every vocabulary, and the junk they really contain."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from archive_search.ingest.html_metadata import (
    PageMetadata,
    extract_metadata,
    parse_date,
    parse_html,
    strip_site_suffix,
)
from tests.paths import FIXTURES as ALL_FIXTURES
from tests.paths import REPO

FIXTURES = ALL_FIXTURES / "news"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def page(head: str = "", body: str = "", html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body>{body}</body></html>"


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


# -- whole pages -----------------------------------------------------------
def test_json_ld_page_every_field() -> None:
    meta = extract_metadata(fixture("jsonld_article.html"), base_url="https://cdn.example/x")
    assert meta == PageMetadata(
        title="Serbia and Kosovo agree on power grid deal",
        headline="Serbia and Kosovo agree on power grid deal",
        description=(
            "Negotiators in Brussels settled the last technical dispute of the year, officials said."
        ),
        author="Jelena Marković, Arben Hoxha",
        published=dt.date(2014, 3, 10),  # the date as written, not shifted to UTC
        modified=dt.date(2014, 3, 12),
        language="en",
        url="https://cdn.example/news/2014/03/10/power-grid-deal",  # <link rel=canonical> first
        site_name="Balkan Ledger",
        section="Politics",
        keywords=["energy", "Serbia", "Kosovo"],
        image_captions=["A transmission line near Niš."],
        page_type="NewsArticle",
    )
    assert meta.is_article


def test_opengraph_page_every_field() -> None:
    meta = extract_metadata(fixture("opengraph_article.html"))
    assert meta == PageMetadata(
        title="Neue Brücke über die Donau eröffnet",
        headline="Neue Brücke über die Donau eröffnet",
        description=(
            "Nach vier Jahren Bauzeit rollt der Verkehr: "
            "Pendler sparen täglich bis zu zwanzig Minuten."
        ),
        author="Anna Huber",
        published=dt.date(2015, 6, 1),
        modified=dt.date(2015, 6, 2),
        language="de",
        url="https://www.donaukurier.example/lokal/neue-bruecke-eroeffnet",  # utm_* dropped
        site_name="Donau Kurier",
        section="Lokales",
        keywords=["Verkehr", "Donau", "Brücke", "Pendler"],  # deduplicated ignoring case
        image_captions=[],
        page_type="og:article",
    )
    assert meta.is_article


def test_page_with_only_time_and_author_meta() -> None:
    meta = extract_metadata(fixture("time_article.html"))
    assert meta == PageMetadata(
        # no site name is declared: the <h1> shows what of the <title> is the headline
        title="Пловдив получава нов музей на съвременното изкуство",
        headline="",
        description="",
        author="Иван Петров",
        published=dt.date(2012, 11, 5),
        modified=None,
        language="bg",
        url="",
        site_name="",
        section="",
        keywords=[],
        image_captions=[],
        page_type="",
    )
    assert not meta.is_article


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "\x00\x01\x02", None])
def test_empty_or_junk_input_gives_empty_metadata(html: str | None) -> None:
    assert extract_metadata(html) == PageMetadata()


def test_accepts_soup_and_lxml_trees_alike() -> None:
    from bs4 import BeautifulSoup

    html = fixture("jsonld_article.html")
    expected = extract_metadata(html)
    assert extract_metadata(BeautifulSoup(html, "html.parser")) == expected
    tree = parse_html(html)
    assert extract_metadata(tree) == expected
    assert extract_metadata(tree.getroottree()) == expected


def test_rejects_things_that_are_not_html() -> None:
    with pytest.raises(TypeError):
        extract_metadata(42)


def test_parse_html_survives_declarations_and_control_characters() -> None:
    tree = parse_html(
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>a\x00b</p></body></html>'
    )
    assert tree.tag == "html"
    assert tree.xpath("string(//p)") == "ab"
    assert parse_html("").tag == "html"


# -- JSON-LD shapes --------------------------------------------------------
def test_json_ld_top_level_list_and_type_list() -> None:
    meta = extract_metadata(
        page(
            ld(
                '[{"@type": "WebPage", "name": "Page", "inLanguage": "tr"},'
                ' {"@type": ["Article", "NewsArticle"], "headline": "Real headline",'
                ' "author": "By Ayşe Yılmaz", "datePublished": "2010-07-01"}]'
            )
        )
    )
    assert (meta.headline, meta.author, meta.published) == (
        "Real headline",
        "Ayşe Yılmaz",
        dt.date(2010, 7, 1),
    )
    assert meta.page_type == "NewsArticle"
    assert meta.language == "tr"  # from the WebPage node when the article has none


def test_json_ld_author_references_and_entities() -> None:
    meta = extract_metadata(
        page(
            ld(
                '{"@context": "https://schema.org", "@graph": ['
                '{"@type": "Person", "@id": "#p1", "name": "Ana Popa"},'
                '{"@type": "ReportageNewsArticle", "headline": "&#8216;Quoted&#8217; &amp; more",'
                ' "author": [{"@id": "#p1"}, {"@type": "Person", "givenName": "Ion",'
                ' "familyName": "Ionescu"}, "https://example.org/author/x"],'
                ' "publisher": {"@type": "Organization", "name": "Jurnalul"},'
                ' "url": "https://jurnalul.example/a/1", "keywords": "politică, alegeri"}]}'
            )
        )
    )
    assert meta.headline == "‘Quoted’ & more"
    assert meta.author == "Ana Popa, Ion Ionescu"  # URLs are not names
    assert meta.site_name == "Jurnalul"
    assert meta.url == "https://jurnalul.example/a/1"
    assert meta.keywords == ["politică", "alegeri"]
    assert meta.page_type == "ReportageNewsArticle"


def test_broken_json_ld_is_repaired_or_ignored() -> None:
    repaired = extract_metadata(
        page(ld('<!-- {"@type": "NewsArticle", "headline": "Trailing comma",} -->'))
    )
    assert repaired.headline == "Trailing comma"
    hopeless = extract_metadata(
        page(ld('{"@type": "NewsArticle", "headline": ') + "<title>T</title>")
    )
    assert hopeless.headline == ""
    assert hopeless.title == "T"


# -- other vocabularies ----------------------------------------------------
def test_dublin_core_and_plain_meta_names() -> None:
    meta = extract_metadata(
        page(
            '<meta name="DC.title" content="Dublin headline">'
            '<meta name="DC.creator" content="Marko Marić">'
            '<meta name="DC.date.issued" content="2008-02-17">'
            '<meta name="DC.language" content="hrv">'
            '<meta name="DC.publisher" content="Vjesnik">'
            '<meta name="section" content="Hrvatska">'
        )
    )
    assert (meta.headline, meta.author, meta.published, meta.language) == (
        "Dublin headline",
        "Marko Marić",
        dt.date(2008, 2, 17),
        "hr",
    )
    assert (meta.site_name, meta.section) == ("Vjesnik", "Hrvatska")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta name="date" content="2013-05-06">', dt.date(2013, 5, 6)),
        ('<meta name="pubdate" content="20130506">', dt.date(2013, 5, 6)),
        (
            '<meta name="date" content="not a date"><meta name="pubdate" content="6.5.2013">',
            dt.date(2013, 5, 6),
        ),
        ('<meta property="article:published_time" content="2099-01-01">', None),
    ],
)
def test_meta_date_names(head: str, expected: dt.date | None) -> None:
    assert extract_metadata(page(head)).published == expected


def test_time_element_marked_as_publication_wins() -> None:
    body = (
        '<time datetime="2011-01-01">updated</time>'
        '<time datetime="2010-12-24" class="published">published</time>'
    )
    assert extract_metadata(page(body=body)).published == dt.date(2010, 12, 24)


def test_microdata_properties() -> None:
    body = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h2 itemprop="headline">Microdata headline</h2>'
        '<span itemprop="author" itemscope><span itemprop="name">Elira Hoxha</span></span>'
        '<span itemprop="datePublished" content="2009-09-09">9 Sept</span></div>'
    )
    meta = extract_metadata(page(body=body))
    assert (meta.headline, meta.author, meta.published) == (
        "Microdata headline",
        "Elira Hoxha",
        dt.date(2009, 9, 9),
    )


@pytest.mark.parametrize(
    ("attrs", "head", "expected"),
    [
        ('lang="sr-Latn-RS"', "", "sr"),
        ('lang="EN_us"', "", "en"),
        ('xml:lang="mk"', "", "mk"),
        ("", '<meta property="og:locale" content="el_GR">', "el"),
        ("", '<meta http-equiv="content-language" content="sq, en">', "sq"),
        ('lang="iw"', "", "he"),
        ('lang="x-klingon"', "", ""),
        ("", "", ""),
    ],
)
def test_language_tags_become_iso_639_1(attrs: str, head: str, expected: str) -> None:
    assert extract_metadata(page(head, html_attrs=attrs)).language == expected


def test_canonical_url_resolution() -> None:
    relative = page('<link rel="Canonical" href="/a/b?utm_source=x&amp;id=7#top">')
    assert (
        extract_metadata(relative, base_url="https://ex.org/z").url == "https://ex.org/a/b?id=7#top"
    )
    based = page('<base href="https://mirror.org/"><link rel="canonical" href="c/d">')
    assert extract_metadata(based).url == "https://mirror.org/c/d"
    assert extract_metadata(page('<meta property="og:url" content="javascript:void(0)">')).url == ""
    assert extract_metadata(page('<link rel="canonical" href="/rel">')).url == ""


def test_title_suffix_is_removed_only_when_it_names_the_site() -> None:
    meta = extract_metadata(
        page(
            '<title>Budget passed - Politics - Balkan Ledger</title><meta property="og:site_name" content="Balkan Ledger">'
        )
    )
    assert meta.title == "Budget passed - Politics"
    assert meta.headline == ""


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Budget passed | Balkan Ledger", "Balkan Ledger", "", "Budget passed"),
        ("Balkan Ledger: Budget passed", "Balkan Ledger", "", "Budget passed"),
        ("Budget passed – BBC News", "", "https://www.bbc.com/news/1", "Budget passed"),
        ("Budget passed - Analysis", "Balkan Ledger", "", "Budget passed - Analysis"),
        ("Ledger", "Balkan Ledger", "", "Ledger"),
        ("", "Site", "", ""),
    ],
)
def test_strip_site_suffix(title: str, site: str, url: str, expected: str) -> None:
    assert strip_site_suffix(title, site, url) == expected


# -- dates -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-03-10T23:30:00-05:00", dt.date(2014, 3, 10)),
        ("March 4, 2015", dt.date(2015, 3, 4)),
        ("Monday, 10 March 2014 14:00 CET", dt.date(2014, 3, 10)),
        ("04.03.2015", dt.date(2015, 3, 4)),  # dotted dates are day first
        ("13/03/2014", dt.date(2014, 3, 13)),
        ("20140310", dt.date(2014, 3, 10)),
        ("1394150400", dt.date(2014, 3, 7)),  # Unix seconds
        (1394150400000, dt.date(2014, 3, 7)),  # milliseconds
        (dt.datetime(2014, 3, 10, 12, 0), dt.date(2014, 3, 10)),
        ("2015", None),  # a year alone is not a date
        ("March 2015", None),
        ("junk", None),
        ("2014-02-30", None),
        ("0001-01-01", None),
        ("2999-01-01", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_importing_the_module_loads_no_html_stack() -> None:
    code = (
        "import sys, archive_search.ingest.html_metadata\n"
        "heavy = {'lxml', 'bs4', 'trafilatura', 'dateutil'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_language_tags_of_every_shape_become_iso_639_1() -> None:
    assert extract_metadata(page(html_attrs='lang="sr-Latn"')).language == "sr"
    assert extract_metadata(page(html_attrs='lang="srp"')).language == "sr"
    assert extract_metadata(page(html_attrs='lang="MK_mk"')).language == "mk"
    assert extract_metadata(page(html_attrs='lang="klingon"')).language == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1987-02-26", "1987-02-26"),
        ("26 February 1987", "1987-02-26"),
        ("1871-03-18", "1871-03-18"),
        ("1799-12-31", None),
        (0, None),
        (-86400, None),
        (541296000, "1987-02-26"),
    ],
)
def test_dates_of_older_archives_are_kept_blank_timestamps_are_not(
    value: object, expected: str | None
) -> None:
    from archive_search.ingest.html_metadata import parse_date

    found = parse_date(value)
    assert (found.isoformat() if found else None) == expected
