"""Which language (and script) an article is written in.

General identification is py3langid's (a naive Bayes model over byte n-grams,
97 languages, loaded lazily once per process). It is reliable for most
languages but not for the ones that matter most here, so two families are
settled by rules a linguist would use:

**Serbian / Croatian / Bosnian (Latin script).** One language with three
standards; identifiers trained on web text confuse them (py3langid calls most
Serbian Latin text Bosnian). The rules, in order:

1. *Yat reflex.* Standard Serbian is ekavian (``vreme, mesto, pre, posle,
   predsednik, deo``); Croatian and Bosnian are ijekavian (``vrijeme, mjesto,
   prije, poslije, predsjednik, dio``). Frequent words of both kinds are
   counted; more ekavian than ijekavian forms means Serbian.
2. *Vocabulary.* Croatian has its own words for everyday news vocabulary
   (``tisuća, tjedan, tijekom, proračun, gospodarstvo, suradnja, Europa, tko,
   milijun, sveučilište``), where Serbian and Bosnian share others
   (``hiljada, sedmica/nedelja, budžet, privreda, saradnja, Evropa, ko,
   milion, univerzitet``). Ijekavian text with the eastern vocabulary is
   Bosnian; with the Croatian vocabulary, Croatian. A few words separate
   Bosnian from Serbian when the yat gives no evidence (``historija,
   sedmica, općina`` against ``istorija, opština, bezbednost``).
3. Only when both are silent does the identifier's ranking among the three
   decide. Slovene is admitted into this family when lower-case words carry
   ``ć`` or ``đ``, which Slovene does not have.

**Cyrillic Serbian / Macedonian / Bulgarian / Russian.** The alphabets differ:
``ј љ њ џ`` are Serbian and Macedonian only, ``ђ ћ`` Serbian only, ``ѓ ќ ѕ``
Macedonian only; Bulgarian and Russian have ``й ъ щ я ю ь`` and none of
those; ``ы э ё`` are Russian (and Belarusian), not Bulgarian. Where the
letters are silent (Serbian and Macedonian share most of them), frequent
function words decide (``је, у, који, ће, није`` against ``е, во, кој, ќе,
дека``).

Results are ISO 639-1 codes; None when the text is too short or the
identifier is unsure.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

#: Fewer letters than this is too little to identify a language from.
MIN_LETTERS = 20
#: Below this probability (of the best language, or of its family) say None.
MIN_CONFIDENCE = 0.5
#: Characters of text examined; more adds time, not accuracy.
MAX_CHARS = 20_000

BCS = ("sr", "hr", "bs")
_BCS_FAMILY = (*BCS, "sl")
_CYRILLIC_FAMILY = ("sr", "mk", "bg", "ru", "uk", "be")

# Model labels that are not ISO 639-1 but belong to a language that has a code.
_LABEL_TO_ISO = {
    "ary": "ar",
    "arz": "ar",
    "gug": "gn",
    "uzs": "uz",
    "sdh": "ku",
    "wuu": "zh",
    "yue": "zh",
    "ltg": "lv",
}

_ISO_15924 = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "HEBREW": "Hebr",
    "ARABIC": "Arab",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "ORIYA": "Orya",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "SINHALA": "Sinh",
    "THAI": "Thai",
    "LAO": "Laoo",
    "TIBETAN": "Tibt",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "ETHIOPIC": "Ethi",
    "CHEROKEE": "Cher",
    "MONGOLIAN": "Mong",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "CJK": "Hani",
    "BOPOMOFO": "Bopo",
    "YI": "Yiii",
    "COPTIC": "Copt",
}
_JAPANESE = {"CJK", "HIRAGANA", "KATAKANA"}
#: ISO 15924 for text without letters, and for letters of a script not listed here.
NO_SCRIPT = "Zyyy"
UNKNOWN_SCRIPT = "Zzzz"

# -- Serbian / Croatian / Bosnian word lists (lower-case word forms) --------------
# Each entry is a regular expression for whole words; "…\w*" entries are stems.
_EKAVIAN = r"""
pre posle gde ovde onde negde dve deo ceo cela celo celu celog celoj
vreme mesto mesta mestu mestom mestima mesec\w* mesečn\w* reč reči rečima rečju
vest vesti vestima cena cene ceni cenu cenom cenama predsedni\w* predsedava\w*
sedi[šs]t\w* sednic\w* svetsk\w* izvešta\w* obavešt\w* uvek primer\w* mera mere meru
merama merom promen\w* primen\w* namer\w* zamen\w* smer\w* sever\w* deca dece deci decom
dete deteta lep lepa lepo lepe lepi pesm\w* pesni\w* verova\w* verovatn\w* nedelj\w*
izbegl\w* oseća\w* uspe[hš]\w* pobed\w* rešenj\w* reši\w* rešava\w* telo tela telu
telom delo dela delu delom delova\w* delatn\w* podel\w* odeljen\w* sledeć\w* posledic\w*
posledn\w* nasled\w* čovek\w* ocen\w* procen(?:a|e|i|u|om|ama|iti|io|ila|ili|jen\w*|ju\w*) vredn\w* beli bela belo bele belog
cvet\w* mleko hleb\w* sneg\w* zahtev\w* savet\w* svedo\w* bezbedn\w* obezbe\w* želeo
želela želeli hteo htela hteli živeo živela živeli voleo volela smeo razumeo videla videli
videti želeti živeti hteti razumeti umesto ponedelj\w* sreda sredu srede sredom
predlog\w* poset\w* pretnj\w* pretio pretila pretili dodel\w* podel\w* raspodel\w* zaver\w*
nemač\w* nemc\w* nemac svetl\w* napred\w*
"""
_IJEKAVIAN = r"""
prije poslije gdje ovdje ondje negdje dvije dio cijel\w* cjelokup\w* cjelin\w*
vrijeme mjesto mjesta mjestu mjestom mjestima mjesec\w* mjesečn\w* riječ\w* vijest\w*
cijen\w* predsjedni\w* predsjedava\w* sjedi[šs]t\w* sjednic\w* svjetsk\w* svijet\w*
izvješt\w* izvješć\w* obavješt\w* uvijek primjer\w* mjer\w* promjen\w* primjen\w* namjer\w*
zamjen\w* smjer\w* sjever\w* djec\w* dijete djeteta lijep\w* pjesm\w* pjesni\w* vjerova\w*
vjerovatn\w* vjerojatn\w* nedjelj\w* izbjegl\w* bježa\w* bježe\w* uspje[hš]\w* pobjed\w*
pobijedi\w* rješenj\w* riješi\w* rješava\w* tijel\w* djel\w* podjel\w* odjel\w* sljedeć\w*
slijede\w* posljedic\w* posljednj\w* nasljed\w* čovjek\w* ocjen\w* procjen\w* vrijedn\w*
bijel\w* cvijet\w* mlijek\w* hljeb\w* snijeg\w* zahtjev\w* savjet\w* svjedo\w* vijeć\w*
sjeć\w* bezbjedn\w* obezbije\w* osjeća\w* željela željeli htio htjela htjeli živio živjela
živjeli volio voljela smio razumio vidjela vidjeli vidjeti željeti živjeti htjeti razumjeti umjesto ponedjelj\w* srijed\w*
prijedlog\w* posjet\w* prijetnj\w* prijetio prijetila prijetili dijel\w* dodijel\w* dodjel\w*
raspodjel\w* zavjer\w* njemač\w* nijemc\w* nijemac svjetl\w* naprijed\w* ocijen\w*
"""
_CROATIAN = r"""
tko tisuć\w* tjedan tjedna tjednu tjednom tjedana tjedni tijekom točno točk\w*
gospodarst\w* gospodarsk\w* proračun\w* tvrtk\w* tvrtci zrakoplov\w* sveučilišt\w*
kazališt\w* glazb\w* povijest\w* povijesn\w* znanost\w* znanstven\w* suradnj\w* suradni\w*
surađ\w* priopćenj\w* obitelj\w* veleposlan\w* glasnogovorni\w* dužnosni\w* sudjelova\w*
sudjeluj\w* sudionik\w* mirovin\w* čimbeni\w* nogomet\w* siječnj\w* siječanj veljač\w*
ožujk\w* ožujak travanj travnj\w* svibanj svibnj\w* lipanj lipnj\w* srpanj srpnj\w*
kolovoz\w* rujan rujn\w* listopad\w* studenog studenoga prosinac prosinc\w* promidžb\w*
tiskovn\w* ravnatelj\w* zapovjedni\w* zastupni\w* unatoč usprkos iznimn\w* iznimk\w*
primjerice europ\w* euroatlant\w* milijun\w* financ\w* potpor\w* izvanredn\w*
postrojb\w* ubojst\w* ubojic\w* razdoblj\w* čelni\w* trenutačn\w* poduz\w* utje[cč]\w* dobiva\w* jamst\w* jamč\w*
zajamč\w* sustav\w* obran\w* uhit\w* udrug\w* neovis\w* utrk\w* ulagač\w* zaposleni[kc]\w*
pokop\w* vodstv\w* pojedinost\w* kruh\w* vlak vlaka vlakom vlakov\w* uvjet\w* inozem\w*
"""
_EASTERN = r"""
šta ko hiljad\w* takođe uprkos saradnj\w* saradni\w* sarađ\w* evro\w* vanredn\w*
ubistv\w* ubic\w* preduz\w* utica\w* dobija\w* sistem\w* odbran\w* uhaps\w* udružen\w*
nezavis\w* trka trke trci trku trkom sahran\w* da\sli
mo[žg]\w*\sda mora\w*\sda treba\w*\sda trebal\w*\sda hoć\w*\sda neć\w*\sda žel[ie]\w*\sda
budžet\w* univerzitet\w* avion\w* muzik\w* fudbal\w* portparol\w* zvanič\w*
učestvova\w* učestvuj\w* učesni\w* penzij\w* ambasad\w* uslov\w* tačk\w* tačn\w*
kancelarij\w* porodic\w* hemij\w* izuzetn\w* milion\w* finans\w* procenat procent\w*
poslanik\w* voz vozom vozu inostran\w*
"""
# Croatian and Bosnian, not Serbian.
_WESTERN = r"""
opć\w* vanjsk\w* organizira\w* privatizira\w* realizira\w* legalizira\w*
"""
_SERBIAN_ONLY = r"""
opšt\w* saopšt\w* spoljn\w* istorij\w* sprovod\w* sprove\w*
"""
_BOSNIAN_ONLY = r"""
historij\w* sedmic\w* saopć\w* lahk\w* kahv\w* hljeb\w*
"""

# -- Cyrillic ----------------------------------------------------------------------
_SERBIAN_LETTERS = frozenset("ђћЂЋ")
_MACEDONIAN_LETTERS = frozenset("ѓќѕЃЌЅ")
_SR_MK_LETTERS = frozenset("јљњџЈЉЊЏ")
_EAST_SLAVIC_LETTERS = frozenset("йъщяюьыэёЙЪЩЯЮЬЫЭЁ")
_RUSSIAN_LETTERS = frozenset("ыэёЫЭЁ")
_BULGARIAN_HARD_SIGN = frozenset("ъЪ")
_SERBIAN_CYRILLIC_WORDS = (
    r"је у који која које није био била били ће ћемо али када према између током"
)
_MACEDONIAN_WORDS = r"е во кој беше ги бил сите меѓу таа тој овој овие дека според ќе нѐ"


def _word_pattern(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words.split()) + r")(?!\w)", re.IGNORECASE)


_PATTERNS = {
    name: _word_pattern(words)
    for name, words in {
        "ekavian": _EKAVIAN,
        "ijekavian": _IJEKAVIAN,
        "hr": _CROATIAN,
        "eastern": _EASTERN,
        "western": _WESTERN,
        "sr": _SERBIAN_ONLY,
        "bs": _BOSNIAN_ONLY,
        "sr-cyrl": _SERBIAN_CYRILLIC_WORDS,
        "mk-cyrl": _MACEDONIAN_WORDS,
    }.items()
}
# Place names whose form belongs to the other variant ("Bijeljina" in Serbian).
_PLACE_NAMES = re.compile(
    r"(?<!\w)(?:Bijeljin\w*|Bijel\w*\s+Polj\w*|Beli\s+Manastir\w*|Bel\w*\s+(?:Crkv|Palank)\w*)"
)
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d_]+")
_LOWER_CASE_CJ_WORD = re.compile(r"(?<!\w)[a-zčćđšž]*[ćđ][a-zčćđšž]*")


# -- public ------------------------------------------------------------------------
def normalise_language_tag(tag: str) -> str | None:
    """ISO 639-1 code for a language tag or locale, or None for junk.

    Accepts BCP 47 tags in any case (``en-GB``, ``sr-Latn-RS``, ``EL``), POSIX
    locales (``sq_AL``, ``sr_RS.UTF-8@latin``), ISO 639-2/3 codes (``srp``,
    ``hrv``) and deprecated ones (``sh`` -> ``sr``, ``iw`` -> ``he``).
    """
    import langcodes

    if not isinstance(tag, str):
        return None
    cleaned = re.split(r"[.@]", tag.strip(), maxsplit=1)[0].replace("_", "-")
    if not cleaned:
        return None
    try:
        language = langcodes.Language.get(cleaned)
    except (langcodes.LanguageTagError, ValueError):
        return None
    code = language.language
    if not code or not language.is_valid():
        return None
    if len(code) != 2:
        code = language.prefer_macrolanguage().language or code
    return code if len(code) == 2 and code.isalpha() else None


def script_of(text: str) -> str:
    """ISO 15924 code of the script most of the text's letters are in.

    ``Latn``, ``Cyrl``, ``Grek``, ``Arab``, ``Hani``, ``Jpan``...; ``Zyyy`` when the
    text has no letters, ``Zzzz`` for a script this module does not name.
    """
    counts = Counter(_script(c) for c in text[:MAX_CHARS] if c.isalpha())
    if not counts:
        return NO_SCRIPT
    name = counts.most_common(1)[0][0]
    if name in _JAPANESE and (counts["HIRAGANA"] or counts["KATAKANA"]):
        return "Jpan"  # ISO 15924's code for kanji mixed with kana
    return _ISO_15924.get(name, UNKNOWN_SCRIPT)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when unsure or too short."""
    sample = _NOISE.sub(" ", unicodedata.normalize("NFC", text[: MAX_CHARS * 2]))[:MAX_CHARS]
    if sum(1 for c in sample if c.isalpha()) < MIN_LETTERS:
        return None
    ranking = dict(_identifier().rank(sample))
    best = max(ranking, key=ranking.__getitem__)
    script = script_of(sample)
    if script == "Latn" and _is_bcs(best, sample):
        return _confident(_choose_bcs(sample, ranking), ranking, _BCS_FAMILY)
    if script == "Cyrl" and (best in _CYRILLIC_FAMILY or best in BCS):
        return _confident(_choose_cyrillic(sample, ranking), ranking, _CYRILLIC_FAMILY)
    return _confident(best, ranking, (best,))


