"""``archive-search show ID``: one article, whole, for reading or citing."""

from __future__ import annotations

import click

from archive_search import Article
from archive_search.cli.context import AppContext
from archive_search.cli.output import clean, console, json_text


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
    article = app.archive().get(article_id.strip())
    if as_json:
        click.echo(json_text(article.to_dict(), indent=2))
    else:
        render_article(article)


def render_article(article: Article) -> None:
    from rich.text import Text

    out = console()
    out.print(Text(clean(article.title), style="bold"))
    meta = metadata_line(article)
    if meta:
        out.print(Text(meta, style="dim"))
    for label, value in (("URL", article.url), ("Source", article.source), ("ID", article.id)):
        if value:
            out.print(Text(f"{label}: {clean(value)}", style="dim"))
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
