"""The language of a ``--lang`` option or a ``lang:`` clause, checked against the index.

A code the index holds (``sr``, ``sr_Latn``, ``SRP``) is used as it is; a valid code it
does not hold simply matches nothing; a language name (``Serbian``, ``srpski``) is
resolved with langcodes. Anything else is a typo, and a search that quietly found
nothing would hide it: a usage error names the codes the index holds.
"""

from __future__ import annotations

import re

from archive_search import errors
from archive_search.engine.snapshot import Snapshot
from archive_search.text.analysis import normalise_language

#: What a language name looks like ("Serbian", "srpski", "Serbo-Croatian", "Српски").
_NAME = re.compile(r"[^\W\d_]{2,40}(?:[ '-][^\W\d_]{1,40}){0,3}")


def resolve_language(snapshot: Snapshot, value: str, option: str | None = None) -> str:
    """The ISO 639-1 (or -3) code ``value`` names; an error when it names no language.

    The error is a bad value of ``option`` when given, else a bad query (a ``lang:`` clause).
    """
    held = held_languages(snapshot)
    code = normalise_language(value) or ""
    if code in held:
        return code
    import langcodes

    if code.isalpha() and langcodes.tag_is_valid(code):
        return code
    name = value.strip()
    if not _NAME.fullmatch(name):  # not a name: never handed to the name tables
        raise errors.unknown_language(value, held, option)
    try:
        found = langcodes.find(name)
    except (LookupError, ValueError, SystemError):  # SystemError: marisa-trie on odd input
        raise errors.unknown_language(value, held, option) from None
    return normalise_language(found.language) or code


def held_languages(snapshot: Snapshot) -> tuple[str, ...]:
    """The language codes of the index's articles (base codes, sorted); read once per snapshot."""
    return snapshot.memo("held languages", lambda: _read_held(snapshot))


def _read_held(snapshot: Snapshot) -> tuple[str, ...]:
    if not snapshot.has_field("language"):
        return ()
    codes = set()
    for text in snapshot.lexicon("language"):
        codes.add(normalise_language(text) or text)
    return tuple(sorted(codes))
