"""The shared search archive (tests/search/sample.py) holds what the search tests expect."""

from archive_search import Archive
from tests.search.sample import ARTICLES, KFOR, archive_fixture, archive_path_fixture  # noqa: F401


def test_fixture_indexes_every_article(archive: Archive) -> None:
    assert len(archive) == len(ARTICLES)
    assert archive.get("kfor-serbia").title == KFOR.title
