"""An index is rebuilt (or reported) whenever the analysis changes what it indexes.

The index's terms come from ``text.analysis``; an index built by another analysis would
miss words silently. ``SCHEMA_VERSION`` marks every index, and an index of another version
is reported as needing a rebuild (``tests/engine/test_store.py``). This test ties the
version to the analysis: the terms a fixed sample of every edition's words gets are hashed,
and the hash is recorded per version. Change the analysis and this fails until
``SCHEMA_VERSION`` is bumped and the new hash recorded below.
"""

from __future__ import annotations

import hashlib
import json

from archive_search.engine.analyzers import exact_analyzer
from archive_search.engine.schema import SCHEMA_VERSION
from archive_search.text.analysis import stem_variants, stemmer_for

#: Words of every edition, with the forms the analysis treats specially.
SAMPLE = {
    "en": "troops elections Djukanovic U.S. 1,000 adjust running",
    "sr": "Vučićem problem Србија Београду Đukanović izbori",
    "hr": "gdje djeca vijesti Hrvatskoj",
    "bs": "Sarajevu historija sedmica",
    "mk": "Ѓорге Ќиро Ѕвонко Скопје",
    "bg": "Станишев София Бойко",
    "sq": "Kosovës Thaçi qeveria",
    "ro": "Bucureşti București alegerile",
    "el": "οικονομίας Αθήνα κυβέρνηση",
    "tr": "İstanbul'dan ekonomisi ekonominin seçimler Türkiye'nin hükümeti",
}

#: The analysis fingerprint of each schema version (add one when bumping the version).
RECORDED = {
    6: "a9a2a84ba3de1a28a8aa25c8",
    # the analyzer classes moved to engine.analyzers: the same terms, another pickled schema
    7: "a9a2a84ba3de1a28a8aa25c8",
}


def analysis_fingerprint() -> str:
    rows = []
    for language, text in SAMPLE.items():
        exact = [t.text for t in exact_analyzer(language)(text)]
        words = text.split()
        stems = [list(stemmer_for(language)(w)) for w in words]
        any_language = [stem_variants(w) for w in words]
        rows.append([language, exact, stems, any_language])
    data = json.dumps(rows, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def test_the_analysis_is_the_one_this_schema_version_records() -> None:
    assert RECORDED.get(SCHEMA_VERSION) == analysis_fingerprint(), (
        "the analysis changed what gets indexed: bump SCHEMA_VERSION (engine/schema.py), "
        "so that older indexes are rebuilt, and record the new fingerprint here"
    )
