"""What SETimes printed around its articles, per edition: no article body may hold any of it.

Share and print links, the commission note, the comments policy (its heading, its text, its
link), the reader prompt, box labels and the copyright line, as the eleven editions word them
(the sample archive's builder and the hand-written fixtures use these words). Kept apart from
the parsers on purpose: the parsers catch furniture by structure, and this list checks them
from outside.
"""

from __future__ import annotations

import re

from archive_search.text.folding import fold

# fmt: off
PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "This content was commissioned for", "Email to a friend", "Print Version",
        "Share/Save/Bookmark", "We welcome your comments on SETimes's articles",
        "It is our hope that you will use this forum", "This is a moderated forum",
        "SETimes's Comments Policy", "Share what you think in the comments section",
        "Related Articles", "Most Popular", "Post a comment", "All rights reserved",
    ),
    "sr_Latn": (
        "Ovaj sadržaj je naručen za", "Pošaljite prijatelju", "Pošalji prijatelju",
        "Verzija za štampu", "Podeli/Sačuvaj/Obeleži",
        "Dobrodošli su vaši komentari na članke SETimes-a",
        "Nadamo se da ćete ovaj forum koristiti", "Ovo je moderisani forum",
        "Pravila SETimes-a o komentarisanju", "Pravila za komentare",
        "Podelite svoje mišljenje u odeljku za komentare", "Povezani članci", "Najpopularnije",
        "Najčitanije", "Pošaljite komentar", "Sva prava zadržana",
    ),
    "sr_Cyrl": (
        "Овај садржај је наручен за", "Пошаљите пријатељу", "Верзија за штампу",
        "Подели/Сачувај/Обележи", "Добродошли су ваши коментари на чланке SETimes-а",
        "Надамо се да ћете овај форум користити", "Ово је модерисани форум",
        "Правила за коментаре", "Поделите своје мишљење у одељку за коментаре",
        "Повезани чланци", "Најчитаније", "Сва права задржана",
    ),
    "hr": (
        "Ovaj je sadržaj naručen za", "Ovaj sadržaj naručen je za", "Pošalji prijatelju",
        "Verzija za ispis", "Podijeli/Spremi/Označi",
        "Pozdravljamo vaše komentare na članke SETimesa",
        "Nadamo se kako ćete ovaj forum koristiti", "Ovo je moderirani forum",
        "Pravila SETimesa o komentiranju", "Pravila komentiranja",
        "Podijelite svoje mišljenje u odjeljku za komentare", "Povezani članci",
        "Najpopularnije", "Sva prava pridržana",
    ),
    "bs": (
        "Pošalji prijatelju", "Verzija za štampanje", "Povezani tekstovi", "Najčitanije",
        "Podijelite svoje mišljenje u odjeljku za komentare", "Ovaj sadržaj je naručen za",
    ),
    "mk": (
        "Оваа содржина е нарачана за", "Испрати на пријател", "Верзија за печатење",
        "Поврзани статии", "Најчитано", "Споделете го вашето мислење во делот за коментари",
    ),
    "sq": (
        "Kjo përmbajtje është porositur për", "Dërgoje te një mik", "Version për shtyp",
        "Shpërndaje", "Artikuj të ngjashëm", "Më të lexuarat",
        "Ndani mendimin tuaj në seksionin e komenteve",
    ),
    "ro": (
        "Acest conţinut a fost comandat pentru", "Trimite unui prieten",
        "Versiune pentru tipărire", "Distribuie", "Vă aşteptăm comentariile la articolele SETimes",
        "Acesta este un forum moderat", "Regulile pentru comentarii", "Articole similare",
        "Cele mai citite", "Spuneţi-vă părerea în secţiunea de comentarii",
    ),
    "bg": (
        "Това съдържание е поръчано за", "Изпрати на приятел", "Версия за печат",
        "Добре дошли са вашите коментари по статиите на SETimes", "Това е модериран форум",
        "Правила за коментари", "Сродни статии", "Най-четени",
        "Споделете мнението си в раздела за коментари",
    ),
    "el": (
        "Αυτό το περιεχόμενο δημιουργήθηκε κατά παραγγελία των", "Αποστολή σε φίλο",
        "Εκτύπωση", "Κοινοποίηση", "Καλοδεχούμενα τα σχόλιά σας στα άρθρα των SETimes",
        "Αυτό είναι ένα εποπτευόμενο φόρουμ", "Πολιτική σχολίων", "Σχετικά άρθρα",
        "Τα πιο δημοφιλή", "Μοιραστείτε τη γνώμη σας στην ενότητα των σχολίων",
    ),
    "tr": (
        "Bu içerik şunun için hazırlanmıştır", "Arkadaşına gönder", "Yazıcı dostu sürüm",
        "SETimes makaleleri hakkındaki yorumlarınızı bekliyoruz", "Bu, moderatörlü bir forumdur",
        "Yorum kuralları", "İlgili Haberler", "En çok okunanlar",
        "Düşüncelerinizi yorum bölümünde paylaşın",
    ),
}
# fmt: on

_PUNCTUATION = re.compile(r"[^\w\s]+")


def _key(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


#: (edition, phrase, folded phrase) for every phrase.
_KEYS = [(edition, phrase, _key(phrase)) for edition, items in PHRASES.items() for phrase in items]


def furniture_in(paragraph: str) -> list[tuple[str, str]]:
    """The (edition, phrase) pairs a paragraph holds: the whole of it, or inside it.

    A phrase of one or two words ("Εκτύπωση", "Most Popular") counts only as the whole
    paragraph, a longer one anywhere in it.
    """
    key = _key(paragraph)
    return [
        (edition, phrase)
        for edition, phrase, want in _KEYS
        if key == want or (len(want.split()) >= 3 and f" {want} " in f" {key} ")
    ]
