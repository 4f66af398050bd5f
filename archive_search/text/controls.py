"""Control characters and escape sequences in untrusted text, removed before it is shown.

Article text is hostile until shown otherwise: ANSI escape sequences would
restyle a terminal, C0/C1 controls and bidirectional overrides reorder or hide
what a reader sees ("Trojan Source"). The terminal output and the web pages
both show article text only after ``clean_text``.
"""

from __future__ import annotations

import re

# C0 and C1 control characters except tab and newline, plus DEL (ESC starts ANSI
# sequences, U+009B is CSI on its own); and the bidirectional overrides and isolates,
# which reorder what the terminal shows ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def clean_text(text: str) -> str:
    """Remove escape sequences and control characters from untrusted text."""
    return _CONTROL.sub("", _ANSI.sub("", text))
