"""What a reader sees in a terminal: URLs copy whole, titles hang, snippets keep short."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.article import Article
from archive_search.cli import render
from archive_search.cli.output import console
from archive_search.cli.show_cmd import render_article
from archive_search.search.results import Hit, SearchResults, Snippet

URL = "https://setimes.example.org/cocoon/setimes/xhtml/sr_Latn/features/setimes/features/" + (
    "2014/03/10/feature-01?utm_source=archive&utm_medium=search&utm_campaign=" + "x" * 60
)
TITLE = (
    "Serbia and Kosovo agree on freedom of movement, customs stamps, cadastre records "
    "and the recognition of university diplomas after a long night in Brussels"
)
SNIPPET = " ".join(f"word{n}" for n in range(200))


def results(**hit_options: object) -> SearchResults:
    hit = Hit(
        id="241e1c4bd682",
        score=1.0,
        title=TITLE,
        published=dt.date(2014, 3, 10),
        author="Ivana Jovanovic and Jelena Marković and Blerta Hoti and Marija Trajkovska",
        place="Belgrade",
        language="en",
        section="features",
        url=URL,
        source="",
        snippet=Snippet(SNIPPET),
    )
    for name, value in hit_options.items():
        setattr(hit, name, value)
    return SearchResults(query="kosovo", total=12, hits=[hit], page=2, limit=10)


def styled_lines(monkeypatch, width: int, snippet_lines: int = 3, **hit_options) -> list[str]:
    monkeypatch.setattr(render, "_styled_output", lambda: True)
    monkeypatch.setattr(console(), "width", width)
    with console().capture() as captured:
        render.render_text(results(**hit_options), snippet_lines)
    return captured.get().rstrip("\n").split("\n")


@pytest.mark.parametrize("width", [40, 80, 120])
def test_a_url_is_never_wrapped(monkeypatch, width) -> None:
    for lines in (render.plain_lines(results(), width), styled_lines(monkeypatch, width)):
        assert f"   {URL}" in lines
        assert sum(URL[:30] in line for line in lines) == 1


@pytest.mark.parametrize("width", [40, 80])
def test_a_long_title_wraps_with_a_hanging_indent(monkeypatch, width) -> None:
    for lines in (render.plain_lines(results(), width), styled_lines(monkeypatch, width)):
        start = next(i for i, line in enumerate(lines) if line.startswith("11. "))
        title_lines = [lines[start]]
        for line in lines[start + 1 :]:
            if not line.startswith("    ") or line.strip()[:4].isdigit():
                break
            title_lines.append(line)
        assert len(title_lines) > 1
        assert all(len(line) <= width for line in title_lines)
        assert " ".join(line[4:] for line in title_lines).split() == TITLE.split()


@pytest.mark.parametrize("width", [40, 80, 200])
def test_snippets_keep_to_three_lines_unless_asked(monkeypatch, width) -> None:
    for lines in (render.plain_lines(results(), width), styled_lines(monkeypatch, width)):
        body = [line for line in lines if line.lstrip().startswith("word")]
        assert len(body) == 3, lines
        assert body[-1].endswith(" …")
        assert all(len(line) <= width for line in body)
    whole = [line for line in render.plain_lines(results(), 80, 0) if "word" in line]
    assert " ".join(whole).split() == SNIPPET.split()
    five = [line for line in styled_lines(monkeypatch, 80, 5) if line.lstrip().startswith("word")]
    assert len(five) == 5


def test_a_short_snippet_is_shown_whole_without_an_ellipsis() -> None:
    lines = render.plain_lines(results(snippet=Snippet("A short snippet.")), 80)
    assert "   A short snippet." in lines


def test_show_never_wraps_the_url(monkeypatch) -> None:
    article = Article(title=TITLE, body=["Body."], url=URL, language="en")
    monkeypatch.setattr(console(), "width", 50)
    with console().capture() as captured:
        render_article(article)
    lines = captured.get().split("\n")
    assert f"URL: {URL}" in lines
