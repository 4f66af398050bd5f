"""A leaner start for the command line: what its imports start but a command never uses.

A one-shot ``archive-search search`` spends most of its time importing.
``lean_start`` trims what serves nothing here.

numpy's OpenBLAS starts a thread pool of one thread per core when numpy is
imported, which took a third of numpy's import time (more on a busy machine:
the threads spin while they wait); no command does linear algebra, so the
command line asks for one thread (``OPENBLAS_NUM_THREADS``, unless set).

Some of Whoosh's imports serve nothing here, yet together cost about as much
as the search itself:

* ``whoosh.compat`` imports ``urllib.request`` (and with it ``http.client``,
  ``email`` and ``ssl``) for a ``urlretrieve`` that nothing calls;
* ``cached_property`` (a Whoosh dependency) imports ``asyncio`` to ask, when a
  cached property is first read, whether it wraps a coroutine;
* ``whoosh.query.terms`` imports the English word lists of ``morph_en`` for
  its ``Variations`` query, which the query compiler never builds.

``lean_start`` imports those modules while a stand-in takes the place of each
heavy one in ``sys.modules``; the stand-in imports the real module the first
time any of its attributes is used and hands that over, so behaviour is
unchanged and only what is never used is never loaded. The stand-ins leave
``sys.modules`` as soon as the import is done: any other ``import asyncio``
gets the real module. The command line runs it when a command first opens
the index (``AppContext.archive``; ``--help`` and ``--version`` import no
Whoosh at all), never on ``import archive_search``: a program using the
library keeps its imports as they are.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Callable
from typing import Any

#: module to import -> the heavy modules it imports, each with the names taken from it.
DEFERRED: dict[str, dict[str, tuple[str, ...]]] = {
    "whoosh.compat": {"urllib.request": ("urlretrieve",)},
    "cached_property": {"asyncio": ()},
    "whoosh.query.terms": {"whoosh.lang.morph_en": ("variations",)},
}


def lean_start() -> None:
    """One BLAS thread; the modules of ``DEFERRED`` without their heavy imports."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    for importer, heavy in DEFERRED.items():
        _import_with_stand_ins(importer, heavy)


def _import_with_stand_ins(importer: str, heavy: dict[str, tuple[str, ...]]) -> None:
    if importer in sys.modules or any(name in sys.modules for name in heavy):
        return
    stand_ins = {name: _stand_in(name, names) for name, names in heavy.items()}
    sys.modules.update(stand_ins)
    try:
        importlib.import_module(importer)
    except ImportError:  # not installed: nothing to trim
        pass
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def _stand_in(name: str, names: tuple[str, ...]) -> types.ModuleType:
    """A module that imports ``name`` on first use of any attribute and forwards to it.

    ``names`` (imported with ``from name import ...``) become functions that
    import the real module when called.
    """
    stand_in = types.ModuleType(name, f"Stands for {name}, imported on first use.")

    def real() -> Any:
        if sys.modules.get(name) is stand_in:  # used while the importer still loads
            del sys.modules[name]
        return importlib.import_module(name)

    def forward(attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stand_in.__getattr__ = forward  # type: ignore[method-assign]
    for attribute in names:
        setattr(stand_in, attribute, _deferred_call(real, attribute))
    return stand_in


def _deferred_call(real: Callable[[], Any], attribute: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(real(), attribute)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attribute
    return call
