"""Page furniture on SETimes pages: what is on the page but is not the article.

Two kinds of cue. Labels, in every edition's language: share and print links, "This content
was commissioned for", the reader prompt, the comments policy and form, "Related Articles",
"Most Popular", "Focus on ...", polls, logos, navigation. And structure, which needs no
vocabulary and so catches furniture nobody listed: link-only blocks, short lines that are not
sentences, a title pasted twice (image alt text plus link text: another article's teaser), a
question followed by one-word answers (a poll).

A label either ends the article (what SETimes prints after the last paragraph: share links,
commission note, reader prompt, comments) or opens a box (related articles, most popular,
focus, poll) that the article text may continue after.

An ending label may carry a heading nobody listed (the comments policy opens with "We welcome
your comments", in each edition's own words): :func:`ending_heading` tells it by where it
sits, in the label's own box or cut off from the article just above the label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from archive_search.text.folding import fold_label


@dataclass(frozen=True)
class Furniture:
    """A recognised piece of page furniture and what it means for the article stream."""

    kind: str
    ends_article: bool = False
    opens_box: bool = False


SHARE = Furniture("share links", ends_article=True)
COMMISSION = Furniture("commission note", ends_article=True)
PROMPT = Furniture("reader prompt", ends_article=True)
POLICY = Furniture("comments policy", ends_article=True)
COMMENTS = Furniture("comments", ends_article=True)
COPYRIGHT = Furniture("copyright", ends_article=True)
RELATED = Furniture("related articles", opens_box=True)
POPULAR = Furniture("most popular", opens_box=True)
FOCUS = Furniture("focus box", opens_box=True)
POLL = Furniture("poll", opens_box=True)
BOX = Furniture("unlabelled box", opens_box=True)
NAV = Furniture("navigation")
LOGO = Furniture("logo")
EMPTY = Furniture("no words")

# Labels as a whole block, per kind, in English and every edition's language.
_LABELS: dict[Furniture, str] = {
    SHARE: """
        email to a friend|e-mail to a friend|send to a friend|email this|email|e-mail|print
        |print version|printer friendly|printer-friendly version|print this|share|share this
        |share/save/bookmark|share save bookmark|bookmark|save|tweet|facebook|twitter|rss
        |pošalji prijatelju|pošaljite prijatelju|pošalji e-mailom|pošalji|verzija za štampu
        |verzija za štampanje|verzija za ispis|ispis|ispiši|štampaj|odštampaj|podijeli|podeli
        |podijelite|podelite|sačuvaj|spremi|пошаљи пријатељу|верзија за штампу|штампај|подели
        |испрати на пријател|испрати|верзија за печатење|печати|сподели|зачувај
        |изпрати на приятел|изпрати|версия за печат|печат|отпечатай|споделете|запази
        |trimite unui prieten|trimite|versiune pentru tipărire|versiune imprimabilă|tipăreşte
        |tipărește|printează|distribuie|salvează|arkadaşına gönder|arkadaşına e-posta gönder
        |yazdır|yazıcı dostu sürüm|baskı sürümü|paylaş|kaydet|αποστολή σε φίλο|στείλτε σε φίλο
        |εκτύπωση|εκτυπώσιμη μορφή|κοινοποίηση|μοιραστείτε|αποθήκευση|dërgoje te një mik
        |dërgo te një mik|dërgoja një miku|version për shtyp|versioni për shtyp|printo|shtyp
        |shpërndaje|ruaj""",
    COMMENTS: """
        comments|comment|post a comment|add a comment|add comment|leave a comment
        |write a comment|your comment|your name|name|e-mail address|email address|submit|send
        |komentari|komentar|dodaj komentar|ostavite komentar|vaš komentar|pošalji komentar
        |коментари|коментар|додај коментар|додади коментар|добави коментар|comentarii
        |comentariu|adaugă un comentariu|yorumlar|yorum|yorum ekle|yorum yaz|σχόλια|σχόλιο
        |προσθέστε σχόλιο|komente|koment|komentet|shto koment|lini një koment""",
    RELATED: """
        related articles|related article|related links|related stories|related news|related
        |see also|more on this topic|povezani članci|povezani tekstovi|povezane vijesti
        |povezane vesti|vezani članci|srodni članci|srodni tekstovi|pogledajte i|vidi i
        |сродни чланци|повезани чланци|сродни статии|свързани статии|поврзани статии
        |поврзани написи|сродни написи|articole similare|articole conexe|articole legate
        |ilgili haberler|ilgili makaleler|ilgili yazılar|σχετικά άρθρα|σχετικά θέματα|σχετικά
        |artikuj të ngjashëm|artikuj të lidhur|artikuj të afërt|lajme të ngjashme""",
    POPULAR: """
        most popular|most read|most viewed|most commented|most emailed|popular|najpopularnije
        |najčitanije|najkomentiranije|najkomentarisanije|najkomentarisanije|најпопуларно
        |најчитано|најпопуларније|најчитаније|най-популярни|най-четени|най-популярно
        |cele mai populare|cele mai citite|en popüler|en çok okunanlar|en çok okunan
        |τα πιο δημοφιλή|δημοφιλή|τα πιο διαβασμένα|më të lexuarat|më popullore
        |më të popullarizuarat|më të shikuarat""",
    POLL: """
        poll|vote|results|view results|previous polls|anketa|ankete|prethodne ankete|анкета
        |sondaj|anket|δημοσκόπηση|sondazh|glasajte|glasaj|гласај|гласајте|гласувај|гласувајте
        |votează|oy ver|ψηφίστε|votoni|rezultati|резултати|rezultate|sonuçlar|αποτελέσματα
        |rezultatet""",
    NAV: """
        home|homepage|features|newsbriefs|news briefs|roundup|archive|search|contact|contact us
        |about us|about setimes|terms of use|privacy|privacy policy|sitemap|site map|help|faq
        |back to top|top|next|previous|back|more|read more|subscribe|newsletter|login|log in
        |register|language|languages|photo gallery|gallery|video|photos|advertisement
        |english|shqip|bosanski|български|hrvatski|ελληνικά|македонски|română|srpski|српски
        |türkçe|setimes|setimes.com|southeast european times|početna|naslovna|početna strana
        |почетна|начало|pagina principală|acasă|ana sayfa|αρχική|kryefaqja|ballina|vesti
        |vijesti|вести|новини|știri|haberler|ειδήσεις|lajme|arhiva|архива|архив|arhivă|arşiv
        |αρχείο|arkivi|pretraga|pretraživanje|пребарување|търсене|caută|ara|αναζήτηση|kërko
        |reklama|реклама|publicitate|reklam|διαφήμιση|foto galerija|фото галерија""",
}
# Labels that start a short block ("Focus on Ukraine", "U fokusu: Ukrajina").
_PREFIXES: dict[Furniture, str] = {
    FOCUS: """
        focus on|in focus|u fokusu|fokus na|fokus|у фокусу|во фокусот|во фокус|фокус върху
        |на фокус|фокус|în centrul atenţiei|în centrul atenției|în atenţie|focus pe|odak noktası
        |odakta|odak|gündemde|στο επίκεντρο|εστίαση|në fokus|fokus në""",
    RELATED: "vidi još|pogledajte još",
    COPYRIGHT: "©|copyright|(c) 20|all rights reserved|sva prava zadržana|сва права задржана",
}
# The commission note starts a block of any length.
_COMMISSION: str = """
    this content was commissioned for|this article was commissioned for
    |ovaj sadržaj je naručen za|ovaj sadržaj naručen je za|ovaj sadržaj je pripremljen za
    |овај садржај је наручен за|оваа содржина е нарачана за|оваа содржина е подготвена за
    |овој содржај е нарачан за|това съдържание е поръчано за|това съдържание е изготвено за
    |acest conţinut a fost comandat pentru|acest conținut a fost comandat pentru
    |acest material a fost comandat pentru|bu içerik|το περιεχόμενο αυτό|αυτό το περιεχόμενο
    |kjo përmbajtje"""

_COMMENT_WORD = r"(?:comment\w*|koment\w*|comentari\w*|yorum\w*|σχολι\w*)"
_SECTION_WORD = (
    r"(?:sections?|odeljk[au]|odeljak|odjeljk[au]|odjeljak|odjelu|rubri(?:ci|ku|ka)|delot|delu"
    r"|razdela|razdel|sectiun\w*|bolum\w*|enotit\w*|seksion\w*|ενοτητ\w*|τμημ\w*)"
)
_PROMPT = re.compile(
    rf"{_SECTION_WORD}\W+(?:\w+\W+){{0,3}}?{_COMMENT_WORD}|{_COMMENT_WORD}\W+(?:\w+\W+){{0,2}}?{_SECTION_WORD}"
)
_POLICY_WORD = (
    r"(?:policy|rules|pravil\w*|politik\w*|politic\w*|regul\w*|kural\w*|πολιτικ\w*|κανον\w*"
    r"|rregull\w*)"
)
_POLICY_ADJACENT = re.compile(
    rf"{_COMMENT_WORD}\W+(?:\w+\W+){{0,1}}?{_POLICY_WORD}|{_POLICY_WORD}\W+(?:\w+\W+){{0,2}}?{_COMMENT_WORD}"
)
_WELCOME = re.compile(
    r"welcome|dobrodosl|dobredojd|dobre dos|bine a\w* venit|asteptam|bekliyoruz|καλοδεχ|mirepres"
)
# Cues of a comments-policy text; two of them (plus a comment word) make one.
_POLICY_CUES = (
    re.compile(r"welcome your comments"),
    _POLICY_ADJACENT,
    re.compile(r"\bforum\w*|φορουμ|\bforum"),
    re.compile(r"moderat\w*|moderir\w*|moderu\w*|εποπτ\w*"),
    re.compile(
        r"abusiv|offensiv|profanit|uvredlj|navredliv|obidn|jignues|hakaret|προσβλητ|ofensato"
    ),
    re.compile(r"copy-?past"),
)
# "Related: ...", "Tags: ...": a label and its list in one line
_LIST_LABEL = re.compile(
    r"^\W*(?:related|see also|tags|keywords|oznake|kljucne reci|etichete|etiketler|ετικετες"
    r"|etiketa|oznaki)\s*:"
)
# a reader prompt asks for the reader's opinion
_OPINION = re.compile(
    r"\b(?:you|your|share|tell us|let us know|think|opinion|misljenj\w*|mislenj\w*|mnenie\w*"
    r"|podel\w*|podijel\w*|spodel\w*|recite|kazete|parere\w*|spune\w*|impartas\w*|paylas\w*"
    r"|dusunce\w*|gorus\w*|μοιραστ\w*|πειτε|γνωμη|σας|ndani|mendim\w*|tregoni|vase|vasa|vas)\b"
)
_COMMENT_WORD_RE = re.compile(_COMMENT_WORD)
_GREEK = re.compile(r"[\u0370-\u03ff]")
_LOGO = re.compile(r"\b(?:logo|лого|λογοτυπο)\w*", re.IGNORECASE)
_BULLETS = re.compile(r"^[\s•·▪►▸»«*>|\-–—]+|[\s•·▪►▸»«*>|:\-–—]+$")
_ICON = re.compile(r"^(?:icon|ikona|икона|εικονίδιο)\s+", re.IGNORECASE)
_COUNT = re.compile(r"\s*[(\[]?\d+[)\]]?\s*$|^\s*\d+\s+")
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s{3,}")
_SENTENCE_END = re.compile(r"[.!?;…:](?:['\"’”»)\]]*)$|['\"’”»]$")

_ERROR = re.compile(
    r"page not found|\b404\b|not found|could not be found|cannot be found|does not exist"
    r"|no longer available|internal server error|service unavailable|access denied|forbidden"
    r"|nije pronadjen|ne postoji|nije dostupn|ne e pronajden|ne e namer|nu a fost gasit"
    r"|nu exista|bulunamadı|bulunamadi|mevcut degil|δεν βρεθηκε|δεν υπαρχει|nuk u gjet"
    r"|nuk ekziston|\b(?:greska|eroare|hata|σφαλμα|gabim)\b"
)


def label_key(text: str) -> str:
    """A block reduced to the words that identify a label: no bullets, icons, counts, case."""
    text = _BULLETS.sub("", " ".join(text.split()))
    text = _ICON.sub("", text)
    text = _COUNT.sub("", text)
    return " ".join(fold_label(text).replace("/", " ").split()).strip(" .:!")


def _table(spec: str) -> list[str]:
    return [label_key(item) for item in spec.split("|") if label_key(item)]


_EXACT: dict[str, Furniture] = {}
for _kind, _spec in reversed(list(_LABELS.items())):
    _EXACT.update(dict.fromkeys(_table(_spec), _kind))
_PREFIX_LIST: list[tuple[str, Furniture]] = [
    (prefix, kind) for kind, spec in _PREFIXES.items() for prefix in _table(spec)
]
_COMMISSION_PREFIXES = tuple(_table(_COMMISSION))


def words(text: str) -> int:
    return len(text.split())


def classify(text: str) -> Furniture | None:
    """The furniture a block of text is, by its label or its standard wording; else None."""
    n = words(text)
    if n <= 40:
        key = label_key(text)
        if not key:
            return EMPTY
        found = _short_label(text, key) if n <= 12 else None
        if found or key.startswith(_COMMISSION_PREFIXES):
            return found or COMMISSION
    folded = fold_label(text)
    if not _COMMENT_WORD_RE.search(folded):  # prompts and policies all talk of comments
        return None
    return _comments_talk(text, folded, n)


def _comments_talk(text: str, folded: str, n: int) -> Furniture | None:
    """The reader prompt or the comments policy, told from article sentences about comments."""
    question = "?" in text or (";" in text and bool(_GREEK.search(text)))
    if _PROMPT.search(folded) and ((n <= 60 and question) or (n <= 25 and _OPINION.search(folded))):
        return PROMPT
    if n <= 25 and (_POLICY_ADJACENT.search(folded) or _WELCOME.search(folded)):
        return POLICY
    if sum(bool(c.search(folded)) for c in _POLICY_CUES) >= 2:
        return POLICY
    return None


def _short_label(text: str, key: str) -> Furniture | None:
    if key in _EXACT:
        return _EXACT[key]
    parts = [label_key(p) for p in _SEPARATORS.split(text)] if _SEPARATORS.search(text) else []
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(p in _EXACT for p in parts):
        kinds = [_EXACT[p] for p in parts]
        return SHARE if SHARE in kinds else kinds[0]
    for prefix, kind in _PREFIX_LIST:
        if key.startswith(prefix) and (len(key) == len(prefix) or not key[len(prefix)].isalnum()):
            return kind
    if key.startswith(_COMMISSION_PREFIXES):
        return COMMISSION
    if _LIST_LABEL.match(fold_label(text)):
        return RELATED
    if words(text) <= 4 and _LOGO.search(text):
        return LOGO
    return None


# -- structure -----------------------------------------------------------------
def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_prose(text: str) -> bool:
    """Running text: a sentence of some length, as article paragraphs are."""
    n = words(text)
    return n >= 25 or (n >= 6 and ends_sentence(text))


def is_title_like(text: str) -> bool:
    """A short line that is not a sentence: a headline, a link, a label, a menu entry."""
    n = words(text)
    stripped = text.rstrip()
    return 0 < n <= 25 and len(text) <= 250 and not stripped.endswith((".", ":", ";", ","))


def is_short_line(text: str) -> bool:
    """A few words without a sentence ending: menu entries, poll answers, labels."""
    return words(text) <= 6 and not (words(text) >= 4 and ends_sentence(text))


def undouble(text: str) -> str | None:
    """The single copy of a text written twice in a row (image alt plus link text), else None."""
    text = text.strip()
    size = len(text)
    for gap in (0, 1):
        half = (size - gap) // 2
        if half >= 8 and half * 2 + gap == size and text[:half] == text[half + gap :]:
            return text[:half].strip()
    return None


def is_poll_question(text: str) -> bool:
    return 3 <= words(text) <= 30 and text.rstrip().endswith(("?", ";")) and "\n" not in text


def is_error_text(text: str) -> bool:
    """An error page's wording ("Page not found", "Stranica nije pronađena", "404")."""
    return bool(_ERROR.search(fold_label(text)))