# -- the identifier ----------------------------------------------------------------
_LOCK = threading.Lock()


@functools.cache
def _load_identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _identifier() -> LanguageIdentifier:
    """The model, loaded on first use (about a second), once per process."""
    with _LOCK:
        return _load_identifier()


def _confident(label: str, ranking: dict[str, float], family: tuple[str, ...]) -> str | None:
    """The label as ISO 639-1 if the identifier backs it (or its family) enough."""
    support = sum(ranking.get(member, 0.0) for member in family)
    if support < MIN_CONFIDENCE:
        return None
    if label in _LABEL_TO_ISO:
        return _LABEL_TO_ISO[label]
    return label if len(label) == 2 else None


# -- Serbian / Croatian / Bosnian ---------------------------------------------------
def _is_bcs(best: str, sample: str) -> bool:
    if best in BCS:
        return True
    # Slovene has no ć or đ; lower-case words with them (not surnames) are BCS.
    return best == "sl" and len(_LOWER_CASE_CJ_WORD.findall(sample)) >= 2


def bcs_evidence(text: str) -> dict[str, int]:
    """Counts of the word classes the Serbian/Croatian/Bosnian rules weigh."""
    return {
        name: len(_PATTERNS[name].findall(text))
        for name in ("ekavian", "ijekavian", "hr", "eastern", "western", "sr", "bs")
    }


