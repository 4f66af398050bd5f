"""Gazetteer of SETimes dateline cities: one English name for every edition's spelling.

A dateline says "in Belgrade", "iz Beograda", "u Beogradu", "из Београда", "от Белград",
"από το Βελιγράδι" or "Belgrad'dan": the same city in eleven editions, three scripts and several
grammatical cases. Searching and faceting by place needs one name, so every form is folded
(script, diacritics, case) and looked up here. Case forms of the South Slavic and Albanian
editions are generated from the nominatives rather than listed, and an unseen inflection still
matches through a crude stem; a place the gazetteer does not know is kept as written.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from archive_search.text.folding import fold as _fold
from archive_search.text.folding import fold_label

_NON_WORD = re.compile(r"[^\w\s-]+")


def place_key(text: str) -> str:
    """Folded form with punctuation and apostrophes removed and spaces collapsed."""
    text = fold_label(text).replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", text).replace("-", " ").split())


# canonical English name: every spelling seen across the editions ("|"-separated nominatives
# and irregular forms; regular case forms are generated below).
_GAZETTEER: dict[str, str] = {
    # capitals of the region
    "Belgrade": "Belgrade|Beograd|Београд|Белград|Belgrad|Βελιγράδι",
    "Pristina": "Pristina|Priština|Prishtina|Prishtinë|Приштина|Прищина|Priştine|Πρίστινα",
    "Sofia": "Sofia|Sofija|Софија|София|Sofya|Sofja|Sofje|Σόφια",
    "Skopje": "Skopje|Skoplje|Скопје|Скопие|Скопље|Üsküp|Shkup|Shkupi|Σκόπια",
    "Athens": "Athens|Atina|Atena|Атина|Атена|Athina|Athinë|Αθήνα|Atene",
    "Tirana": "Tirana|Tiranë|Тирана|Tiran|Τίρανα",
    "Bucharest": "Bucharest|Bukurešt|Bucureşti|București|Букурешт|Букурещ|Bükreş|Bukuresht|Βουκουρέστι",
    "Zagreb": "Zagreb|Загреб|Ζάγκρεμπ",
    "Sarajevo": "Sarajevo|Сарајево|Сараево|Saraybosna|Sarajevë|Σαράγεβο",
    "Podgorica": "Podgorica|Подгорица|Podgoriça|Podgoritsa|Podgoricë|Ποντγκόριτσα",
    "Ankara": "Ankara|Анкара|Ankaraja|Άγκυρα",
    "Nicosia": "Nicosia|Nikozija|Никозия|Никозија|Lefkoşa|Λευκωσία|Nikosia",
    "Ljubljana": "Ljubljana|Љубљана|Любляна|Lubiana|Λιουμπλιάνα",
    "Chisinau": "Chisinau|Chişinău|Chișinău|Kišinjev|Кишинев|Кишињев|Kişinev|Kishinau|Κισινάου",
    # the world's capitals that SETimes datelines name
    "Brussels": "Brussels|Brisel|Bruxelles|Брисел|Брюксел|Brüksel|Bruksel|Βρυξέλλες",
    "Washington": "Washington|Vašington|Вашингтон|Uashington|Ουάσιγκτον",
    "New York": "New York|Njujork|Nju Jork|Њујорк|Ню Йорк|Νέα Υόρκη",
    "Vienna": "Vienna|Beč|Беч|Виена|Viena|Viyana|Vjena|Vjenë|Βιέννη|Wien",
    "London": "London|Лондон|Londra|Londër|Λονδίνο",
    "Paris": "Paris|Pariz|Париз|Париж|Parisi|Παρίσι",
    "Berlin": "Berlin|Берлин|Βερολίνο",
    "Geneva": "Geneva|Ženeva|Женева|Genève|Cenevre|Gjenevë|Γενεύη",
    "Strasbourg": "Strasbourg|Strazbur|Стразбур|Страсбург|Strasburg|Στρασβούργο",
    "The Hague": "The Hague|Hag|Haag|Den Haag|Хаг|Хага|Lahey|Haga|Χάγη",
    "Rome": "Rome|Rim|Рим|Roma|Romë|Ρώμη",
    "Moscow": "Moscow|Moskva|Москва|Moskova|Moscova|Moskë|Μόσχα",
    "Budapest": "Budapest|Budimpešta|Будимпешта|Будапеща|Budapeşte|Budapesta|Βουδαπέστη",
    "Luxembourg": "Luxembourg|Luksemburg|Луксембург|Люксембург|Lüksemburg|Luxemburg|Λουξεμβούργο",
    "Kiev": "Kiev|Kyiv|Kijev|Киев|Київ|Kiev|Κίεβο",
    # Serbia
    "Novi Sad": "Novi Sad|Нови Сад|Νόβι Σαντ",
    "Nis": "Niš|Ниш|Niş|Nish|Νις",
    "Kragujevac": "Kragujevac|Крагујевац|Kragujevca",
    "Subotica": "Subotica|Суботица|Subotiça",
    "Novi Pazar": "Novi Pazar|Нови Пазар|Yeni Pazar|Pazari i Ri",
    "Kraljevo": "Kraljevo|Краљево",
    "Presevo": "Preševo|Прешево|Presheva|Preshevë|Preşova",
    # Kosovo
    "Prizren": "Prizren|Призрен",
    "Mitrovica": "Mitrovica|Kosovska Mitrovica|Митровица|Косовска Митровица|Mitrovicë|Mitroviça",
    "Peja": "Peja|Pejë|Peć|Пећ|İpek",
    "Gjakova": "Gjakova|Gjakovë|Đakovica|Ђаковица|Yakova",
    "Gjilan": "Gjilan|Gnjilane|Гњилане",
    "Ferizaj": "Ferizaj|Uroševac|Урошевац",
    # Bosnia and Herzegovina
    "Banja Luka": "Banja Luka|Banjaluka|Бања Лука|Бањалука|Banya Luka|Μπάνια Λούκα",
    "Mostar": "Mostar|Мостар",
    "Tuzla": "Tuzla|Тузла",
    "Zenica": "Zenica|Зеница",
    "Bihac": "Bihać|Бихаћ|Bihaç",
    "Brcko": "Brčko|Брчко",
    "Srebrenica": "Srebrenica|Сребреница",
    # Croatia
    "Split": "Split|Сплит",
    "Rijeka": "Rijeka|Ријека|Риека",
    "Osijek": "Osijek|Осијек|Осиек",
    "Zadar": "Zadar|Задар",
    "Dubrovnik": "Dubrovnik|Дубровник",
    "Vukovar": "Vukovar|Вуковар",
    # Bulgaria
    "Plovdiv": "Plovdiv|Пловдив|Filibe",
    "Varna": "Varna|Варна",
    "Burgas": "Burgas|Бургас",
    "Ruse": "Ruse|Русе",
    "Vidin": "Vidin|Видин",
    "Pleven": "Pleven|Плевен",
    "Stara Zagora": "Stara Zagora|Стара Загора",
    "Blagoevgrad": "Blagoevgrad|Благоевград",
    # Greece
    "Thessaloniki": "Thessaloniki|Solun|Солун|Selanik|Salonic|Selaniku|Θεσσαλονίκη",
    "Patras": "Patras|Patra|Патра|Πάτρα",
    "Heraklion": "Heraklion|Iraklion|Iraklio|Ηράκλειο",
    "Piraeus": "Piraeus|Pirej|Пиреј|Пирея|Pire|Pireu|Πειραιάς",
    "Ioannina": "Ioannina|Janjina|Yanya|Ιωάννινα",
    # Albania
    "Durres": "Durrës|Durres|Drač|Драч|Дуръс|Dıraç|Δυρράχιο",
    "Shkoder": "Shkodër|Shkodra|Skadar|Скадар|Шкодра|İşkodra|Σκόδρα",
    "Vlore": "Vlorë|Vlora|Valona|Вльора|Avlonya|Αυλώνας",
    "Elbasan": "Elbasan|Елбасан",
    "Korce": "Korçë|Korça|Korča|Корча|Görice|Κορυτσά",
    # Macedonia
    "Bitola": "Bitola|Битола|Manastir|Manastiri",
    "Tetovo": "Tetovo|Тетово|Tetova|Tetovë|Kalkandelen",
    "Ohrid": "Ohrid|Охрид|Ohër|Ohri|Αχρίδα",
    "Kumanovo": "Kumanovo|Куманово|Kumanova|Kumanovë",
    "Strumica": "Strumica|Струмица",
    # Montenegro
    "Niksic": "Nikšić|Никшић",
    "Budva": "Budva|Будва",
    "Cetinje": "Cetinje|Цетиње",
    "Kotor": "Kotor|Котор",
    # Romania
    "Cluj-Napoca": "Cluj-Napoca|Cluj|Kluž",
    "Timisoara": "Timişoara|Timișoara|Temišvar|Темишвар|Тимишоара",
    "Iasi": "Iaşi|Iași|Jaši|Яш",
    "Constanta": "Constanţa|Constanța|Konstanca|Констанца|Köstence",
    "Brasov": "Braşov|Brașov|Brašov|Брашов",
    # Turkey
    "Istanbul": "Istanbul|İstanbul|Istambul|Истанбул|Stamboll|Stambolli|Κωνσταντινούπολη|Ιστανμπούλ|Carigrad",
    "Izmir": "İzmir|Izmir|Измир|Σμύρνη",
    "Bursa": "Bursa|Бурса|Προύσα",
    "Antalya": "Antalya|Анталија|Анталия|Αττάλεια",
    "Diyarbakir": "Diyarbakır|Дијарбакир|Диарбекир",
    "Edirne": "Edirne|Једрене|Одрин|Αδριανούπολη",
}

# One crude ending stripped per word for the fallback match (longest first).
_ENDINGS = ("ima", "ama", "oga", "ome", "oj", "om", "og", "ih", "es", "it", "in", "un")
_VOWELS = ("a", "e", "i", "o", "u")


def _slavic_forms(word: str, last: bool) -> tuple[str, ...]:
    """Genitive and locative of a folded South Slavic word ("beograd" -> "beograda", "beogradu")."""
    if not last and word.endswith("i"):  # adjective: Novi Sad -> Novog Sada, Novom Sadu
        return (word[:-1] + "og", word[:-1] + "om", word[:-1] + "oga", word[:-1] + "ome")
    if not last and word.endswith("a"):  # Kosovska Mitrovica, Banja Luka
        return (word[:-1] + "e", word[:-1] + "oj", word[:-1] + "i")
    if word.endswith("a"):
        stem = word[:-1]
        soft = {"k": "c", "g": "z", "h": "s"}
        loc = stem[:-1] + soft[stem[-1]] + "i" if stem and stem[-1] in soft else stem + "i"
        return (stem + "e", stem + "i", loc, stem + "u", stem + "om")
    if word.endswith(("o", "e")):
        return (word[:-1] + "a", word[:-1] + "u", word[:-1] + "om")
    if word.endswith("ac"):
        return (word[:-2] + "ca", word[:-2] + "cu", word + "a", word + "u")
    return (word + "a", word + "u", word + "om")


def _albanian_forms(word: str) -> tuple[str, ...]:
    """Definite and oblique Albanian forms ("prishtine" -> "prishtina", "prishtines")."""
    if word.endswith("e"):
        return (word[:-1] + "a", word + "s")
    if word.endswith("a"):
        return (word[:-1] + "e", word[:-1] + "es")
    return (word + "i", word + "it", word + "in", word + "u")


def _inflections(key: str) -> set[str]:
    words = key.split()
    forms: set[str] = set()
    if not words:
        return forms
    slavic = [(w, *_slavic_forms(w, i == len(words) - 1)) for i, w in enumerate(words)]
    forms.update(" ".join(combo) for combo in itertools.product(*slavic))
    forms.discard(key)
    head = " ".join(words[:-1])
    for form in _albanian_forms(words[-1]):
        forms.add(f"{head} {form}".strip())
    return forms


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    if word.endswith(_VOWELS) and len(word) > 3:
        return word[:-1]
    return word


def _stem_key(key: str) -> str:
    return " ".join(_stem(w) for w in key.split())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(every folded form -> canonical, stemmed form -> canonical); ambiguous forms dropped."""
    explicit: dict[str, str] = {}
    for canonical, spellings in _GAZETTEER.items():
        for spelling in spellings.split("|"):
            explicit[place_key(spelling)] = canonical
    generated: dict[str, set[str]] = {}
    for key, canonical in explicit.items():
        if re.search(r"[α-ω]", key):
            continue
        for form in _inflections(key):
            generated.setdefault(form, set()).add(canonical)
    forms = {f: next(iter(c)) for f, c in generated.items() if len(c) == 1}
    forms.update(explicit)
    stems: dict[str, set[str]] = {}
    for key, canonical in explicit.items():
        stems.setdefault(_stem_key(key), set()).add(canonical)
    return forms, {s: next(iter(c)) for s, c in stems.items() if len(c) == 1}


