"""Showing an indexing run as it goes: a rich progress bar on a terminal, log lines otherwise.

The pipeline reports to a ``Progress`` object and never prints; the CLI and
the rebuild script choose the display with ``progress_for``. Displays throttle
themselves, so the pipeline may call ``update`` after every input. Only counts
and fixed wording are shown here, never text read from the archive.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from archive_search.indexing.report import IndexReport

#: Seconds between two plain log lines.
LOG_INTERVAL = 10.0


class Progress:
    """Receives a run's progress; this base class ignores it all (library use, tests)."""

    #: Whether the display uses the total number of files (it is then counted in the background).
    wants_total = False

    def start(self, report: IndexReport) -> None:
        """The run begins."""

    def total(self, files: int) -> None:
        """The number of input files, once counted."""

    def update(self, report: IndexReport) -> None:
        """Called after every input; displays decide how often to redraw."""

    def phase(self, text: str) -> None:
        """A step with no per-file progress (committing, pruning, ...); "" when it is over."""

    def finish(self, report: IndexReport) -> None:
        """The run ended (successfully or not); the display is closed."""


def counts_text(report: IndexReport) -> str:
    """'12 new · 3 updated · 100 unchanged · 2 duplicates · 5 skipped', zeros left out."""
    parts = []
    for outcome in ("new", "updated", "unchanged", "duplicate", "skipped"):
        count = report.count(outcome)
        if count:
            name = outcome + "s" if outcome == "duplicate" and count != 1 else outcome
            parts.append(f"{count:,} {name}")
    return " · ".join(parts) or "nothing yet"


def eta_text(report: IndexReport, elapsed: float) -> str:
    if not report.total_files or not report.files or elapsed <= 0:
        return ""
    left = max(report.total_files - report.files, 0) / (report.files / elapsed)
    return time.strftime("%H:%M:%S", time.gmtime(left))


def progress_text(report: IndexReport, elapsed: float, *, eta: bool = True) -> str:
    """'1,200 of 5,000 files (24%), 3,400 inputs, 240.0 files/s, ETA 00:00:16; 1,000 new · ...'."""
    done = f"{report.files:,}"
    if report.total_files:
        done += f" of {report.total_files:,} files ({report.files / report.total_files:.0%})"
    else:
        done += " files"
    if report.entries != report.files:
        done += f", {report.entries:,} inputs"
    rate = f"{report.files / elapsed:,.1f} files/s" if elapsed > 0 else ""
    if elapsed > 0 and report.entries != report.files:
        rate += f", {report.entries / elapsed:,.1f} inputs/s"
    left = eta_text(report, elapsed) if eta else ""
    left = f", ETA {left}" if left else ""
    return f"{done}, {rate}{left}; {counts_text(report)}"


class LogProgress(Progress):
    """Plain lines on a stream (a log file, a pipe, CI): one every ``interval`` seconds."""

    wants_total = True

    def __init__(self, stream: IO[str] | None = None, *, label: str = "indexing") -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._label = label
        self._started = time.monotonic()
        self._last = self._started
        self.interval = LOG_INTERVAL

    def start(self, report: IndexReport) -> None:
        self._started = self._last = time.monotonic()
        self._line(f"{self._label}: started")

    def total(self, files: int) -> None:
        self._line(f"{self._label}: {files:,} input files")

    def update(self, report: IndexReport) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        self._line(f"{self._label}: {progress_text(report, now - self._started)}")

    def phase(self, text: str) -> None:
        if text:
            self._line(f"{self._label}: {text}")

    def finish(self, report: IndexReport) -> None:
        elapsed = time.monotonic() - self._started
        self._line(f"{self._label}: done: {progress_text(report, elapsed, eta=False)}")

    def _line(self, text: str) -> None:
        print(text, file=self._stream, flush=True)


class RichProgress(Progress):
    """A live bar on the terminal's stderr: files done, files/s, ETA, counts so far."""

    wants_total = True

    def __init__(self, *, label: str = "Indexing", console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as Bar,
        )

        self._console = console or Console(stderr=True, highlight=False, markup=False)
        self._bar = Bar(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}"),
            console=self._console,
            transient=True,
        )
        self._label = label
        self._task: Any = None
        self._started = time.monotonic()
        self._last = 0.0

    def start(self, report: IndexReport) -> None:
        self._started = time.monotonic()
        self._bar.start()
        self._task = self._bar.add_task(self._label, total=None, rate="", counts="")

    def total(self, files: int) -> None:
        if self._task is not None:
            self._bar.update(self._task, total=files)

    def update(self, report: IndexReport) -> None:
        now = time.monotonic()
        if self._task is None or now - self._last < 0.1:
            return
        self._last = now
        elapsed = now - self._started
        rate = ""
        if elapsed > 0:  # records per second say more while a big JSON Lines file is read
            by_file = report.entries == report.files
            count, unit = (report.files, "files") if by_file else (report.entries, "inputs")
            rate = f"{count / elapsed:,.1f} {unit}/s"
        self._bar.update(self._task, completed=report.files, rate=rate, counts=counts_text(report))

    def phase(self, text: str) -> None:
        if self._task is not None:
            description = f"{self._label}: {text}" if text else self._label
            self._bar.update(self._task, description=description)

    def finish(self, report: IndexReport) -> None:
        if self._task is not None:
            self._bar.update(self._task, completed=report.files)
        self._bar.stop()


def progress_for(stream: IO[str] | None = None, *, label: str = "indexing") -> Progress:
    """A rich bar when ``stream`` (stderr by default) is a terminal, log lines otherwise."""
    stream = stream if stream is not None else sys.stderr
    if stream.isatty():
        return RichProgress(label=label.capitalize())
    return LogProgress(stream, label=label)
