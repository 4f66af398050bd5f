"""``show`` takes what a reader copied: an id, its first characters, or the article's URL."""

from __future__ import annotations

import json

from tests.cli.sample_data import data_index_fixture, run  # noqa: F401


def _first_hit(data_index) -> dict:
    hits = json.loads(run(data_index, "search", "kosovo", "--json").stdout)["hits"]
    return next(hit for hit in hits if hit["url"])


def test_show_takes_a_six_character_prefix_and_the_url(data_index) -> None:
    hit = _first_hit(data_index)
    whole = run(data_index, "show", hit["id"], "--json")
    assert whole.exit_code == 0
    for written in (hit["id"][:6], hit["url"], hit["url"] + "?utm_source=mail"):
        result = run(data_index, "show", written, "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["id"] == hit["id"]
        assert result.stdout == whole.stdout


def test_show_of_a_short_prefix_is_not_found(data_index) -> None:
    result = run(data_index, "show", _first_hit(data_index)["id"][:3])
    assert result.exit_code == 1
    assert result.stderr.startswith("archive-search: error: no article")
