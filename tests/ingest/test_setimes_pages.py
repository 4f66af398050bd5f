"""Newsbriefs, pages that are not articles, hostile input, and the dispatcher's cheap test."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_search.errors import Skip, SkipSource
from archive_search.ingest.setimes import looks_like_setimes
from archive_search.ingest.setimes_html import parse_setimes_html
from archive_search.ingest.textdump import parse_setimes_text
from tests.paths import FIXTURES as ALL_FIXTURES
from tests.paths import REPO, SHARED

FIXTURES = ALL_FIXTURES / "setimes"
SEED = (REPO / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt").read_text(encoding="utf-8")
NB_URL = (
    "http://setimes.com/cocoon/setimes/xhtml/en_GB/newsbriefs/setimes/newsbriefs/2014/03/10/nb-03"
)


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# -- newsbriefs -------------------------------------------------------------------------
def test_english_newsbrief_html():
    article = parse_setimes_html(_read("en_GB-newsbrief.html"))
    assert article.title == "Serbia and Kosovo resume EU-mediated talks"
    assert article.author == ""
    assert article.published == dt.date(2014, 3, 10)
    assert article.section == "newsbriefs"
    assert article.language == "en"
    assert article.url == NB_URL
    assert (article.place, article.place_local) == ("Brussels", "Brussels")
    assert article.lede == ""
    assert len(article.body) == 3
    assert article.body[0].startswith("BRUSSELS, Belgium -- Serbian Prime Minister")
    assert article.body[-1].startswith("The dialogue, launched in 2011")
    assert not any("Sources" in p or "Email" in p or "Greece and Turkey" in p for p in article.body)


def test_romanian_newsbrief_dump_without_url():
    article = parse_setimes_text(_read("ro-newsbrief.txt"))
    assert article.title == "România şi Bulgaria deschid un nou pod peste Dunăre"
    assert article.published == dt.date(2013, 6, 14)
    assert article.language == "ro"  # from the "Surse" label
    assert article.author == ""
    assert (article.place, article.place_local) == ("Vidin", "Vidin")
    assert [p[:20] for p in article.body] == [
        "VIDIN, Bulgaria -- P",
        "Construcţia podului ",
        "Oficialii speră că n",
    ]
    assert article.section == "" and article.url == ""


def test_turkish_newsbrief_dump_with_source_header():
    article = parse_setimes_text(_read("tr-newsbrief.txt"))
    assert article.title == "Yunanistan'da devlet yayın kuruluşu kapatıldı"
    assert article.published == dt.date(2013, 6, 12)
    assert article.section == "newsbriefs"
    assert article.language == "tr"
    assert article.url.endswith("/tr/newsbriefs/setimes/newsbriefs/2013/06/12/nb-05")
    assert (article.place, article.place_local) == ("Athens", "Atina")
    assert len(article.body) == 2


def test_roundup_takes_the_latest_source_date_and_keeps_item_headings():
    text = (
        "Diplomatic Diary: Greece and Turkey sign co-operation deals\n\n"
        "Greece and Turkey signed 25 agreements on Monday (March 10th) in Athens.\n\n"
        "(Kathimerini, Hurriyet -- 10/03/14)\n\n"
        "Albania hosts regional energy forum\n\n"
        "Energy ministers from the region met in Tirana on Tuesday (March 11th).\n\n"
        "(Top Channel, ATA -- 11/03/14)\n"
    )
    article = parse_setimes_text(text)
    assert article.published == dt.date(2014, 3, 11)
    assert article.body == [
        "Greece and Turkey signed 25 agreements on Monday (March 10th) in Athens.",
        "Albania hosts regional energy forum",
        "Energy ministers from the region met in Tirana on Tuesday (March 11th).",
    ]


# -- not articles ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("error-404.html", "error page"),
        ("error-404-sr.html", "error page"),
        ("section-front.html", "list or section page"),
        ("archive-list.txt", "list or section page"),
        ("empty.html", Skip.EMPTY),
    ],
)
def test_pages_that_are_not_articles_are_skipped(name, reason):
    parser = parse_setimes_html if name.endswith(".html") else parse_setimes_text
    with pytest.raises(SkipSource) as info:
        parser(_read(name))
    assert info.value.reason.startswith(reason)


def test_section_address_is_a_list_page_even_without_teasers():
    page = (
        '<html><head><link rel="canonical" href="http://setimes.com/cocoon/setimes/xhtml/en_GB/'
        'features/setimes/features"></head><body><h1>Features</h1><p>Our features from the '
        "region, updated every weekday by our correspondents.</p></body></html>"
    )
    with pytest.raises(SkipSource, match="section or archive address"):
        parse_setimes_html(page)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", Skip.EMPTY),
        ("   \n\n\t  ", Skip.EMPTY),
        ("Most Popular\n\nEmail to a friend\n\nPrint Version\n\nRelated Articles", Skip.NO_TITLE),
        ("NATO and Serbia strive to strengthen co-operation in Kosovo", Skip.NO_BODY),
    ],
)
def test_empty_and_furniture_only_dumps(text, reason):
    with pytest.raises(SkipSource) as info:
        parse_setimes_text(text)
    assert info.value.reason == reason


def test_byline_with_nothing_after_it_has_no_body():
    with pytest.raises(SkipSource) as info:
        parse_setimes_text(
            "A title here\n\nBy Ivana Jovanovic for Southeast European Times -- 10/03/14\n\n"
            "Email to a friend"
        )
    assert info.value.reason == Skip.NO_BODY


def test_many_bylines_mean_a_list_page():
    teasers = "\n\n".join(
        f"Headline {i}\n\nBy {name} for Southeast European Times in Sofia -- 0{i}/03/14\n\n"
        f"Summary of story {i} that tells what happened."
        for i, name in enumerate(["Ana Lis", "Ivo Bor", "Eda Kar", "Ion Pop"], start=1)
    )
    with pytest.raises(SkipSource, match="several articles"):
        parse_setimes_text(teasers)


@pytest.mark.parametrize(
    "page",
    [
        "\x00\x01\x02<<<>>>&&&" * 50,
        "<div>" * 5000 + "Hello world, this is one sentence." + "</div>" * 5000,
        "<html><body><table><tr><td>" * 300 + "x",
        '<?xml version="1.0" encoding="ISO-8859-2"?><html><body><p>Ž</p></body></html>',
    ],
)
def test_hostile_html_only_raises_skipsource(page):
    with pytest.raises(SkipSource):
        parse_setimes_html(page)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*SEED.split("\n"), "", "[AFP]", "<p>", "10/03/14"]), max_size=40))
def test_any_reshuffled_page_gives_an_article_or_skipsource(lines):
    text = "\n".join(lines)
    for parser in (parse_setimes_text, parse_setimes_html):
        try:
            article = parser(text)
        except SkipSource:
            continue
        assert article.title and article.body


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_an_article_or_skipsource(text):
    for parser in (parse_setimes_text, parse_setimes_html):
        with contextlib.suppress(SkipSource):
            parser(text)


# -- language and address precedence ---------------------------------------------------------
def _page(lang: str = "", canonical: str = "", byline: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    byline = byline or "Drago Bojić za Southeast European Times iz Beograda -- 08/06/12"
    return (
        f"<html{lang_attr}><head><title>Naslov članka o energetici</title>{link}</head><body>"
        "<h1>Naslov članka o energetici</h1>"
        f"<p>{byline}</p>"
        "<p>Pregovarački timovi su nastavili razgovore o energetici ove nedelje u Briselu.</p>"
        "<p>Sledeća runda razgovora očekuje se posle letnje pauze, rekao je predsednik.</p>"
        "</body></html>"
    )


def test_language_precedence_url_then_html_lang_then_byline_then_text():
    hr_url = "http://setimes.com/cocoon/setimes/xhtml/hr/features/setimes/features/2012/06/08/f-1"
    assert parse_setimes_html(_page(lang="bs", canonical=hr_url)).language == "hr"
    assert parse_setimes_html(_page(lang="bs-BA")).language == "bs"
    ro_byline = "de Paul Ciocoiu pentru Southeast European Times din Bucureşti -- 05/04/12"
    assert parse_setimes_html(_page(byline=ro_byline)).language == "ro"
    assert parse_setimes_html(_page()).language == "sr"  # ekavian text decides sr/hr/bs


def test_text_without_any_cue_leaves_language_empty():
    text = "Some title of a story\n\nFirst paragraph of the story ends here.\n\nSecond one, too."
    assert parse_setimes_text(text).language == ""


def test_canonical_pointing_at_a_section_loses_to_the_article_address():
    article_url = (
        "http://setimes.com/cocoon/setimes/xhtml/sr_Latn/features/setimes/features/2012/06/08/f-2"
    )
    front = "http://setimes.com/cocoon/setimes/xhtml/sr_Latn/homepage"
    article = parse_setimes_html(_page(canonical=front), url=article_url)
    assert article.url == article_url
    assert article.section == "features"


def test_canonical_wins_over_the_reading_address():
    canonical = (
        "http://setimes.com/cocoon/setimes/xhtml/sr_Latn/features/setimes/features/2012/06/08/f-2"
    )
    article = parse_setimes_html(_page(canonical=canonical), url="http://mirror.example/page1.html")
    assert article.url == canonical
    assert article.published == dt.date(2012, 6, 8)


def test_url_date_used_when_the_page_has_none():
    page = _page(byline="Drago Bojić za Southeast European Times iz Beograda")
    url = "http://setimes.com/cocoon/setimes/xhtml/sr_Latn/features/setimes/features/2012/06/09/f-2"
    assert parse_setimes_html(page, url=url).published == dt.date(2012, 6, 9)


def test_impossible_byline_date_is_no_date_not_an_error():
    text = SEED.replace("10/03/14", "31/02/14")
    article = parse_setimes_text(text)
    assert article.published is None
    assert article.author == "Ivana Jovanovic"


# -- looks_like_setimes -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["en_GB-table.html", "mk-plain.html", "sr_Cyrl.txt", "tr-newsbrief.txt", "bs.txt"]
)
def test_looks_like_setimes_on_setimes_pages(name):
    assert looks_like_setimes(_read(name))


def test_looks_like_setimes_on_seed_and_tagged_byline():
    assert looks_like_setimes(SEED)
    assert looks_like_setimes(
        "<div>Marija Jovanova za <b>Southeast European Times</b> od Skopje</div>"
        '<div class="date">20/03/13</div>'
    )


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><h1>Reuters</h1><p>BELGRADE (Reuters) - Serbia said on Monday...</p></body></html>",
        "Analysts quoted by the Southeast European Times said the talks would resume.",
        "Sources: AP, Reuters -- 10/03/14",
    ],
)
def test_looks_like_setimes_rejects_other_pages(page):
    assert not looks_like_setimes(page)


@pytest.mark.skipif(not SHARED.exists(), reason="needs /work/shared beside the repo")
def test_looks_like_setimes_rejects_real_pages_of_other_outlets():
    import gzip

    pages = sorted((SHARED / "corpora" / "extraction-dev" / "html").glob("*.html.gz"))
    assert pages
    for path in pages:
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert not looks_like_setimes(page), path.name


def test_a_failing_metadata_reader_does_not_cost_the_article(monkeypatch):
    import archive_search.ingest.setimes_html as setimes_html

    def broken(*args, **kwargs):
        raise RuntimeError("metadata bug")

    monkeypatch.setattr(setimes_html, "extract_metadata", broken)
    monkeypatch.setattr(setimes_html, "parse_html", broken)
    article = parse_setimes_html(_read("en_GB-div.html"))
    assert article.url.endswith("/en_GB/features/setimes/features/2014/03/10/feature-01")
    assert article.language == "en"
    assert article.title == "NATO and Serbia strive to strengthen co-operation in Kosovo"
    assert len(article.body) == 21


def test_the_format_is_decided_once_by_the_content_whatever_the_name():
    from archive_search.ingest import looks_like_html, parse_page

    assert parse_page(_read("tr-div.html"), name="tr.html").language == "tr"
    assert parse_page(_read("el.txt"), name="el.txt").language == "el"
    # a dump that is really HTML goes to the HTML parser, and a ".html" with no markup is text
    assert parse_page(_read("bg-div.html"), name="bg.txt").title.startswith("България")
    assert looks_like_html(_read("bg-div.html"), "bg.txt")
    assert not looks_like_html(_read("el.txt"), "el.html")
    assert parse_page(_read("el.txt"), name="el.html").language == "el"


BYLINE = "By Ivana Jovanovic for Southeast European Times in Belgrade -- 10/03/14"
TITLE = "NATO and Serbia strive to strengthen co-operation in Kosovo"
FIRST = "In order to contribute to the stabilisation of the relationship, officials work together."


def test_no_lede_and_a_menu_line_above_the_headline():
    article = parse_setimes_text(f"Diplomacy Today\n\n{TITLE}\n\n{BYLINE}\n\n{FIRST}\n")
    assert (article.title, article.lede, article.body) == (TITLE, "", [FIRST])


def test_lede_without_its_full_stop():
    lede = (
        "In hopes of smoothing the relations between Pristina and Belgrade KFOR and Serbian "
        "Army officials are discussing co-operation"
    )
    article = parse_setimes_text(f"{TITLE}\n\n{lede}\n\n{BYLINE}\n\n{FIRST}\n")
    assert (article.title, article.lede, article.body) == (TITLE, lede, [FIRST])


def test_short_last_sentence_is_kept():
    article = parse_setimes_text(
        f"{TITLE}\n\n{BYLINE}\n\n{FIRST}\n\nHe declined to comment.\n\nHome"
    )
    assert article.body == [FIRST, "He declined to comment."]
