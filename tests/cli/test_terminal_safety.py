"""Article text and file names are untrusted: they never drive the terminal.

Rich markup in an article prints literally; escape sequences (CSI, OSC
hyperlinks and window titles, C1 controls), other control characters and
bidirectional overrides never reach stdout or stderr raw, whatever the
command (index summary, show, search, verify, errors) or the format (text,
JSON, JSON Lines, CSV). The bytes are checked as click would write them to a
terminal (``color=True``: click then strips nothing itself).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive_search.article import Article
from archive_search.cli import cli
from archive_search.cli.output import clean, console, json_text

MARKUP = "[bold red]Markup[/] and [link=https://evil.example]link[/link] :smile:"
#: Byte sequences that must never be printed raw (a terminal would act on them).
INJECTED = [
    "\x1b[38;5;196m",  # an SGR colour
    "\x1b[5m",  # blink
    "\x1b]0;pwned\x07",  # OSC: window title
    "\x1b]8;;https://evil.example\x1b\\",  # OSC 8: a hidden hyperlink
    "\x1b[2J",  # clear screen
    "\x9b2J",  # the same, with the one-character C1 CSI
    "\x1bP+q\x1b\\",  # DCS
    "\x07",  # bell
    "\x08",  # backspace
    "\r",  # carriage return: overwrites the line
    "\x7f",
    "\x85",  # C1 next line
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
]
HOSTILE = "Pre " + "".join(f"{seq}x{n} " for n, seq in enumerate(INJECTED)) + "post"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_record() -> dict[str, object]:
    return {
        "title": f"Kosovo {MARKUP} {HOSTILE}",
        "lede": f"Lede {HOSTILE}",
        "body": [f"Kosovo body {MARKUP}", f"Kosovo second paragraph {HOSTILE}"],
        "captions": [{"text": f"Caption {HOSTILE}", "credit": f"[AFP] {HOSTILE}"}],
        "author": f"[i]Author[/i] {HOSTILE}",
        "place": f"Pristina {HOSTILE}",
        "section": f"[u]news[/u]{HOSTILE}",
        "language": "en",
        "url": f"https://example.org/kosovo?x={HOSTILE}",
        "published": "2014-03-10",
    }


HOSTILE_ID = Article.from_dict(hostile_record()).id
EVIL_NAME = "evil\x1b[38;5;196m\x1b]0;pwned\x07[bold]name.html"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """An index holding the hostile article, and the result of the index command."""
    root = tmp_path_factory.mktemp("hostile")
    src = root / "src"
    src.mkdir()
    (src / "records.jsonl").write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    (src / EVIL_NAME).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)  # skipped
    index = root / "index"
    result = invoke(index, "index", "--workers", "1", str(src))
    assert result.exit_code == 0, result.output
    return index, result


def invoke(index: Path, *args: str) -> Result:
    console.cache_clear()  # a fresh console for the (fake) terminal of this run
    result = CliRunner().invoke(cli, ["--index", str(index), *args], color=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def assert_inert(text: str) -> None:
    """No control character, escape sequence or bidi control; tab and newline are fine."""
    assert "\x1b" not in text
    found = RAW_CONTROL.findall(text)
    assert not found, found


# -- the index summary ------------------------------------------------------------------
def test_index_summary_prints_hostile_file_names_inertly(indexed: tuple[Path, Result]) -> None:
    _, result = indexed
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    assert "[bold]name.html" in result.stdout  # the skipped file is listed, markup literal


# -- show ---------------------------------------------------------------------------------
def test_show_prints_markup_literally_and_no_control_characters(
    indexed: tuple[Path, Result],
) -> None:
    index, _ = indexed
    result = invoke(index, "show", HOSTILE_ID)
    assert result.exit_code == 0
    assert_inert(result.stdout)
    assert MARKUP in result.stdout
    assert "[i]Author[/i]" in result.stdout and "[AFP]" in result.stdout
    assert "x0 x1 x2 x3" in result.stdout  # the text around the sequences survives


def test_show_json_keeps_the_data_and_escapes_the_controls(indexed: tuple[Path, Result]) -> None:
    index, _ = indexed
    result = invoke(index, "show", "--json", HOSTILE_ID)
    assert result.exit_code == 0
    assert_inert(result.stdout.replace("\n", ""))
    record = json.loads(result.stdout)
    expected = Article.from_dict(hostile_record()).to_dict()
    expected = {k: None if v == "" else v for k, v in expected.items()}  # missing: null
    assert {k: v for k, v in record.items() if k not in ("source", "editions")} == {
        k: v for k, v in expected.items() if k != "source"
    }
    assert record["editions"] == []


def test_show_on_a_styling_terminal_adds_only_its_own_styles(
    indexed: tuple[Path, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    index, _ = indexed
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = invoke(index, "show", HOSTILE_ID)
    console.cache_clear()
    assert "\x1b[" in result.stdout  # rich did style the title
    for sequence in INJECTED:
        assert sequence not in result.stdout, sequence
    own_styles = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert_inert(own_styles)
    assert MARKUP in own_styles


def test_an_unknown_hostile_id_gives_an_inert_error(indexed: tuple[Path, Result]) -> None:
    index, _ = indexed
    result = invoke(index, "show", "\x1b]0;pwned\x07\x9b2J")
    assert result.exit_code == 1
    assert_inert(result.stderr)
    assert result.stderr.startswith("archive-search: error: ")


# -- search -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv"])
def test_search_output_is_inert_in_every_format(indexed: tuple[Path, Result], fmt: str) -> None:
    index, _ = indexed
    result = invoke(index, "search", "kosovo", "--format", fmt, "--facets", "--timeline")
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout.replace("\n", ""))
    assert_inert(result.stderr)
    assert HOSTILE_ID in result.stdout
    if fmt == "text":
        assert "[bold red]Markup[/]" in result.stdout


def test_a_hostile_query_is_echoed_inertly(indexed: tuple[Path, Result]) -> None:
    index, _ = indexed
    for query in ["nothing\x1b]0;pwned\x07here", "\x9b2J\u202eabc", 'title:"\x1b[5m']:
        result = invoke(index, "search", query)
        # its words may match ("pwned" is in the hostile article): hits, none, or a bad query
        assert result.exit_code in (0, 1, 2), result.output
        assert_inert(result.stdout.replace("\n", ""))
        assert_inert(result.stderr.replace("\n", ""))


# -- verify -------------------------------------------------------------------------------
def test_verify_names_hostile_files_inertly(indexed: tuple[Path, Result]) -> None:
    index, _ = indexed
    result = invoke(index, "verify", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout.replace("\n", ""))


# -- the helpers themselves ------------------------------------------------------------------
@pytest.mark.parametrize("sequence", INJECTED)
def test_clean_removes_every_injected_sequence(sequence: str) -> None:
    cleaned = clean(f"a{sequence}b")
    assert_inert(cleaned)
    assert cleaned.startswith("a") and cleaned.endswith("b")


def test_clean_keeps_text_tabs_newlines_and_every_script() -> None:
    text = "Ђорђе\tΑθήνα\nİstanbul ç ë ș ț đ — “quotes” 😀 [bold]x[/]"
    assert clean(text) == text


def test_json_text_is_inert_and_reads_back_unchanged() -> None:
    data = {"title": HOSTILE, "nested": [MARKUP, "\u2028\u2029"]}
    text = json_text(data, indent=2)
    assert_inert(text.replace("\n", ""))
    assert json.loads(text) == data
