"""``archive-search verify [SOURCES...]``: is the index whole, and does it match its sources?

A thin layer over ``Archive.verify``: one line per problem on stdout, then the
verdict. The exit code tells a script what to do next: 0 nothing to do, 1
re-index the sources, 3 rebuild the index (2 is bad usage, as everywhere).
"""

from __future__ import annotations

import click

from archive_search.cli.context import AppContext


@click.command("verify")
@click.argument("sources", nargs=-1, metavar="[SOURCES]...")
@click.option(
    "--deep",
    is_flag=True,
    help="Read every posting list too (slow on big indexes; finds damage anywhere in them).",
)
@click.option(
    "--workers",
    type=int,
    metavar="N",
    help="Processes for re-parsing files (default: one per CPU; 1 parses in this process).",
)
@click.pass_obj
def verify_command(
    app: AppContext, sources: tuple[str, ...], deep: bool, workers: int | None
) -> None:
    """Check the index, and that it matches the files in SOURCES (files and folders).

    Checks that the index opens, that every part of it reads back and every
    stored record parses, and that indexing SOURCES again would change
    nothing: every file is accounted for (indexed, duplicate, or skipped with
    a reason), no article comes from a file that is gone, none differs from
    its file. Without SOURCES, the files the index already knows are checked.
    Prints one line per problem: "KIND: PATH: DETAIL".

    \b
    Exit codes:
      0  the index is whole and matches the sources
      1  out of date: run 'archive-search index --prune SOURCES...'
      2  bad usage (e.g. a SOURCES path that does not exist)
      3  the index is missing or damaged: rebuild it with scripts/reindex.py

    \b
    Examples:
      archive-search verify data/
      archive-search --index /tmp/setimes-index verify ~/scrapes/setimes --deep
    """
    from archive_search import VerifyReport
    from archive_search.cli.output import plain_line

    report = VerifyReport()
    for problem in app.archive().verify(sources, deep=deep, workers=workers, report=report):
        plain_line(problem.line())
    failure = report.error(app.index_dir)
    if failure is not None:
        raise failure
    plain_line(
        f"OK: {app.index_dir}: {report.articles:,} articles read back, "
        f"{report.files:,} source files accounted for"
    )