# -- the heading of an article-ending label --------------------------------------------
#: Most words of a heading that :func:`ending_heading` may take off the end of the body.
MAX_HEADING_WORDS = 25
#: Most paragraphs it may take.
MAX_HEADING_BLOCKS = 2


class Located(Protocol):
    """A block of page text and the elements around it (outermost first; empty in text dumps)."""

    @property
    def text(self) -> str: ...

    @property
    def path(self) -> tuple[int, ...]: ...


def ending_heading(
    blocks: Sequence[Located], label: int, taken: Sequence[int], chars: Mapping[int, int]
) -> int:
    """How many of the last paragraphs taken are the heading of the article-ending label.

    ``blocks[label]`` ends the article; ``taken`` are the indexes of the blocks taken as
    body paragraphs, in order; ``chars`` the characters of text inside each element. By
    structure, whatever its wording, a short paragraph belongs to the label when

    * it sits in the label's own box: the smallest element around the label that holds
      more than the label, when that element does not hold the article's first paragraph
      (the comments policy's bold "We welcome your comments" in the policy's ``div``); or
    * with no box to tell (text dumps), it stands right above the label, talks of
      comments, and is cut off from the article above it by something that is not article
      text (share links, a link row, a label nobody listed).
    """
    if len(taken) < 2:
        return 0
    own = blocks[label]
    box = _own_box(own.path, len(own.text), chars)
    if box is not None and box not in blocks[taken[0]].path:
        n = 0
        for i in reversed(taken[1:]):
            if box not in blocks[i].path or words(blocks[i].text) > MAX_HEADING_WORDS:
                break
            n += 1
        return min(n, MAX_HEADING_BLOCKS)
    last, before = taken[-1], taken[-2]
    text = blocks[last].text
    cut_off = last - before > 1 or not is_sentence(blocks[before].text)
    if (
        cut_off
        and last == label - 1
        and words(text) <= MAX_HEADING_WORDS
        and _COMMENT_WORD_RE.search(fold_label(text))
    ):
        return 1
    return 0


def is_sentence(text: str) -> bool:
    """Article text, however short: "He declined to comment." is one."""
    return is_prose(text) or (words(text) >= 3 and ends_sentence(text))


def _own_box(path: tuple[int, ...], own: int, chars: Mapping[int, int]) -> int | None:
    for node in reversed(path):
        if chars.get(node, 0) > own + 3:
            return node
    return None
