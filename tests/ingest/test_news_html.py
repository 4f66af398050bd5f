"""Any outlet's news page -> Article, and the pages that must not become one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_search.article import Article, Caption
from archive_search.errors import Skip, SkipSource
from archive_search.ingest import news_html
from archive_search.ingest.html_metadata import parse_html
from archive_search.ingest.news_html import extract_captions, parse_news_html
from tests.paths import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "news"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def skip_reason(html: object, **kwargs: str) -> str:
    with pytest.raises(SkipSource) as caught:
        parse_news_html(html, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


GRID_BODY = [
    "BRUSSELS, Belgium — Serbia and Kosovo reached an agreement on Monday on how to run the "
    "electricity grid in the north of Kosovo, ending a dispute that had left several "
    "municipalities with unreliable supply for most of the winter.",
    "The deal, brokered by European Union mediators after two days of talks, sets up a joint "
    "operator that will bill customers and maintain the lines, according to a statement "
    "released by both delegations late in the evening.",
    '"This is a practical step that makes life easier for ordinary people on both sides," one '
    "of the negotiators told reporters outside the meeting room, adding that technical teams "
    "would meet again within a month.",
    "Analysts in Belgrade and Pristina said the agreement was modest but showed that the two "
    "governments could still settle concrete questions while the larger political issues "
    "remain open for the foreseeable future.",
    "The operator is expected to start work in the summer, once both parliaments have approved "
    "the necessary changes to energy legislation and the regulator has issued the licences it "
    "needs to trade power.",
]
GRID_URL = "https://balkanledger.example/news/2014/03/10/power-grid-deal"


# -- article pages ---------------------------------------------------------
def test_json_ld_page_every_field() -> None:
    article = parse_news_html(
        fixture("jsonld_article.html"), source="pages/grid.html", url="https://x.example/p"
    )
    assert article.to_dict() == {
        "id": Article(title="-", url="https://x.example/news/2014/03/10/power-grid-deal").id,
        "title": "Serbia and Kosovo agree on power grid deal",
        # the standfirst is not the first paragraph, so it is kept as the lede
        "lede": "Negotiators in Brussels settled the last technical dispute of the year, officials said.",
        # no headline, standfirst, "READ MORE" promo, related links or footer
        "body": GRID_BODY,
        # the teaser picture in the related-stories box is not this article's
        "captions": [{"text": "A transmission line near Niš.", "credit": "Dragan Petrović"}],
        "author": "Jelena Marković, Arben Hoxha",
        "place": "Brussels",
        "place_local": "BRUSSELS",
        "published": "2014-03-10",
        "language": "en",
        "section": "Politics",
        "outlet": "Balkan Ledger",
        "url": "https://x.example/news/2014/03/10/power-grid-deal",  # relative canonical resolved
        "source": "pages/grid.html",
    }


def test_opengraph_only_page_every_field() -> None:
    article = parse_news_html(fixture("opengraph_article.html"))
    assert article.to_dict() == {
        "id": Article(
            title="-", url="https://www.donaukurier.example/lokal/neue-bruecke-eroeffnet"
        ).id,
        "title": "Neue Brücke über die Donau eröffnet",
        "lede": "Nach vier Jahren Bauzeit rollt der Verkehr: Pendler sparen täglich bis zu zwanzig Minuten.",
        "body": [
            "Nach vier Jahren Bauzeit ist die neue Brücke über die Donau am Montagvormittag für "
            "den Verkehr freigegeben worden. Hunderte Schaulustige verfolgten die Eröffnung bei "
            "strahlendem Sonnenschein vom Ufer aus.",
            "Die Landesregierung rechnet damit, dass täglich rund zwanzigtausend Fahrzeuge die "
            "neue Verbindung nutzen werden. Für Pendler aus den nördlichen Gemeinden verkürzt "
            "sich der Weg in die Stadt um bis zu zwanzig Minuten.",
            "Die Baukosten lagen nach Angaben der Projektgesellschaft knapp unter dem "
            "ursprünglich veranschlagten Rahmen. Verzögerungen gab es vor allem wegen des "
            "Hochwassers im zweiten Baujahr, das die Arbeiten an den Pfeilern für mehrere Wochen "
            "unterbrach.",
            "Anrainer hatten lange gegen den Lärm protestiert. Auf ihren Druck hin wurden "
            "zusätzliche Schallschutzwände errichtet und die Zufahrt für Lastwagen in der Nacht "
            "beschränkt.",
        ],
        "captions": [],
        "author": "Anna Huber",
        "place": "",
        "place_local": "",
        "published": "2015-06-01",
        "language": "de",
        "section": "Lokales",
        "outlet": "Donau Kurier",
        "url": "https://www.donaukurier.example/lokal/neue-bruecke-eroeffnet",
        "source": "",
    }


def test_page_without_structured_data_uses_time_h1_and_host() -> None:
    url = "https://www.dnevnik-primer.bg/kultura/muzei"
    article = parse_news_html(fixture("time_article.html"), source="bg.html", url=url)
    assert article.to_dict() == {
        "id": Article(title="-", url=url).id,
        "title": "Пловдив получава нов музей на съвременното изкуство",
        "lede": "",
        "body": [
            "ПЛОВДИВ – Общинският съвет одобри в понеделник проекта за нов музей на съвременното "
            "изкуство, който ще бъде разположен в сградата на бившия тютюнев склад в центъра на "
            "града.",
            "Според кмета ремонтът ще започне през пролетта и ще продължи около две години. "
            "Средствата са осигурени от европейски програми и от общинския бюджет, а част от "
            "експозицията ще бъде предоставена от частни колекционери.",
            "Местни художници приветстваха решението и заявиха, че градът отдавна има нужда от "
            "пространство за млади автори. Организаторите планират и образователни програми за "
            "ученици от цялата област.",
        ],
        "captions": [],
        "author": "Иван Петров",
        "place": "Plovdiv",
        "place_local": "ПЛОВДИВ",
        "published": "2012-11-05",
        "language": "bg",
        "section": "",
        "outlet": "dnevnik-primer.bg",
        "url": url,
        "source": "bg.html",
    }


def test_figcaptions_become_captions_with_credits() -> None:
    article = parse_news_html(fixture("figcaptions.html"))
    assert article.captions == [
        Caption("Volunteers fill sandbags in Slavonski Brod on Sunday.", "AFP"),
        Caption("The flooded main street of Obrenovac.", "Reuters"),
        Caption("A family waits for evacuation near Šamac.", "Ana Kovač"),
    ]  # repeated caption once; the sidebar's caption not at all
    assert [p[:30] for p in article.body] == [
        "Heavy rain over the weekend pu",
        "Rescue teams used boats to rea",
        "Meteorologists expect the rain",
        "Authorities in all three count",
    ]
    assert (article.title, article.outlet, article.language) == (
        "Floods hit the Sava valley",
        "River Post",
        "en",
    )
    assert (article.lede, article.author, article.published, article.url) == ("", "", None, "")
    assert (article.place, article.section, article.source) == ("", "", "")
    assert (
        article.id
        == Article(title="Floods hit the Sava valley", body=article.body, language="en").id
    )


def test_truncated_html_keeps_what_arrived() -> None:
    article = parse_news_html(fixture("truncated_article.html"), source="cut.html")
    assert article.to_dict() == {
        "id": Article(title="-", url=GRID_URL).id,
        "title": "Serbia and Kosovo agree on power grid deal",
        "lede": "Negotiators in Brussels settled the last technical dispute of the year, officials said.",
        "body": GRID_BODY[:3],  # the file ends inside the promo after the third paragraph
        "captions": [{"text": "A transmission line near Niš.", "credit": "Dragan Petrović"}],
        "author": "Jelena Marković, Arben Hoxha",
        "place": "Brussels",
        "place_local": "BRUSSELS",
        "published": "2014-03-10",
        "language": "en",
        "section": "Politics",
        "outlet": "Balkan Ledger",
        "url": GRID_URL,  # mainEntityOfPage: the relative canonical has no base to resolve against
        "source": "cut.html",
    }


def test_undeclared_language_is_left_to_the_parse_stage() -> None:
    html = fixture("figcaptions.html").replace('<html lang="en">', "<html>")
    assert parse_news_html(html).language == ""


# -- pages that are not articles --------------------------------------------
@pytest.mark.parametrize("name", ["list_page.html", "archive_page.html"])
def test_list_pages_are_skipped(name: str) -> None:
    # a section front of headlines and blurbs; a blog archive of long excerpts
    assert skip_reason(fixture(name)) == Skip.NOT_ARTICLE.format(detail="list of articles")


def test_article_with_a_box_of_other_headlines_is_still_an_article() -> None:
    more = "".join(f'<h3><a href="/n/{i}">Друга новина номер {i}</a></h3>' for i in range(12))
    html = fixture("time_article.html").replace(
        '<div class="footer">', f'<div class="more">{more}</div><div class="footer">'
    )
    article = parse_news_html(html)
    assert len(article.body) == 3
    assert article.title == "Пловдив получава нов музей на съвременното изкуство"


def test_error_page_is_skipped() -> None:
    reason = skip_reason(fixture("error_page.html"))
    assert reason == Skip.NOT_ARTICLE.format(detail="error page")


def test_error_page_recognised_by_its_text_alone() -> None:
    html = (
        fixture("error_page.html")
        .replace("Page not found | ", "")
        .replace("404 – Page not found", "Balkan Ledger")
        .replace("page you are looking for", "article you requested")
    )
    assert "404" not in html and "not found" not in html
    assert skip_reason(html) == Skip.NOT_ARTICLE.format(detail="error page")


def test_declared_collection_page_is_skipped() -> None:
    html = fixture("opengraph_article.html").replace(
        "<head>",
        '<head><script type="application/ld+json">{"@type": "CollectionPage"}</script>',
    )
    html = html.replace('<meta property="og:type" content="article">', "")
    assert skip_reason(html) == Skip.NOT_ARTICLE.format(detail="list of articles")


@pytest.mark.parametrize("html", ["", "   \n\t", None, b"<html></html>"])
def test_empty_input_is_skipped(html: object) -> None:
    assert skip_reason(html) == Skip.EMPTY


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body><p>Hello world.</p></body></html>",
        "just a few words of plain text",
        "\x00\x01\x02\x03 binary \xff\xfe junk",
        "<<<>>>&&&;;;<!-- -->",
    ],
)
def test_pages_without_text_are_skipped(html: str) -> None:
    assert skip_reason(html) == Skip.NO_BODY


def test_failures_inside_the_stack_become_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("extractor exploded\nsecond line")

    monkeypatch.setattr(trafilatura, "extract", boom)
    reason = skip_reason(fixture("jsonld_article.html"))
    assert reason == Skip.PARSE_FAILED.format(detail="RuntimeError: extractor exploded second line")


_HTMLISH = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<div class='a'>", "</div>", "<figure><figcaption>", "<a href='/x'>",
         "</a>", "<script>", "<h1>", "<title>", "<time datetime='2014-01-01'>", "&amp;", "<!--",
         '<script type="application/ld+json">{"@type": "NewsArticle", "author": [',
         "Belgrade (Reuters) - word ", "READ MORE: ", "word " * 30, "\x00", "ж", "<br>"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_HTMLISH, st.text(max_size=300)))
def test_any_input_gives_an_article_or_a_skip(html: str) -> None:
    try:
        article = parse_news_html(html)
    except SkipSource as skip:
        assert skip.reason
    else:
        assert article.title and article.body


# -- the refinement of the extracted text -----------------------------------
def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n)) + "."


SPLIT_PAGE = f"""<html><body>
<header><p class="standfirst">{words(14, "stand")}</p></header>
<div class="article">
  <div class="chunk"><p>{words(40, "one")}</p><p>{words(40, "two")}</p></div>
  <div class="ad">Advertisement</div>
  <div class="chunk"><p>{words(30, "three")}</p><p>{words(30, "four")}</p></div>
