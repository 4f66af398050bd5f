"""Furniture recognisers: localized labels, standard wording, and structure."""

from __future__ import annotations

import pytest

from archive_search.ingest import furniture as f
from archive_search.ingest.setimes import Block, parse_blocks, parse_caption


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Related Articles", f.RELATED), ("Povezani članci", f.RELATED), ("Сродни статии", f.RELATED),
        ("Articole similare", f.RELATED), ("İlgili Haberler", f.RELATED), ("Σχετικά άρθρα", f.RELATED),
        ("Artikuj të ngjashëm", f.RELATED), ("Повезани чланци", f.RELATED), ("Поврзани статии", f.RELATED),
        ("Most Popular", f.POPULAR), ("Najpopularnije", f.POPULAR), ("Najčitanije", f.POPULAR),
        ("Най-четени", f.POPULAR), ("En çok okunanlar", f.POPULAR), ("Τα πιο δημοφιλή", f.POPULAR),
        ("Më të lexuarat", f.POPULAR), ("Cele mai citite", f.POPULAR), ("Најчитано", f.POPULAR),
        ("Focus on Ukraine", f.FOCUS), ("U fokusu: Ukrajina", f.FOCUS), ("Во фокусот: Украина", f.FOCUS),
        ("Στο επίκεντρο: Ουκρανία", f.FOCUS), ("Odak noktası: Ukrayna", f.FOCUS),
        ("• Email to a friend", f.SHARE), ("icon Print Version", f.SHARE), ("Share/Save/Bookmark", f.SHARE),
        ("Pošalji prijatelju", f.SHARE), ("Verzija za štampu", f.SHARE), ("Испрати на пријател", f.SHARE),
        ("Версия за печат", f.SHARE), ("Trimite unui prieten", f.SHARE), ("Yazıcı dostu sürüm", f.SHARE),
        ("Αποστολή σε φίλο", f.SHARE), ("Dërgoje te një mik", f.SHARE), ("Пошаљи пријатељу", f.SHARE),
        ("Email to a friend | Print Version | Share", f.SHARE),
        ("This content was commissioned for", f.COMMISSION),
        ("This content was commissioned for SETimes.com", f.COMMISSION),
        ("Ovaj sadržaj je naručen za", f.COMMISSION), ("Оваа содржина е нарачана за", f.COMMISSION),
        ("Acest conţinut a fost comandat pentru", f.COMMISSION), ("Kjo përmbajtje është porositur për", f.COMMISSION),
        ("We welcome your comments on SETimes's articles.", f.POLICY),
        ("SETimes's Comments Policy", f.POLICY), ("Pravila za komentare", f.POLICY), ("Yorum kuralları", f.POLICY),
        ("Komentari (3)", f.COMMENTS), ("Post a comment", f.COMMENTS), ("Σχόλια", f.COMMENTS),
        ("SETimes logo", f.LOGO), ("Home", f.NAV), ("Početna", f.NAV), ("Southeast European Times", f.NAV),
        ("© 2014 Southeast European Times. All rights reserved.", f.COPYRIGHT),
        ("Poll", f.POLL), ("Anketa", f.POLL), ("   •  ", f.EMPTY),
    ],
)  # fmt: skip
def test_labels(text, kind):
    assert f.classify(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "How can KFOR and the Serbian Army help foster better relations between Belgrade and Pristina? Share what you think in the comments section.",
        "Share what you think in the comments section.",
        "Da li će dogovor o energetici ubrzati normalizaciju odnosa? Podelite svoje mišljenje u odeljku za komentare.",
        "Je li Hrvatska spremna? Podijelite svoje mišljenje u odjeljku za komentare.",
        "Може ли България да спре миграцията? Споделете мнението си в раздела за коментари.",
        "Дали Македонија ќе добие покана? Споделете го вашето мислење во делот за коментари.",
        "Va reuşi România? Spuneţi-vă părerea în secţiunea de comentarii.",
        "Türkiye uzlaşabilir mi? Düşüncelerinizi yorum bölümünde paylaşın.",
        "Θα βγει η Ελλάδα από την κρίση; Μοιραστείτε τη γνώμη σας στην ενότητα των σχολίων.",
        "A do të jenë zgjedhjet të lira? Ndani mendimin tuaj në seksionin e komenteve.",
    ],
)
def test_reader_prompts(text):
    assert f.classify(text) == f.PROMPT


def test_comments_policy_paragraph():
    text = (
        "It is our hope that you will use this forum to interact with other readers across "
        "Southeast Europe. This is a moderated forum. Comments deemed abusive, offensive, or "
        "those containing profanity may not be published."
    )
    assert f.classify(text) == f.POLICY


@pytest.mark.parametrize(
    "text",
    [
        "The minister declined to comment on the deal.",
        "At the forum, officials declined to comment on the new rules.",
        "He said the comments section of the report was revised by the commission.",
        "Related to this, the government said it would act.",
        "Home owners in Belgrade face higher taxes this year, the ministry said.",
        "Focusing on the economy, the prime minister promised new jobs.",
        "Rodic said Serbian citizens trust KFOR more than any other institution in Kosovo.",
    ],
)
def test_article_sentences_are_not_furniture(text):
    assert f.classify(text) is None


