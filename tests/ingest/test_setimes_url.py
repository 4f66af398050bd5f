"""SETimes addresses: edition, script, section, date, slug and the cross-edition key."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_search.ingest.setimes_url import is_setimes_url, parse_setimes_url

BASE = "http://setimes.com/cocoon/setimes/xhtml"


@pytest.mark.parametrize(
    ("locale", "language", "script"),
    [
        ("en_GB", "en", "Latn"),
        ("sq", "sq", "Latn"),
        ("bs", "bs", "Latn"),
        ("bg", "bg", "Cyrl"),
        ("hr", "hr", "Latn"),
        ("el", "el", "Grek"),
        ("mk", "mk", "Cyrl"),
        ("ro", "ro", "Latn"),
        ("sr_Latn", "sr", "Latn"),
        ("sr_Cyrl", "sr", "Cyrl"),
        ("tr", "tr", "Latn"),
    ],
)
def test_every_edition(locale, language, script):
    info = parse_setimes_url(f"{BASE}/{locale}/features/setimes/features/2012/06/28/feature-01")
    assert info is not None
    assert (info.locale, info.language, info.script) == (locale, language, script)
    assert info.section == "features"
    assert info.date == dt.date(2012, 6, 28)
    assert info.slug == "feature-01"
    assert info.key == "features/setimes/features/2012/06/28/feature-01"
    assert info.is_article


def test_key_is_the_same_across_editions():
    keys = {
        parse_setimes_url(f"{BASE}/{loc}/newsbriefs/setimes/newsbriefs/2014/03/10/nb-03").key
        for loc in ("en_GB", "sr_Cyrl", "tr")
    }
    assert keys == {"newsbriefs/setimes/newsbriefs/2014/03/10/nb-03"}


@pytest.mark.parametrize(
    ("url", "section", "slug"),
    [
        (f"{BASE}/en_GB/newsbriefs/setimes/newsbriefs/2014/03/10/nb-03", "newsbriefs", "nb-03"),
        (f"{BASE}/ro/roundup/setimes/roundup/2010/01/05/roundup-bs-01", "roundup", "roundup-bs-01"),
        (
            f"{BASE}/el/articles/setimes/articles/2009/11/30/reportage-01",
            "articles",
            "reportage-01",
        ),
        (
            "https://www.SETimes.com/cocoon/setimes/xhtml/hr/features/setimes/features/2012/06/28/feature-01.html?x=1#top",
            "features",
            "feature-01",
        ),
        (
            "setimes.com/cocoon/setimes/xhtml/sr_latn/features/setimes/features/2012/6/8/feature-01",
            "features",
            "feature-01",
        ),
    ],
)
def test_sections_and_variants(url, section, slug):
    info = parse_setimes_url(url)
    assert info is not None
    assert info.section == section
    assert info.slug == slug
    assert info.is_article


def test_section_fronts_are_not_articles():
    front = parse_setimes_url(f"{BASE}/en_GB/homepage")
    assert front is not None and not front.is_article
    assert front.section == "homepage"
    assert front.date is None and front.slug == ""
    listing = parse_setimes_url(f"{BASE}/tr/features/setimes/features")
    assert listing is not None and not listing.is_article


def test_impossible_date_in_url():
    info = parse_setimes_url(f"{BASE}/en_GB/features/setimes/features/2012/02/31/feature-01")
    assert info is not None and info.date is None and not info.is_article


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://example.com/cocoon/setimes/xhtml/en_GB/features/setimes/features/2012/06/28/f-1",
        "http://setimes.com/about",
        "http://notsetimes.com/cocoon/setimes/xhtml/en_GB/x",
        "not a url at all",
    ],
)
def test_not_setimes(url):
    assert parse_setimes_url(url) is None


def test_is_setimes_url():
    assert is_setimes_url("http://www.setimes.com/")
    assert is_setimes_url("setimes.com/cocoon/")
    assert not is_setimes_url("http://setimes.com.evil.example/")
