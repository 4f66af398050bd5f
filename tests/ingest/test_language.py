"""Language and script identification, with the region's look-alike languages told apart."""

from __future__ import annotations

import json

import pytest

from archive_search.ingest import language
from archive_search.ingest.language import (
    bcs_evidence,
    detect_language,
    normalise_language_tag,
    script_of,
)
from tests.paths import SHARED

PARAGRAPHS = {
    "en": [
        "The European Commission said on Tuesday that Serbia had made significant progress in "
        "its talks with Kosovo, but warned that reforms of the judiciary and the fight against "
        "organised crime must continue before the country can open new chapters in its "
        "accession negotiations. Officials in Belgrade welcomed the report."
    ],
    "sq": [
        "Kryeministri i Shqipërisë deklaroi të martën se qeveria do të vazhdojë reformat në "
        "sistemin e drejtësisë dhe në luftën kundër korrupsionit. Sipas tij, hapja e "
        "negociatave me Bashkimin Evropian mbetet objektivi kryesor i vendit, ndërsa opozita "
        "kërkon zgjedhje të parakohshme.",
        "Qytetarët në Prishtinë protestuan të shtunën kundër rritjes së çmimeve të energjisë "
        "elektrike. Organizatorët thanë se mijëra njerëz morën pjesë në marshim, ndërsa policia "
        "njoftoi se nuk pati incidente.",
    ],
    "sr": [
        "Predsednik Srbije izjavio je u utorak da će vlada nastaviti dijalog sa Prištinom, ali "
        "da neće priznati nezavisnost Kosova. On je rekao da je sporazum postignut u Briselu "
        "pre dve godine najbolje rešenje za građane na severu i da očekuje da Evropska unija "
        "ispuni svoja obećanja. Prema rečima zvaničnika, sledeći sastanak biće održan posle izbora.",
        "Narodna skupština Srbije usvojila je u sredu set zakona o reformi pravosuđa, a "
        "ministar pravde je rekao da će nove mere doprineti efikasnijem radu sudova. Prema "
        "rečima opozicije, predloženi zakoni ne rešavaju problem pritiska na sudije, te će zbog "
        "toga tražiti ocenu ustavnosti. Sednica je trajala do kasno uveče.",
        # Cyrillic
        "Председник Србије изјавио је у уторак да ће влада наставити дијалог са Приштином, али "
        "да неће признати независност Косова. Он је рекао да је споразум постигнут у Бриселу "
        "пре две године најбоље решење за грађане на северу и да очекује да Европска унија "
        "испуни своја обећања.",
    ],
    "hr": [
        "Hrvatski premijer izjavio je u utorak kako će vlada tijekom sljedećeg tjedna "
        "predstaviti nove mjere za poticanje gospodarstva. Prema njegovim riječima, proračun za "
        "iduću godinu bit će usmjeren na ulaganja u obrazovanje i znanost, a tvrtke koje "
        "zapošljavaju mlade dobit će porezne olakšice. Oporba tvrdi da mjere dolaze prekasno.",
        "Hrvatski sabor izglasao je u petak izmjene zakona o mirovinskom osiguranju, a ministar "
        "rada najavio je da će umirovljenici od siječnja dobiti veće mirovine. Sindikati tvrde "
        "da je riječ o kozmetičkim promjenama, dok oporba upozorava da proračun neće moći "
        "izdržati nove izdatke. Tisuće umirovljenika prosvjedovale su prošlog tjedna u Zagrebu.",
    ],
    "bs": [
        "Predsjedništvo Bosne i Hercegovine razmatralo je u srijedu prijedlog budžeta za "
        "narednu godinu, a članovi su se složili da je neophodno povećati izdvajanja za "
        "zdravstvo i obrazovanje. Prema riječima predsjedavajućeg, saradnja sa Evropskom unijom "
        "i dalje je prioritet, a reforme moraju biti završene do kraja sedmice. Hiljade građana "
        "protestovalo je ispred zgrade Vijeća ministara tražeći odgovore o historiji privatizacije.",
        "Vijeće ministara Bosne i Hercegovine usvojilo je na današnjoj sjednici prijedlog "
        "zakona o akcizama, a ministar finansija je izjavio da će prihodi biti usmjereni na "
        "izgradnju autoputa. Prema podacima Agencije za statistiku, prosječna plata porasla je "
        "za tri procenta, dok je broj nezaposlenih pao ispod 500 hiljada.",
    ],
    "mk": [
        "Претседателот на Македонија изјави во вторникот дека владата ќе продолжи со "
        "реформите во судството и дека земјата очекува датум за почеток на преговорите со "
        "Европската унија. Според него, сите политички партии треба да соработуваат за да се "
        "надминат проблемите со соседите. Опозицијата бара предвремени избори.",
    ],
    "bg": [
        "Правителството на България обяви в сряда, че ще отпусне допълнителни средства за "
        "модернизация на армията и за подкрепа на земеделските производители, засегнати от "
        "сушата. Според министъра на финансите бюджетът за следващата година ще бъде "
        "балансиран, а данъците няма да бъдат увеличени.",
    ],
    "el": [
        "Ο πρωθυπουργός της Ελλάδας δήλωσε την Τρίτη ότι η κυβέρνηση θα συνεχίσει τις "
        "μεταρρυθμίσεις στην οικονομία, παρά τις αντιδράσεις των συνδικάτων. Σύμφωνα με τον "
        "υπουργό Οικονομικών, ο προϋπολογισμός του επόμενου έτους προβλέπει μείωση των δαπανών."
    ],
    "ro": [
        "Guvernul României a anunțat marți că va aloca fonduri suplimentare pentru "
        "modernizarea infrastructurii și pentru sprijinirea fermierilor afectați de secetă. "
        "Potrivit ministrului finanțelor, bugetul pentru anul viitor va fi echilibrat, iar "
        "impozitele nu vor fi majorate."
    ],
    "tr": [
        "Türkiye Başbakanı salı günü yaptığı açıklamada, hükümetin Avrupa Birliği ile "
        "müzakereleri sürdürmeye kararlı olduğunu ve yargı reformunun önümüzdeki aylarda "
        "tamamlanacağını söyledi. İstanbul'da düzenlenen toplantıda konuşan bakan, ekonominin "
        "güçlü bir şekilde büyüdüğünü belirtti."
    ],
    "de": [
        "Die Bundesregierung hat am Dienstag angekündigt, zusätzliche Mittel für die "
        "Modernisierung der Infrastruktur bereitzustellen. Nach Angaben des Finanzministers soll "
        "der Haushalt im kommenden Jahr ausgeglichen sein, Steuererhöhungen seien nicht geplant."
    ],
    "fr": [
        "Le gouvernement a annoncé mardi qu'il allait débloquer des fonds supplémentaires pour "
        "moderniser les infrastructures et soutenir les agriculteurs touchés par la sécheresse. "
        "Selon le ministre des Finances, le budget de l'année prochaine sera équilibré."
    ],
    "es": [
        "El Gobierno anunció el martes que destinará fondos adicionales a la modernización de "
        "las infraestructuras y al apoyo de los agricultores afectados por la sequía. Según el "
        "ministro de Hacienda, el presupuesto del próximo año estará equilibrado."
    ],
    "ru": [
        "Правительство России объявило в среду, что выделит дополнительные средства на "
        "модернизацию армии и поддержку сельского хозяйства. По словам министра финансов, "
        "бюджет на следующий год будет сбалансированным, а налоги не будут повышены."
    ],
    "sl": [
        "Slovenska vlada je v torek sprejela predlog proračuna za prihodnje leto, ki predvideva "
        "večje naložbe v zdravstvo in šolstvo. Minister za finance je dejal, da bo primanjkljaj "
        "manjši kot letos, opozicija pa vladi očita, da so reforme prepočasne."
    ],
    "uk": [
        "Уряд України оголосив у вівторок, що виділить додаткові кошти на модернізацію "
        "інфраструктури та підтримку фермерів, які постраждали від посухи. За словами міністра "
        "фінансів, бюджет на наступний рік буде збалансованим."
    ],
}
CASES = [
    pytest.param(code, text, id=f"{code}-{i}")
    for code, texts in PARAGRAPHS.items()
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize(("code", "text"), CASES)
def test_paragraphs_are_identified(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Kosovo", "NATO", "12345 !!! 678 -- 2014-03-10", "http://www.setimes.com/a/b/c"],
)
def test_too_little_text_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_gibberish_gives_none() -> None:
    assert detect_language("qxz vbnm kwrtp zzxq plmkq wxcvb ghjkl qwrtz") is None


def test_urls_and_numbers_do_not_count_as_text() -> None:
    assert detect_language("Beograd 12.03.2014. http://www.example.com/page/1234567") is None


# -- Serbian / Croatian / Bosnian ------------------------------------------------------
def test_ekavian_decides_serbian_even_with_eastern_or_western_words() -> None:
    text = (
        "Gradonačelnik je rekao da će opština pre kraja godine završiti rekonstrukciju, a "
        "cene karata ostaće iste. Posle sednice, predsednik veća je najavio nove mere."
    )
    assert detect_language(text) == "sr"


def test_ijekavian_with_croatian_vocabulary_is_croatian() -> None:
    text = (
        "Tijekom prošlog tjedna tisuće građana sudjelovale su u prosvjedu protiv novog "
        "proračuna, a glasnogovornik vlade rekao je da je riječ o nužnim mjerama."
    )
    assert detect_language(text) == "hr"


def test_ijekavian_with_eastern_vocabulary_is_bosnian() -> None:
    text = (
        "Prošle sedmice hiljade građana učestvovale su u protestu protiv novog budžeta, a "
        "portparol vlade rekao je da je riječ o neophodnim mjerama i saradnji sa Evropom."
    )
    assert detect_language(text) == "bs"


def test_same_sentence_in_three_standards() -> None:
    forms = {
        "sr": "Predsednik je posle sastanka rekao da će vreme pokazati gde je rešenje, "
        "a saradnja sa Evropskom unijom biće nastavljena.",
        "hr": "Predsjednik je poslije sastanka rekao da će vrijeme pokazati gdje je rješenje, "
        "a suradnja s Europskom unijom bit će nastavljena.",
        "bs": "Predsjednik je poslije sastanka rekao da će vrijeme pokazati gdje je rješenje, "
        "a saradnja sa Evropskom unijom biće nastavljena.",
    }
    assert {code: detect_language(text) for code, text in forms.items()} == {
        code: code for code in forms
    }


def test_place_names_do_not_count_as_yat_evidence() -> None:
    found = bcs_evidence("U Bijeljini i Bijelom Polju, kao i u Belom Manastiru")
    assert found["ijekavian"] >= 1  # the raw counts see them...
    text = (
        "Policija je u Bijeljini uhapsila dvojicu osumnjičenih posle pretresa, a tužilaštvo "
        "je saopštilo da će istraga biti nastavljena i narednih dana u saradnji sa Sarajevom."
    )
    assert detect_language(text) == "sr"  # ...the decision does not


def test_croatian_text_that_the_model_might_call_slovene_stays_bcs() -> None:
    assert language._is_bcs("sl", "Rekao je da će ići kući, a onda će doći.")
    assert not language._is_bcs("sl", "Janković je dejal, da bo prišel. Đurić tudi.")


# -- Cyrillic ---------------------------------------------------------------------------
def test_serbian_cyrillic_without_dj_or_tj_is_told_from_macedonian_by_words() -> None:
    serbian = (
        "Влада Србије је у уторак усвојила предлог закона о буџету за наредну годину, који "
        "доноси раст плата у јавном сектору. Министар финансија је рекао да нису планирани "
        "нови порези, али да је неопходно смањити јавни дуг."
    )
    macedonian = (
        "Владата на Македонија денеска го усвои предлогот за буџетот за наредната година, кој "
        "предвидува раст на платите во јавниот сектор. Министерот за финансии изјави дека не "
        "се планираат нови даноци, но дека е неопходно да се намали јавниот долг."
    )
    for text in (serbian, macedonian):
        assert not set("ђћѓќѕ") & set(text)  # the letters alone cannot decide these
    assert detect_language(serbian) == "sr"
    assert detect_language(macedonian) == "mk"


def test_macedonian_letters_decide_macedonian() -> None:
    text = (
        "Ќе се одржи средба меѓу двата лидери, а ѕидот околу градот ќе биде обновен. "
        "Граѓаните очекуваат дека договорот ќе донесе мир и стабилност во регионот."
    )
    assert detect_language(text) == "mk"


def test_bulgarian_is_not_russian() -> None:
    text = (
        "Министър-председателят заяви, че България ще продължи да подкрепя разширяването на "
        "Европейския съюз и че страната ще изпълни всички свои ангажименти към НАТО."
    )
    assert detect_language(text) == "bg"


# -- tags and scripts ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en-GB", "en"),
        ("sr-Latn-RS", "sr"),
        ("sr_Cyrl", "sr"),
        ("EL", "el"),
        ("sq_AL", "sq"),
        ("  mk ", "mk"),
        ("bs-BA", "bs"),
        ("hr_HR.UTF-8", "hr"),
        ("sr_RS@latin", "sr"),
        ("srp", "sr"),
        ("hrv", "hr"),
        ("alb", "sq"),
        ("gre", "el"),
        ("sh", "sr"),
        ("iw", "he"),
        ("mo", "ro"),
        ("zh-Hant-TW", "zh"),
        ("es-419", "es"),
        ("", None),
        ("und", None),
        ("xx", None),
        ("junk", None),
        ("english", None),
        ("123", None),
        ("x-default", None),
        ("zxx", None),
        ("fil", None),
        ("en--GB", None),
    ],
)
def test_normalise_language_tag(tag: str, code: str | None) -> None:
    assert normalise_language_tag(tag) == code


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Predsednik je rekao", "Latn"),
        ("Председник је рекао", "Cyrl"),
        ("Ο πρωθυπουργός δήλωσε", "Grek"),
        ("أعلنت الحكومة", "Arab"),
        ("הממשלה הודיעה", "Hebr"),
        ("政府星期二宣布", "Hani"),
        ("政府は火曜日に発表した", "Jpan"),
        ("정부는 화요일 발표했다", "Hang"),
        ("NATO i Србија: сарадња KFOR-a", "Cyrl"),
        ("12345 -- !!!", "Zyyy"),
        ("", "Zyyy"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_model_is_loaded_once() -> None:
    detect_language(PARAGRAPHS["en"][0])
    detect_language(PARAGRAPHS["de"][0])
    assert language._load_identifier.cache_info().currsize == 1
    assert language._identifier() is language._identifier()


# -- real SETimes text --------------------------------------------------------------
@pytest.mark.skipif(not SHARED.exists(), reason="needs the shared corpora beside the repo")
def test_setimes_serbian_and_croatian_editions() -> None:
    """The same articles in the Serbian and Croatian editions, told apart."""
    articles = json.loads(
        (SHARED / "corpora" / "setimes-ud" / "articles.json").read_text(encoding="utf-8")
    )
    right = sum(detect_language(" ".join(a["sentences"])) == a["language"] for a in articles)
    assert len(articles) > 50
    assert right / len(articles) >= 0.95
