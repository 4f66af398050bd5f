"""Warms the parse stack in the fork server, so that every parse worker starts warm.

Parse workers are forked from a clean server process (see ``parallel``). The
server imports this module before it forks anyone: parsing and analysing two
tiny pages here imports the parsers, the analysers and their libraries and
loads their models once,
instead of once per worker (about a second each), and the forked workers
share those pages of memory. Importing it anywhere else is harmless.
"""

from __future__ import annotations

_HTML = (
    '<html lang="en"><head><title>Warm-up page</title></head><body><h1>Warm-up page</h1>'
    "<p>By A. Writer for Southeast European Times in Belgrade -- 10/03/14</p>"
    "<p>This paragraph exists so that the parsers, the text extractor and the language "
    "identifier load everything they need before the first real page arrives.</p>"
    "</body></html>"
)
_TEXT = "Warm-up page\n\nBy A. Writer for Southeast European Times in Belgrade -- 10/03/14\n\n" + (
    "This paragraph exists so that the text parser loads what it needs."
)


def warm() -> None:
    """Parse two tiny pages, ignoring every failure (this is only an optimisation)."""
    try:
        from archive_search.engine.prepare import prepare
        from archive_search.ingest import parse_page

        prepare(parse_page(_HTML, source="warmup.html", name="warmup.html"))
        prepare(parse_page(_TEXT, source="warmup.txt", name="warmup.txt"))
    except Exception:
        return


warm()
