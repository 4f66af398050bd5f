"""``archive-search index PATH...``: parse files and folders and index their articles.

A thin layer over ``Archive.index_paths`` (the engine the rebuild uses too):
it picks the progress display and prints the end-of-run summary.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from archive_search.cli.context import AppContext
from archive_search.cli.options import wait_option

if TYPE_CHECKING:
    from archive_search import IndexReport


@click.command("index")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--prune", is_flag=True, help="Also remove articles whose source file is gone.")
@click.option(
    "--report",
    "report_path",
    metavar="FILE",
    help="Write one JSON line per input: path, outcome, id, reason.",
)
@click.option(
    "--workers",
    type=int,
    metavar="N",
    help="Parsing processes (default: one per CPU; 1 parses in this process).",
)
@wait_option
@click.option("--dry-run", is_flag=True, help="Parse and report, write nothing.")
@click.pass_obj
def index_command(
    app: AppContext,
    paths: tuple[str, ...],
    prune: bool,
    report_path: str | None,
    workers: int | None,
    wait: float,
    dry_run: bool,
) -> None:
    """Index the articles in PATH... (files and folders, walked recursively).

    New articles are added, changed ones updated (by content), unchanged ones
    left alone: re-running on an unchanged archive writes nothing. Every input
    ends as new, updated, unchanged, duplicate or skipped (with a reason).

    \b
    Examples:
      archive-search index data/
      archive-search index ~/scrapes --report report.jsonl --prune
      archive-search index ~/scrapes --wait 60 --workers 4
    """
    from archive_search import progress_for

    report = app.archive().index_paths(
        paths,
        workers=workers,
        prune=prune,
        dry_run=dry_run,
        report_path=report_path,
        wait=wait,
        progress=progress_for(sys.stderr, label="indexing"),
    )
    print_summary(report)


def print_summary(report: IndexReport) -> None:
    """The end-of-run summary on stdout; file names are untrusted, so cleaned."""
    from archive_search.cli.output import plain_line

    for line in report.summary_lines(relative_to=os.getcwd()):
        plain_line(line)
