"""The stop-word lists copied from Whoosh are still Whoosh's, word for word.

An index's stemmed terms depend on them: a list that drifted from the one the
analysis was built with would silently change what gets indexed.
"""

from __future__ import annotations

from whoosh.lang.stopwords import stoplists

from archive_search.text import stopwords
from archive_search.text.analysis import STOP_WORDS, fold


def test_the_lists_are_whooshs() -> None:
    assert stoplists["en"] == stopwords.ENGLISH
    assert stoplists["tr"] == stopwords.TURKISH
    assert (len(stopwords.ENGLISH), len(stopwords.TURKISH)) == (127, 53)


def test_the_analysis_stops_them() -> None:
    assert {fold(w) for w in stopwords.ENGLISH} == STOP_WORDS["en"]
    # Turkish: all but "şu" (folded "su", water), with the case endings split off by apostrophes
    turkish = {fold(w) for w in stopwords.TURKISH - {"şu"}}
    assert turkish < STOP_WORDS["tr"]
    assert "su" not in STOP_WORDS["tr"] and {"dan", "nin"} <= STOP_WORDS["tr"]
