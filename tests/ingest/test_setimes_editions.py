"""Every edition, as HTML in several layouts and as text dumps: every field checked.

The fixtures are hand-written pages in each edition's language with the furniture SETimes
put around its articles (share links, commission note, reader prompt, comments policy, related
articles, most popular, focus box, poll). ``expected.json`` holds what each page must give.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import textwrap

import pytest

from archive_search.article import Caption
from archive_search.ingest.setimes_html import parse_setimes_html
from archive_search.ingest.textdump import parse_setimes_text
from tests.paths import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "setimes"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
EN_URL = (
    "http://setimes.com/cocoon/setimes/xhtml/en_GB/features/setimes/features/2014/03/10/feature-01"
)


def parse(name: str, url: str = ""):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    parser = parse_setimes_html if name.endswith(".html") else parse_setimes_text
    return parser(text, source=name, url=url)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fields(name):
    want = EXPECTED[name]
    article = parse(name, want["url_argument"])
    assert article.title == want["title"]
    assert article.lede == want["lede"]
    assert article.author == want["author"]
    assert article.place == want["place"]
    assert article.place_local == want["place_local"]
    assert article.published == dt.date.fromisoformat(want["published"])
    assert article.language == want["language"]
    assert article.section == want["section"]
    assert article.url == want["url"]
    assert article.outlet == want["outlet"]
    assert article.source == name
    assert article.captions == [Caption(text, credit) for text, credit in want["captions"]]
    assert article.body == want["body"]


def test_every_edition_has_html_and_most_have_text_dumps():
    locales = {name.split("-")[0].split(".")[0] for name in EXPECTED}
    assert locales == {
        "en_GB",
        "sr_Latn",
        "sr_Cyrl",
        "hr",
        "bs",
        "bg",
        "el",
        "mk",
        "ro",
        "sq",
        "tr",
    }
    assert sum(name.endswith(".txt") for name in EXPECTED) >= 8
    languages = {want["language"] for want in EXPECTED.values()}
    assert languages == {"en", "sr", "hr", "bs", "bg", "el", "mk", "ro", "sq", "tr"}


def _core(article):
    return (
        article.title,
        article.lede,
        article.author,
        article.place,
        article.published,
        article.language,
        article.body,
        article.captions,
    )


def test_same_article_in_three_layouts_and_as_text_gives_the_same_record():
    table = parse("en_GB-table.html", EN_URL)  # 2000s tables, XHTML, no h1, no canonical
    div = parse("en_GB-div.html")  # HTML5, canonical link, aside/footer
    plain = parse("en_GB-plain.html")  # bare divs, sidebar first, date and credits apart
    seed = parse_setimes_text(
        (FIXTURES.parents[1] / ".." / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt")
        .resolve()
        .read_text(encoding="utf-8")
    )
    assert _core(table) == _core(div) == _core(plain) == _core(seed)
    assert table.url == div.url == plain.url == EN_URL
    assert table.id == div.id == plain.id


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _strip_end_furniture(page: str) -> str:
    for pattern in (
        r'<p class="question">.*?</p>',
        r'<div class="commissioned">.*?</div>',
        r'<ul class="tools">.*?</ul>',
        r'<div class="comments">.*?</form></div>',
    ):
        page = re.sub(pattern, "", page, flags=re.S)
    return page


@pytest.mark.parametrize(
    "variant",
    [
        "no-end-markers",
        "no-semantic-tags-no-labels",
        "minified",
        "single-br-paragraphs",
        "paragraphs-in-p",
        "pre",
    ],
)
def test_unseen_markup_variants_of_the_same_article(variant):
    """Layout changes that no class name or label list anticipates."""
    reference = parse("en_GB-div.html")
    div, table = _read("en_GB-div.html"), _read("en_GB-table.html")
    if variant == "no-end-markers":
        page = _strip_end_furniture(div)
    elif variant == "no-semantic-tags-no-labels":
        page = _strip_end_furniture(div)
        for tag in ("aside", "footer", "header", "nav", "section", "figure", "figcaption"):
            page = re.sub(rf"<(/?){tag}\b", r"<\1div", page)
        page = re.sub(r"<h2>.*?</h2>", "", page)
    elif variant == "minified":
        page = table.replace("\n", "")
    elif variant == "single-br-paragraphs":
        page = table.replace("<br /><br />", "<br />")
    elif variant == "paragraphs-in-p":
        page = table.replace("<br /><br />", "</font></p><p><font>")
    else:
        seed = FIXTURES.parents[1] / ".." / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt"
        page = f"<html><body><pre>{html.escape(seed.resolve().read_text(encoding='utf-8'))}</pre></body></html>"
    article = parse_setimes_html(page, url=EN_URL)
    assert _core(article) == _core(reference)


def _seed_text() -> str:
    path = FIXTURES.parents[1] / ".." / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt"
    return path.resolve().read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "variant",
    ["wrapped", "crlf-bom-nbsp", "entities", "single-newlines", "cut-after-body", "no-end-markers"],
)
def test_text_dump_variants(variant):
    seed = _seed_text()
    reference = parse_setimes_text(seed)
    if variant == "wrapped":
        text = "\n\n".join(
            "\n".join(textwrap.wrap(p, 72)) if not p.lstrip().startswith("•") else p
            for p in seed.split("\n\n")
        )
    elif variant == "crlf-bom-nbsp":
        text = "\ufeff" + seed.replace("\n", "\r\n").replace(" -- ", "\u00a0--\u00a0")
    elif variant == "entities":
        text = seed.replace('"', "&quot;").replace("'", "&#39;")
    elif variant == "single-newlines":
        text = re.sub(r"\n\s*\n+", "\n", seed)
    elif variant == "cut-after-body":  # only the sidebar boxes follow the article
        text = seed[: seed.index("How can KFOR")] + seed[seed.index("Focus on Ukraine") :]
    else:
        text = seed[: seed.index("How can KFOR")] + seed[seed.index("SETimes's Comments") :]
        text = text.replace("SETimes's Comments Policy", "")
    assert _core(parse_setimes_text(text)) == _core(reference)


def test_dump_header_gives_url_section_and_language():
    article = parse_setimes_text(f"URL: {EN_URL}\n\n{_seed_text()}")
    assert article.url == EN_URL
    assert article.section == "features"
    assert article.language == "en"
    assert article.title == "NATO and Serbia strive to strengthen co-operation in Kosovo"


UNKNOWN_LABELS = {
    "Povezani članci": "Zzz qqq",
    "Ovaj sadržaj je naručen za": "Ovo nešto za",
    "Pošalji prijatelju": "Xxx yyy",
    "Verzija za štampu": "Qqq www",
    "Podeli": "Rrr",
    "Najčitanije": "Ttt",
    "U fokusu: Ukrajina": "Vvv: Ukrajina",
    "Pravila za komentare": "Ppp ooo",
    "Da li će dogovor o energetici ubrzati normalizaciju odnosa? Podelite svoje mišljenje "
    "u odeljku za komentare.": "",
}


@pytest.mark.parametrize("name", ["sr_Latn-div.html", "hr-table.html", "bs-plain.html"])
def test_furniture_with_labels_nobody_listed_is_rejected_by_structure(name):
    page = _read(name)
    for label, unknown in UNKNOWN_LABELS.items():
        page = page.replace(label, unknown)
    assert parse_setimes_html(page).body == EXPECTED[name]["body"]


def test_image_headline_with_the_same_title_linked_in_a_sidebar_below():
    page = _read("en_GB-div.html")
    title = "NATO and Serbia strive to strengthen co-operation in Kosovo"
    page = page.replace(f'<h1 class="headline">{title}</h1>', '<h1><img src="h.png" alt=""></h1>')
    page = page.replace(">Greece and Turkey boost trade ties<", f">{title}<")
    article = parse_setimes_html(page)
    assert article.title == title
    assert article.lede.startswith("In hopes of smoothing the relations")
    assert _core(article)[2:] == _core(parse("en_GB-div.html"))[2:]
