"""Pages built as CMSs build them (``tests/ingest/layouts.py``): the body, title, author and
date our parser finds, one test per defect the held-out layout suite exposed."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from archive_search.ingest import news_html
from archive_search.ingest.html_metadata import parse_html
from archive_search.ingest.news_html import parse_news_html
from tests.ingest.layouts import VOCABULARIES, Page, Story, build
from tests.ingest.test_news_html import GRID_BODY

STORY = Story(
    title="Serbia and Kosovo agree on power grid deal",
    lede="Negotiators in Brussels settled the last technical dispute of the year.",
    paragraphs=GRID_BODY,
    author="Jelena Marković",
    published=dt.date(2014, 3, 10),
)
SHORT = Story(
    title="Skopje steps up its bid for NATO membership",
    lede="The government believes army reforms improve its chances of an invitation.",
    paragraphs=[
        "The defence ministry said the key army reforms would be finished by the end of the year.",
        "According to the minister, Macedonian soldiers will keep serving in peacekeeping missions.",
        '"We have met all the criteria," the minister said, adding that the name dispute remained.',
        "Analysts remain sceptical that Greece will lift its veto before the dispute is settled.",
    ],
    author="Marija Jovanova",
    published=dt.date(2013, 3, 20),
)
OTHERS = [
    Story(
        title=f"Other story number {n} about the region's economy",
        lede=(
            f"Ministers of {n} countries met in Sarajevo on Tuesday to discuss trade, transport "
            "links and the energy market, and agreed to meet again in the spring to sign a deal."
        ),
        paragraphs=[f"Paragraph of other story {n}, which a teaser box may quote at length."],
    )
    for n in range(2, 7)
]


def parsed(template: str, story: Story = STORY, language: str = "en") -> tuple[Page, object]:
    page = build(template, story, VOCABULARIES[language], OTHERS)
    return page, parse_news_html(page.html, url=page.url)


def test_every_template_builds_a_page_that_parses() -> None:
    from tests.ingest.layouts import TEMPLATES

    for template in TEMPLATES:
        page, article = parsed(template)
        assert page.body and all(html.escape(p) in page.html for p in page.body)
        assert article.title == STORY.title, template  # type: ignore[attr-defined]


def test_live_blog_entry_is_traced_to_itself_not_to_its_key_events_link() -> None:
    # the "key events" box links to entries with their first words; the entry whose first
    # words also start such a link was traced to the link and dropped as a teaser
    page, article = parsed("live-blog")
    assert article.body == page.body  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "mk"])
def test_related_posts_inside_the_entry_content_are_not_body(language: str) -> None:
    # Jetpack prints its "related posts" cards (linked headline + excerpt) inside
    # entry-content; next to a short article their excerpts are a third of the text
    page, article = parsed("wordpress", SHORT, language)
    assert article.body == page.body  # type: ignore[attr-defined]
    assert article.published == SHORT.published  # type: ignore[attr-defined]


def test_a_linked_h1_is_the_articles_own_headline_not_a_teaser_card() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in GRID_BODY)
    page = (
        '<html><body><main><article><div class="entry-content"><header>'
        '<h1><a href="/grid">Serbia and Kosovo agree on power grid deal</a></h1>'
        "<p>A winter of unreliable supply ends.</p></header>"
        f"{paragraphs}</div></article></main></body></html>"
    )
    extracted = ["A winter of unreliable supply ends.", *GRID_BODY]
    assert news_html._refine(parse_html(page), extracted)[0] == extracted


@pytest.mark.parametrize("story", [STORY, SHORT], ids=["long", "short"])
@pytest.mark.parametrize("language", ["en", "bg"])
def test_table_layout_article_comes_out_in_paragraphs_without_its_furniture(
    story: Story, language: str
) -> None:
    # trafilatura read the layout tables as data: one "| headline date author text |" line;
    # the print and e-mail links under the text were a row of links in the article's cell
    page, article = parsed("table-2000s", story, language)
    assert article.body == page.body  # type: ignore[attr-defined]
    assert article.title == story.title  # type: ignore[attr-defined]


def test_data_tables_inside_an_article_stay_tables() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>Team {n}</td><td>{50 - n}</td></tr>" for n in range(1, 6))
    paragraphs = "".join(f"<p>{p}</p>" for p in GRID_BODY)
    page = (
        "<html><head><title>Standings after the spring round</title></head><body><article>"
        f"<h1>Standings after the spring round</h1>{paragraphs}"
        f"<table><tr><th>Pos</th><th>Team</th><th>Points</th></tr>{rows}</table>"
        "</article></body></html>"
    )
    tree = parse_html(page)
    assert news_html._without_layout_tables(tree) is tree
    body = parse_news_html(page).body
    assert body[: len(GRID_BODY)] == GRID_BODY
    assert any("Team 3" in line and "47" in line for line in body)


@pytest.mark.parametrize("template", ["medium", "blogger"])
def test_byline_and_date_lines_around_the_text_are_not_body(template: str) -> None:
    # Medium prints author and date as lines above the text (date after the name, so the
    # date was not at the body's edge); Blogger's post footer "By NAME 3 comments"
    page, article = parsed(template)
    assert article.body == page.body  # type: ignore[attr-defined]
    assert article.published == STORY.published  # type: ignore[attr-defined]


def test_a_name_alone_above_the_text_is_the_byline() -> None:
    body, date, author = news_html._drop_edge_furniture(
        ["10.03.2014.", "Jelena Marković", *GRID_BODY], ""
    )
    assert (body, date, author) == (GRID_BODY, dt.date(2014, 3, 10), "Jelena Marković")
    # with an author known, only that author's byline goes; a closing byline is text
    body, _, author = news_html._drop_edge_furniture(
        ["By Jelena Marković", *GRID_BODY, "Reporting by Jelena Marković"], "Jelena Marković"
    )
    assert body == [*GRID_BODY, "Reporting by Jelena Marković"] and author == ""
    assert news_html._drop_edge_furniture(["Kosovo Power Grid", *GRID_BODY], "A B")[0][0] == (
        "Kosovo Power Grid"
    )


def test_a_row_of_links_is_not_text() -> None:
    tree = parse_html(
        '<html><body><div><p>Text.</p><div><a href="/p">Печати</a> | <a href="/e">Испрати по '
        'е-пошта</a></div><p><a href="/x">Link</a> and some words about it.</p></div></body></html>'
    )
    row = tree.xpath("//div/div/a")
    assert news_html._link_row("Печати | Испрати по е-пошта", row)
    prose = tree.xpath("//p/a")
    assert not news_html._link_row("Link and some words about it.", prose)


@pytest.mark.parametrize("language", ["tr", "el", "bg"])
def test_the_label_of_an_empty_ad_slot_is_not_text(language: str) -> None:
    # "Reklam", "Διαφήμιση", "Реклама" between two chunks of the text: no word list
    # names them all, but the label sits alone beside the slot the ad script fills
    page, article = parsed("split-by-ads", STORY, language)
    assert article.body == page.body  # type: ignore[attr-defined]


def test_a_poll_figure_beside_its_bar_is_not_a_slot_label() -> None:
    tree = parse_html(
        '<html><body><div class="poll"><div class="info">61 votes<div class="bar"></div>'
        '</div></div><div class="ad"><small>Reklam</small><div id="gpt-1"></div></div>'
        "</body></html>"
    )
    assert not news_html._slot_label("61 votes", tree.xpath("//div[@class='info']"))
    assert news_html._slot_label("Reklam", tree.xpath("//small"))


@pytest.mark.parametrize("template", ["wordpress", "drupal", "blogger", "split-by-ads"])
def test_author_from_byline_markup_when_the_page_has_no_author_metadata(template: str) -> None:
    # the hCard of WordPress and Blogger themes, Drupal's RDFa person, a byline class
    _, article = parsed(template, STORY, "sr")
    assert article.author == STORY.author  # type: ignore[attr-defined]


def test_a_commenters_hcard_is_not_the_author() -> None:
    anonymous = Story(title=STORY.title, paragraphs=STORY.paragraphs, published=STORY.published)
    page, article = parsed("wordpress", anonymous)
    assert 'class="comment-author vcard"' in page.html
    assert article.author == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "el"])
def test_table_layout_without_metadata_is_dated_and_signed_by_the_lines_above_its_text(
    language: str,
) -> None:
    # the date and the author's name stand on lines of their own under the headline,
    # outside the element that holds the text
    _, article = parsed("table-2000s", STORY, language)
    assert article.published == STORY.published  # type: ignore[attr-defined]
    assert article.author == STORY.author  # type: ignore[attr-defined]


def test_head_facts_stop_at_the_first_line_that_is_neither_date_nor_name() -> None:
    head = ["Home News Sport", "Jelena Marković", "Grid deal agreed", "10.03.2014."]
    assert news_html._head_facts(head, "") == (dt.date(2014, 3, 10), "")
    assert news_html._head_facts(["Title here", "10.03.2014.", "Ana Petrova"], "") == (
        dt.date(2014, 3, 10),
        "Ana Petrova",
    )
    assert news_html._head_facts(["Ana Petrova"], "Known Author") == (None, "")


@pytest.mark.parametrize("language", ["bg", "el", "tr"])
def test_the_hcard_name_wins_over_the_label_around_it(language: str) -> None:
    # Blogger: <span class="post-author vcard">Автор <span class="fn">NAME</span></span>
    _, article = parsed("blogger", STORY, language)
    assert article.author == STORY.author  # type: ignore[attr-defined]


def test_eval_layouts_builds_every_language_and_needs_the_corpora(tmp_path: object) -> None:
    from tests.loader import load_script

    script = load_script("eval_layouts")
    stories = script.fixture_stories()
    assert {"mk", "bg", "sq", "ro", "tr", "el"} <= set(stories)
    serbian = Story(title="Srbija i Kosovo", paragraphs=["Vlada je usvojila plan."])
    assert script.cyrillic(serbian).paragraphs == ["Влада је усвојила план."]
    assert script.main(["--shared", str(tmp_path)]) == 2
