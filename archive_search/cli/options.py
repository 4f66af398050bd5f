"""Options that several commands share, defined once."""

from __future__ import annotations

import click

from archive_search import errors

#: ``--wait SECONDS``: of every command that writes to the index.
wait_option = click.option(
    "--wait",
    type=float,
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait this long for another writer to finish instead of failing at once.",
)


def check_wait(wait: float) -> None:
    """Refuse a negative or not-a-number ``--wait`` with the usual one-line error."""
    if not wait >= 0:  # also rejects nan
        raise errors.bad_option("--wait", "give a number of seconds, 0 or more")
