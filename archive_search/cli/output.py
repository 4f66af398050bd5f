"""Writing to the terminal safely.

Article text is untrusted: it may contain rich markup ("[bold]") or ANSI escape
sequences. Everything printed from an article goes through ``clean`` and is
printed as ``rich.text.Text``, never interpreted as markup.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import click

from archive_search import clean_text as clean

__all__ = ["clean", "console", "error_line", "is_terminal", "json_text", "plain_line"]

if TYPE_CHECKING:
    from rich.console import Console

# What JSON output escapes beyond what ``json.dumps`` does (it leaves C1 and DEL raw).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(data: object, *, indent: int | None = None) -> str:
    """JSON of untrusted data that is also safe to print on a terminal.

    Non-ASCII text stays readable, but DEL, C1 controls and bidirectional
    controls are written as ``\\uXXXX`` escapes (``json.dumps`` escapes only
    C0): the data is unchanged for a JSON reader, inert for a terminal.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def missing_as_null(value: Any) -> Any:
    """A record for JSON output with every empty string as null (``""`` means nothing known).

    Lists stay lists (an article without captions has ``[]``), nested records are
    treated alike.
    """
    if value == "":
        return None
    if isinstance(value, dict):
        return {key: missing_as_null(item) for key, item in value.items()}
    if isinstance(value, list):
        return [missing_as_null(item) for item in value]
    return value


@lru_cache(maxsize=1)
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def error_line(message: str) -> None:
    """One line on stderr: the only way errors reach the user."""
    click.echo(f"archive-search: error: {clean(message)}", err=True)


def note_line(message: str) -> None:
    """A note beside data written to stdout (an export): on stderr, one line."""
    click.echo(f"Note: {clean(message)}", err=True)


def plain_line(message: str) -> None:
    click.echo(clean(message))


def is_terminal() -> bool:
    return sys.stdout.isatty()
