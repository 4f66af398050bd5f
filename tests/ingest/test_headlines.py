"""True headlines on pages whose <title> names only the site.

Older table-based SETimes layouts put the site's name (and tagline) in <title> and the
headline in bold or large text above the byline, with no <h1>. The headline is found by
its markup and its place, whatever the layout and edition: these pages are built from
several layouts, titles and languages, none of them a fixture the parser was written on.
"""

from __future__ import annotations

import re

import pytest

from archive_search.ingest.headline import emphasis
from archive_search.ingest.html_metadata import parse_html
from archive_search.ingest.news_html import parse_news_html
from archive_search.ingest.setimes_html import parse_setimes_html

SITE_TITLES = [
    "SETimes.com",
    "Southeast European Times",
    "SETimes.com - Southeast European Times",
    "Southeast European Times | News and analysis from Southeast Europe",
    "SETimes.com :: Features",
]

EDITIONS = {
    "en": (
        "Serbia and Kosovo agree on energy",
        "The deal ends a long dispute over the grid in northern Kosovo, officials said.",
        "By Ivana Jovanovic for Southeast European Times in Belgrade -- 10/03/14",
        "News and analysis from Southeast Europe",
    ),
    "sr": (
        "Srbija i Kosovo postigli dogovor o energetici",
        "Dogovor okončava dug spor oko mreže na severu Kosova, rekli su zvaničnici.",
        "Ivana Jovanović za Southeast European Times iz Beograda -- 10/03/14",
        "Vesti i analize iz Jugoistočne Evrope",
    ),
    "tr": (
        "Türkiye yeni anayasa üzerinde uzlaşabilir mi?",
        "Meclis komisyonu ilk maddeleri kabul etti, ancak muhalefet itiraz ediyor.",
        "Southeast European Times için Ankara'dan Mehmet Demir'in haberi -- 10/03/14",
        "Güneydoğu Avrupa'dan haberler ve analizler",
    ),
}

# headline markup of table layouts: (markup around the headline, the lede row, the byline row)
LAYOUTS = {
    "bold cell": ("<tr><td><b>{h}</b></td></tr>", "<tr><td>{lede}</td></tr>", "<tr><td>{by}</td></tr>"),
    "font size": ('<tr><td><font size="4" face="Arial">{h}</font><br><br>', "{lede}<br>", "{by}</td></tr>"),
    "big, kicker": (
        "<tr><td><b>Features</b></td></tr><tr><td><big><b>{h}</b></big></td></tr>",
        "<tr><td><b>{lede}</b></td></tr>",
        "<tr><td><i>{by}</i></td></tr>",
    ),
    "styled span": (
        '<tr><td><span style="font-size: 18px; font-weight: bold">{h}</span></td></tr>',
        "<tr><td>{short}</td></tr>",
        '<tr><td class="by">{by}</td></tr>',
    ),
    "no lede": ('<tr><td><strong>{h}</strong></td></tr>', "", "<tr><td>{by}</td></tr>"),
}  # fmt: skip


def _page(title: str, edition: str, layout: str) -> str:
    headline, lede, byline, tagline = EDITIONS[edition]
    head, lede_row, byline_row = LAYOUTS[layout]
    short = " ".join(lede.split()[:6]).rstrip(",.")  # a subtitle without a full stop
    rows = (head + lede_row + byline_row).format(h=headline, lede=lede, by=byline, short=short)
    body = "".join(
        f"<p>{lede.split(',')[0]} ({n}): the story goes on in a sentence long enough to be one.</p>"
        for n in range(5)
    )
    return f"""<html><head><title>{title}</title></head><body>
<table width="100%"><tr><td><img src="/logo.gif" alt="SETimes logo"></td><td>{tagline}</td></tr></table>
<table><tr><td><a href="/home">Home</a> | <a href="/features">Features</a> | <a href="/arh">Arhiva</a></td></tr></table>
<table width="600">{rows}</table>
<table width="600"><tr><td>{body}</td></tr></table>
<table><tr><td>Copyright 2006 Southeast European Times</td></tr></table>
</body></html>"""


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("edition", sorted(EDITIONS))
@pytest.mark.parametrize("title", SITE_TITLES)
def test_the_headline_is_the_title_when_title_names_only_the_site(
    title: str, edition: str, layout: str
) -> None:
    headline, _, _, _ = EDITIONS[edition]
    article = parse_setimes_html(_page(title, edition, layout))
    assert article.title == headline
    assert article.author
    assert len(article.body) == 5


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_a_full_title_still_wins(edition: str) -> None:
    headline = EDITIONS[edition][0]
    page = _page(f"SETimes.com :: {headline}", edition, "bold cell")
    assert parse_setimes_html(page).title == headline
    # and a page whose headline is a plain line (no markup) keeps being read by its place
    plain = _page("SETimes.com", edition, "bold cell").replace(f"<b>{headline}</b>", headline)
    assert parse_setimes_html(plain).title == headline


