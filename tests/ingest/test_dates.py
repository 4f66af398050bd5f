"""Dates as written for readers, in the region's languages (``ingest.dates``)."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.ingest.dates import written_date


@pytest.mark.parametrize(
    "text",
    [
        "16.03.2014",
        "March 16, 2014",
        "16 March 2014 10:32",
        "Ponedeljak, 16. mart 2014",
        "16. ožujka 2014.",
        "16 март 2014",
        "16 Mart 2014 Pazartesi",
        "16 Μαρτίου 2014",
        "16 martie 2014",
        "16 mars 2014",
    ],
)
def test_a_full_date_in_any_of_the_regions_languages(text: str) -> None:
    assert written_date(text) == dt.date(2014, 3, 16)


@pytest.mark.parametrize(
    "text",
    ["2014", "March 2014", "3 killed in 2014 blast", "", "16.03.", "x" * 200 + " 16.03.2014"],
)
def test_anything_but_one_whole_date_is_none(text: str) -> None:
    assert written_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.02.2012", dt.date(2012, 2, 12)),
        ("03/04/2014", dt.date(2014, 4, 3)),
        ("03/16/2014", dt.date(2014, 3, 16)),
        ("2014-02-12", dt.date(2014, 2, 12)),
    ],
)
def test_numeric_dates_are_day_first_unless_only_month_first_reads(
    text: str, expected: dt.date
) -> None:
    assert written_date(text) == expected
