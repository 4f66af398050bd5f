"""The Reuters-21578 converter: fields, quirks of the files, skips and the scale-up."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from archive_search.article import Article
from archive_search.errors import Skip
from tests.loader import load_script
from tests.paths import SHARED

pytestmark = pytest.mark.slow

REUTERS = SHARED / "corpora" / "reuters21578"


cr = load_script("corpus_reuters")

SAMPLE = b"""<?xml version="1.0"?>
<LEWIS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS><D>acq</D><D>earn</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<UNKNOWN>
F Y
f0708reute
d f BC-STANDARD-OIL-&lt;SRD>-TO   02-26 0082</UNKNOWN>
<TEXT>
<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT</TITLE>
<AUTHOR>    By Cal Mankowski, Reuters</AUTHOR>
<DATELINE>    NEW YORK, Feb 26 - </DATELINE><BODY>Standard Oil Co and BP North America
Inc said they plan to form a venture.
    BP North America is a subsidiary of British Petroleum Co
Plc &lt;BP>, which also owns a 55 pct interest in Standard Oil.

The caf&eacute; venture will be called BP/Standard Financial Trading&#3;
 Reuter
</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5546" NEWID="3">
<DATE>26-FEB-1987 15:03:27.51</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT TYPE="BRIEF">
<TITLE>ONLY A HEADLINE</TITLE>
</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5547" NEWID="4">
<DATE>26-FEB-1987 15:04:00.00</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT TYPE="UNPROC">
Unprocessed text without a title.
</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5548" NEWID="5">
<DATE>29-FEB-1988 10:00:00.00   RM</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT>
<TITLE>LAWSON SAYS LOUVRE ACCORD WORKED</TITLE>
<DATELINE>    ****LONDON, June 2 - </DATELINE><BODY>Work remained to be done on
lasting world economic growth.\xfc  side measures to boost growth, he said.
    He made no mention of rates.        REUTER
</BODY></TEXT>
</REUTERS>
</LEWIS>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reuters21578"
    folder.mkdir()
    (folder / "reut2-000.xml").write_bytes(SAMPLE)
    (folder / "README.txt").write_text("not data")
    return folder


def _convert(corpus: Path, scale: int = 1) -> tuple[list[dict], object]:
    out = io.StringIO()
    counts = cr.convert(corpus, out, scale)
    return [json.loads(line) for line in out.getvalue().splitlines()], counts


def test_sample_becomes_expected_records(corpus: Path) -> None:
    records, counts = _convert(corpus)
    assert [r["id"] for r in records] == ["reuters-2", "reuters-5"]
    first = records[0]
    assert first == {
        "id": "reuters-2",
        "title": "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT",
        "lede": "",
        "body": [
            "Standard Oil Co and BP North America Inc said they plan to form a venture.",
            "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which also "
            "owns a 55 pct interest in Standard Oil.",
            "The café venture will be called BP/Standard Financial Trading",
        ],
        "captions": [],
        "author": "Cal Mankowski",
        "place": "New York",
        "place_local": "",
        "published": "1987-02-26",
        "language": "en",
        "section": "acq",
        "outlet": "Reuters",
        "url": "",
        "source": "reuters21578/reut2-000.xml#2",
    }
    # every record is a valid Article in the contract's shape
    assert Article.from_dict(first).to_dict() == first
    assert counts.read == 4 and counts.written == 2
    assert counts.skipped == {Skip.NO_BODY: 1, Skip.NO_TITLE: 1}


def test_stray_byte_and_trailing_sign_off_are_handled(corpus: Path) -> None:
    records, _ = _convert(corpus)
    lawson = records[1]
    assert lawson["place"] == "London"
    assert lawson["section"] == ""
    assert lawson["published"] == "1988-02-29"
    assert lawson["body"] == [
        "Work remained to be done on lasting world economic growth.ü side measures to boost "
        "growth, he said.",
        "He made no mention of rates.",
    ]


def test_scale_up_ids_dates_and_text_are_deterministic(corpus: Path) -> None:
    records, counts = _convert(corpus, scale=3)
    assert [r["id"] for r in records] == [
        "reuters-2",
        "reuters-2-k1",
        "reuters-2-k2",
        "reuters-5",
        "reuters-5-k1",
        "reuters-5-k2",
    ]
    assert counts.written == 6
    assert [r["published"] for r in records[:3]] == ["1987-02-26", "1986-02-27", "1985-02-28"]
    # 29 February moves to a year without one
    assert records[4]["published"] == "1987-03-01"
    assert "56 pct" in records[1]["body"][1] and "57 pct" in records[2]["body"][1]
    assert len({json.dumps(r, sort_keys=True) for r in records}) == 6
    again, _ = _convert(corpus, scale=3)
    assert again == records


def test_scale_up_is_streamed() -> None:
    """Copies are produced as the input is consumed, never by collecting it first."""
    consumed = []

    def articles():
        for n in range(3):
            consumed.append(n)
            yield Article(id=f"reuters-{n}", title="T", body=["1 body"], source=f"f#{n}")

    stream = cr.scale_up(articles(), 50)
    assert next(stream).id == "reuters-0"
    assert next(stream).id == "reuters-0-k1"
    assert consumed == [0]


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("    NEW YORK, March 3 - ", "New York"),
        ("    WINSTON-SALEM, N.C. - ", "Winston-Salem"),
        ("    KING'S LYNN, England, March 3 - ", "King's Lynn"),
        ("    RPT --LUDWIGSHAFEN, West Germany, March 30 - ", "Ludwigshafen"),
        ("    LAKE SUCCESS March 3 - ", "Lake Success"),
        ("    MONTERREY, Mexico, March 3 - ", "Monterrey"),
        ("    TUE, APR 07 - ", ""),
        ("    WHEAT - ", ""),
        ("", ""),
    ],
)
def test_dateline_place(dateline: str, place: str) -> None:
    assert cr.dateline_place(dateline) == place


def test_dates_and_authors() -> None:
    assert cr.parse_date(" 5-APR-1987 01:53:30.56") == dt.date(1987, 4, 5)
    assert cr.parse_date("31-FEB-1987 00:00:00.00") is None
    assert cr.parse_date("garbage") is None
    assert cr.clean_author("    by Janie Gabbett, Reuters") == "Janie Gabbett"


def test_cli_rejects_a_folder_without_data(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cr.main(["--corpus", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "no reut2-*.xml files" in capsys.readouterr().err


def test_cli_writes_file_and_summary(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert cr.main(["--corpus", str(corpus), "--out", str(out), "--scale", "2"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert "wrote 4 records, skipped 2" in capsys.readouterr().err


@pytest.mark.skipif(not REUTERS.exists(), reason="needs the shared Reuters-21578 corpus")
def test_real_corpus() -> None:
    counts = cr.Counts()
    seen = 0
    known = None
    for article in cr.iter_articles(REUTERS, counts):
        seen += 1
        if article.id == "reuters-2":
            known = article
    assert counts.read == 21578
    assert seen + counts.skipped_total == 21578
    assert 18500 <= seen <= 19500
    assert known is not None
    assert known.title == "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"
    assert known.place == "Cleveland"
    assert known.published == dt.date(1987, 2, 26)
    assert known.source == "reuters21578/reut2-000.xml#2"
    assert len(known.body) == 3 and known.body[-1].endswith("joint management committee.")