def test_the_lede_and_byline_one_line_break_apart_are_told_apart() -> None:
    headline, lede, byline, _ = EDITIONS["en"]
    article = parse_setimes_html(_page("SETimes.com", "en", "font size"))
    assert (article.title, article.lede, article.author) == (headline, lede, "Ivana Jovanovic")
    assert byline not in " ".join(article.body)


@pytest.mark.parametrize(
    ("markup", "level"),
    [
        ("<b>x</b>", 1), ("<strong>x</strong>", 1), ("<big>x</big>", 2),
        ('<font size="+2">x</font>', 2), ('<font size="5">x</font>', 2), ('<font size="2">x</font>', 0),
        ('<span style="font-weight:700">x</span>', 1), ('<span style="font-size:12pt">x</span>', 2),
        ('<span style="font: bold 18px Arial">x</span>', 2), ('<span style="font-size:11px">x</span>', 0),
        ('<div style="font-size: 1.5em">x</div>', 2), ("<i>x</i>", 0),
    ],
)  # fmt: skip
def test_emphasis_levels(markup: str, level: int) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    element = tree.find(".//body")[0]
    assert emphasis(element, element.tag) == level


# -- other outlets' pages -----------------------------------------------------------------
NEWS_HEADLINE = "Flood waters recede in the Sava valley"
NEWS_BODY = "".join(
    f"<p>Residents returned home on day {n} as the river fell, and officials counted the "
    "damage to roads and farms across the valley.</p>"
    for n in range(6)
)


def _news_page(title: str, head: str, site: str = "Balkan Daily News") -> str:
    parts = re.split(r" - | :: ", title)
    tagline = parts[-1] if len(parts) > 1 else "Independent news"  # in the masthead
    return f"""<html><head><title>{title}</title></head><body>
<table><tr><td><img src="/logo.gif" alt="{site} logo"></td><td>{tagline}</td></tr></table>
<div><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a></div>
{head}
<div class="text">{NEWS_BODY}</div>
<div>Copyright 2005 {site}. All rights reserved.</div></body></html>"""


NEWS_LAYOUTS = {
    "font and bold": f'<table><tr><td><font size="5"><b>{NEWS_HEADLINE}</b></font></td></tr>'
    "<tr><td>By Ana Lis, May 5, 2005</td></tr></table>",
    "bold cell": f"<table><tr><td><b>{NEWS_HEADLINE}</b></td></tr></table>",
    "h2": f"<h2>{NEWS_HEADLINE}</h2>",
    "styled span": f'<div><span style="font-size:20px">{NEWS_HEADLINE}</span></div>',
}


@pytest.mark.parametrize("layout", sorted(NEWS_LAYOUTS))
@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("Balkan Daily News", ""),
        ("Balkan Daily News", "http://www.balkandailynews.com/2005/05/flood.html"),
        ("Balkan Daily News - Independent news from the Balkans", ""),
        ("BALKAN DAILY NEWS :: Online edition", ""),
    ],
)
def test_news_page_headline_when_the_title_names_only_the_site(
    title: str, url: str, layout: str
) -> None:
    article = parse_news_html(_news_page(title, NEWS_LAYOUTS[layout]), url=url)
    assert article.title == NEWS_HEADLINE
    assert NEWS_HEADLINE not in article.body


@pytest.mark.parametrize("layout", sorted(NEWS_LAYOUTS))
def test_news_page_title_that_is_a_headline_is_kept(layout: str) -> None:
    page = _news_page(f"{NEWS_HEADLINE} - Balkan Daily News", NEWS_LAYOUTS[layout])
    assert parse_news_html(page).title == NEWS_HEADLINE
    other = "Parliament passes the budget after a long night"
    page = _news_page(other, NEWS_LAYOUTS[layout])  # a headline the page does not repeat
    assert parse_news_html(page).title == other


def test_a_tagline_above_a_list_of_links_is_masthead() -> None:
    page = _news_page("Balkan Daily News - Voice of the valley", NEWS_LAYOUTS["bold cell"])
    nav = '<div><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a></div>'
    listed = '<ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a href="/b">Business</a></li></ul>'
    assert nav in page
    assert parse_news_html(page.replace(nav, listed)).title == NEWS_HEADLINE
    # the same words below the links are no masthead: the title is then taken as written
    moved = page.replace(nav, "").replace('<div class="text">', nav + '<div class="text">')
    assert parse_news_html(moved.replace("<td>Voice of the valley</td>", "")).title == (
        "Voice of the valley"
    )
