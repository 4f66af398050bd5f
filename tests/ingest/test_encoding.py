"""Page bytes to Unicode: the region's legacy code pages, declarations right and wrong, mojibake."""

from __future__ import annotations

import codecs
import gzip
import random
import subprocess
import sys
import unicodedata

import pytest

from archive_search.errors import Skip, SkipSource
from archive_search.ingest.encoding import (
    alphabet_fit,
    codec_for_label,
    declared_charsets,
    decode_bytes,
    fix_mojibake,
)
from tests.paths import SHARED

# Paragraph-length news text: code-page detection is not expected to work on three words.
SERBIAN = (
    "Predsednik Srbije izjavio je u utorak da će vlada nastaviti dijalog sa Prištinom, ali da "
    "neće priznati nezavisnost Kosova. On je rekao da je sporazum postignut u Briselu pre dve "
    "godine najbolje rešenje za građane na severu i da očekuje da Evropska unija ispuni svoja "
    "obećanja. Šef diplomatije je dodao da Đurić i Živković učestvuju u pregovorima, a sledeći "
    "sastanak biće održan posle izbora, kada nova vlada preuzme dužnost."
)
CROATIAN = (
    "Hrvatski premijer izjavio je u utorak kako će vlada tijekom sljedećeg tjedna predstaviti "
    "nove mjere za poticanje gospodarstva. Prema njegovim riječima, proračun za iduću godinu "
    "bit će usmjeren na ulaganja u obrazovanje i znanost, a tvrtke koje zapošljavaju mlade "
    "dobit će porezne olakšice. Oporba tvrdi da mjere dolaze prekasno i da tisuće obitelji "
    "žive na rubu siromaštva. Župan Šibensko-kninske županije Đuro Žeravica najavio je nove projekte."
)
BOSNIAN = (
    "Predsjedništvo Bosne i Hercegovine razmatralo je u srijedu prijedlog budžeta za narednu "
    "godinu, a članovi su se složili da je neophodno povećati izdvajanja za zdravstvo. Prema "
    "riječima predsjedavajućeg, saradnja sa Evropskom unijom i dalje je prioritet. Hiljade "
    "građana protestovalo je ispred zgrade Vijeća ministara, a šef kabineta Željko Đogić "
    "obećao je da će odgovor stići do kraja sedmice."
)
SERBIAN_CYRILLIC = (
    "Председник Србије изјавио је у уторак да ће влада наставити дијалог са Приштином, али да "
    "неће признати независност Косова. Он је рекао да је споразум постигнут у Бриселу пре две "
    "године најбоље решење за грађане на северу и да очекује да Европска унија испуни своја "
    "обећања. Према речима званичника, следећи састанак биће одржан после избора."
)
MACEDONIAN = (
    "Претседателот на Македонија изјави во вторникот дека владата ќе продолжи со реформите во "
    "судството и дека земјата очекува датум за почеток на преговорите со Европската унија. "
    "Според него, сите политички партии треба да соработуваат за да се надминат проблемите со "
    "соседите. Опозицијата бара предвремени избори, а ѕидовите на старата зграда се уште стојат."
)
BULGARIAN = (
    "Правителството на България обяви в сряда, че ще отпусне допълнителни средства за "
    "модернизация на армията и за подкрепа на земеделските производители, засегнати от сушата. "
    "Според министъра на финансите бюджетът за следващата година ще бъде балансиран, а данъците "
    "няма да бъдат увеличени. Опозицията заяви, че реформите в съдебната система се бавят."
)
GREEK = (
    "Ο πρωθυπουργός της Ελλάδας δήλωσε την Τρίτη ότι η κυβέρνηση θα συνεχίσει τις "
    "μεταρρυθμίσεις στην οικονομία, παρά τις αντιδράσεις των συνδικάτων. Σύμφωνα με τον υπουργό "
    "Οικονομικών, ο προϋπολογισμός του επόμενου έτους προβλέπει μείωση των δαπανών και αύξηση "
    "των επενδύσεων στον τουρισμό και στη ναυτιλία. Η αντιπολίτευση ζητά πρόωρες εκλογές."
)
TURKISH = (
    "Türkiye Başbakanı salı günü yaptığı açıklamada, hükümetin Avrupa Birliği ile müzakereleri "
    "sürdürmeye kararlı olduğunu ve yargı reformunun önümüzdeki aylarda tamamlanacağını söyledi. "
    "İstanbul'da düzenlenen toplantıda konuşan bakan, ekonominin güçlü bir şekilde büyüdüğünü "
    "ve işsizliğin azaldığını belirtti. Muhalefet ise basın özgürlüğüne ilişkin kaygılarını dile getirdi."
)
ALBANIAN = (
    "Kryeministri i Shqipërisë deklaroi të martën se qeveria do të vazhdojë reformat në sistemin "
    "e drejtësisë dhe në luftën kundër korrupsionit. Sipas tij, hapja e negociatave me Bashkimin "
    "Evropian mbetet objektivi kryesor i vendit, ndërsa opozita kërkon zgjedhje të parakohshme."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag angekündigt, zusätzliche Mittel für die Modernisierung "
    "der Infrastruktur bereitzustellen. Nach Angaben des Finanzministers soll der Haushalt im "
    "kommenden Jahr ausgeglichen sein; die Opposition erklärte, die Bürger bräuchten größere Entlastungen."
)
ROMANIAN = (
    "Guvernul României a anunțat marți că va aloca fonduri suplimentare pentru modernizarea "
    "infrastructurii și pentru sprijinirea fermierilor afectați de secetă. Potrivit ministrului "
    "finanțelor, bugetul pentru anul viitor va fi echilibrat, iar impozitele nu vor fi majorate."
)

