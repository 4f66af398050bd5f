"""``archive-search compact``: merge the index's segments into one, for faster searches.

A thin layer over ``IndexStore.compact``: one line saying what it did.
"""

from __future__ import annotations

import click

from archive_search.cli.context import AppContext
from archive_search.cli.options import wait_option


@click.command("compact")
@wait_option
@click.pass_obj
def compact_command(app: AppContext, wait: float) -> None:
    """Merge the index's segments into one, dropping deleted and replaced articles.

    Every 'index' run adds segments, merged in tiers as they gather; a large
    archive built up run by run keeps a few dozen, and each costs every
    search a little. Compacting merges them all, term by term, in one commit:
    searches see the old segments or the new one, never a half. A rebuild
    (scripts/reindex.py) gives the same layout from scratch.

    \b
    Exit codes:
      0  compacted, or nothing to do
      3  no index, another writer busy, or the merge failed (the index is as it was)

    \b
    Examples:
      archive-search compact
      archive-search --index /srv/setimes-index compact --wait 60
    """
    import time

    from archive_search.cli.output import plain_line

    started = time.monotonic()
    before, after = app.archive().compact(wait=wait)
    seconds = time.monotonic() - started
    if before == after and before <= 1:
        plain_line(f"Nothing to compact: the index is one segment ({seconds:.1f} s).")
    else:
        plain_line(f"Compacted {before} segments into {after} ({seconds:.1f} s).")
