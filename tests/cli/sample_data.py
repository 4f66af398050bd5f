"""The sample archive of the repository (``data/``) indexed once per test session.

The README's examples run against it, so tests of what a user meets first use it::

    from tests.cli.sample_data import data_index_fixture, run
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive_search.cli import cli
from tests.paths import DATA


def run(index: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``archive-search --index INDEX ARGS...``; never a traceback."""
    result = CliRunner().invoke(cli, ["--index", str(index), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: uncaught {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="session", name="data_index")
def data_index_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("data") / "index"
    assert run(index, "index", "--workers", "1", str(DATA)).exit_code == 0
    return index