TEXTS = {
    "sr": SERBIAN,
    "hr": CROATIAN,
    "bs": BOSNIAN,
    "sr-Cyrl": SERBIAN_CYRILLIC,
    "mk": MACEDONIAN,
    "bg": BULGARIAN,
    "el": GREEK,
    "tr": TURKISH,
    "sq": ALBANIAN,
    "de": GERMAN,
    "ro": ROMANIAN,
}

# (text, its legacy code page, the WHATWG label a page would declare)
LEGACY = [
    pytest.param(SERBIAN, "cp1250", "windows-1250", id="sr-windows-1250"),
    pytest.param(CROATIAN, "cp1250", "windows-1250", id="hr-windows-1250"),
    pytest.param(BOSNIAN, "cp1250", "windows-1250", id="bs-windows-1250"),
    pytest.param(SERBIAN, "iso8859_2", "iso-8859-2", id="sr-iso-8859-2"),
    pytest.param(CROATIAN, "iso8859_2", "iso-8859-2", id="hr-iso-8859-2"),
    pytest.param(BOSNIAN, "iso8859_2", "iso-8859-2", id="bs-iso-8859-2"),
    pytest.param(SERBIAN_CYRILLIC, "cp1251", "windows-1251", id="sr-windows-1251"),
    pytest.param(MACEDONIAN, "cp1251", "windows-1251", id="mk-windows-1251"),
    pytest.param(BULGARIAN, "cp1251", "windows-1251", id="bg-windows-1251"),
    pytest.param(MACEDONIAN, "iso8859_5", "iso-8859-5", id="mk-iso-8859-5"),
    pytest.param(GREEK, "cp1253", "windows-1253", id="el-windows-1253"),
    pytest.param(GREEK, "iso8859_7", "iso-8859-7", id="el-iso-8859-7"),
    pytest.param(TURKISH, "cp1254", "windows-1254", id="tr-windows-1254"),
    pytest.param(ALBANIAN, "cp1252", "windows-1252", id="sq-windows-1252"),
    pytest.param(ALBANIAN, "cp1250", "windows-1250", id="sq-windows-1250"),
    pytest.param(GERMAN, "cp1252", "iso-8859-1", id="de-latin-1"),
    pytest.param(ROMANIAN, "iso8859_16", "iso-8859-16", id="ro-iso-8859-16"),
]


def html(text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>Vijesti</title></head>"
        f"<body><article><h1>Naslov</h1><p>{text}</p></article></body></html>"
    )


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">'


def meta_http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


# -- the region's legacy code pages ---------------------------------------------
@pytest.mark.parametrize(("text", "codec", "label"), LEGACY)
def test_legacy_page_without_any_declaration(text: str, codec: str, label: str) -> None:
    assert decode_bytes(text.encode(codec)) == text
    assert decode_bytes(html(text).encode(codec)) == html(text)


@pytest.mark.parametrize(("text", "codec", "label"), LEGACY)
def test_legacy_page_with_its_charset_declared(text: str, codec: str, label: str) -> None:
    for meta in (meta_charset(label), meta_http_equiv(label.upper())):
        page = html(text, meta)
        assert decode_bytes(page.encode(codec)) == page
    assert decode_bytes(html(text).encode(codec), declared=label) == html(text)
    assert decode_bytes(text.encode(codec), declared=f"text/html; charset={label}") == text


@pytest.mark.parametrize(("text", "codec", "label"), LEGACY)
def test_xml_declaration(text: str, codec: str, label: str) -> None:
    page = f'<?xml version="1.0" encoding="{label}"?>\n<rss><item><p>{text}</p></item></rss>'
    assert decode_bytes(page.encode(codec)) == page


