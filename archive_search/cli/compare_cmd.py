"""``archive-search compare Q1 Q2 ...``: how often each query matched, period by period.

A thin layer over ``Archive.compare``: one column per query over the same
periods, as counts or (``--relative``) as the share of all the archive's
articles of each period; text for people, JSON and CSV for scripts.
Exit codes: 0 when any query matched, 1 when none did, 2 for bad usage.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import TYPE_CHECKING

import click

from archive_search import errors
from archive_search.cli.context import AppContext
from archive_search.cli.output import clean, json_text

if TYPE_CHECKING:
    from archive_search.search.compare import Comparison

UNITS = ("auto", "month", "year", "decade", "century", "millennium")
CSV_COLUMNS = ("period", "query", "count", "archive_total", "share")


@click.command("compare")
@click.argument("queries", nargs=-1, required=True, metavar="Q1 Q2 ...")
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default="auto",
    show_default=True,
    help="Count per this period.",
)
@click.option(
    "--relative",
    is_flag=True,
    help="Show each count as the share of all the archive's articles of the period.",
)
@click.option("--from", "date_from", metavar="DATE", help="Published on or after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Published on or before DATE.")
@click.option("--author", metavar="NAME", help="By this author.")
@click.option("--place", metavar="PLACE", help="Filed from this place.")
@click.option("--lang", "lang", metavar="CODE", help="In this language (ISO 639-1).")
@click.option("--section", metavar="NAME", help="In this section.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
@click.pass_obj
def compare_command(
    app: AppContext,
    queries: tuple[str, ...],
    unit: str,
    relative: bool,
    fmt: str,
    as_json: bool,
    **filters: str | None,
) -> None:
    """Compare two or more queries over time (each argument is one query).

    \b
    Examples:
      archive-search compare kosovo serbia 'eu enlargement'
      archive-search compare nato kfor --relative --unit year
      archive-search compare kosovo serbia --format csv > compare.csv
    """  # fmt: skip
    comparison = app.archive().compare(list(queries), unit=unit, relative=relative, **filters)
    fmt = "json" if as_json else fmt
    if fmt == "json":
        click.echo(json_text(comparison.to_dict(), indent=2))
    elif fmt == "csv":
        click.echo(comparison_csv(comparison), nl=False)
    else:
        click.echo("\n".join(comparison_lines(comparison)))
    if not any(q.total for q in comparison.queries):
        sys.exit(errors.EXIT_NOT_FOUND)


def comparison_csv(comparison: Comparison) -> str:
    """One row per period and query: the count, the archive's total, the share."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for compared in comparison.queries:
        for bucket in compared.timeline.buckets:
            share = "" if bucket.share is None else f"{bucket.share:.6f}"
            total = "" if bucket.total is None else bucket.total
            writer.writerow([bucket.period, clean(compared.query), bucket.count, total, share])
    return buffer.getvalue()


def comparison_lines(comparison: Comparison) -> list[str]:
    """A table for people: a row per period, a column per query."""
    what = "share of all articles" if comparison.relative else "matching articles"
    lines = [f"Compared: {what} per {comparison.granularity}"]
    names = [clean(q.query) for q in comparison.queries]
    header = ["period", *names]
    rows = [header]
    for i, period in enumerate(comparison.periods):
        row = [period]
        for compared in comparison.queries:
            bucket = compared.timeline.buckets[i]
            row.append(f"{bucket.share or 0:.2%}" if comparison.relative else str(bucket.count))
        rows.append(row)
    rows.append(["total", *(str(q.total) for q in comparison.queries)])
    widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
