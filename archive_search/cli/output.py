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
from typing import TYPE_CHECKING

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


@lru_cache(maxsize=1)
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def error_line(message: str) -> None:
    """One line on stderr: the only way errors reach the user."""
    click.echo(f"archive-search: error: {clean(message)}", err=True)


def plain_line(message: str) -> None:
    click.echo(clean(message))


def is_terminal() -> bool:
    return sys.stdout.isatty()
