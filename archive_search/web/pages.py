"""The HTML pages: search, article, compare, help. Rendered on the server; no script needed.

Every view's state is in its URL (links and GET forms only), so back and
forward work and any view can be shared. Each page is built from ``Archive``
calls under the service's lock and rendered by an autoescaping Jinja2
environment; article text reaches it only through ``views.Marker``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from archive_search import config, errors
from archive_search.text.controls import clean_text
from archive_search.web import views
from archive_search.web.params import SearchParams
from archive_search.web.service import service_of

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"

#: Facet name -> the URL parameter it filters with (years filter with from/to).
FACET_PARAMS = {"place": "place", "author": "author", "section": "section", "language": "lang"}
FACET_TITLES = {
    "year": "Year",
    "place": "Place",
    "author": "Author",
    "section": "Section",
    "language": "Language",
}
#: The facets of the home page, in the order a researcher asks about an archive.
OVERVIEW_FACETS = ("language", "year", "place", "section", "author")
FILTER_LABELS = {
    "from": "from",
    "to": "to",
    "author": "author",
    "place": "place",
    "lang": "language",
    "section": "section",
}
SIMILAR_SHOWN = 5
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def templates() -> jinja2.Environment:
    """The template environment: autoescaping on for every template."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    env.globals.update(qs=views.query_string, safe_link=views.safe_link, config=config)
    return env


