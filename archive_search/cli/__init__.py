"""The ``archive-search`` command: a thin click layer over ``archive_search.Archive``.

Each command lives in its own module and imports the heavy parts of the stack
only when it runs, so ``archive-search search`` never pays for the ingest stack.
Every ``ArchiveSearchError`` becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import sys

import click

from archive_search import __version__, errors
from archive_search.cli.context import AppContext
from archive_search.cli.index_cmd import index_command
from archive_search.cli.search_cmd import search_command
from archive_search.cli.show_cmd import show_command
from archive_search.cli.similar_cmd import similar_command
from archive_search.cli.verify_cmd import verify_command


class ArchiveGroup(click.Group):
    """Turns known errors into one clear line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except errors.ArchiveSearchError as exc:
            from archive_search.cli.output import error_line

            error_line(str(exc))
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            from archive_search.cli.output import error_line

            error_line("interrupted")
            sys.exit(130)


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    metavar="DIR",
    envvar=None,
    help="Index folder (default: $ARCHIVE_SEARCH_INDEX, else ~/.local/share/archive-search/index).",
)
@click.version_option(__version__, prog_name="archive-search")
@click.pass_context
def cli(ctx: click.Context, index_dir: str | None) -> None:
    """Search scraped news-article archives.

    \b
    Examples:
      archive-search index data/
      archive-search search 'kfor "serbian army"' --limit 5
      archive-search show 3f2a9c1b7d4e
    """
    ctx.obj = AppContext(index_option=index_dir)


cli.add_command(index_command)
cli.add_command(search_command)
cli.add_command(show_command)
cli.add_command(similar_command)
cli.add_command(verify_command)


def main() -> None:
    cli(prog_name="archive-search", max_content_width=100)
