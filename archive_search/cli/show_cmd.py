"""``archive-search show ID``: one article, whole, for reading or citing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from archive_search import Article
from archive_search.cli.context import AppContext
from archive_search.cli.output import clean, console, json_text, missing_as_null

if TYPE_CHECKING:
    from archive_search import Edition


@click.command("show")
@click.argument("article_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the Article record as JSON.")
@click.pass_obj
def show_command(app: AppContext, article_id: str, as_json: bool) -> None:
    """Print the article ID in full: metadata, lede, body and captions.

    \b
    Examples:
      archive-search show 3f2a9c1b7d4e
      archive-search show 3f2a9c1b7d4e --json | jq .body
    """
    archive = app.archive()
    article = archive.get(article_id.strip())
    editions = archive.editions(article.id)
    if as_json:
        data = article.to_dict()
        data["editions"] = [edition.to_dict() for edition in editions]
        click.echo(json_text(missing_as_null(data), indent=2))
    else:
        render_article(article)
        render_editions(article, editions)


def render_article(article: Article) -> None:
    from rich.text import Text

    out = console()
    out.print(Text(clean(article.title), style="bold"))
    meta = metadata_line(article)
    if meta:
        out.print(Text(meta, style="dim"))
    for label, value in (("URL", article.url), ("Source", article.source), ("ID", article.id)):
        if value:  # never wrapped: a link or path must copy whole
            out.print(Text(f"{label}: {clean(value)}", style="dim"), soft_wrap=True)
    if article.lede:
        out.print()
        out.print(Text(clean(article.lede), style="italic"))
    for paragraph in article.body:
        out.print()
        out.print(Text(clean(paragraph)))
    if article.captions:
        out.print()
        out.print(Text("Photos", style="bold"))
        for caption in article.captions:
            credit = f" [{caption.credit}]" if caption.credit else ""
            out.print(Text(f"- {clean(caption.text)}{clean(credit)}"))


def render_editions(article: Article, editions: Sequence[Edition]) -> None:
    """The "Other editions" list: language (and script where it has two), title, id."""
    if not editions:
        return
    from rich.text import Text

    from archive_search.cli.render import edition_tags

    tags = edition_tags(article.language, "", [(e.language, e.script) for e in editions])
    out = console()
    out.print()
    out.print(Text("Other editions", style="bold"))
    for edition, tag in zip(editions, tags[1:], strict=True):
        out.print(Text(f"- {tag} · {clean(edition.title)} · {edition.id}"))


def metadata_line(article: Article) -> str:
    """Date · author · place · language · section · outlet, whatever is known."""
    place = article.place
    if article.place_local and article.place_local != article.place:
        place = f"{article.place} ({article.place_local})"
    parts = [
        article.published.isoformat() if article.published else "",
        article.author,
        place,
        article.language,
        article.section,
        article.outlet,
    ]
    return clean(" · ".join(p for p in parts if p))