def _finalize(value: Any) -> Any:
    """Every value a template prints is cleaned of control characters (Markup is ours)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value


def render(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(request=request, **context), status_code=code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status, status=status, message=message, params=None)


# -- search ----------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
async def search_page(request: Request) -> Response:
    """A search; without a query, a browse of what the filters select; with neither, the home.

    The home page is the browse of the whole archive (its facets and timeline
    as links that browse into a language, year, place...; the newest articles)
    with the archive's counts above it.
    """
    params = SearchParams.read(request.query_params)
    options = {**params.options(), "facets": True, "relative": params.relative}
    options["timeline"] = params.unit
    home = params.is_home()

    def read(archive: Any) -> tuple[Any, dict[str, Any] | None]:
        results = archive.search(params.q, **options)
        if not home:
            return results, None
        return results, {"articles": len(archive), "languages": len(archive.languages())}

    results, overview = service_of(request).call(read)
    facets = _facets(params, results)
    if overview is not None:
        overview["years"] = _years(results.timeline)
        facets.sort(key=lambda f: OVERVIEW_FACETS.index(f["name"]))
    return render(
        request,
        "search.html",
        params=params,
        results=results,
        overview=overview,
        mark=views.Marker(),
        facets=facets,
        filters=_active_filters(params),
        chart=_timeline_chart(params, results.timeline),
        pages=_pages(params, results),
    )


@router.get("/search")
async def search_alias(request: Request) -> Response:
    """``/search?q=...`` is the search page too (the address people guess)."""
    return RedirectResponse("/" + views.query_string(dict(request.query_params)), 307)


def _facets(params: SearchParams, results: Any) -> list[dict[str, Any]]:
    base = params.url_params() | {"page": None}
    out = []
    for name, counts in (results.facets or {}).items():
        if name != "year" and name not in FACET_PARAMS:
            continue  # a facet this page has no filter for
        links = []
        for count in counts:
            if name == "year":
                change = {"from": count.value, "to": count.value}
            else:
                change = {FACET_PARAMS[name]: count.value}
            links.append(
                {
                    "value": count.value,
                    "count": count.count,
                    "href": views.query_string(base, **change),
                }
            )
        if links:
            out.append({"name": name, "title": FACET_TITLES.get(name, name), "links": links})
    return out


def _years(timeline: Any) -> tuple[str, str] | None:
    """The first and last year of a timeline (periods start with a year; a decade's ends with one)."""
    if timeline is None or not timeline.buckets:
        return None
    first, last = timeline.buckets[0].period, timeline.buckets[-1].period
    return first[:4], last[-4:] if len(last) == 9 else last[:4]


def _active_filters(params: SearchParams) -> list[dict[str, str]]:
    url = params.url_params() | {"page": None}
    return [
        {
            "label": FILTER_LABELS[key],
            "value": str(url[key]),
            "href": "/" + views.query_string(url, **{key: None}),  # the last one: home
        }
        for key in FILTER_LABELS
        if url.get(key)
    ]


def _timeline_chart(params: SearchParams, timeline: Any) -> dict[str, Any] | None:
    if timeline is None or not timeline.buckets:
        return None
    base = params.url_params() | {"page": None, "unit": None}
    values = []
    for bucket in timeline.buckets:
        noun = "article" if bucket.count == 1 else "articles"
        if timeline.relative:
            value = bucket.share or 0.0
            label = (
                f"{bucket.period}: {value:.2%} of all articles ({bucket.count} of {bucket.total})"
            )
        else:
            value = bucket.count
            label = f"{bucket.period}: {bucket.count} {noun}"
        values.append((bucket.period, value, label))

    def drill(period: str) -> str:
        start, end = views.period_range(period)
        return views.query_string(base, **{"from": start, "to": end})

    chart_bars, _ = views.bars(values, drill)
    return {
        "bars": chart_bars,
        "unit": timeline.granularity,
        "relative": timeline.relative,
        "undated": timeline.undated,
        "toggle": views.query_string(
            params.url_params(), relative=None if params.relative else "1"
        ),
        "width": views.CHART_WIDTH,
        "height": views.CHART_HEIGHT,
    }


def _pages(params: SearchParams, results: Any) -> dict[str, Any]:
    url = params.url_params()
    last = min(results.pages, max(1, config.MAX_RESULT_WINDOW // params.limit))
    return {
        "current": params.page,
        "last": last,
        "previous": views.query_string(url, page=params.page - 1) if params.page > 1 else None,
        "next": views.query_string(url, page=params.page + 1) if params.page < last else None,
        "export_csv": "/api/export" + views.query_string(url, page=None, format="csv"),
        "export_jsonl": "/api/export" + views.query_string(url, page=None, format="jsonl"),
        "json": "/api/search" + views.query_string(url, facets="1", timeline="1"),
    }


# -- article ---------------------------------------------------------------------------
@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str) -> Response:
    query = (request.query_params.get("q") or "").strip()
    wanted = request.query_params.get("script")

    def read(archive: Any) -> dict[str, Any]:
        article = archive.get(article_id)
        marks = archive.marks(article, query) if query else None
        try:
            similar = archive.similar(article_id, limit=SIMILAR_SHOWN).hits
        except errors.NotFoundError:
            similar = []
        editions = archive.editions(article_id)
        return {"article": article, "marks": marks, "similar": similar, "editions": editions}

    data = service_of(request).call(read)
    article = data["article"]
    script = views.script_choice(wanted, article.language)
    return render(
        request,
        "article.html",
        params=None,
        query=query,
        mark=views.Marker(script),
        script=script,
        scripts=_script_links(request, article)
        if article.language in views.SCRIPT_LANGUAGES
        else [],
        source_link=views.safe_link(article.url),
        back=views.query_string({"q": query}),
        **data,
    )


def _script_links(request: Request, article: Any) -> list[dict[str, Any]]:
    """Links that show a Serbian article in Latin or Cyrillic script; the one shown is current."""
    text = " ".join([article.title, *article.body[:3]])
    written = "cyrl" if _CYRILLIC.search(text) else "latn"
    shown = views.script_choice(request.query_params.get("script"), article.language) or written
    params = dict(request.query_params)
    return [
        {
            "name": name,
            "label": label,
            "current": name == shown,
            "href": f"/articles/{quote(article.id, safe='')}"
            + views.query_string(params, script=name)
            + "#article",
        }
        for name, label in views.SCRIPTS.items()
    ]


# -- compare ---------------------------------------------------------------------------
@router.get("/compare", response_class=HTMLResponse)
async def compare_page(request: Request) -> Response:
    params = SearchParams.read(request.query_params)
    queries = [q.strip() for q in request.query_params.getlist("q") if q.strip()]
    comparison = None
    if len(queries) >= 2:
        comparison = service_of(request).call(
            lambda a: a.compare(
                queries, unit=params.unit, relative=params.relative, **params.filters()
            )
        )
    fields = [*queries, ""][: config.MAX_COMPARED_QUERIES]
    while len(fields) < 2:
        fields.append("")
    return render(
        request,
        "compare.html",
        params=params,
        fields=fields,
        comparison=comparison,
        chart=_compare_chart(params, comparison) if comparison else None,
    )


def _compare_chart(params: SearchParams, comparison: Any) -> dict[str, Any]:
    series = []
    for compared in comparison.queries:
        values = [
            (b.share or 0.0) if comparison.relative else b.count for b in compared.timeline.buckets
        ]
        series.append(values)
    base = {
        k: v for k, v in params.url_params().items() if k not in ("q", "page", "unit", "relative")
    }
    state = params.url_params() | {"q": [q.query for q in comparison.queries]}
    rows = []
    for i, period in enumerate(comparison.periods):
        start, end = views.period_range(period)
        cells = []
        for compared, values in zip(comparison.queries, series, strict=True):
            bucket = compared.timeline.buckets[i]
            shown = f"{values[i]:.2%}" if comparison.relative else str(bucket.count)
            href = "/" + views.query_string(base, q=compared.query, **{"from": start, "to": end})
            cells.append({"shown": shown, "href": href})
        rows.append({"period": period, "cells": cells})
    return {
        "lines": views.polylines(series),
        "rows": rows,
        "width": views.CHART_WIDTH,
        "height": views.CHART_HEIGHT,
        "toggle": "/compare" + views.query_string(state, relative=None if params.relative else "1"),
        "json": "/api/compare" + views.query_string(state),
    }


# -- help ------------------------------------------------------------------------------
@router.get("/help", response_class=HTMLResponse)
async def help_page(request: Request) -> Response:
    return render(request, "help.html", params=None)


@router.get("/api", response_class=HTMLResponse)
async def api_page(request: Request) -> Response:
    """The API's documentation, from its OpenAPI document (no script, no CDN)."""
    schema = request.app.openapi()
    return render(request, "api.html", params=None, schema=schema)
