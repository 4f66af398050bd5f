"""Hypothesis profiles: CI replays a fixed set of examples, local runs explore.

A property test that finds a new failing example on one run in many would make CI fail
at random, and a failed CI lands nothing. So CI (``.ci/run`` sets
``HYPOTHESIS_PROFILE=ci``) runs derandomised: the same examples on every run, chosen
per test, with no example database. Local runs (the default ``dev`` profile, or
``explore`` for a long hunt) draw new examples each time and remember failures in
``.hypothesis/``. Every example a run has found is kept in its test as an explicit
``@example``, so CI checks it from then on.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: The environment variable that picks the profile (``.ci/run`` sets it to ``ci``).
PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
DEFAULT_PROFILE = "dev"

#: Every profile starts from Hypothesis' own defaults, never from whatever profile is
#: loaded when this module runs: it may be imported twice (as pytest's conftest and as
#: ``tests.conftest``), and a second import must not inherit the ``ci`` settings.
_BASE = settings.get_profile("default")

settings.register_profile(
    "ci",
    parent=_BASE,
    derandomize=True,
    database=None,
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", parent=_BASE, deadline=None, print_blob=True)
settings.register_profile(
    "explore", parent=_BASE, max_examples=2_000, deadline=None, print_blob=True
)


def profile_name(environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    """The profile the environment asks for (``dev`` when it says nothing)."""
    return environ.get(PROFILE_VARIABLE, "").strip() or DEFAULT_PROFILE


settings.load_profile(profile_name())
