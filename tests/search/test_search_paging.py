"""Paging after near-duplicate collapsing: the total, the page count and the pages agree."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from archive_search import Archive, Article, config, errors

STORIES = 23
COPIES = [n % 3 for n in range(STORIES)]  # 0, 1 or 2 extra copies of each story


def _story(n: int, copy: int) -> Article:
    return Article(
        id=f"story-{n}-{copy}",
        title=f"Harbour report number {n}",
        body=[
            f"The harbour of town {n} reopened after the storm, officials said on day {n}, "
            "and the first ships since the winter came in with grain, timber and mail "
            "for the villages along the coast.",
            f"Copy {copy} adds a closing line of its own.",
        ],
        published=dt.date(2010, 1 + n % 12, 1 + copy),
        language="en",
    )


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    articles = [_story(n, c) for n in range(STORIES) for c in range(COPIES[n] + 1)]
    with Archive(tmp_path_factory.mktemp("paging") / "index") as archive:
        archive.add(articles)
        yield archive


def _all_pages(archive: Archive, **options) -> tuple[list[str], set[int], int]:
    seen: list[str] = []
    totals, pages = set(), 0
    page = 1
    while True:
        results = archive.search("harbour", page=page, **options)
        totals.add(results.total)
        if not results.hits:
            break
        pages = results.pages
        seen += [hit.id for hit in results.hits]
        page += 1
    assert page - 1 == pages  # the last page with hits is the page count
    return seen, totals, pages


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 7, 10, 22, 23, 24])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_the_total_the_page_count_and_the_pages_agree(harbour, limit, sort) -> None:
    seen, totals, pages = _all_pages(harbour, limit=limit, sort=sort)
    assert totals == {STORIES}
    assert len(seen) == len(set(seen)) == STORIES
    assert {s.rsplit("-", 1)[0] for s in seen} == {f"story-{n}" for n in range(STORIES)}
    assert pages == -(-STORIES // limit)


def test_the_results_say_how_many_copies_were_folded(harbour) -> None:
    results = harbour.search("harbour")
    assert results.total == STORIES
    assert results.folded == sum(COPIES)
    assert results.to_dict()["folded"] == sum(COPIES)
    assert sum(hit.duplicates for hit in results.hits) == sum(COPIES[: len(results.hits)])


def test_without_collapsing_every_copy_is_a_hit(harbour) -> None:
    seen, totals, _ = _all_pages(harbour, limit=4, collapse=False)
    assert totals == {STORIES + sum(COPIES)}
    assert len(set(seen)) == STORIES + sum(COPIES)
    assert harbour.search("harbour", collapse=False).folded == 0


def test_a_huge_limit_names_limit_not_page(harbour) -> None:
    with pytest.raises(errors.UsageError, match="--limit"):
        harbour.search("harbour", limit=1_000_000_000)
    with pytest.raises(errors.UsageError, match="--page"):
        harbour.search("harbour", limit=config.MAX_RESULT_WINDOW, page=2)


# -- exports: every hit, in the order paging gives -------------------------------------------
@pytest.mark.parametrize("options", [{}, {"sort": "newest"}, {"collapse": False}])
def test_an_export_yields_what_paging_yields_in_the_same_order(harbour, options) -> None:
    paged, _, _ = _all_pages(harbour, limit=4, **options)
    assert [hit.id for hit in harbour.export("harbour", **options)] == paged


def test_an_export_has_no_result_window_and_folds_across_batches(harbour, monkeypatch) -> None:
    monkeypatch.setattr(config, "MAX_RESULT_WINDOW", 5)
    monkeypatch.setattr(config, "EXPORT_CHUNK", 4)  # copies of one story fall in two chunks
    hits = list(harbour.export("harbour"))
    assert len(hits) == len({hit.id.rsplit("-", 1)[0] for hit in hits}) == STORIES
    assert sum(hit.duplicates for hit in hits) == sum(COPIES)
    assert len(list(harbour.export("harbour", collapse=False))) == STORIES + sum(COPIES)


def test_an_export_checks_its_query_before_the_first_hit(harbour) -> None:
    with pytest.raises(errors.QueryError):
        harbour.export("title:")
    with pytest.raises(errors.UsageError):
        harbour.export("harbour", lang="xx")
    assert list(harbour.export("nothingmatchesthis")) == []


def test_an_export_says_how_it_read_an_odd_query(harbour) -> None:
    hits = harbour.export('harbour "storm')
    assert errors.Note.UNBALANCED_QUOTE in hits.notices
    assert harbour.search('harbour "storm').notices == hits.notices
    assert list(hits)


@pytest.mark.parametrize("whole", [True, False])
def test_groups_count_the_same_looked_up_one_by_one_or_from_the_column(
    tmp_path, monkeypatch, whole
) -> None:
    from archive_search.engine.segment import columns
    from archive_search.search import collapse

    monkeypatch.setattr(columns, "worth_reading", lambda *args: whole)
    monkeypatch.setattr(columns, "has_codes", lambda *args: False)
    articles = [_story(n, c) for n in range(STORIES) for c in range(COPIES[n] + 1)]
    with Archive(tmp_path / "index") as archive:  # a fresh reader: nothing cached
        archive.add(articles)
        results = archive.search("harbour", limit=3)
        assert (results.total, results.folded) == (STORIES, sum(COPIES))
        reader = archive.store.snapshot()
        assert collapse.count_groups(reader, np.arange(5)) == len(
            {a.id.rsplit("-", 1)[0] for a in articles[:5]}
        )
