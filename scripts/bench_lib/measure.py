"""Running one measured process: wall time, peak memory of its process tree, and its output.

Two memory figures, because a build forks workers:

- ``peak_tree_rss``: the largest sum of resident set sizes over the process
  and all its descendants, sampled from ``/proc`` every tenth of a second.
  Pages shared between forked workers count once per process,
  so this errs high: a goal met on it is met.
- ``max_process_rss``: the high-water mark of the largest single process of
  the tree: the kernel's exact ``ru_maxrss`` from ``os.wait4`` for the child
  and its waited-for children, or the sampled ``VmHWM`` of any other
  descendant (processes started by a fork server are not waited for), the
  larger of the two.

CPU time likewise: ``os.wait4`` sees only waited-for children, so the
sampler also sums each descendant's last-seen user + system time from
``/proc/PID/stat`` (a process's last tenth of a second may be missed).

Both come from the standard library (``psutil`` is not needed); off Linux only
the second is available.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PROC = Path("/proc")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: ru_maxrss is in kilobytes on Linux and in bytes on macOS.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass
class RunResult:
    """What one measured process did."""

    command: list[str]
    returncode: int
    seconds: float
    peak_tree_rss: int | None
    max_process_rss: int | None
    #: user + system CPU seconds of the whole process tree (see the module docstring).
    cpu_seconds: float | None
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        """A one-line reason for a failed run: the last line of its stderr."""
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        tail = lines[-1] if lines else "no error output"
        return f"exit {self.returncode}: {tail}"


def run_measured(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    interval: float = 0.1,
) -> RunResult:
    """Run ``command`` to completion, sampling its tree's memory; never raises on failure."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = _TreeSampler(proc.pid, interval)
    sampler.start()
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, out_chunks), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, err_chunks), daemon=True),
    ]
    for reader in readers:
        reader.start()
    max_rss: int | None = None
    cpu: float | None = None
    try:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        max_rss = usage.ru_maxrss * _MAXRSS_UNIT
        cpu = usage.ru_utime + usage.ru_stime
    except ChildProcessError:  # reaped elsewhere: fall back to Popen's bookkeeping
        proc.wait()
    seconds = time.perf_counter() - started
    sampler.stop()
    if sampler.peak is not None:
        cpu = max(cpu or 0.0, sampler.cpu_seconds())
        max_rss = max(max_rss or 0, sampler.max_process_hwm)
    for reader in readers:
        reader.join()
    return RunResult(
        command=list(command),
        returncode=proc.returncode if proc.returncode is not None else -1,
        seconds=seconds,
        peak_tree_rss=sampler.peak,
        max_process_rss=max_rss,
        cpu_seconds=cpu,
        stdout="".join(out_chunks),
        stderr="".join(err_chunks),
    )


def _drain(stream, chunks: list[str]) -> None:  # type: ignore[no-untyped-def]
    for line in stream:
        chunks.append(line)
    stream.close()


class _TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree until stopped; ``peak`` is the largest."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak: int | None = 0 if _PROC.is_dir() else None
        #: the largest VmHWM seen of any one process of the tree, in bytes
        self.max_process_hwm = 0
        #: last-seen CPU seconds of every process of the tree, root excluded (wait4 has it)
        self._cpu: dict[int, float] = {}
        self._root_cpu = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        if self.peak is None:
            return
        while not self._halt.is_set():
            rss = tree_rss(self.pid, self._visit)
            if rss > self.peak:
                self.peak = rss
            self._halt.wait(self.interval)

    def cpu_seconds(self) -> float:
        """CPU seconds of the root and every descendant seen."""
        return self._root_cpu + sum(self._cpu.values())

    def _visit(self, pid: int) -> None:
        cpu = _process_cpu(pid)
        if cpu is not None:
            if pid == self.pid:
                self._root_cpu = cpu
            else:
                self._cpu[pid] = max(cpu, self._cpu.get(pid, 0.0))
        self.max_process_hwm = max(self.max_process_hwm, _process_hwm(pid))

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of one process, from /proc/PID/stat (None if gone)."""
    try:
        fields = (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


def _process_hwm(pid: int) -> int:
    """Peak resident memory (VmHWM) of one process in bytes, 0 if unknown."""
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_rss(root: int, visit: Callable[[int], None] | None = None) -> int:
    """Summed resident memory (bytes) of ``root`` and its descendants, from /proc.

    Walks ``/proc/PID/task/TID/children`` down from the root, reading only the
    tree's own files (cheap enough to sample often without slowing what it
    measures); kernels without those files get a scan of every process.
    """
    pids = _descendants(root)
    if pids is None:
        pids = _descendants_by_scan(root)
    total = 0
    for pid in pids:
        if visit is not None:
            visit(pid)
        try:
            total += int((_PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):  # the process ended while we looked
            continue
    return total


def _descendants(root: int) -> list[int] | None:
    """The tree's pids from the kernel's children lists; None where there are none."""
    if not _children_lists():
        return None
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        try:
            tasks = list((_PROC / str(pid) / "task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                stack.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError):
                continue
    return out


@lru_cache(maxsize=1)
def _children_lists() -> bool:
    me = os.getpid()
    return (_PROC / str(me) / "task" / str(me) / "children").exists()


def _descendants_by_scan(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ")"
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, ()))
    return out


def dir_size(path: str | os.PathLike[str]) -> int:
    """Bytes on disk of a file, or of every file under a folder (apparent sizes)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
