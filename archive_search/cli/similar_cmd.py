"""``archive-search similar ID``: the articles most like a given one.

Takes the same filter, sort and output options as ``search``; the article
itself and its near-identical copies are left out.
"""

from __future__ import annotations

import sys

import click

from archive_search import errors
from archive_search.cli.context import AppContext
from archive_search.cli.search_cmd import filter_options


@click.command("similar")
@click.argument("article_id", metavar="ID")
@filter_options
@click.pass_obj
def similar_command(app: AppContext, article_id: str, **options: object) -> None:
    """List the articles most similar to the article ID.

    \b
    Examples:
      archive-search similar 3f2a9c1b7d4e
      archive-search similar 3f2a9c1b7d4e --lang en --from 2014 --json
    """
    from archive_search.cli.render import render

    fmt = str(options.pop("fmt"))
    if options.pop("as_json"):
        fmt = "json"
    options["collapse"] = not options.pop("no_collapse")
    snippet_lines = int(options.pop("snippet_lines"))  # type: ignore[call-overload]
    results = app.archive().similar(article_id, **options)  # type: ignore[arg-type]
    if results.total and not results.hits and results.page > 1:
        raise errors.page_past_end(results.page, results.pages, results.total)
    render(results, fmt, snippet_lines)
    if not results.total:
        sys.exit(errors.EXIT_NOT_FOUND)
