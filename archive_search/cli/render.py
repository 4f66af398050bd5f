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
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from archive_search.cli.output import clean, console, json_text

if TYPE_CHECKING:
    from rich.text import Text

    from archive_search.search.results import Hit, SearchResults, Span, Timeline

FORMATS = ("text", "json", "jsonl", "csv")
CSV_COLUMNS = (
    "id",
    "score",
    "title",
    "published",
    "author",
    "place",
    "language",
    "section",
    "url",
    "source",
    "snippet",
)
HIGHLIGHT_STYLE = "bold yellow"
#: Widest timeline bar, in characters.
BAR_WIDTH = 40
FACET_TITLES = {
    "year": "Years",
    "place": "Places",
    "author": "Authors",
    "section": "Sections",
    "language": "Languages",
}


def render(results: SearchResults, fmt: str) -> None:
    """Print ``results`` in one of FORMATS."""
    if fmt == "json":
        click.echo(json_text(results.to_dict(), indent=2))
    elif fmt == "jsonl":
        for hit in results.hits:
            click.echo(json_text(hit.to_dict()))
    elif fmt == "csv":
        click.echo(to_csv(results.hits), nl=False)
    else:
        render_text(results)


def to_csv(hits: Sequence[Hit]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        data = hit.to_dict()
        writer.writerow([clean(str(data[c])) if data[c] is not None else "" for c in CSV_COLUMNS])
    return buffer.getvalue()


# -- text --------------------------------------------------------------------------
def render_text(results: SearchResults) -> None:
    """Print the results for people; all lines go to the console in one call.

    Each ``console.print`` call renders and writes on its own, at a cost that
    dwarfs the lines themselves, so the lines are joined first.
    """
    from rich.text import Text

    out = console()
    lines: list[Text] = []
    for notice in results.notices:
        lines.append(Text(f"Note: {clean(notice)}", style="dim"))
    if results.suggestion:
        lines.append(Text.assemble("Did you mean: ", (clean(results.suggestion), "bold"), "?"))
    lines.append(Text(summary_line(results), style="dim"))
    first = (results.page - 1) * results.limit
    for n, hit in enumerate(results.hits, first + 1):
        lines.append(Text())
        lines += hit_lines(n, hit, out.width)
    if results.facets:
        lines.append(Text())
        for name, counts in results.facets.items():
            if counts:
                values = " · ".join(f"{clean(c.value)} ({c.count})" for c in counts)
                lines.append(Text.assemble((f"{FACET_TITLES.get(name, name)}: ", "bold"), values))
    if results.timeline is not None:
        lines.append(Text())
        lines += timeline_lines(results.timeline)
    out.print(Text("\n").join(lines))


def summary_line(results: SearchResults) -> str:
    if not results.total:
        return f"No articles match {clean(results.query)!r}."
    shown = len(results.hits)
    first = (results.page - 1) * results.limit + 1
    noun = "article" if results.total == 1 else "articles"
    where = f"{first}-{first + shown - 1}" if shown else "none"
    return (
        f"{results.total} {noun} match {clean(results.query)!r}; showing {where} "
        f"(page {results.page} of {results.pages}, {results.elapsed:.3f} s)"
    )


def hit_lines(n: int, hit: Hit, width: int = 80) -> list[Text]:
    """The lines of one hit: number and title, metadata, snippet, id and link.

    Lines after the title are indented by three spaces, wrapped lines included.
    """
    from rich.text import Text

    title = highlighted(hit.title, hit.title_highlights, base="bold")
    lines: list[Text] = [Text.assemble(f"{n}. ", title)]
    meta = [
        hit.published.isoformat() if hit.published else "",
        hit.author,
        hit.place,
        hit.language,
        hit.section,
    ]
    meta_line = " · ".join(clean(m) for m in meta if m)
    body: list[Text] = []
    if meta_line:
        body.append(Text(meta_line, style="dim"))
    if hit.snippet.text:
        body.append(highlighted(hit.snippet.text, hit.snippet.highlights))
    tail = f"id {hit.id}"
    if hit.url:
        tail += f" · {clean(hit.url)}"
    if hit.duplicates:
        copies = "copy" if hit.duplicates == 1 else "copies"
        tail += f" · +{hit.duplicates} near-identical {copies}"
    body.append(Text(tail, style="dim"))
    for text in body:
        for line in text.wrap(console(), max(20, width - 3)):
            line.rstrip()
            lines.append(Text("   ") + line)
    return lines


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

    unit = "month" if timeline.granularity == "month" else "year"
    lines = [Text(f"Timeline (articles per {unit})", style="bold")]
    if not timeline.buckets:
        lines.append(Text("   no dated articles", style="dim"))
        return lines
    peak = max(b.count for b in timeline.buckets) or 1
    width = max(len(b.period) for b in timeline.buckets)
    for bucket in timeline.buckets:
        length = round(BAR_WIDTH * bucket.count / peak)
        bar = "█" * length if length or not bucket.count else "▏"
        lines.append(
            Text.assemble(f"   {bucket.period:<{width}} ", (bar, "cyan"), f" {bucket.count}")
        )
    if timeline.undated:
        lines.append(Text(f"   undated: {timeline.undated}", style="dim"))
    return lines
