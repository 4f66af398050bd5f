"""Printing search results: rich text for people, JSON, JSON Lines and CSV for scripts.

Article text is untrusted: on a terminal it is cleaned of control characters
and escape sequences and printed as ``rich.text.Text`` (never as markup), with
the matched words styled from the snippet's character spans. JSON is written
with ``output.json_text`` (control and bidi characters escaped, the data
unchanged); CSV fields are cleaned like terminal text.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from archive_search import config
from archive_search.cli.output import clean, console, is_terminal, json_text
from archive_search.config import SNIPPET_LINES

if TYPE_CHECKING:
    from rich.text import Text

    from archive_search import Hit, SearchResults, Span, Timeline

FORMATS = ("text", "json", "jsonl", "csv")
HIGHLIGHT_STYLE = "bold yellow"
#: Hits written to stdout at a time by an export.
EXPORT_WRITE_BATCH = 200
#: Marks a snippet cut to its lines.
ELLIPSIS = " …"
#: Widest timeline bar, in characters.
BAR_WIDTH = 40
FACET_TITLES = {
    "year": "Years",
    "place": "Places",
    "author": "Authors",
    "section": "Sections",
    "language": "Languages",
}


def render(results: SearchResults, fmt: str, snippet_lines: int = SNIPPET_LINES) -> None:
    """Print ``results`` in one of FORMATS (``snippet_lines``: per hit in text, 0 for all)."""
    if fmt == "json":
        click.echo(json_text(results.to_dict(), indent=2))
    elif fmt == "jsonl":
        for hit in results.hits:
            click.echo(json_text(hit.to_dict()))
    elif fmt == "csv":
        click.echo(to_csv(results.hits), nl=False)
    else:
        render_text(results, snippet_lines)


def export(hits: Iterable[Hit], fmt: str) -> int:
    """Stream every hit as JSON Lines or CSV (a batch at a time); returns how many."""
    count = 0
    if fmt == "csv":
        click.echo(to_csv(()), nl=False)
    iterator = iter(hits)
    while batch := list(itertools.islice(iterator, EXPORT_WRITE_BATCH)):
        if fmt == "jsonl":
            click.echo("\n".join(json_text(hit.to_dict()) for hit in batch))
        else:
            click.echo(to_csv(batch, header=False), nl=False)
        count += len(batch)
    return count


def to_csv(hits: Iterable[Hit], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(config.HIT_CSV_COLUMNS)
    for hit in hits:
        data = hit.to_dict()
        writer.writerow(
            [clean(str(data[c])) if data[c] is not None else "" for c in config.HIT_CSV_COLUMNS]
        )
    return buffer.getvalue()


# -- text --------------------------------------------------------------------------
def render_text(results: SearchResults, snippet_lines: int = SNIPPET_LINES) -> None:
    """Print the results for people: styled on a terminal, plain text into a pipe.

    Into a pipe or a file there is nothing to style, and rich (a tenth of a
    second to import) is not loaded: the same lines are wrapped the same way
    by ``plain_lines``. On a terminal all lines go to the console in one call
    (each ``console.print`` renders and writes on its own, at a cost that
    dwarfs the lines themselves), wrapped here and printed unwrapped: a URL
    line is never broken, so that it can be copied whole.
    """
    if not _styled_output():
        click.echo("\n".join(plain_lines(results, _plain_width(), snippet_lines)))
        return
    from rich.text import Text

    out = console()
    width = out.width
    head: list[Text] = [Text(f"Note: {clean(notice)}", style="dim") for notice in results.notices]
    if results.suggestion:
        head.append(Text.assemble("Did you mean: ", (clean(results.suggestion), "bold"), "?"))
    head.append(Text(summary_line(results), style="dim"))
    lines = [line for text in head for line in _rich_wrap(text, width)]
    first = (results.page - 1) * results.limit
    for n, hit in enumerate(results.hits, first + 1):
        lines.append(Text())
        lines += hit_lines(n, hit, width, snippet_lines)
    if results.facets:
        lines.append(Text())
        for name, counts in results.facets.items():
            if counts:
                values = " · ".join(f"{clean(c.value)} ({c.count})" for c in counts)
                facet = Text.assemble((f"{FACET_TITLES.get(name, name)}: ", "bold"), values)
                lines += _rich_wrap(facet, width)
    if results.timeline is not None:
        lines.append(Text())
        lines += [line for t in timeline_lines(results.timeline) for line in _rich_wrap(t, width)]
    out.print(Text("\n").join(lines), soft_wrap=True)


def _rich_wrap(text: Text, width: int, indent: str = "", first: Text | None = None) -> list[Text]:
    """``text`` wrapped to ``width`` cells, trailing spaces cut; each line after ``indent``.

    With ``first``, the first line starts with it instead (a hanging indent: "12. Title").
    """
    from rich.text import Text

    out = []
    for n, line in enumerate(text.wrap(console(), max(1, width - len(indent)))):
        line.rstrip()
        lead = first if first is not None and n == 0 else Text(indent)
        out.append(lead + line)
    return out


def _styled_output() -> bool:
    """Whether output goes where rich would style it (a terminal, or colour forced)."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    return is_terminal()