</div>
<div class="newsletter"><h3>Get our newsletter</h3><p>{words(10, "signup")}</p></div>
</body></html>"""


def test_refine_keeps_the_article_container_and_recovers_its_other_chunks() -> None:
    tree = parse_html(SPLIT_PAGE)
    extracted = [  # what trafilatura gave: the header, the first chunk, the newsletter box
        words(14, "stand"),
        words(40, "one"),
        words(40, "two"),
        "Get our newsletter",
        words(10, "signup"),
    ]
    assert news_html._refine(tree, extracted)[0] == [
        words(40, "one"),
        words(40, "two"),
        words(30, "three"),
        words(30, "four"),
    ]


def test_refine_recovers_only_nearby_chunks_in_a_meaningful_style() -> None:
    far = (
        '<html><body><div id="a"><div id="b"><div id="c"><div id="d"><div class="chunk">'
        f"<p>{words(40, 'one')}</p><p>{words(40, 'two')}</p></div></div></div></div></div>"
        f'<div class="chunk"><p>{words(20, "far")}</p><p>{words(20, "away")}</p></div>'
        "</body></html>"
    )
    layout = (
        '<html><body><div class="row"><div class="col-md-8">'
        f"<p>{words(40, 'one')}</p><p>{words(40, 'two')}</p></div></div>"
        '<div class="row"><div class="col-md-8">'
        f"<p>{words(20, 'footer')}</p><p>{words(20, 'imprint')}</p></div></div></body></html>"
    )
    extracted = [words(40, "one"), words(40, "two")]
    assert news_html._refine(parse_html(far), extracted)[0] == extracted
    assert news_html._refine(parse_html(layout), extracted)[0] == extracted


def test_refine_keeps_long_paragraphs_outside_the_container() -> None:
    page = SPLIT_PAGE.replace(words(14, "stand"), words(70, "stand"))
    extracted = [words(70, "stand"), words(40, "one"), words(40, "two")]
    refined, _ = news_html._refine(parse_html(page), extracted)
    assert refined[:3] == extracted


PROMO_PAGE = f"""<html><body><div class="story">
<p>{words(40, "one")}</p>
<p>DON'T MISS</p>
<p><a href="/1">Other story about something else</a></p>
<p><a href="/2">Yet another story headline here</a></p>
<p>{words(40, "two")}</p>
<p><a href="/app">CLICK ON THIS TO GET THE NEWS APP</a></p>
<p>Related: <a href="/3">A story from last year about it</a></p>
<p><a href="/4">{words(6, "inline")}</a> is a linked phrase in a sentence.</p>
<p>{words(40, "three")}</p>
</div></body></html>"""


def test_refine_drops_in_text_promotions() -> None:
    extracted = [
        words(40, "one"),
        "DON'T MISS",
        "Other story about something else",
        "Yet another story headline here",
        words(40, "two"),
        "CLICK ON THIS TO GET THE NEWS APP",
        "Related: A story from last year about it",
        words(6, "inline") + " is a linked phrase in a sentence.",
        words(40, "three"),
    ]
    assert news_html._refine(parse_html(PROMO_PAGE), extracted)[0] == [
        words(40, "one"),
        words(40, "two"),
        words(6, "inline") + " is a linked phrase in a sentence.",
        words(40, "three"),
    ]


def test_refine_leaves_untraceable_text_alone() -> None:
    tree = parse_html("<html><body><p>Completely different text.</p></body></html>")
    assert news_html._refine(tree, ["Text that is not on the page at all"]) == (
        ["Text that is not on the page at all"],
        None,
    )


# -- smaller pieces ----------------------------------------------------------
@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Descriptions that repeat the first paragraph are no lede at all.", ""),
        ("Descriptions that repeat the first paragraph are...", ""),  # cut short
        ("Descriptions that repeat the very first paragraph are no lede.", ""),  # lightly edited
        (
            "A separate standfirst says something else entirely.",
            "A separate standfirst says something else entirely.",
        ),
        ("The Title", ""),
        ("Too short", ""),
    ],
)
def test_lede_is_kept_only_when_it_adds_something(description: str, expected: str) -> None:
    body = ["Descriptions that repeat the first paragraph are no lede at all.", "More."]
    assert news_html._lede(description, body, "The Title") == expected


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("SARAJEVO, Bosnia and Herzegovina -- Officials said", ("Sarajevo", "SARAJEVO")),
        ("WASHINGTON (Reuters) - The", ("Washington", "WASHINGTON")),
        ("NEW DELHI: The government", ("New Delhi", "NEW DELHI")),
        ("АТИНА — Гърция", ("Athens", "АТИНА")),
        ("BREAKING: Parliament", ("", "")),
        ("(Reuters) — The", ("", "")),
        ("CHINA has sent troops", ("", "")),
        ("Pristina — lower case places are not datelines", ("", "")),
    ],
)
def test_dateline_place(first: str, expected: tuple[str, str]) -> None:
    assert news_html._dateline(first) == expected


def test_captions_need_text_and_skip_site_furniture() -> None:
    tree = parse_html(
        "<html><body><header><figure><figcaption>Site logo</figcaption></figure></header>"
        "<article><header><figure><figcaption>Lead picture</figcaption></figure></header>"
        "<figure><figcaption><span class='credit'>Photo: X</span></figcaption></figure>"
        "<figure><figcaption>Mayor speaks <cite>Getty Images</cite></figcaption></figure>"
        "<figure><figcaption>Bridge at dusk © Ana Lazić</figcaption></figure>"
        "<figure><figcaption>   </figcaption></figure></article>"
        "<nav><figure><figcaption>Menu picture</figcaption></figure></nav>"
        "<div class='Related-Box'><figure><figcaption>Other story</figcaption></figure></div>"
        "</body></html>"
    )
    assert extract_captions(tree) == [
        Caption("Lead picture", ""),  # the article's own header is not site furniture
        Caption("Photo: X", ""),  # markup around the whole caption is not a credit
        Caption("Mayor speaks", "Getty Images"),
        Caption("Bridge at dusk", "Ana Lazić"),
    ]


def test_standfirst_marked_by_class_is_the_lede_without_a_description() -> None:
    dek = "Градът ще има ново място за изкуство, което ще отвори врати след две години ремонт."
    html = fixture("time_article.html").replace("</h1>", f'</h1><p class="Dek">{dek}</p>')
    article = parse_news_html(html)
    assert article.lede == dek
    assert len(article.body) == 3 and dek not in article.body


# -- headline and date lines on pages without structured data ----------------
def _bare_page(title: str, headings: str, paragraphs: list[str]) -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/world">World</a> '
        '<a href="/sport">Sport</a></div>'
        f'<div id="content">{headings}{ps}</div>'
        '<div class="sidebar">Advertise | Subscribe | Log in</div></body></html>'
    )


HEADLINE = "Serbia and Kosovo agree on running the northern power grid"


@pytest.mark.parametrize(
    ("title", "headings", "expected"),
    [
        # a section label in <title>, the story's headline in the one <h1>
        ("Belgrade", f"<h1>{HEADLINE}</h1>", HEADLINE),
        ("World news", f"<h1>{HEADLINE}</h1>", HEADLINE),
        ("Kosovo grid", f"<h1>{HEADLINE}</h1>", HEADLINE),
        # two <h1>: which is the headline is not clear, the <title> stays
        ("Belgrade", f"<h1>{HEADLINE}</h1><h1>Other regional news today</h1>", "Belgrade"),
        # an <h1> that only links home is the logo, not a headline
        ("Belgrade", '<h1><a href="/">The Balkan Daily News Online</a></h1>', "Belgrade"),
        # a long <title> is a headline of its own; an <h1> that is a sentence is not one
        ("Power deal reached after two days of talks", f"<h1>{HEADLINE}</h1>", None),
        ("Belgrade", "<h1>We report on the Balkans every day.</h1>", "Belgrade"),
    ],
)
def test_a_short_title_labelling_the_page_gives_way_to_its_one_h1(
    title: str, headings: str, expected: str | None
) -> None:
    article = parse_news_html(_bare_page(title, headings, GRID_BODY), url=GRID_URL)
    assert article.title == (expected or title)
    assert (HEADLINE in article.body) == (article.title != HEADLINE and HEADLINE in headings)


@pytest.mark.parametrize(
    "date_line",
    ["15.03.2015", "March 10, 2014", "Ponedeljak, 10. mart 2014. 10:32", "10 март 2014"],
)
def test_bare_date_lines_at_the_edges_of_the_body_are_dropped(date_line: str) -> None:
    page = _bare_page("Belgrade", f"<h1>{HEADLINE}</h1>", [date_line, *GRID_BODY, date_line])
    assert parse_news_html(page, url=GRID_URL).body == GRID_BODY


def test_lines_that_only_mention_a_date_stay_in_the_body() -> None:
    kept = ["Published: in 2014, twice", "3 killed in 2015 blast", *GRID_BODY]
    page = _bare_page("Belgrade", f"<h1>{HEADLINE}</h1>", kept)
    assert parse_news_html(page, url=GRID_URL).body[:2] == kept[:2]
    middle = [*GRID_BODY[:2], "10.03.2014", *GRID_BODY[2:]]
    page = _bare_page("Belgrade", f"<h1>{HEADLINE}</h1>", middle)
    assert "10.03.2014" in parse_news_html(page, url=GRID_URL).body


def test_a_dropped_date_line_dates_a_page_that_has_no_other_date() -> None:
    page = _bare_page("Belgrade", f"<h1>{HEADLINE}</h1>", ["Ponedeljak, 10. mart 2014", *GRID_BODY])
    article = parse_news_html(page, url="https://balkanledger.example/news/power-grid-deal")
    assert article.published is not None and article.published.isoformat() == "2014-03-10"
    assert article.body == GRID_BODY
