"""Dates as people write them, in the region's languages ("16. mart 2014", "16 март 2014").

``html_metadata.parse_date`` reads the machine shapes markup carries (ISO, timestamps,
numeric dates). Text written for readers names its month in its own language, which
dateparser knows for all of the region's; it loads that data on first use (about two
seconds), so callers ask only for lines that are plausibly a date.
"""

from __future__ import annotations

import datetime as dt
import re

#: A year a news date can have: 1800-2099.
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
#: Longest text taken for one written date.
MAX_DATE_CHARS = 60
_STRICT = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
#: Numeric dates are read day first, as the region (and most of the world) writes them;
#: month first only when that is the one reading ("03/16/2014").
_ORDERS = ("DMY", "MDY")


def written_date(text: str) -> dt.date | None:
    """The date ``text`` is, whole (day, month and year, maybe a weekday or a time), or None."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_DATE_CHARS or not _YEAR.search(text):
        return None
    import dateparser

    for order in _ORDERS:
        try:
            found = dateparser.parse(text, settings={**_STRICT, "DATE_ORDER": order})
        except Exception:  # a best-effort reading: an odd string is no date
            return None
        if found:
            return found.date()
    return None