def canonical_place(local: str) -> str | None:
    """The English name of a known dateline city in any spelling or case, else None."""
    key = place_key(local)
    if not key:
        return None
    forms, stems = _tables()
    return forms.get(key) or stems.get(_stem_key(key))


def gazetteer() -> dict[str, tuple[str, ...]]:
    """Every known place: canonical English name -> the spellings listed for it."""
    return {name: tuple(spellings.split("|")) for name, spellings in _GAZETTEER.items()}


def place_forms(canonical: str) -> set[str]:
    """Every folded form the gazetteer maps to ``canonical``: listed, generated case forms."""
    forms, _ = _tables()
    return {form for form, name in forms.items() if name == canonical}


def search_keys(value: str) -> tuple[str, ...]:
    """The folded place keys a place filter looks up: the value, and its canonical name.

    ``--place Beogradu`` and ``place:Београд`` look up ``belgrade`` (every article
    placed in Belgrade holds that key, see ``engine.schema``) besides the value
    as written, so a place the gazetteer does not know still matches itself.
    """
    keys = [_fold(value).strip()]
    known = canonical_place(value)
    if known:
        keys.append(_fold(known))
    return tuple(dict.fromkeys(k for k in keys if k))


def display_case(text: str) -> str:
    """Title-case a name written all upper or all lower ("BELGRADE" -> "Belgrade")."""
    words = []
    for word in text.split():
        if word.isupper() or word.islower():
            parts = re.split(r"([-'’])", word)
            word = "".join(p[:1].upper() + p[1:].replace("İ", "i").lower() for p in parts)
        words.append(word)
    return " ".join(words)


def resolve_place(local: str) -> tuple[str, str]:
    """(canonical English name, the place as written) for a dateline place.

    An unknown place is kept rather than dropped: its display name is the written form in
    title case.
    """
    local = " ".join(local.split()).strip(" ,.;:-–—")
    if not local:
        return "", ""
    return canonical_place(local) or display_case(local), local
