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
