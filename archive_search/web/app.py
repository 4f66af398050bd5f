"""The ASGI application: routes, security headers, the access token, errors as JSON or pages.

Every response carries a Content-Security-Policy that allows scripts and
styles from this server only (no inline script, no inline style, nothing
from elsewhere) and ``X-Content-Type-Options: nosniff``. With a token, every
request must carry it (``Authorization: Bearer``, ``X-Archive-Token``, a
``token`` parameter once, after which a cookie carries it), compared in
constant time. Errors never show a stack trace: ``/api`` answers
``{"error": CODE, "message": ...}`` with 400, 401, 404, 503 or 500; pages
show the same message.
"""

from __future__ import annotations

import hmac
import logging
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException

from archive_search import __version__, errors
from archive_search.web.service import ArchiveService

HERE = Path(__file__).parent
TOKEN_COOKIE = "archive_search_token"
TOKEN_HEADER = "x-archive-token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: Error code and HTTP status of each kind of error.
ERROR_STATUS: list[tuple[type[errors.ArchiveSearchError], str, int]] = [
    (errors.IndexMissing, "no_index", 503),
    (errors.IndexProblem, "index_unavailable", 503),
    (errors.NotFoundError, "not_found", 404),
    (errors.ArchiveSearchError, "bad_request", 400),
]
log = logging.getLogger("archive_search.web")


def create_app(index_path: str | Path, *, token: str | None = None) -> Guard:
    """The web application over the index at ``index_path`` (opened read-only, lazily).

    ``Guard`` wraps the whole application, error pages included, so every
    response carries the security headers and no request passes without the token.
    """
    from archive_search.web import api, pages

    app = FastAPI(
        title="archive-search",
        version=__version__,
        description="Full-text search of a news-article archive. Read-only JSON API; "
        "the same contract as `archive-search search --json`.",
        docs_url=None,  # Swagger UI loads from a CDN: not here
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = ArchiveService(Path(index_path))
    app.state.templates = pages.templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(errors.ArchiveSearchError, _archive_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    return Guard(app, token=token)


# -- errors ---------------------------------------------------------------------------
def error_status(exc: errors.ArchiveSearchError) -> tuple[str, int]:
    for kind, code, status in ERROR_STATUS:
        if isinstance(exc, kind):
            return code, status
    return "bad_request", 400  # pragma: no cover - ArchiveSearchError is last


def error_response(request: Request, code: str, status: int, message: str) -> Response:
    """JSON for the API, a page for people."""
    if _wants_json(request):
        return JSONResponse({"error": code, "message": message}, status_code=status)
    from archive_search.web.pages import error_page

    return error_page(request, status, message)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


async def _archive_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.ArchiveSearchError)
    code, status = error_status(exc)
    return error_response(request, code, status, _in_url_terms(exc))


def _in_url_terms(exc: errors.ArchiveSearchError) -> str:
    """The message, naming a bad value by its URL parameter ("page"), not the CLI's "--page"."""
    option = getattr(exc, "option", None)
    if isinstance(exc, errors.UsageError) and option and option.startswith("--"):
        return str(errors.bad_option(option.replace("--", ""), exc.detail))
    return str(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else "bad_request"
    if exc.status_code == 405:
        code = "method_not_allowed"  # the server is read-only: GET and HEAD only
    message = "no such page" if exc.status_code == 404 else str(exc.detail)
    return error_response(request, code, exc.status_code, message)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
    return error_response(request, "bad_request", 400, f"bad value for {where}")


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s", request.url.path, exc_info=exc)
    message = "internal error: the server could not answer this request (see its log)"
    try:
        return error_response(request, "internal_error", 500, message)
    except Exception:  # the error page itself failed: plain text, still no trace
        return Response(message + "\n", status_code=500, media_type="text/plain")


# -- the access token and the security headers ----------------------------------------
class Guard:
    """ASGI middleware: refuses requests without the token; adds the security headers."""

    def __init__(self, app: Any, token: str | None = None) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        presented, from_query = self._presented(scope)
        allowed = self.token is None or (
            presented is not None and hmac.compare_digest(presented, self.token)
        )
        set_cookie = allowed and from_query and self.token is not None
        started = time.perf_counter()

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # the time spent in the application, for clients measuring the transport apart
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if set_cookie:
                    headers.append(
                        "Set-Cookie",
                        f"{TOKEN_COOKIE}={self.token.decode()}; Path=/; HttpOnly; SameSite=Strict",
                    )
            await send(message)

        if not allowed:
            response = _refusal(scope["path"])
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _presented(self, scope: Any) -> tuple[bytes | None, bool]:
        """The token the request carries, and whether it came in the query string."""
        if self.token is None:
            return None, False
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"")
        if auth[:7].lower() == b"bearer ":
            return auth[7:].strip(), False
        if TOKEN_HEADER.encode() in headers:
            return headers[TOKEN_HEADER.encode()].strip(), False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("token"):
            return query["token"][-1].encode("utf-8"), True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header carries no token
            return None, False
        if TOKEN_COOKIE in cookie:
            return cookie[TOKEN_COOKIE].value.encode("utf-8"), False
        return None, False


def _refusal(path: str) -> Response:
    message = errors.token_required()
    if path.startswith("/api"):
        return JSONResponse({"error": "unauthorized", "message": message}, status_code=401)
    return Response(message + "\n", status_code=401, media_type="text/plain; charset=utf-8")
