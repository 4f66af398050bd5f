"""The JSON API: ``/api/search``, ``/api/articles/{id}``, ``/api/similar/{id}``, ``/api/compare``.

The same contract as the CLI's JSON (``search --json``, ``show --json``),
from a process that keeps the index warm; ``/api/export`` streams every hit
as CSV or JSON Lines. Parameters are named as the CLI's options; the
declarations below are for the OpenAPI document (``/api/openapi.json``), the
values are read by ``params.SearchParams`` so that the page, the API and the
export read a query string alike.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import chain
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from archive_search import config, errors
from archive_search.text.controls import clean_text
from archive_search.web.params import SearchParams, flag
from archive_search.web.service import service_of

router = APIRouter(prefix="/api", tags=["api"])

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Text = Annotated[str | None, Query()]


def search_params(
    request: Request,
    q: Annotated[
        str,
        Query(
            description="The query, in the query language of `search`; empty or absent: "
            "browse every article the other parameters select, newest first."
        ),
    ] = "",
    page: Annotated[str | None, Query(description="Page number (from 1).")] = None,
    limit: Annotated[str | None, Query(description="Results per page (1-100).")] = None,
    sort: Annotated[str | None, Query(description="relevance, newest or oldest.")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]].")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]].")] = None,
    author: Text = None,
    place: Text = None,
    lang: Annotated[str | None, Query(description="ISO 639-1 language code.")] = None,
    section: Text = None,
    collapse: Annotated[str | None, Query(description="0: list near-identical copies.")] = None,
) -> SearchParams:
    """The search parameters (declared for the OpenAPI document; read from the URL)."""
    return SearchParams.read(request.query_params)


Params = Annotated[SearchParams, Depends(search_params)]


@router.get(
    "/search",
    summary="Search: the `search --json` object; without q, a browse of what the filters "
    'select, newest first (`"browse": true`)',
)
async def api_search(
    request: Request,
    params: Params,
    facets: Annotated[str | None, Query(description="1: counts by year, place...")] = None,
    timeline: Annotated[str | None, Query(description="1, or month, year, decade...")] = None,
    relative: Annotated[str | None, Query(description="1: timeline as shares.")] = None,
) -> JSONResponse:
    options = params.options()
    options["facets"] = flag(facets, "facets", False)
    options["timeline"] = _timeline(timeline)
    options["relative"] = params.relative
    if params.relative and not options["timeline"]:
        options["timeline"] = True
    results = service_of(request).call(lambda a: a.search(params.q, **options))
    return JSONResponse(results.to_dict())


def _timeline(value: str | None) -> bool | str:
    if value is None or value.strip().lower() in ("", "0", "false", "no", "off"):
        return False
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    return value.strip().lower()


@router.get("/articles/{article_id:path}", summary="One article: the `show --json` record")
async def api_article(request: Request, article_id: str) -> JSONResponse:
    article = service_of(request).call(lambda a: a.get(article_id))
    return JSONResponse(article.to_dict())


@router.get("/similar/{article_id:path}", summary="Articles like one article")
async def api_similar(request: Request, article_id: str, params: Params) -> JSONResponse:
    options = params.options()
    results = service_of(request).call(lambda a: a.similar(article_id, **options))
    return JSONResponse(results.to_dict())


@router.get("/compare", summary="Queries compared over the same periods")
async def api_compare(
    request: Request,
    params: Params,
    unit: Annotated[str | None, Query(description="auto, month, year, decade...")] = None,
    relative: Annotated[str | None, Query(description="1: shares of all articles.")] = None,
) -> JSONResponse:
    queries = request.query_params.getlist("q")
    comparison = service_of(request).call(
        lambda a: a.compare(queries, unit=params.unit, relative=params.relative, **params.filters())
    )
    return JSONResponse(comparison.to_dict())


@router.get(
    "/export",
    summary="Every hit of a query (without q: every article the filters select), "
    "streamed as CSV or JSON Lines",
)
async def api_export(
    request: Request,
    params: Params,
    format: Annotated[str, Query(description="csv or jsonl.")] = "csv",
) -> StreamingResponse:
    if format not in ("csv", "jsonl"):
        raise errors.bad_option("format", f"{format!r} is not one of csv, jsonl")
    options = {**params.filters(), "sort": params.sort}
    service = service_of(request)
    # the first hit is read before the response starts: a bad query is a 400, not a cut stream
    hits = service.stream(lambda a: a.export(params.q, **options))
    first = next(hits, None)
    rows = _csv_rows(first, hits) if format == "csv" else _jsonl_rows(first, hits)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    filename = f"archive-search-export.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(rows, media_type=media, headers=headers)


def _csv_rows(first: Any, hits: Iterator[Any]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(config.HIT_CSV_COLUMNS)
    if first is not None:
        for hit in chain([first], hits):
            data = hit.to_dict()
            writer.writerow([_cell(data[c]) for c in config.HIT_CSV_COLUMNS])
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def _jsonl_rows(first: Any, hits: Iterator[Any]) -> Iterator[str]:
    if first is None:
        return
    for hit in chain([first], hits):
        yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    """A CSV cell: control characters removed; a leading formula character defused."""
    text = "" if value is None else clean_text(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text
