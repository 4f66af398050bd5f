"""Fixtures shared by the indexing tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_search.engine.store import IndexStore


@pytest.fixture
def store(tmp_path: Path):
    """A new, empty index."""
    opened = IndexStore.create(tmp_path / "ix")
    yield opened
    opened.close()
