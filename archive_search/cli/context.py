"""State shared by every command: which index, opened once and closed at exit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive_search.config import resolve_index_dir

if TYPE_CHECKING:
    from archive_search import Archive


@dataclass
class AppContext:
    index_option: str | None = None
    _archive: Archive | None = field(default=None, repr=False)

    @property
    def index_dir(self) -> Path:
        return resolve_index_dir(self.index_option)

    def archive(self) -> Archive:
        """The archive of the index folder, opened on first use (after ``lean_start``)."""
        if self._archive is None:
            from archive_search.cli.startup import lean_start

            lean_start()
            from archive_search import Archive

            self._archive = Archive(self.index_dir)
        return self._archive
