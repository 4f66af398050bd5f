"""The reference page: the real SETimes article of 10 March 2014 must parse to exactly this."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.article import Caption
from archive_search.ingest.textdump import parse_setimes_text
from tests.paths import REPO, SHARED

SEED = REPO / "data" / "setimes-2014-03-10-nato-serbia-kfor.txt"

FURNITURE = [
    "Email to a friend",
    "Print Version",
    "Share/Save/Bookmark",
    "This content was commissioned for",
    "How can KFOR",
    "Share what you think",
    "We welcome your comments",
    "comments policy",
    "Comments Policy",
    "Focus on Ukraine",
    "Region, Turkey optimistic",
    "Regional officials say",
    "SETimes logo",
    "Most Popular",
    "Should Greece change",
    "I don't know",
    "Related Articles",
]


@pytest.fixture(scope="module")
def seed():
    return parse_setimes_text(SEED.read_text(encoding="utf-8"), source=str(SEED))


def test_seed_metadata(seed):
    assert seed.title == "NATO and Serbia strive to strengthen co-operation in Kosovo"
    assert seed.lede == (
        "In hopes of smoothing the relations between Pristina and Belgrade in carrying out the "
        "Brussels agreement, KFOR and Serbian Army officials are discussing co-operation."
    )
    assert seed.author == "Ivana Jovanovic"
    assert seed.authors == ["Ivana Jovanovic"]
    assert seed.place == "Belgrade"
    assert seed.place_local == "Belgrade"
    assert seed.outlet == "Southeast European Times"
    assert seed.published == dt.date(2014, 3, 10)
    assert seed.language == "en"
    assert seed.section == ""
    assert seed.url == ""
    assert seed.source == str(SEED)


def test_seed_captions_kept_out_of_the_body(seed):
    assert seed.captions == [
        Caption(
            "KFOR Commander Major General Salvatore Farina (right) and Chief of the Serbian Armed "
            "Forces General Staff General Ljubisa Dikovic meet in Kosovo in January.",
            "KFOR",
        ),
        Caption(
            "Co-operation between the two military groups will help ease tensions in northern "
            "Kosovo, one analyst said.",
            "AFP",
        ),
        Caption(
            "Currently, KFOR troops and the Serbian Army jointly patrol the administrative "
            "boundary line.",
            "AFP",
        ),
    ]
    for caption in seed.captions:
        assert all(caption.text not in p for p in seed.body)


def test_seed_body_is_every_article_paragraph_in_order(seed):
    body = seed.body
    assert len(body) == 21
    assert body[0].startswith(
        "In order to contribute to the stabilisation of the relationship between Pristina and "
        "Belgrade, KFOR officials"
    )
    assert body[1].startswith("KFOR Commander Major-General Salvatore Farina and Chief")
    assert body[-1] == (
        "\"Albania, Macedonia, Montenegro and Serbia's defence institutions are crucial enablers "
        "of the overall stability in the wide Balkan area, and to maintain and improve the "
        "positive outcomes of KFOR's successful presence in Kosovo,\" the NATO mission said in a "
        "statement for SETimes."
    )
    # the paragraphs after the "Related Articles" label belong to the article
    assert body[-3].startswith("In order to foster co-operation between Pristina and Belgrade")
    assert body[-4].startswith('"KFOR retains key security functions in Kosovo')
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    positions = [lines.index(p) for p in body]
    assert positions == sorted(positions)


def test_seed_has_no_furniture_anywhere(seed):
    text = "\n".join([seed.title, seed.lede, *seed.body, *(c.text for c in seed.captions)])
    for phrase in FURNITURE:
        assert phrase not in text, phrase


@pytest.mark.skipif(not SHARED.exists(), reason="needs /work/shared beside the repo")
def test_data_copy_is_the_shared_seed():
    shared = SHARED / "seed" / SEED.name
    assert SEED.read_bytes() == shared.read_bytes()
