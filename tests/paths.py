"""Where the tests find the repository, its fixtures and the shared corpora (one place)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
DATA = REPO / "data"
SEED = DATA / "setimes-2014-03-10-nato-serbia-kfor.txt"
SCRIPTS = REPO / "scripts"
#: ``../shared`` beside the checkout (as in CI), or where ARCHIVE_SEARCH_SHARED says (a worktree).
SHARED = Path(os.environ.get("ARCHIVE_SEARCH_SHARED") or REPO / ".." / "shared")
CORPORA = SHARED / "corpora"
