"""``archive-search rebuild SOURCES...`` (also ``scripts/reindex.py``): the batch rebuild.

A thin layer over ``Archive.rebuild``: the new index is built beside the old
one and swapped in atomically, so searches keep working and a crash, kill or
Ctrl-C leaves the old index whole. The command handles its own errors so that
it runs the same as a subcommand and as the standalone script, whose messages
start with its own name.
"""

from __future__ import annotations

import json
import sys

import click

from archive_search import errors
from archive_search.cli.context import AppContext
from archive_search.cli.options import wait_option


@click.command("rebuild", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option(
    "--index",
    "index_dir",
    metavar="DIR",
    help="Index folder (default: --index before the command, $ARCHIVE_SEARCH_INDEX, "
    "else ~/.local/share/archive-search/index).",
)
@click.option("--workers", type=int, metavar="N", help="Parsing processes (default: one per CPU).")
@click.option("--dry-run", is_flag=True, help="Parse and report; write nothing.")
@click.option("--report", "report_path", metavar="FILE", help="One JSON line per input file.")
@wait_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--dask",
    "cluster",
    metavar="ADDRESS",
    help="Run on a Dask cluster: a scheduler address, or local[:N] for N local workers.",
)
@click.option(
    "--shared-dir",
    metavar="DIR",
    help="With --dask: a folder all workers reach, for segment files (default: streamed back).",
)
@click.pass_context
def rebuild_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    index_dir: str | None,
    workers: int | None,
    dry_run: bool,
    report_path: str | None,
    wait: float,
    as_json: bool,
    cluster: str | None,
    shared_dir: str | None,
) -> None:
    """Rebuild the index from SOURCES... (files and folders) and swap it in atomically.

    \b
    Examples:
      archive-search rebuild ~/scrapes/setimes --workers 2 --report rebuild.jsonl
      python scripts/reindex.py ~/scrapes --index /srv/setimes-index --dry-run
      python scripts/reindex.py ~/scrapes --dask local:4   # on a Dask cluster
    """
    from archive_search import Archive, progress_for
    from archive_search.cli.index_cmd import print_summary
    from archive_search.cli.output import clean
    from archive_search.config import resolve_index_dir

    parent = ctx.find_object(AppContext)
    path = resolve_index_dir(index_dir or (parent.index_option if parent else None))
    name = ctx.find_root().info_name or "reindex"
    try:
        report = Archive(path).rebuild(
            sources,
            workers=workers,
            dry_run=dry_run,
            report_path=report_path,
            wait=wait,
            progress=progress_for(sys.stderr, label="rebuilding"),
            dask=cluster,
            shared_dir=shared_dir,
        )
    except errors.ArchiveSearchError as exc:
        click.echo(f"{name}: error: {clean(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(f"{name}: error: interrupted: the old index is unchanged", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print_summary(report)
