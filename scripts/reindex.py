#!/usr/bin/env python3
"""Rebuild the whole index from source folders, and swap it in atomically.

The new index is built beside the old one, with the engine of
``archive-search index`` (worker processes parse, one writer writes, batch
commits, bounded memory), merged into one segment, and swapped in with one
atomic rename. Searches keep working throughout; a crash, kill or Ctrl-C
leaves the old index whole and usable.

Usage::

    python scripts/reindex.py SOURCES... [--index DIR] [--workers N] [--dry-run]
                              [--report FILE] [--wait SECONDS] [--json]

Exit codes are those of ``archive-search``: 0 success, 2 bad usage (a missing
source), 3 an index problem (busy, not an index).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from archive_search import errors

if TYPE_CHECKING:
    from archive_search.indexing.report import IndexReport


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option(
    "--index",
    "index_dir",
    metavar="DIR",
    help="Index folder (default: $ARCHIVE_SEARCH_INDEX, else ~/.local/share/archive-search/index).",
)
@click.option("--workers", type=int, metavar="N", help="Parsing processes (default: one per CPU).")
@click.option("--dry-run", is_flag=True, help="Parse and report; write nothing.")
@click.option("--report", "report_path", metavar="FILE", help="One JSON line per input file.")
@click.option(
    "--wait", type=float, default=0.0, metavar="SECONDS", help="Wait for a running writer."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def main(
    sources: tuple[str, ...],
    index_dir: str | None,
    workers: int | None,
    dry_run: bool,
    report_path: str | None,
    wait: float,
    as_json: bool,
) -> None:
    """Rebuild the index from SOURCES... (files and folders) and swap it in atomically."""
    try:
        report = _run(sources, index_dir, workers, dry_run, report_path, wait)
    except errors.ArchiveSearchError as exc:
        _error(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _error("interrupted: the old index is unchanged")
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from archive_search.cli.index_cmd import print_summary

        print_summary(report)


def _run(
    sources: tuple[str, ...],
    index_dir: str | None,
    workers: int | None,
    dry_run: bool,
    report_path: str | None,
    wait: float,
) -> IndexReport:
    from archive_search.config import resolve_index_dir
    from archive_search.indexing.progress import progress_for
    from archive_search.indexing.rebuild import rebuild_index

    if workers is not None and workers < 1:
        raise errors.bad_option("--workers", "give at least 1")
    if not wait >= 0:
        raise errors.bad_option("--wait", "give a number of seconds, 0 or more")
    return rebuild_index(
        resolve_index_dir(index_dir),
        list(sources),
        workers=workers,
        dry_run=dry_run,
        report_path=report_path,
        wait=wait,
        progress=progress_for(sys.stderr, label="rebuilding"),
    )


def _error(message: str) -> None:
    from archive_search.cli.output import clean

    click.echo(f"reindex: error: {clean(message)}", err=True)


if __name__ == "__main__":
    main()