def _plain_width() -> int:
    """The width rich gives a console that is not a terminal: $COLUMNS, else 80."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


def plain_lines(
    results: SearchResults, width: int = 80, snippet_lines: int = SNIPPET_LINES
) -> list[str]:
    """The lines of ``render_text`` without styles, wrapped as rich wraps them."""
    lines: list[str] = [line for n in results.notices for line in _wrap(f"Note: {clean(n)}", width)]
    if results.suggestion:
        lines += _wrap(f"Did you mean: {clean(results.suggestion)}?", width)
    lines += _wrap(summary_line(results), width)
    first = (results.page - 1) * results.limit
    for n, hit in enumerate(results.hits, first + 1):
        lines.append("")
        number = f"{n}. "
        title = _wrap(clean(hit.title), max(1, width - len(number)))
        lines += [(number if i == 0 else " " * len(number)) + t for i, t in enumerate(title)]
        for part, limit in _hit_parts(hit, snippet_lines):
            wrapped = _wrap(part, _body_width(width))
            lines += ["   " + line for line in _cut(wrapped, limit, _body_width(width))]
        if hit.url:
            lines.append("   " + clean(hit.url))  # never wrapped: a URL must copy whole
        for edition in edition_lines(hit):
            lines += ["   " + line for line in _wrap(edition, _body_width(width))]
    if results.facets:
        lines.append("")
        for name, counts in results.facets.items():
            if counts:
                values = " · ".join(f"{clean(c.value)} ({c.count})" for c in counts)
                lines += _wrap(f"{FACET_TITLES.get(name, name)}: {values}", width)
    if results.timeline is not None:
        lines.append("")
        lines += [line for t in timeline_text(results.timeline) for line in _wrap(t, width)]
    return lines


def _body_width(width: int) -> int:
    """Width of a hit's indented lines (three spaces in); never below 20 cells."""
    return max(20, width - 3)


def _cut(lines: list[Any], limit: int, width: int) -> list[Any]:
    """The first ``limit`` lines (0: all), the last ending in an ellipsis when text was cut."""
    if not limit or len(lines) <= limit:
        return lines
    kept = lines[:limit]
    room = width - len(ELLIPSIS)
    last = kept[-1]
    if isinstance(last, str):
        while _cells(last) > room:
            last = last[:-1]
        kept[-1] = last.rstrip() + ELLIPSIS
    else:
        last.truncate(room)
        last.rstrip()
        last.append(ELLIPSIS)
    return kept