@pytest.mark.parametrize(
    ("text", "codec", "wrong"),
    [
        # the classic: a western template on a windows-1250 site
        pytest.param(CROATIAN, "cp1250", "iso-8859-1", id="hr-1250-said-latin-1"),
        pytest.param(SERBIAN, "cp1250", "windows-1252", id="sr-1250-said-1252"),
        # windows-1250 and ISO-8859-2 differ in š ž Š Ž (0x9A vs 0xB9...)
        pytest.param(CROATIAN, "iso8859_2", "windows-1250", id="hr-latin-2-said-1250"),
        pytest.param(SERBIAN, "cp1250", "iso-8859-2", id="sr-1250-said-latin-2"),
        pytest.param(TURKISH, "cp1254", "windows-1250", id="tr-1254-said-1250"),
        pytest.param(GREEK, "cp1253", "windows-1251", id="el-1253-said-1251"),
        pytest.param(SERBIAN_CYRILLIC, "cp1251", "koi8-r", id="sr-1251-said-koi8"),
        pytest.param(BULGARIAN, "cp1251", "utf-8", id="bg-1251-said-utf-8"),
        pytest.param(BOSNIAN, "cp1250", "windows-1251", id="bs-1250-said-1251"),
        pytest.param(MACEDONIAN, "cp1251", "shift_jis", id="mk-1251-said-sjis"),
        pytest.param(ALBANIAN, "cp1252", "no-such-charset", id="sq-unknown-label"),
    ],
)
def test_a_wrong_declared_charset_is_overruled(text: str, codec: str, wrong: str) -> None:
    page = html(text, meta_charset(wrong))
    assert decode_bytes(page.encode(codec)) == page
    assert decode_bytes(text.encode(codec), declared=wrong) == text


def test_the_two_latin_2_code_pages_really_differ_where_tested() -> None:
    assert "š".encode("cp1250") == b"\x9a"
    assert "š".encode("iso8859_2") == b"\xb9"
    assert CROATIAN.encode("cp1250") != CROATIAN.encode("iso8859_2")


# -- UTF-8 ------------------------------------------------------------------------
@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_utf8_with_and_without_bom(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text


def test_utf8_beats_a_wrong_legacy_declaration() -> None:
    page = html(SERBIAN, meta_charset("windows-1251"))
    assert decode_bytes(page.encode("utf-8"), declared="iso-8859-2") == page


@pytest.mark.parametrize("text", [SERBIAN_CYRILLIC, TURKISH, GREEK], ids=["sr", "tr", "el"])
def test_utf16_with_and_without_bom(text: str) -> None:
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text
    assert decode_bytes(codecs.BOM_UTF32_LE + text.encode("utf-32-le")) == text


def test_utf8_cut_in_the_middle_of_a_character_loses_only_that_character() -> None:
    data = SERBIAN_CYRILLIC.encode("utf-8")
    assert decode_bytes(data[:-1]) == SERBIAN_CYRILLIC[:-1]
    assert decode_bytes("Ђурђевдан".encode()[:-1]) == "Ђурђевда"


def test_utf8_page_with_a_legacy_island_decodes_both_parts() -> None:
    # a UTF-8 template around an article pasted from a windows-1250 database
    head, article = html(BOSNIAN).split("<p>", 1)
    data = (head + "<p>").encode("utf-8") + article.encode("cp1250")
    assert decode_bytes(data) == html(BOSNIAN)
    cyrillic = MACEDONIAN.encode("utf-8") + b" | " + SERBIAN_CYRILLIC.encode("cp1251")
    assert decode_bytes(cyrillic) == MACEDONIAN + " | " + SERBIAN_CYRILLIC


def test_clean_text_is_left_exactly_as_it_is() -> None:
    text = (
        "„Navodnici“ i «guillemets», ‘single’ “double” — dash – en dash … ellipsis, ﬁ ligature, "
        "ＦＵＬＬ width, &amp; entity, nbsp\u00a0here, Ⅻ, 10 €, © 2014, İstanbul, ß, Æsir"
    )
    assert decode_bytes(text.encode("utf-8")) == text
    for sample in TEXTS.values():
        assert fix_mojibake(sample) == sample


def test_output_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", SERBIAN + GREEK)
    assert decomposed != SERBIAN + GREEK
    assert decode_bytes(decomposed.encode("utf-8")) == SERBIAN + GREEK


# -- mojibake ------------------------------------------------------------------------
def mojibake(text: str, codec: str = "sloppy-windows-1252", times: int = 1) -> str:
    """UTF-8 read as a code page (and saved again as UTF-8), as browsers and PHP do.

    The "sloppy" codecs are ftfy's: the code page with its unassigned bytes kept
    as the C1 controls a browser would produce.
    """
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-* codecs)

    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
