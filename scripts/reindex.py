#!/usr/bin/env python3
"""Rebuild the whole index from source folders, and swap it in atomically.

The same command as ``archive-search rebuild`` (``archive_search/cli/rebuild_cmd.py``),
under the name batch jobs have always called::

    python scripts/reindex.py SOURCES... [--index DIR] [--workers N] [--dry-run]
                              [--report FILE] [--wait SECONDS] [--json]
                              [--dask ADDRESS|local[:N] [--shared-dir DIR]]

Exit codes are those of ``archive-search``: 0 success, 2 bad usage (a missing
source), 3 an index problem (busy, not an index).
"""

from __future__ import annotations

from archive_search.cli.rebuild_cmd import rebuild_command

if __name__ == "__main__":
    rebuild_command(prog_name="reindex", max_content_width=100)
