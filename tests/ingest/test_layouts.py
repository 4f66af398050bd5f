"""Pages built as CMSs build them (``tests/ingest/layouts.py``): the body, title, author and
date our parser finds, one test per defect the held-out layout suite exposed."""

from __future__ import annotations

import datetime as dt
import html

import pytest

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
        lede=f"Ministers of {n} countries met in Sarajevo to discuss trade and transport links.",
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