@pytest.mark.parametrize("times", [1, 2], ids=["once", "twice"])
@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_mojibake_is_repaired(text: str, times: int, codec: str) -> None:
    broken = mojibake(text, codec, times)
    assert broken != text
    assert decode_bytes(broken.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (SERBIAN_CYRILLIC, "sloppy-windows-1251"),
        (BULGARIAN, "sloppy-windows-1251"),
        (CROATIAN, "sloppy-windows-1250"),
        (GREEK, "sloppy-windows-1253"),
        (TURKISH, "sloppy-windows-1254"),
    ],
)
def test_mojibake_through_the_regions_code_pages_is_repaired(text: str, codec: str) -> None:
    assert decode_bytes(mojibake(text, codec).encode("utf-8")) == text


def test_mojibake_in_part_of_a_page_is_repaired_in_that_part() -> None:
    page = html(CROATIAN).replace("Naslov", mojibake("Župan Đuro Žeravica: nove mjere"))
    assert decode_bytes(page.encode("utf-8")) == html(CROATIAN).replace(
        "Naslov", "Župan Đuro Žeravica: nove mjere"
    )


def test_mojibake_repair_leaves_quotes_and_dashes_alone() -> None:
    text = "“Ovo je — kako reče — ‘važno’…” rekao je Đurić."
    assert decode_bytes(mojibake(text).encode("utf-8")) == text


# -- binary -------------------------------------------------------------------------
BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8,
    "gif": b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(range(256)),
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
    "gzip": gzip.compress(b"<html>nested</html>"),
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(range(256)),
    "random": random.Random(7).randbytes(4096),
    "nul-laden": (b"<html>" + b"\x00\x01\x02\x03" * 500 + b"</html>"),
    "controls": bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 100 + b"<p>text</p>",
}


@pytest.mark.parametrize("data", BINARY.values(), ids=BINARY.keys())
def test_binary_content_is_refused(data: bytes) -> None:
    with pytest.raises(SkipSource) as caught:
        decode_bytes(data)
    assert caught.value.reason == Skip.BINARY


def test_a_stray_nul_in_a_long_page_is_dropped_not_refused() -> None:
    page = html(CROATIAN * 3)
    data = page.encode("utf-8")
    assert decode_bytes(data[:100] + b"\x00" + data[100:]) == page


def test_empty_input_is_empty_text() -> None:
    assert decode_bytes(b"") == ""


# -- helpers --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("windows-1250", "cp1250"),
        ("text/html; charset=Windows-1251", "cp1251"),
        ("'ISO-8859-2'", "iso8859-2"),
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("utf8", "utf-8"),
        ("utf-16", None),
        ("base64", None),
        ("rot13", None),
        ("x-no-such", None),
        ("", None),
        (None, None),
    ],
)
def test_codec_for_label(label: str | None, codec: str | None) -> None:
    assert codec_for_label(label) == codec


def test_declared_charsets_in_document_order() -> None:
    page = (
        b'<?xml version="1.0" encoding="ISO-8859-2"?><html><head>'
        b'<meta http-equiv="content-type" content="text/html;charset=windows-1250" />'
        b"<meta charset='utf-8'></head></html>"
    )
    assert declared_charsets(page) == ["ISO-8859-2", "windows-1250", "utf-8"]
    assert declared_charsets(b"<html><p>charset=koi8-r in text</p></html>") == []


def test_alphabet_fit_tells_right_from_wrong_code_page() -> None:
    data = TURKISH.encode("cp1254")
    assert alphabet_fit(data.decode("cp1254")) == 1.0
    assert alphabet_fit(data.decode("cp1250")) < 0.7  # "Baţbakaný": three alphabets at once
    assert alphabet_fit(CROATIAN.encode("iso8859_2").decode("cp1250")) < 0.9  # "©ibenik"
    assert alphabet_fit("plain ASCII text") == 1.0


def test_imports_stay_cheap() -> None:
    """The search path must not pay for charset-normalizer, ftfy or the language model."""
    code = (
        "import sys\n"
        "import archive_search.ingest.encoding, archive_search.ingest.reading\n"
        "import archive_search.ingest.language\n"
        "heavy = {'charset_normalizer', 'ftfy', 'py3langid', 'langcodes'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.skipif(not SHARED.exists(), reason="needs the shared corpora beside the repo")
def test_real_utf8_pages_decode_as_utf8() -> None:
    pages = sorted((SHARED / "corpora" / "extraction-dev" / "html").glob("*.html.gz"))
    assert pages
    unchanged = 0
    for path in pages[:20]:
        data = gzip.decompress(path.read_bytes())
        text = decode_bytes(data)
        expected = unicodedata.normalize("NFC", data.decode("utf-8"))
        if text == expected:
            unchanged += 1
        else:  # genuine mojibake a page carries may be repaired; nothing else may change
            assert len(text) >= len(expected) * 0.99
            assert fix_mojibake(expected) == text
    assert unchanged >= 15
