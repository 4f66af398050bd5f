"""The test suite's own set-up: Hypothesis runs derandomised in CI, exploring locally."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from tests.conftest import DEFAULT_PROFILE, PROFILE_VARIABLE, profile_name

REPO = Path(__file__).resolve().parents[1]


def test_ci_profile_replays_fixed_examples() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize
    assert ci.database is None
    assert ci.max_examples >= 100


def test_local_profiles_explore() -> None:
    for name in ("dev", "explore"):
        assert not settings.get_profile(name).derandomize
    assert settings.get_profile("explore").max_examples > settings.get_profile("ci").max_examples


def test_the_environment_picks_the_profile() -> None:
    assert profile_name({}) == DEFAULT_PROFILE == "dev"
    assert profile_name({PROFILE_VARIABLE: "ci"}) == "ci"
    assert profile_name({PROFILE_VARIABLE: "  "}) == "dev"


def test_ci_script_selects_the_ci_profile() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {PROFILE_VARIABLE}=ci" in script
    assert script.index(PROFILE_VARIABLE) < script.index("make test")


@pytest.mark.slow  # starts a pytest process
def test_pytest_loads_the_profile_the_environment_names(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "from hypothesis import settings\n"
        "def test_probe():\n"
        "    assert settings.default.derandomize\n"
        "    assert settings.default.database is None\n",
        encoding="utf-8",
    )
    env = {**os.environ, PROFILE_VARIABLE: "ci"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.conftest",
            "--rootdir",
            str(tmp_path),
            str(probe),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_second_import_under_the_ci_profile_keeps_local_profiles_random() -> None:
    """pytest may import the conftest twice; the second must not copy the loaded profile."""
    code = (
        "import importlib.util, sys\n"
        "from hypothesis import settings\n"
        "for alias in ('conftest_a', 'conftest_b'):\n"
        "    spec = importlib.util.spec_from_file_location(alias, 'tests/conftest.py')\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "assert settings.default.derandomize\n"
        "assert not settings.get_profile('dev').derandomize\n"
        "assert not settings.get_profile('explore').derandomize\n"
    )
    env = {**os.environ, PROFILE_VARIABLE: "ci"}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
