"""Writing to the terminal safely.

Article text is untrusted: it may contain rich markup ("[bold]") or ANSI escape
sequences. Everything printed from an article goes through ``clean`` and is
printed as ``rich.text.Text``, never interpreted as markup.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 control characters except tab and newline, plus DEL; ESC starts ANSI sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def clean(text: str) -> str:
    """Remove escape sequences and control characters from untrusted text."""
    return _CONTROL.sub("", _ANSI.sub("", text))


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
