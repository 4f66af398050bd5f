"""The sample-archive builder: deterministic output, faithful pages, correct Cyrillic."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.loader import load_script
from tests.paths import REPO, SHARED

pytestmark = pytest.mark.slow

ARTICLES = SHARED / "corpora" / "setimes-ud" / "articles.json"


b = load_script("build_sample_archive")

SOURCE = [
    {
        "doc": "set.sr.5",
        "language": "sr",
        "sentences": [
            "Beograd i Priština postigli dogovor o slobodi kretanja",
            "Pregovarački timovi Beograda i Prištine postigli su dogovor u Briselu.",
            "Sporazum je postignut u petak (2. jula) u Briselu, posle razgovora koji su počeli 2010. godine.",
            '"Ovo je dobar dan za građane.',
            'Nastavićemo razgovore ", rekao je Stefanović.',
            "Njegov kolega iz Ljubljane se složio.",
            "NATO i EU pozdravili su dogovor.",
            "Džep građana neće biti pogođen, kažu analitičari.",
            "Posmatrači iz Srbije očekuju nove korake.",
        ],
    },
    {
        "doc": "set.hr.5",
        "language": "hr",
        "sentences": [
            "Beograd i Priština postigli dogovor o slobodi kretanja",
            "Pregovarački timovi Beograda i Prištine postigli su dogovor u Bruxellesu.",
            "Sporazum je postignut u petak (2. srpnja) u Bruxellesu.",
            "Nastavit ćemo razgovore, rekao je Stefanović.",
            "NATO i EU pozdravili su dogovor.",
        ],
    },
    {
        "doc": "set.sr.7",
        "language": "sr",
        "sentences": [
            "MMF odobrio reviziju aranžmana sa Rumunijom",
            "BUKUREŠT, Rumunija -- Odbor MMF-a odobrio je u petak (25. mart) reviziju.",
            "Rumunija je ispunila svoje obaveze.",
            "Cilj je održanje fiskalne discipline.",
        ],
    },
    {"doc": "set.hr.test", "language": "hr", "sentences": ["Jedan.", "Dva.", "Tri.", "Četiri."]},
]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(SOURCE, ensure_ascii=False), encoding="utf-8")
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _page_text(data: bytes, name: str) -> str:
    return (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")


# -- transliteration ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Ljubljana", "Љубљана"),
        ("njegov", "његов"),
        ("džep", "џеп"),
        ("NATO", "NATO"),
        ("Džep NJEGOŠ", "Џеп ЊЕГОШ"),
        ("Čačak, Đorđe i Šabac", "Чачак, Ђорђе и Шабац"),
        ("nadživeti injekcija Tanjug", "надживети инјекција Танјуг"),
        ("MMF-a i BiH", "MMF-а и BiH"),
        ("Krasniqi i SETimes", "Krasniqi и SETimes"),
        ("Vidi http://www.b92.net/vesti i pisma", "Види http://www.b92.net/vesti и писма"),
        (
            "Ivana Jovanović za Southeast European Times iz Beograda -- 08/06/07",
            "Ивана Јовановић за Southeast European Times из Београда -- 08/06/07",
        ),
        ("BUKUREŠT, Rumunija -- Odbor MMF-a", "БУКУРЕШТ, Румунија -- Одбор MMF-а"),
        ("SKOPLJE, Makedonija -- NATO", "СКОПЉЕ, Македонија -- NATO"),
    ],
)
def test_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert b.to_cyrillic(latin) == cyrillic


def test_page_words_in_cyrillic_keep_their_placeholders() -> None:
    words = b.ui("sr_Cyrl")
    assert words["related"] == "Повезани чланци"
    assert words["focus"] == "У фокусу: {topic}"
    assert "{brand}" in words["policy"]


# -- text handling ---------------------------------------------------------------------
def test_paragraphs_hold_one_to_three_sentences_and_never_split_a_quote() -> None:
    sentences = [f"Rečenica broj {i}." for i in range(40)]
    sentences[10] = '"Početak citata.'
    sentences[11] = 'Kraj citata", rekao je on.'
    paras = b.paragraphs(sentences, random.Random(1))
    assert " ".join(paras) == " ".join(sentences)
    assert any('"Početak citata. Kraj citata"' in p for p in paras)
    for p in paras:
        assert p.count('"') % 2 == 0
        if '"' not in p:
            assert 1 <= p.count(".") <= 3
    assert b.paragraphs(sentences, random.Random(1)) == paras


def test_clean_sentence_removes_detokenisation_space_before_closing_quote() -> None:
    assert b.clean_sentence('uložili ", rekao je.') == 'uložili", rekao je.'
    assert b.clean_sentence('proces "bio prenagljen... bez plana"') == (
        'proces "bio prenagljen... bez plana"'
    )


def test_plan_date_follows_weekday_references() -> None:
    text = "Sporazum je postignut u petak (2. jula), posle razgovora iz 2009."
    date = b.plan_date(text, random.Random(3))
    # 2 July was a Friday in 2004 and 2010; 2010 is nearest the year mentioned
    assert dt.date(2010, 7, 2) <= date <= dt.date(2010, 7, 5)
    assert date.weekday() < 5


def test_plan_date_without_clues_stays_in_range_on_working_days() -> None:
    for seed in range(50):
        date = b.plan_date("Bez datuma. Posle 2012. godine.", random.Random(seed))
        assert dt.date(2012, 1, 1) <= date <= b.LAST_DAY
        assert date.weekday() < 5


# -- the build -------------------------------------------------------------------------
def test_build_is_deterministic_and_spares_the_seed(source: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        out.mkdir()
        (out / b.SEED_NAME).write_bytes(b"the seed page")
        (out / "setimes" / "stale").mkdir(parents=True)
        (out / "setimes" / "stale" / "old.html").write_text("left from an older build")
        b.build(source, out)
    assert _tree(first) == _tree(second)
    assert (first / b.SEED_NAME).read_bytes() == b"the seed page"
    assert not (first / "setimes" / "stale").exists()
    b.build(source, first)
    assert _tree(first) == _tree(second)


def test_build_lays_out_every_edition_with_shared_addresses(source: Path, tmp_path: Path) -> None:
    b.build(source, tmp_path)
    files = _tree(tmp_path / "setimes")
    pages = {name: _page_text(data, name) for name, data in files.items()}
    article_pages = [
        n for n in pages if re.search(r"/\d{4}/\d{4}-\d\d-\d\d-(feature|nb)-\d\d\.", n)
    ]
    # sr.5 in sr_Latn and sr_Cyrl, hr.5 in hr, sr.7 (a news brief) in two; not the test doc
    assert sorted(n.split("/")[0] for n in article_pages if "-print." not in n) == [
        "hr",
        "hr",  # the saved error page sits at an article-like address
        "sr_Cyrl",
        "sr_Cyrl",
        "sr_Latn",
        "sr_Latn",
    ]
    assert any(n.startswith("sr_Latn/archive/") for n in pages)
    stories = b.plan_archive(source)
    by_locale = {(s.plan.number, s.locale): s for s in stories}
    tails = {s.url.split(f"/{s.locale}/", 1)[1] for s in stories if s.plan.number == "5"}
    assert len(tails) == 1
    assert by_locale["5", "sr_Latn"].plan.published == by_locale["5", "hr"].plan.published


def test_cyrillic_edition_is_the_latin_text_transliterated(source: Path) -> None:
    stories = {(s.plan.number, s.locale): s for s in b.plan_archive(source)}
    latin, cyrillic = stories["5", "sr_Latn"], stories["5", "sr_Cyrl"]
    assert cyrillic.title == "Београд и Приштина постигли договор о слободи кретања"
    assert cyrillic.body == [b.to_cyrillic(p) for p in latin.body]
    assert " за Southeast European Times из " in cyrillic.byline
    assert re.fullmatch(
        r".+ za Southeast European Times iz \w+ -- \d\d/\d\d/\d\d", latin.byline
    ) or (latin.byline.startswith("Za Southeast European Times iz "))


def test_news_brief_carries_sources_instead_of_a_byline(source: Path) -> None:
    brief = next(
        s for s in b.plan_archive(source) if s.plan.number == "7" and s.locale == "sr_Cyrl"
    )
    assert brief.plan.section == "newsbriefs" and "/newsbriefs/setimes/newsbriefs/" in brief.url
    assert brief.byline == ""
    assert re.fullmatch(r"\(Извори: [A-Za-z0-9, ]+ -- 2[5-8]/03/\d\d\)", brief.sources_line)
    # briefs have no lede: the text opens with the dateline, as on setimes.com
    assert brief.lede == "" and brief.summary == brief.body[0]
    assert brief.body[0].startswith("БУКУРЕШТ, Румунија -- Одбор MMF-а")
    assert b.render_text(brief).startswith(f"{brief.title}\n\n\n{brief.body[0]}\n")


def test_text_dump_has_the_seed_shape(source: Path) -> None:
    story = next(s for s in b.plan_archive(source) if s.locale == "sr_Latn" and s.byline)
    text = b.render_text(story)
    assert text.startswith(f"{story.title}\n\n\n{story.lede}\n\n{story.byline}\n\n\n")
    for para in story.body:
        assert f"\n{para}\n" in text
    for caption, credit in story.captions:
        assert f"\n{caption} [{credit}]\n" in text
    assert "\nPovezani članci\n\n\n" in text
    assert "Ovaj sadržaj je naručen za\n  • Pošaljite prijatelju\n  • icon " in text
    assert "\nSETimes logo\n\nNajpopularnije\n\n\n\n" in text
    assert text.endswith("\n\nNe znam") and "Iako podstiče" in text


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_html_layouts_carry_the_article(source: Path, layout: str) -> None:
    story = next(s for s in b.plan_archive(source) if s.locale == "hr")
    story.captions = [("Zgrada vlade u Beogradu.", "AFP"), ("Pogled na središte Zagreba.", "EPA")]
    render = b.render_classic if layout == "classic" else b.render_modern
    doc = lxml_html.fromstring(render(story).encode("utf-8"))
    assert doc.get("lang") == "hr"
    assert doc.xpath("//link[@rel='canonical']/@href") == [story.url]
    assert [h.text_content() for h in doc.xpath("//h1")] == [story.title]
    text = doc.text_content()
    assert story.lede in text and story.byline in text
    assert "Zgrada vlade u Beogradu. [AFP]" in " ".join(text.split())
    paragraphs = [p.text_content() for p in doc.xpath("//p")]
    assert all(para in paragraphs for para in story.body)
    assert "Povezani članci" in text and "Najpopularnije" in text and "Anketa" in text


def test_legacy_charset_page_declares_its_encoding(source: Path) -> None:
    story = next(s for s in b.plan_archive(source) if s.locale == "sr_Latn")
    story.kind, story.encoding = "html", "windows-1250"
    story.plan.published = dt.date(2005, 3, 1)
    data = b.page_bytes(story)
    assert b"charset=windows-1250" in data
    assert story.title.encode("windows-1250") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.skipif(not ARTICLES.exists(), reason="needs /work/shared (setimes-ud corpus)")
def test_shipped_data_matches_a_fresh_build(tmp_path: Path) -> None:
    """data/setimes is generated: edit the builder, never the pages."""
    b.build(ARTICLES, tmp_path)
    fresh = _tree(tmp_path / "setimes")
    shipped = _tree(REPO / "data" / "setimes")
    assert sorted(shipped) == sorted(fresh)
    assert [n for n in fresh if fresh[n] != shipped[n]] == []
    assert (REPO / "data" / b.SEED_NAME).read_bytes() == (
        SHARED / "seed" / b.SEED_NAME
    ).read_bytes()
