"""``search --feedback`` through click: the added words in a note (text) and a key (JSON)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from archive_search.cli import cli
from tests.search.sample import archive_path_fixture  # noqa: F401


def _run(archive_path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--index", str(archive_path), *args], catch_exceptions=False)


def test_text_output_notes_the_added_words(archive_path) -> None:
    data = json.loads(_run(archive_path, "search", "albanian border troops", "--json").output)
    assert "feedback_words" not in data
    widened = _run(archive_path, "search", "albanian border troops", "--feedback", "--json")
    words = json.loads(widened.output)["feedback_words"]
    assert words
    text = _run(archive_path, "search", "albanian border troops", "--feedback").output
    flat = " ".join(text.split())  # the note may wrap at the terminal width
    assert "Note: widened with words of the best matches: " + ", ".join(words) in flat
    assert "Note: widened" not in _run(archive_path, "search", "albanian border troops").output
