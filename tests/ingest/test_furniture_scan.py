"""No article body holds page furniture: every body in data/ and in the fixtures, every edition.

The parsers catch furniture by where it sits (``furniture.ending_heading``); these tests check
the result from outside, against the furniture phrases of all eleven editions
(``furniture_phrases``), and check the structural rule on headings nobody listed.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from archive_search.ingest import parse_path
from archive_search.ingest.setimes import Block, parse_blocks
from archive_search.ingest.setimes_html import parse_setimes_html
from archive_search.ingest.textdump import parse_setimes_text
from tests.ingest.furniture_phrases import PHRASES, furniture_in
from tests.paths import DATA, FIXTURES


def _articles(root: Path) -> list[tuple[Path, object]]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found += [(path, r.article) for r in parse_path(path) if r.article is not None]
    return found


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(DATA, marks=pytest.mark.slow, id="data"),
        pytest.param(FIXTURES / "setimes", id="fixtures"),
    ],
)
def test_no_body_holds_any_editions_furniture(root: Path) -> None:
    articles = _articles(root)
    assert len(articles) >= (90 if root == DATA else 20)
    found = [
        (path.relative_to(root).as_posix(), phrase)
        for path, article in articles
        for text in [article.lede, *article.body]
        for _, phrase in furniture_in(text)
    ]
    assert not found, found


def test_the_phrase_list_covers_every_edition_and_finds_what_it_lists() -> None:
    assert set(PHRASES) == {
        *("en", "sr_Latn", "sr_Cyrl", "hr", "bs", "mk", "sq", "ro", "bg", "el", "tr"),
    }
    for edition, phrases in PHRASES.items():
        for phrase in phrases:
            assert (edition, phrase) in furniture_in(phrase)
    # inside a longer paragraph, and not in article text that shares a word or two
    assert furniture_in("Pozdravljamo vaše komentare na članke SETimesa.")
    assert furniture_in("• Email to a friend today")
    assert not furniture_in("The minister would not comment on the most popular party.")
    assert not furniture_in("Εκτύπωση χρήματος από την κεντρική τράπεζα.")


# -- the comments-policy heading, by structure ------------------------------------------
_BODY = [
    "Officials in Zagreb said on Monday the reform of the courts would be finished this year.",
    "The European Commission welcomed the plan but asked for more judges to be appointed.",
    "He declined to comment.",
]


def _classic_page(heading: str, *, policy_in_article_cell: bool = False) -> str:
    """A 2000s table layout: share row, then the comments policy under its own heading."""
    paragraphs = "".join(f"<p>{p}</p>" for p in _BODY)
    policy = (
        f"<p><strong>{heading}</strong></p>"
        "<p>Nadamo se kako ćete ovaj forum koristiti za razmjenu mišljenja s drugim čitateljima. "
        "Ovo je moderirani forum. Uvredljivi komentari možda neće biti objavljeni.</p>"
    )
    share = (
        '<div class="tools"><a href="/m">Mail</a> | <a href="/p">Ispis</a> | '
        '<a href="/s">Podijeli/Spremi/Označi</a></div>'
    )
    if policy_in_article_cell:
        article = f'<td class="main">{paragraphs}{share}{policy}</td>'
    else:
        article = f'<td class="main">{paragraphs}{share}<div class="policy">{policy}</div></td>'
    return f"""<html><head><title>SETimes.com</title></head><body><table><tr>
<td><b>Reforma pravosuđa u Hrvatskoj</b></td></tr>
<tr><td>Ana Babić za Southeast European Times iz Zagreba -- 14/03/06</td></tr>
<tr>{article}</tr></table></body></html>"""


@pytest.mark.parametrize(
    "heading",
    [
        "Pozdravljamo vaše komentare na članke SETimesa.",  # the 13 Croatian pages of data/
        "Molimo vas da pročitate ova pravila prije slanja.",  # wording nobody listed
        "Tell us what you think of our stories.",
    ],
)
def test_a_heading_in_the_policys_own_box_is_not_body(heading: str) -> None:
    article = parse_setimes_html(_classic_page(heading))
    assert article.body == _BODY


def test_a_box_that_holds_the_article_takes_nothing_from_it() -> None:
    # the whole article and the policy in one cell: the cell is the article's, not a box
    article = parse_setimes_html(_classic_page("Nešto sasvim drugo.", policy_in_article_cell=True))
    assert article.body[: len(_BODY)] == _BODY


def _dump(*after_body: str) -> str:
    lines = [
        "Reforma pravosuđa u Hrvatskoj",
        "Ana Babić za Southeast European Times iz Zagreba -- 14/03/06",
        *_BODY,
        *after_body,
        "Nadamo se kako ćete ovaj forum koristiti za razmjenu mišljenja s drugim čitateljima. "
        "Ovo je moderirani forum. Uvredljivi komentari možda neće biti objavljeni.",
    ]
    return "\n\n".join(lines) + "\n"


def test_in_a_text_dump_a_comments_heading_cut_off_from_the_article_is_not_body() -> None:
    text = _dump("Ovaj je sadržaj naručen za", "Pozdravljamo vaše komentare na članke SETimesa.")
    assert parse_setimes_text(text).body == _BODY


def test_the_articles_own_last_sentence_about_comments_stays() -> None:
    # "He declined to comment." stands right above the policy, but nothing cuts it off
    assert parse_setimes_text(_dump()).body == _BODY


def test_blocks_without_markup_follow_the_same_rule() -> None:
    blocks = [
        Block("A headline for the story"),
        Block("By Ana Lis for Southeast European Times in Sofia -- 10/03/14"),
        *(Block(p) for p in _BODY),
        Block("Share/Save", link_ratio=1.0),
        Block("Join the discussion with your comments below."),
        Block("This is a moderated forum. Comments deemed abusive may not be published."),
    ]
    assert parse_blocks(blocks).body == _BODY


def test_the_sample_archive_pages_that_held_the_heading_are_clean() -> None:
    # the 2000s layout pages of the Croatian edition (gzip or not) in data/
    pages = [
        p
        for p in (DATA / "setimes" / "hr").rglob("*.html*")
        if "commentsPolicy"
        in (gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()).decode()
    ]
    assert len(pages) >= 10
    for path in pages:
        (parsed,) = parse_path(path)
        assert parsed.article is not None
        assert not any("Pozdravljamo" in p for p in parsed.article.body), path