def _choose_bcs(sample: str, ranking: dict[str, float]) -> str:
    found = bcs_evidence(_PLACE_NAMES.sub(" ", sample))
    if found["ekavian"] > found["ijekavian"]:
        return "sr"
    if found["ijekavian"] > found["ekavian"]:
        return _best_or_model({"hr": found["hr"], "bs": found["eastern"] + found["bs"]}, ranking)
    # No yat evidence. Bosnian then needs words of its own; the model's
    # "Bosnian" for such text is mostly Serbian in Latin script, so it counts as that.
    scores = {"hr": found["hr"] + found["western"], "sr": found["eastern"] + found["sr"]}
    if found["bs"] + found["western"] > found["sr"]:
        scores["bs"] = found["eastern"] + found["western"] + found["bs"]
    merged = {**ranking, "sr": ranking.get("sr", 0.0) + ranking.get("bs", 0.0)}
    return _best_or_model(scores, merged)


def _best_or_model(scores: dict[str, int], ranking: dict[str, float]) -> str:
    """The clear winner of the rule scores; among tied leaders, the model's pick."""
    top = max(scores.values())
    leaders = [label for label, score in scores.items() if score == top]
    return max(leaders, key=lambda label: ranking.get(label, 0.0))


# -- Cyrillic ----------------------------------------------------------------------
def _choose_cyrillic(sample: str, ranking: dict[str, float]) -> str:
    letters = Counter(c for c in sample if c in _CYRILLIC_MARKERS)
    serbian = _total(letters, _SERBIAN_LETTERS)
    macedonian = _total(letters, _MACEDONIAN_LETTERS)
    south = serbian + macedonian + _total(letters, _SR_MK_LETTERS)
    east = _total(letters, _EAST_SLAVIC_LETTERS)
    if south > east:
        if serbian != macedonian:
            return "sr" if serbian > macedonian else "mk"
        words = {
            "sr": len(_PATTERNS["sr-cyrl"].findall(sample)),
            "mk": len(_PATTERNS["mk-cyrl"].findall(sample)),
        }
        return _best_or_model(words, ranking)
    others = {label: p for label, p in ranking.items() if label in {"bg", "ru", "uk", "be"}}
    best = max(others, key=others.__getitem__)
    if best in {"bg", "ru"}:
        russian = _total(letters, _RUSSIAN_LETTERS)
        hard = _total(letters, _BULGARIAN_HARD_SIGN)
        if russian == 0 and hard > 0:
            return "bg"
        if russian > 0 and russian >= hard:
            return "ru"
    return best


_CYRILLIC_MARKERS = _SERBIAN_LETTERS | _MACEDONIAN_LETTERS | _SR_MK_LETTERS | _EAST_SLAVIC_LETTERS


def _total(counts: Counter[str], letters: frozenset[str]) -> int:
    return sum(counts[c] for c in letters)


@functools.lru_cache(maxsize=8192)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in {"FULLWIDTH", "HALFWIDTH"} and " " in name:
        first = name.split(" ", 2)[1]
    return first or "UNKNOWN"
