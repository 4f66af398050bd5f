"""Defaults, in one place: where the index lives and the limits that keep work bounded."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV_VAR = "ARCHIVE_SEARCH_INDEX"

#: Largest page (after decompression) the parser will read; larger ones are skipped.
MAX_PAGE_BYTES = 20 * 1024 * 1024

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 2000
#: Most terms a wildcard or fuzzy term may expand to.
MAX_EXPANSIONS = 200
#: Deepest result page a search may ask for (page * limit).
MAX_RESULT_WINDOW = 10_000


def default_index_dir() -> Path:
    """The index used when neither --index nor ARCHIVE_SEARCH_INDEX is given.

    ``$XDG_DATA_HOME/archive-search/index``, i.e. ``~/.local/share/archive-search/index``.
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "archive-search" / "index"


def resolve_index_dir(option: str | os.PathLike[str] | None) -> Path:
    """--index beats the environment variable, which beats the default."""
    if option:
        return Path(option)
    env = os.environ.get(INDEX_ENV_VAR)
    if env:
        return Path(env)
    return default_index_dir()