def _wrap(text: str, width: int) -> list[str]:
    """Lines of ``text`` at most ``width`` cells wide, broken where rich breaks them.

    rich's word wrap: a word keeps the spaces after it, goes to the next line
    when it does not fit, and is cut across lines when longer than a line.
    """
    if _cells(text) <= width:
        return [text.rstrip()]
    lines: list[str] = []
    line, used = "", 0  # the line so far and its width in cells
    for match in _WORD.finditer(text):
        word = match.group()
        size = _cells(word.rstrip())
        if used + size <= width:
            line, used = line + word, used + _cells(word)
        elif size > width:  # a word longer than a line starts one and is cut across lines
            if line:
                lines.append(line)
            line, used = "", 0
            for char in word:
                cells = _cells(char)
                if line and used + cells > width:
                    lines.append(line)
                    line, used = "", 0
                line, used = line + char, used + cells
        else:
            if line:
                lines.append(line)
            line, used = word, _cells(word)
    lines.append(line)
    return [line.rstrip() for line in lines]  # as _rich_wrap cuts them


_WORD = re.compile(r"\s*\S+\s*")


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: two for wide East Asian characters, none for marks.

    Below U+0300 (where combining marks start) every character takes one cell:
    only the characters above it are looked up.
    """
    if text.isascii():
        return len(text)
    cells = len(text)
    for char in _MAYBE_NOT_ONE_CELL.findall(text):
        if unicodedata.combining(char):
            cells -= 1
        elif unicodedata.east_asian_width(char) in "WF":
            cells += 1
    return cells


_MAYBE_NOT_ONE_CELL = re.compile("[^\x00-\u02ff]")  # negated: a small set compiles fast


def summary_line(results: SearchResults) -> str:
    """The header: how many matched what, which of them are shown, in what order."""
    what = _selection(results)
    if not results.total:
        return f"No articles match {what}." if what else "No articles in the archive."
    shown = len(results.hits)
    first = (results.page - 1) * results.limit + 1
    noun = "article" if results.total == 1 else "articles"
    where = f"{first}-{first + shown - 1}" if shown else "none"
    if results.browse:
        where += ", oldest first" if results.sort == "oldest" else ", newest first"
    folded = ""
    if results.folded:
        copies = "copy" if results.folded == 1 else "copies"
        folded = f" ({results.folded} near-identical {copies} folded)"
    # the archive holds more: its copies are folded into these (the home page counts them all)
    distinct = "distinct " if results.folded else ""
    counted = f"{noun} match {what}" if what else f"{distinct}{noun} in the archive"
    return (
        f"{results.total} {counted}{folded}; showing {where} "
        f"(page {results.page} of {results.pages}, {results.elapsed:.3f} s)"
    )


def _selection(results: SearchResults) -> str:
    """What the results are of: the query, the filters of a browse, or nothing (all of it)."""
    if results.query.strip():
        return repr(clean(results.query))
    return "the filters" if results.filtered else ""


def hit_lines(n: int, hit: Hit, width: int = 80, snippet_lines: int = SNIPPET_LINES) -> list[Text]:
    """The lines of one hit: number and title, metadata, snippet, id, link.

    The title hangs after its number; the lines after it are indented by three
    spaces, wrapped lines included; the snippet keeps to ``snippet_lines`` lines
    (0: all of it); the URL has a line of its own and is never wrapped.
    """
    from rich.text import Text

    title = highlighted(hit.title, hit.title_highlights, base="bold")
    number = f"{n}. "
    lines = _rich_wrap(title, width, " " * len(number), first=Text(number))
    meta_line = _meta_line(hit)
    parts: list[tuple[Text, int]] = []
    if meta_line:
        parts.append((Text(meta_line, style="dim"), 0))
    if hit.snippet.text:
        parts.append((highlighted(hit.snippet.text, hit.snippet.highlights), snippet_lines))
    parts.append((Text(_tail_line(hit), style="dim"), 0))
    body = _body_width(width)
    for text, limit in parts:
        wrapped = _cut(_rich_wrap(text, body), limit, body)
        lines += [Text("   ") + line for line in wrapped]
    if hit.url:
        lines.append(Text("   ") + Text(clean(hit.url), style="dim"))
    for edition in edition_lines(hit):
        lines += [Text("   ") + line for line in _rich_wrap(Text(edition, style="dim"), body)]
    return lines


def _meta_line(hit: Hit) -> str:
    meta = [
        hit.published.isoformat() if hit.published else "",
        hit.author,
        hit.place,
        hit.language,
        hit.section,
    ]
    return " · ".join(clean(m) for m in meta if m)


def _tail_line(hit: Hit) -> str:
    tail = f"id {hit.id}"
    if hit.duplicates:
        copies = "copy" if hit.duplicates == 1 else "copies"
        tail += f" · +{hit.duplicates} near-identical {copies}"
    return tail


def _hit_parts(hit: Hit, snippet_lines: int) -> list[tuple[str, int]]:
    """The indented parts of a hit, unstyled, each with its most lines (0: all)."""
    parts = [(_meta_line(hit), 0)] if _meta_line(hit) else []
    if hit.snippet.text:
        parts.append((clean(hit.snippet.text), snippet_lines))
    return [*parts, (_tail_line(hit), 0)]


def edition_lines(hit: Hit) -> list[str]:
    """The story's languages and its other editions (``--editions collapse|expand``)."""
    if hit.editions is None:
        return []
    # the hit's own script is not known here: "" tags every same-language edition's script
    tags = edition_tags(hit.language, "", [(e.language, e.script) for e in hit.editions])
    lines = [f"Editions: {', '.join(hit.languages)} ({len(hit.editions) + 1})"]
    for edition, tag in zip(hit.editions, tags[1:], strict=True):
        lines.append(f"- {tag} · {clean(edition.title)} · id {edition.id}")
    return lines if hit.editions else []