def test_structure_helpers():
    assert f.undouble(
        "Region, Turkey optimistic about new EU leadersRegion, Turkey optimistic about new EU leaders"
    ) == ("Region, Turkey optimistic about new EU leaders")
    assert f.undouble("Some headline here Some headline here") == "Some headline here"
    assert f.undouble("A normal sentence.") is None
    assert f.is_prose("Florian Qehaja, executive director of the centre, agreed.")
    assert not f.is_prose("Most Popular")
    assert f.is_title_like("NATO and Serbia strive to strengthen co-operation in Kosovo")
    assert not f.is_title_like("It is a sentence that ends here.")
    assert f.is_poll_question("Πρέπει η Ελλάδα να παραμείνει στην ευρωζώνη;")
    assert f.is_error_text("Stranica nije pronađena")
    assert f.is_error_text("Sayfa bulunamadı")
    assert not f.is_error_text("NATO and Serbia strive to strengthen co-operation in Kosovo")


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Currently, KFOR troops patrol the line. [AFP]", "Currently, KFOR troops patrol the line.", "AFP"),
        ("Zyrtarët e KQZ-së gjatë një takimi. [Linda Karadaku/SETimes]", "Zyrtarët e KQZ-së gjatë një takimi.",
         "Linda Karadaku/SETimes"),
        ("Macedonian soldiers at an exercise [ Getty Images ]", "Macedonian soldiers at an exercise", "Getty Images"),
    ],
)  # fmt: skip
def test_captions(text, caption, credit):
    parsed = parse_caption(text)
    assert parsed is not None and (parsed.text, parsed.credit) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "The co-operation is important to the prospective [Serbian] government and NATO.",
        "He said it was true [sic]",
        "[AFP]",
        "Photo [AFP]".ljust(700, "x"),
    ],
)
def test_not_captions(text):
    assert parse_caption(text) is None


def _blocks(*specs):
    return [Block(t, link_ratio=r, path=p) for t, r, p in specs]


def test_unlabelled_link_lists_and_teasers_are_dropped_by_structure():
    body = [f"Paragraph {n} of the article says something that matters here." for n in range(4)]
    blocks = _blocks(
        ("A headline for the story", 0, (1, 2)),
        ("By Ana Lis for Southeast European Times in Sofia -- 10/03/14", 0, (1, 3)),
        (body[0], 0, (1, 4)),
        (body[1], 0, (1, 5)),
        ("Another story's headline", 1.0, (1, 6, 7)),  # an unlabelled inline link list
        ("Yet another linked headline", 1.0, (1, 6, 8)),
        (body[2], 0, (1, 9)),
        (body[3], 0, (1, 10)),
        ("A teaser headline in the sidebar", 1.0, (11, 12)),
        ("The teaser's one-sentence summary of a different story.", 0, (11, 13)),
        ("Second teaser headline", 1.0, (11, 14)),
        ("Second summary of yet another story in the region.", 0, (11, 15)),
        ("Terms", 1.0, (16,)),
    )
    article = parse_blocks(blocks)
    assert article.body == body
    assert article.title == "A headline for the story"


def test_labelled_box_inside_the_article_is_skipped_whole_and_text_resumes():
    blocks = _blocks(
        ("A headline for the story", 0, (1, 2)),
        ("The summary of the story in one sentence.", 0, (1, 3)),
        ("By Ana Lis for Southeast European Times -- 10/03/14", 0, (1, 4)),
        ("First paragraph of the article, which is long enough to count.", 0, (1, 5)),
        ("Focus on Ukraine", 0, (1, 6, 7)),
        ("Teaser headline in the box", 1.0, (1, 6, 8)),
        ("A summary sentence inside the box, which is not article text.", 0, (1, 6, 9)),
        ("Second paragraph of the article follows the box as usual.", 0, (1, 10)),
    )
    article = parse_blocks(blocks)
    assert article.lede == "The summary of the story in one sentence."
    assert article.body == [
        "First paragraph of the article, which is long enough to count.",
        "Second paragraph of the article follows the box as usual.",
    ]


def test_poll_in_the_middle_of_the_stream_is_dropped():
    blocks = _blocks(
        ("A headline for the story", 0, ()),
        ("By Ana Lis for Southeast European Times -- 10/03/14", 0, ()),
        ("First paragraph of the article, which is long enough to count.", 0, ()),
        ("Should Greece change how it handles illegal immigrants?", 0, ()),
        ("Yes", 0, ()),
        ("No", 0, ()),
        ("I don't know", 0, ()),
        ("Second paragraph of the article follows the poll as usual.", 0, ()),
    )
    assert parse_blocks(blocks).body == [
        "First paragraph of the article, which is long enough to count.",
        "Second paragraph of the article follows the poll as usual.",
    ]


def test_credit_on_its_own_line_makes_the_block_above_a_caption():
    blocks = _blocks(
        ("A headline for the story", 0, ()),
        ("By Ana Lis for Southeast European Times -- 10/03/14", 0, ()),
        ("Soldiers at an exercise near Krivolak.", 0, ()),
        ("[AFP]", 0, ()),
        ("First paragraph of the article, which is long enough to count.", 0, ()),
    )
    article = parse_blocks(blocks)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Soldiers at an exercise near Krivolak.", "AFP")
    ]
    assert article.body == ["First paragraph of the article, which is long enough to count."]
