"""The access token: every request carries it, or gets 401; a cookie carries it after once."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from archive_search.web import create_app
from archive_search.web.app import TOKEN_COOKIE
from tests.web.site import web_index_fixture  # noqa: F401

TOKEN = "s3cret-Token"


@pytest.fixture
def guarded(web_index):  # type: ignore[no-untyped-def]
    with TestClient(create_app(web_index, token=TOKEN)) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/api/search?q=kfor", "/static/app.js", "/api/openapi.json"])
def test_requests_without_the_token_are_refused(guarded, path) -> None:
    response = guarded.get(path)
    assert response.status_code == 401
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "token" in response.text


def test_a_wrong_token_is_refused(guarded) -> None:
    for headers in ({"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"}):
        response = guarded.get("/api/search", params={"q": "kfor"}, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
    assert guarded.get("/", params={"token": TOKEN[:-1]}).status_code == 401


def test_bearer_and_header_tokens_are_accepted(guarded) -> None:
    ok = guarded.get(
        "/api/search", params={"q": "kfor"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert ok.status_code == 200 and ok.json()["total"] > 0
    ok = guarded.get("/api/articles/kfor-serbia", headers={"X-Archive-Token": TOKEN})
    assert ok.status_code == 200


def test_a_token_in_the_address_sets_a_cookie_for_the_next_pages(guarded) -> None:
    first = guarded.get("/", params={"token": TOKEN})
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert (
        cookie.startswith(f"{TOKEN_COOKIE}=")
        and "HttpOnly" in cookie
        and "SameSite=Strict" in cookie
    )
    assert guarded.get("/articles/kfor-serbia").status_code == 200  # the cookie carries it
    guarded.cookies.clear()
    assert guarded.get("/articles/kfor-serbia").status_code == 401


def test_the_token_is_compared_in_constant_time(monkeypatch, guarded) -> None:
    import hmac

    seen = []
    real = hmac.compare_digest

    def spy(a, b):  # type: ignore[no-untyped-def]
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    guarded.get("/api/search", params={"q": "kfor"}, headers={"Authorization": "Bearer nope"})
    assert seen == [(b"nope", TOKEN.encode())]
