"""Options that several commands share, defined once."""

from __future__ import annotations

import click

#: ``--wait SECONDS``: of every command that writes to the index.
wait_option = click.option(
    "--wait",
    type=float,
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait this long for another writer to finish instead of failing at once.",
)
