"""The JSON API through the framework's test client: contracts, limits and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archive_search import Archive, config
from archive_search.web import create_app
from tests.web.site import RUN, SITE, client_fixture, web_index_fixture  # noqa: F401


def without_elapsed(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "elapsed"}


def test_search_answers_the_search_json_contract(client, web_index) -> None:
    got = client.get("/api/search", params={"q": "kfor army", "limit": 3}).json()
    with Archive(web_index) as archive:
        expected = archive.search("kfor army", limit=3).to_dict()
    assert got == expected
    assert {"id", "score", "title", "published", "snippet"} <= set(got["hits"][0])


def test_search_filters_sort_and_paging_are_the_cli_options(client, web_index) -> None:
    params = {"q": "harbour", "sort": "newest", "limit": 5, "page": 2, "from": "2009-03"}
    got = client.get("/api/search", params=params).json()
    with Archive(web_index) as archive:
        expected = archive.search(
            "harbour", sort="newest", limit=5, page=2, date_from="2009-03"
        ).to_dict()
    assert got == expected
    dates = [h["published"] for h in got["hits"]]
    assert dates == sorted(dates, reverse=True) and min(dates) >= "2009-03-01"


def test_facets_and_timeline_come_when_asked(client) -> None:
    plain = client.get("/api/search", params={"q": "harbour"}).json()
    assert "facets" not in plain and "timeline" not in plain
    data = client.get(
        "/api/search", params={"q": "harbour", "facets": "1", "timeline": "month"}
    ).json()
    assert data["facets"]["place"][0] == {"value": "Durres", "count": len(RUN)}
    assert data["timeline"]["granularity"] == "month"
    assert sum(b["count"] for b in data["timeline"]["buckets"]) == len(RUN)


def test_relative_timeline_gives_each_period_its_share_of_all_articles(client) -> None:
    data = client.get("/api/search", params={"q": "kfor", "relative": "1"}).json()
    buckets = data["timeline"]["buckets"]
    assert data["timeline"]["relative"] is True
    march = next(b for b in buckets if b["period"] == "2014-03")
    in_march = sum(1 for a in SITE if a.published and a.published.strftime("%Y-%m") == "2014-03")
    assert march["total"] == in_march
    assert march["share"] == pytest.approx(march["count"] / in_march)


def test_article_is_the_show_json_record(client, web_index) -> None:
    response = client.get("/api/articles/kfor-serbia")
    with Archive(web_index) as archive:
        assert response.json() == archive.get("kfor-serbia").to_dict()


def test_similar_and_compare_complete_the_set(client) -> None:
    similar = client.get("/api/similar/harbour-03", params={"limit": 3}).json()
    assert similar["hits"] and all(h["id"] != "harbour-03" for h in similar["hits"])
    compared = client.get(
        "/api/compare", params=[("q", "harbour"), ("q", "kfor"), ("relative", "1")]
    ).json()
    assert [q["query"] for q in compared["queries"]] == ["harbour", "kfor"]
    assert compared["queries"][0]["total"] == len(RUN)
    periods = compared["periods"]
    assert all(
        [b["period"] for b in q["timeline"]["buckets"]] == periods for q in compared["queries"]
    )


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"q": "((("}, "nothing to search for"),
        ({"q": "x", "page": "two"}, "page"),
        ({"q": "x", "limit": "0"}, "limit"),
        ({"q": "x", "limit": str(config.SERVE_MAX_LIMIT + 1)}, "limit"),
        ({"q": "x", "page": "1000", "limit": "100"}, "page"),
        ({"q": "x", "sort": "random"}, "sort"),
        ({"q": "x", "from": "last year"}, "from"),
        ({"q": "x" * (config.MAX_QUERY_CHARS + 1)}, "characters long"),
        ({"q": "x", "timeline": "fortnight"}, "timeline"),
        ({"q": "x", "facets": "maybe"}, "facets"),
        ({"q": 'date:"not a date"'}, "date"),
    ],
)
def test_bad_parameters_are_400_with_a_json_error(client, params, word) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "bad_request" and word in data["message"]
    assert set(data) == {"error", "message"}


def test_no_such_article_is_404(client) -> None:
    for path in ("/api/articles/no-such-id", "/api/similar/no-such-id"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


def test_unknown_route_and_writing_methods_are_json_errors(client) -> None:
    assert client.get("/api/nothing").json()["error"] == "not_found"
    response = client.post("/api/search", params={"q": "x"})
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_no_index_is_503(tmp_path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(tmp_path / "missing")) as client:
        response = client.get("/api/search", params={"q": "kfor"})
        assert response.status_code == 503
        assert response.json()["error"] == "no_index"
        assert "no index at" in response.json()["message"]
        assert client.get("/").status_code == 503


def test_an_internal_error_never_shows_a_stack_trace(client, monkeypatch) -> None:
    def broken(self, query, **options):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret detail at /srv/private/path.py line 12")

    monkeypatch.setattr(Archive, "search", broken)
    response = client.get("/api/search", params={"q": "kfor"})
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    page = client.get("/", params={"q": "kfor"})
    assert page.status_code == 500 and "secret" not in page.text


def test_openapi_document_lists_every_endpoint(client) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/search", "/api/articles/{article_id}", "/api/similar/{article_id}"):
        assert path in schema["paths"]
    assert "/api/compare" in schema["paths"] and "/api/export" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "page", "limit", "sort", "from", "to", "lang", "facets"} <= names
    page = client.get("/api")
    assert page.status_code == 200 and "/api/search" in page.text


def test_csv_export_streams_every_hit_past_the_page(client) -> None:
    response = client.get("/api/export", params={"q": "harbour", "limit": "2", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["id"] for r in rows) == sorted(a.id for a in RUN)
    assert rows[0]["title"].startswith("Harbour report")


def test_jsonl_export_keeps_the_order_of_the_search(client, web_index, monkeypatch) -> None:
    monkeypatch.setattr(config, "EXPORT_CHUNK", 4)  # several chunks
    response = client.get(
        "/api/export", params={"q": "harbour", "sort": "oldest", "format": "jsonl"}
    )
    lines = [json.loads(line) for line in response.text.splitlines()]
    with Archive(web_index) as archive:
        expected = [h.id for h in archive.search("harbour", sort="oldest", limit=100).hits]
    assert [h["id"] for h in lines] == expected


def test_export_defuses_spreadsheet_formulas_and_rejects_bad_formats(client) -> None:
    response = client.get("/api/export", params={"q": "harbour", "format": "xlsx"})
    assert response.status_code == 400
    empty = client.get("/api/export", params={"q": "nonexistentword"})
    assert empty.status_code == 200 and empty.text.splitlines()[0].startswith("id,")
    from archive_search.web.api import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("plain") == "plain"
