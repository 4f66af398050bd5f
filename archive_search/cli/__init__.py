"""The ``archive-search`` command: a thin click layer over ``archive_search.Archive``.

Each command lives in its own module, imported only when that command runs
(``COMMANDS``), and imports the heavy parts of the stack only when it needs
them: ``archive-search search`` never pays for the ingest stack, nor for the
modules of the other commands. Every ``ArchiveSearchError`` becomes one line on
stderr and its exit code.
"""

from __future__ import annotations

import importlib
import sys

import click

from archive_search import __version__, errors
from archive_search.cli.context import AppContext

#: Command name -> "module:attribute" of its click command, loaded on first use.
COMMANDS: dict[str, str] = {
    "compact": "archive_search.cli.compact_cmd:compact_command",
    "compare": "archive_search.cli.compare_cmd:compare_command",
    "index": "archive_search.cli.index_cmd:index_command",
    "rebuild": "archive_search.cli.rebuild_cmd:rebuild_command",
    "search": "archive_search.cli.search_cmd:search_command",
    "serve": "archive_search.cli.serve_cmd:serve_command",
    "show": "archive_search.cli.show_cmd:show_command",
    "similar": "archive_search.cli.similar_cmd:similar_command",
    "verify": "archive_search.cli.verify_cmd:verify_command",
}


class ArchiveGroup(click.Group):
    """Loads commands lazily; turns known errors into one clear line and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMANDS:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return command

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The default index folder, unwrapped: a path must copy whole."""
        formatter.write("\n")
        for line in index_lines():
            formatter.write(f"{'':>{formatter.current_indent}}{line}\n")

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


def index_lines() -> list[str]:
    """Which index a command without --index uses, as it resolves here and now."""
    from archive_search.config import INDEX_ENV_VAR, default_index_source, resolve_index_dir

    source = default_index_source()
    if not source.startswith("from"):
        source += f"; ${INDEX_ENV_VAR} overrides it"
    return [f"Index without --index: {resolve_index_dir(None)}", f"  ({source})"]


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    metavar="DIR",
    envvar=None,
    help="Index folder (the default that applies is shown below).",
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


def main() -> None:
    cli(prog_name="archive-search", max_content_width=100)
