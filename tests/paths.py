"""Where the tests find the repository, its fixtures and the shared corpora (one place)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
DATA = REPO / "data"
SEED = DATA / "setimes-2014-03-10-nato-serbia-kfor.txt"
SCRIPTS = REPO / "scripts"
SHARED = REPO / ".." / "shared"
CORPORA = SHARED / "corpora"
