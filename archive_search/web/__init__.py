"""``archive-search serve``: a local web search and JSON API over one index.

* ``app``: the ASGI application (FastAPI), its security headers, access token
  and JSON errors;
* ``service``: the one opened ``Archive``, reopened when a commit lands or a
  rebuilt index is swapped in, with requests serialised around it;
* ``params``: the URL's query parameters read into ``Archive`` options (the
  whole state of a page lives in its URL);
* ``api`` and ``pages``: the JSON routes and the HTML routes;
* ``views``: presentation helpers (marked text, script switch, safe links, charts);
* ``templates/`` and ``static/``: Jinja2 templates (autoescaped) and the one
  stylesheet and script, shipped in the package: nothing is fetched at run time.

The web layer talks only to ``Archive``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app"]

if TYPE_CHECKING:  # pragma: no cover
    from archive_search.web.app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from archive_search.web.app import create_app

        return create_app
    raise AttributeError(f"module 'archive_search.web' has no attribute {name!r}")
