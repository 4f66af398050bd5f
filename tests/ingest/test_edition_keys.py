"""The edition key read from addresses: SETimes URL tails and ``<link rel=alternate hreflang>``."""

from __future__ import annotations

import json
import textwrap

import pytest

from archive_search import Archive
from archive_search.ingest import parse_page
from archive_search.ingest.editions import edition_key, hreflang_links
from archive_search.ingest.html_metadata import parse_html
from archive_search.ingest.news_html import parse_news_html

SETIMES = (
    "http://setimes.com/cocoon/setimes/xhtml/{}/features/setimes/features/2012/06/28/feature-01"
)


@pytest.mark.parametrize("locale", ["sr_Latn", "sr_Cyrl", "hr", "tr", "el", "en_GB", "mk"])
def test_every_setimes_edition_of_an_article_has_the_same_key(locale: str) -> None:
    assert edition_key(SETIMES.format(locale)) == (
        "setimes.com/features/setimes/features/2012/06/28/feature-01"
    )


def test_setimes_keys_ignore_scheme_www_extension_and_case() -> None:
    url = "https://www.SETimes.com/cocoon/setimes/xhtml/SR_LATN/features/setimes/features/2012/06/28/feature-01.html"
    assert edition_key(url) == edition_key(SETIMES.format("hr"))


def test_other_setimes_articles_and_non_articles_differ() -> None:
    assert edition_key(SETIMES.format("hr").replace("feature-01", "feature-02")) != edition_key(
        SETIMES.format("hr")
    )
    assert edition_key("http://setimes.com/cocoon/setimes/xhtml/hr/features/setimes/archive") == ""
    assert edition_key("http://example.com/news/2012/06/28/story") == ""
    assert edition_key("") == ""


def page(lang: str, title: str, body: str, links: dict[str, str], url: str) -> str:
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{code}" href="{href}">' for code, href in links.items()
    )
    return textwrap.dedent(f"""\
        <!doctype html>
        <html lang="{lang}"><head><meta charset="utf-8">
        <title>{title}</title>
        <link rel="canonical" href="{url}">
        {alternates}
        <meta property="og:type" content="article">
        <meta property="article:published_time" content="2015-06-01T10:00:00+02:00">
        </head><body><article><h1>{title}</h1>
        {"".join(f"<p>{p}</p>" for p in body)}
        </article></body></html>""")


LINKS = {
    "en": "https://news.example/en/2015/bridge-opened",
    "de": "https://news.example/de/2015/bruecke-eroeffnet",
    "x-default": "https://news.example/",
}
EN_BODY = [
    "The new bridge over the Danube in Novi Sad opened to traffic on Monday after four years "
    "of building work, the city's mayor Milos Vucevic said.",
    "Around 20,000 vehicles a day are expected to use the crossing, which cost 120 million "
    "euros, most of it a loan from the European Investment Bank.",
]
DE_BODY = [
    "Die neue Brücke über die Donau in Novi Sad ist am Montag nach vier Jahren Bauzeit für den "
    "Verkehr freigegeben worden, sagte Bürgermeister Milos Vucevic.",
    "Täglich werden rund 20.000 Fahrzeuge erwartet; die Brücke kostete 120 Millionen Euro, "
    "größtenteils ein Kredit der Europäischen Investitionsbank.",
]


def test_hreflang_pages_of_one_set_share_a_key() -> None:
    en = parse_news_html(page("en", "Danube bridge opens", EN_BODY, LINKS, LINKS["en"]))
    de = parse_news_html(page("de", "Donaubrücke eröffnet", DE_BODY, LINKS, LINKS["de"]))
    assert en.edition_key == de.edition_key == "news.example/de/2015/bruecke-eroeffnet"


def test_hreflang_links_leave_out_x_default_and_resolve_relative_addresses() -> None:
    links = {"en": "/en/2015/bridge-opened", "x-default": "/", "fr": "https://other.example/fr/a"}
    tree = parse_html(page("en", "T", EN_BODY, links, LINKS["en"]))
    assert hreflang_links(tree, "https://news.example/en/x") == [
        "https://news.example/en/2015/bridge-opened",
        "https://other.example/fr/a",
    ]


def test_links_to_front_pages_make_no_key() -> None:
    """A site that points every page at each language's front page links no articles."""
    fronts = {"en": "https://news.example/en/", "de": "https://news.example/de", "fr": "/fr/"}
    article = parse_news_html(page("en", "Danube bridge opens", EN_BODY, fronts, LINKS["en"]))
    assert article.edition_key == ""


def test_a_page_without_hreflang_has_no_key() -> None:
    article = parse_news_html(page("en", "Danube bridge opens", EN_BODY, {}, LINKS["en"]))
    assert article.edition_key == ""


def test_hreflang_editions_are_linked_by_address_when_indexed(tmp_path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "en.html").write_text(page("en", "Danube bridge opens", EN_BODY, LINKS, LINKS["en"]))
    (folder / "de.html").write_text(page("de", "Donaubrücke eröffnet", DE_BODY, LINKS, LINKS["de"]))
    with Archive(tmp_path / "index") as archive:
        archive.index_paths([folder], workers=1)
        en = archive.search("bridge").hits[0]
        found = archive.editions(en.id)
        assert [(e.language, e.title, e.via) for e in found] == [
            ("de", "Donaubrücke eröffnet", "address")
        ]
        assert [e.id for e in archive.editions(found[0].id)] == [en.id]


def test_setimes_pages_and_json_lines_records_get_their_key(tmp_path) -> None:
    text = "\n\n".join(
        [
            "Naslov članka o saradnji",
            "Ivana Jovanović za Southeast European Times iz Beograda -- 28/06/12",
            "Srbija i NATO su u četvrtak potpisali sporazum o saradnji u Beogradu.",
        ]
    )
    article = parse_page(text, url=SETIMES.format("sr_Latn"))
    assert article.edition_key == edition_key(SETIMES.format("hr"))
    records = tmp_path / "records.jsonl"
    record = {"title": "T", "body": "Text of the article.", "url": SETIMES.format("tr")}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Archive(tmp_path / "index") as archive:
        archive.index_paths([records], workers=1)
        hit = archive.search("text").hits[0]
        assert archive.get(hit.id).edition_key == edition_key(SETIMES.format("hr"))


def test_a_malformed_address_has_no_key_and_costs_only_its_key(tmp_path) -> None:
    # found by the JSON Lines fuzz test: urlsplit raises on an unclosed IPv6 bracket
    from archive_search.ingest import parse_path

    assert edition_key("[") == "" and edition_key("http://[x/a") == ""
    source = tmp_path / "records.jsonl"
    source.write_bytes(b'{"title": "0", "url": "["}\n{"title": "1", "body": "Text."}\n')
    entries = list(parse_path(source))
    assert [e.location.rsplit(":", 1)[1] for e in entries] == ["1", "2"]
