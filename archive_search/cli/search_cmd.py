"""``archive-search search [QUERY]``: ranked, highlighted results (or a browse), JSON/CSV for scripts.

A thin layer over ``Archive.search``: the options map one to one onto its
keyword parameters (``--lang`` is ``lang=``, ``--from`` is ``date_from=``); the query language is documented in
``docs/query-language.md``. Exit codes: 0 when something matched, 1 when
nothing did, 2 for a bad query or option, 3 for an index problem.
"""

from __future__ import annotations

import sys

import click

from archive_search import errors
from archive_search.cli.context import AppContext
from archive_search.cli.render import FORMATS
from archive_search.config import (
    DEFAULT_EDITIONS,
    EDITION_MODES,
    MAX_TIMELINE_BUCKETS,
    SNIPPET_LINES,
    TIMELINE_UNITS,
)

#: The formats ``--all`` streams in (one record per line).
EXPORT_FORMATS = ("jsonl", "csv")
#: The search options an export takes (``Archive.export``'s parameters).
EXPORT_OPTIONS = ("sort", "date_from", "date_to", "author", "place", "lang", "section", "collapse")


def filter_options(command: click.Command) -> click.Command:
    """The filter, sort and output options shared by ``search`` and ``similar``."""
    options = [
        click.option("--limit", type=int, default=10, show_default=True, metavar="N",
                     help="Results per page."),
        click.option("--page", type=int, default=1, show_default=True, metavar="N",
                     help="Which page of results."),
        click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
                     default="relevance", show_default=True, help="Result order."),
        click.option("--from", "--date-from", "date_from", metavar="DATE",
                     help="Published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--to", "--date-to", "date_to", metavar="DATE",
                     help="Published on or before DATE (a year or month counts whole)."),
        click.option("--author", metavar="NAME",
                     help="By this author (words of the byline, any case or diacritics)."),
        click.option("--place", metavar="PLACE",
                     help="Filed from this place (e.g. Belgrade or Beograd)."),
        click.option("--lang", "lang", metavar="CODE",
                     help="In this language: a code (en, sr, hr, bs, mk, sq, ro, bg, el, tr) or name."),
        click.option("--section", metavar="NAME", help="In this section."),
        click.option("--no-collapse", is_flag=True,
                     help="Show near-identical copies as separate hits."),
        click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
                     show_default=True, help="Output format."),
        click.option("--json", "as_json", is_flag=True, help="Short for --format json."),
        click.option("--snippet-lines", type=click.IntRange(min=0), default=SNIPPET_LINES,
                     show_default=True, metavar="N",
                     help="Lines of snippet per hit in text output (0: all of it)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.command("search")
@click.argument("query", nargs=-1, required=False, metavar="[QUERY]")
@filter_options
@click.option(
    "--facets", is_flag=True, help="Count matches by year, place, author, section, language."
)
@click.option(
    "--timeline", is_flag=True, help="Chart matches per month (per year over long spans)."
)
@click.option(
    "--timeline-unit",
    type=click.Choice(["auto", *TIMELINE_UNITS]),
    help=f"Chart per this unit (implies --timeline; coarser past {MAX_TIMELINE_BUCKETS} bars).",
)
@click.option(
    "--relative",
    is_flag=True,
    help="Timeline as the share of all the archive's articles per period (implies --timeline).",
)
@click.option("--feedback", is_flag=True, help="Widen the query with words of its best matches.")
@click.option(
    "--editions",
    type=click.Choice(list(EDITION_MODES)),
    default=DEFAULT_EDITIONS,
    show_default=True,
    help="Translations of one story: list each (none), fold into one hit (collapse), "
    "or add every hit's other editions (expand).",
)
@click.option(
    "--all",
    "export_all",
    is_flag=True,
    help="Every match, streamed (with --format jsonl or csv; no --limit or --page).",
)
@click.pass_obj
def search_command(app: AppContext, query: tuple[str, ...], **options: object) -> None:
    """Search the archive for QUERY and print ranked results with snippets.

    Without QUERY, browse: every article the filters select (--lang, --from,
    --to, ...), or the whole archive, newest first (--sort oldest to reverse).

    \b
    Query language (see docs/query-language.md):
      kosovo elections           all words wanted; articles with every word first
      "serbian army"             exact phrase;  "kfor army"~5  words within 5 of each other
      kosovo -pristina           exclude;  AND, OR, NOT and (parentheses) work too
      serb*   dikovich~          prefix wildcard; fuzzy (one or two letters off)
      title:kosovo  author:jovanovic  place:belgrade  lang:sr  section:features
      date:2014  date:2014-03  date:[2013 TO 2014-06]
    Put -- before a query that starts with '-'.

    \b
    Examples:
      archive-search search 'kfor "serbian army"' --limit 5
      archive-search search kosovo elections --from 2013 --to 2014-06 --lang en
      archive-search search 'title:ukraine' --sort newest --timeline
      archive-search search kosovo --timeline-unit year
      archive-search search kosovo --timeline --relative
      archive-search search dikovic --facets --json
      archive-search search vucic --editions expand
      archive-search search kosovo --place Beogradu --all --format csv > hits.csv
      archive-search search --lang hr --from 2008 --to 2008     browse, newest first
      archive-search search                                     the newest articles
    """
    fmt = str(options.pop("fmt"))
    if options.pop("as_json"):
        fmt = "json"
    snippet_lines = int(options.pop("snippet_lines"))  # type: ignore[call-overload]
    if options.pop("feedback"):
        options["feedback"] = True
    options["collapse"] = not options.pop("no_collapse")
    unit = options.pop("timeline_unit")
    if unit:
        options["timeline"] = unit
    if options["relative"] and not options["timeline"]:
        options["timeline"] = True
    text = " ".join(query).strip()  # empty: browse (every article the filters select)
    if options.pop("export_all"):
        _export(app, text, fmt, options)
        return
    results = app.archive().search(text, **options)
    from archive_search.cli.render import render

    if results.total and not results.hits and results.page > 1:
        raise errors.page_past_end(results.page, results.pages, results.total)
    render(results, fmt, snippet_lines)
    if not results.total:
        sys.exit(errors.EXIT_NOT_FOUND)


def _export(app: AppContext, text: str, fmt: str, options: dict[str, object]) -> None:
    """``--all``: every match as JSON Lines or CSV, in constant memory."""
    if fmt not in EXPORT_FORMATS:
        raise errors.bad_option("--all", "export every match with --format jsonl or --format csv")
    # the filters and order of a search; paging, charts and the like do not apply
    kept = {name: options[name] for name in EXPORT_OPTIONS if name in options}
    from archive_search.cli.output import note_line
    from archive_search.cli.render import export

    hits = app.archive().export(text, **kept)  # type: ignore[arg-type]
    for notice in hits.notices:  # on stderr: stdout is the data
        note_line(notice)
    if not export(hits, fmt):
        sys.exit(errors.EXIT_NOT_FOUND)