def edition_tags(language: str, script: str, others: list[tuple[str, str]]) -> list[str]:
    """A label per edition: its language, with the script where a language has two."""
    editions = [(language, script), *others]
    scripts: dict[str, set[str]] = {}
    for lang, scr in editions:
        scripts.setdefault(lang, set()).add(scr)
    return [
        f"{lang or '?'} ({scr})" if scr and len(scripts[lang]) > 1 else (lang or "?")
        for lang, scr in editions
    ]


def highlighted(text: str, spans: Sequence[Span], base: str = "") -> Text:
    """Untrusted ``text`` as rich Text, the ``spans`` styled, control characters removed."""
    from rich.text import Text

    out = Text(style=base)
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end > len(text):
            continue
        out.append(clean(text[pos:start]))
        out.append(clean(text[start:end]), style=HIGHLIGHT_STYLE)
        pos = end
    out.append(clean(text[pos:]))
    return out


def timeline_lines(timeline: Timeline) -> list[Text]:
    """A horizontal bar per period, scaled to the busiest one."""
    from rich.text import Text

    title, rows, undated = _timeline_parts(timeline)
    lines = [Text(title, style="bold")]
    for label, bar, count in rows:
        lines.append(Text.assemble(label, (bar, "cyan"), count))
    if undated:
        lines.append(Text(undated, style="dim"))
    return lines


def timeline_text(timeline: Timeline) -> list[str]:
    """``timeline_lines`` without styles."""
    title, rows, undated = _timeline_parts(timeline)
    return [title, *("".join(row) for row in rows), *([undated] if undated else [])]


def _timeline_parts(timeline: Timeline) -> tuple[str, list[tuple[str, str, str]], str]:
    title = f"Timeline (articles per {timeline.granularity})"
    if timeline.relative:
        title = f"Timeline (share of all articles per {timeline.granularity})"
    if not timeline.buckets:
        return title, [], "   no dated articles"
    values = [(b.share or 0.0) if timeline.relative else b.count for b in timeline.buckets]
    peak = max(values) or 1
    width = max(len(b.period) for b in timeline.buckets)
    rows = []
    for bucket, value in zip(timeline.buckets, values, strict=True):
        length = round(BAR_WIDTH * value / peak)
        bar = "█" * length if length or not bucket.count else "▏"
        label = f" {bucket.count}"
        if timeline.relative:
            label = f" {value:.2%} ({bucket.count} of {bucket.total})"
        rows.append((f"   {bucket.period:<{width}} ", bar, label))
    undated = f"   undated: {timeline.undated}" if timeline.undated else ""
    return title, rows, undated
