"""A text dump's header lines: the address, title, date and author it declares."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.ingest.textdump import parse_setimes_text

BODY = (
    "ATHENS, Greece -- The Greek parliament approved on Thursday a new austerity package "
    "demanded by international lenders, after a stormy debate that lasted into the night.\n\n"
    "Thousands of protesters gathered outside the parliament building in Syntagma Square, "
    "and police used tear gas to disperse them late in the evening.\n"
)


@pytest.mark.parametrize(
    ("header", "title", "date", "author"),
    [
        (
            "Title: Parliament approves cuts\nDate: 12 February 2012\nAuthor: Andy Dabilis\n",
            "Parliament approves cuts",
            dt.date(2012, 2, 12),
            "Andy Dabilis",
        ),
        (
            "Naslov: Parlament usvojio mere\nDatum: 12.02.2012\nAutor: Ana Petrović i Marko Ilić\n",
            "Parlament usvojio mere",
            dt.date(2012, 2, 12),
            "Ana Petrović and Marko Ilić",
        ),
        (
            "Наслов: Парламентот ги усвои мерките\nДатум: 12 февруари 2012\n",
            "Парламентот ги усвои мерките",
            dt.date(2012, 2, 12),
            "",
        ),
        (
            "URL: http://www.setimes.com/cocoon/setimes/xhtml/en_GB/features/setimes/"
            "features/2012/02/12/feature-01\nBaşlık: Meclis kemer sıkma paketini onayladı\n"
            "Tarih: 12 Şubat 2012\n",
            "Meclis kemer sıkma paketini onayladı",
            dt.date(2012, 2, 12),
            "",
        ),
    ],
)
def test_header_lines_declare_title_date_and_author(
    header: str, title: str, date: dt.date, author: str
) -> None:
    article = parse_setimes_text(header + "\n" + BODY)
    assert (article.title, article.published, article.author) == (title, date, author)
    assert article.body[0].startswith("ATHENS, Greece")


def test_a_date_label_without_a_date_declares_nothing() -> None:
    article = parse_setimes_text("Title: Parliament approves cuts\nDate: unknown\n\n" + BODY)
    assert article.title == "Parliament approves cuts"
    assert article.published is None


def test_a_declared_date_wins_over_a_date_line_in_the_text() -> None:
    text = "Title: Parliament approves cuts\nDate: 12.02.2012\n\n13.02.2012\n\n" + BODY
    assert parse_setimes_text(text).published == dt.date(2012, 2, 12)


@pytest.mark.parametrize("label", ["TITLE", "Başlık", "BAŞLIK", "baslik", "НАСЛОВ", "Τίτλος"])
def test_labels_are_read_in_any_case(label: str) -> None:
    assert parse_setimes_text(f"{label}: Parliament approves cuts\n\n" + BODY).title == (
        "Parliament approves cuts"
    )
