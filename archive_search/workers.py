"""Worker processes: a fork server warmed with the parse stack, and workers tied to their parent.

Parse workers (``indexing.parallel``) and segment builders (``engine.builders``) share
this: each worker gets the parent's import path, ignores Ctrl-C (the parent handles it)
and exits as soon as the parent is gone, even if the parent was SIGKILLed.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time


def worker_context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_preload_modules())
        return ctx
    return multiprocessing.get_context("spawn")


def _preload_modules() -> list[str]:
    """Imported once in the fork server: the parse stack, warmed by parsing two tiny pages."""
    return [
        "archive_search.ingest",
        "archive_search.engine.prepare",
        "archive_search.indexing.warmup",
    ]


def init_worker(sys_path: list[str], main_pid: int) -> None:
    """Give workers the parent's import path, tie their life to it, leave Ctrl-C to it."""
    for entry in reversed(sys_path):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(main_pid,), name="watch-main", daemon=True).start()


def _exit_with(main_pid: int) -> None:
    """End this worker as soon as the indexing process is gone, even if it was SIGKILLed.

    A worker's parent is the fork server, not the indexing process, and each
    worker holds the fork server's keep-alive pipe: without this watch, the
    workers of a killed run would wait on their task queue forever, and keep
    the fork server alive with them.
    """
    try:
        pidfd = os.pidfd_open(main_pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux 5.3+: poll instead
        while _alive(main_pid):
            time.sleep(1.0)
        os._exit(1)
    select.select([pidfd], [], [])  # readable once the process has exited
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
