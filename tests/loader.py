"""Import a script of scripts/ as a module, for tests of its functions."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.paths import SCRIPTS


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` imported as module ``name`` (registered, so dataclasses work)."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
