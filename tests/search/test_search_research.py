"""Research views in the library: the relative timeline, compared queries, exports, marks."""

from __future__ import annotations

import pytest

from archive_search import ArchiveSearchError, config
from tests.search.sample import ARTICLES, archive_fixture, archive_path_fixture  # noqa: F401


def per_month(articles) -> dict[str, int]:  # type: ignore[no-untyped-def]
    out: dict[str, int] = {}
    for a in articles:
        if a.published:
            key = a.published.strftime("%Y-%m")
            out[key] = out.get(key, 0) + 1
    return out


def test_relative_timeline_divides_by_all_articles_of_the_period(archive) -> None:
    results = archive.search("kfor", timeline="month", relative=True)
    everything = per_month(ARTICLES)
    assert results.timeline is not None and results.timeline.relative
    for bucket in results.timeline.buckets:
        assert bucket.total == everything.get(bucket.period, 0)
        assert bucket.share == pytest.approx(bucket.count / bucket.total if bucket.total else 0)
    data = results.timeline.to_dict()
    assert data["relative"] is True and {"total", "share"} <= set(data["buckets"][0])


def test_plain_timeline_has_no_totals(archive) -> None:
    timeline = archive.search("kfor", timeline=True).timeline
    assert timeline is not None and not timeline.relative
    assert all(b.total is None and b.share is None for b in timeline.buckets)
    assert "share" not in timeline.to_dict()["buckets"][0]


def test_compared_queries_share_their_periods(archive) -> None:
    comparison = archive.compare(["kfor", "ministers", "army"], unit="year")
    periods = comparison.periods
    assert periods == [str(y) for y in range(int(periods[0]), int(periods[-1]) + 1)]
    for compared in comparison.queries:
        assert [b.period for b in compared.timeline.buckets] == periods
        alone = archive.search(compared.query, limit=1, collapse=False)
        assert compared.total == alone.total
        counted = sum(b.count for b in compared.timeline.buckets) + compared.timeline.undated
        assert counted == compared.total


def test_compare_takes_the_search_filters(archive) -> None:
    comparison = archive.compare(["kfor", "army"], lang="sr")
    assert [q.total for q in comparison.queries] == [
        archive.search("kfor", lang="sr", collapse=False).total,
        archive.search("army", lang="sr", collapse=False).total,
    ]


@pytest.mark.parametrize(
    "queries", [["kfor"], ["kfor", "  "], ["q"] * (config.MAX_COMPARED_QUERIES + 1)]
)
def test_compare_needs_two_to_eight_queries(archive, queries) -> None:
    with pytest.raises(ArchiveSearchError):
        archive.compare(queries)


def test_export_yields_every_hit_in_the_search_order(archive, monkeypatch) -> None:
    monkeypatch.setattr(config, "EXPORT_CHUNK", 2)
    for sort in ("relevance", "newest", "oldest"):
        exported = [
            h.id for h in archive.export("army OR ministers OR kfor", sort=sort, collapse=False)
        ]
        searched = archive.search("army OR ministers OR kfor", sort=sort, limit=50, collapse=False)
        assert exported == [h.id for h in searched.hits]
        assert len(exported) == searched.total


def test_export_rejects_a_bad_query_before_yielding(archive) -> None:
    with pytest.raises(ArchiveSearchError):
        next(archive.export("x" * (config.MAX_QUERY_CHARS + 1)))


def test_marks_cover_every_part_of_the_article(archive) -> None:
    article = archive.get("kfor-serbia")
    marks = archive.marks(article, "kfor soldier")
    assert [article.lede[a:b] for a, b in marks.lede] == ["KFOR"]
    assert [article.body[0][a:b] for a, b in marks.body[0]] == ["KFOR"]
    assert [article.captions[0].text[a:b] for a, b in marks.captions[0]] == ["KFOR", "soldiers"]
    assert marks.count == 4
    assert archive.marks(article, "  ").count == 0


def test_version_changes_with_a_commit(archive_path, tmp_path) -> None:
    from archive_search import Archive, Article

    with Archive(tmp_path / "ix") as archive:
        archive.add([Article(title="one", body=["first"])])
        before = archive.version()
        archive.add([Article(title="two", body=["second"])])
        assert archive.version() != before
        assert archive.version()[0] == before[0]  # same folder
