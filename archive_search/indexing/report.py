"""What an indexing run did: counts, skipped inputs with reasons, and the per-input report file.

Every input (a file, or a line of a JSON Lines file) ends as exactly one
outcome. The report keeps counts and a bounded sample of skipped inputs, so a
run over millions of files has a summary of constant size; the full list
goes, one JSON line per input, to the ``--report`` file as it happens.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from archive_search import errors

EntryOutcome = Literal["new", "updated", "unchanged", "duplicate", "skipped"]
#: Outcomes in the order summaries list them.
OUTCOMES: tuple[EntryOutcome, ...] = ("new", "updated", "unchanged", "duplicate", "skipped")
#: Outcomes whose article is in the index afterwards (counted by language and year).
INDEXED: frozenset[str] = frozenset({"new", "updated", "unchanged"})
#: Skipped inputs kept in memory for the summary (the report file has them all).
MAX_SKIPPED_KEPT = 1000
#: Distinct skip reasons counted one by one; rarer ones are lumped together.
MAX_REASONS = 500
OTHER_REASONS = "other reasons"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReportEntry:
    """One input's outcome, as written to the report file."""

    path: str
    outcome: str
    id: str | None = None
    reason: str | None = None
    line: int | None = None
    #: A web-archive record: where it starts in the file (and the WACZ member holding it).
    offset: int | None = None
    member: str | None = None
    #: The cluster worker that parsed the input (distributed rebuilds only).
    worker: str | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {"path": self.path}
        if self.line is not None:
            data["line"] = self.line
        if self.member:
            data["member"] = self.member
        if self.offset is not None:
            data["offset"] = self.offset
        data["outcome"] = self.outcome
        if self.id is not None:
            data["id"] = self.id
        if self.reason is not None:
            data["reason"] = self.reason
        if self.worker is not None:
            data["worker"] = self.worker
        return json.dumps(data, ensure_ascii=False)


@dataclass
class IndexReport:
    """Counts by outcome, language and year; skipped inputs with reasons; timing."""

    dry_run: bool = False
    outcomes: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    skipped: list[ReportEntry] = field(default_factory=list)
    files: int = 0
    pruned: int = 0
    #: Articles rewritten from a newer capture of their page (its record says ``duplicate``).
    replaced: int = 0
    commits: int = 0
    worker_restarts: int = 0
    elapsed: float = 0.0
    total_files: int | None = None

    def summary_lines(self, *, relative_to: str | None = None) -> list[str]:
        """The end-of-run summary as plain lines (callers make them terminal-safe)."""
        return summary_lines(self, relative_to=relative_to)

    # -- recording ---------------------------------------------------------
    def add(self, entry: ReportEntry, *, language: str = "", year: str = "") -> None:
        self.outcomes[entry.outcome] += 1
        if entry.outcome in INDEXED:
            self.languages[language or UNKNOWN] += 1
            self.years[year or UNKNOWN] += 1
        elif entry.outcome == "skipped":
            reason = entry.reason or UNKNOWN
            if reason not in self.skip_reasons and len(self.skip_reasons) >= MAX_REASONS:
                reason = OTHER_REASONS
            self.skip_reasons[reason] += 1
            if len(self.skipped) < MAX_SKIPPED_KEPT:
                self.skipped.append(entry)

    # -- reading -----------------------------------------------------------
    def count(self, outcome: str) -> int:
        return self.outcomes.get(outcome, 0)

    @property
    def entries(self) -> int:
        """Inputs accounted for: files, with each JSON Lines record counted on its own."""
        return sum(self.outcomes.values())

    @property
    def indexed(self) -> int:
        """Articles written: new plus updated."""
        return self.count("new") + self.count("updated")

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.pruned or self.replaced)

    @property
    def files_per_second(self) -> float:
        return self.files / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def entries_per_second(self) -> float:
        return self.entries / self.elapsed if self.elapsed > 0 else 0.0

    def examples(self, reason: str, limit: int = 3) -> list[ReportEntry]:
        """The first few skipped inputs kept for ``reason``."""
        return [e for e in self.skipped if e.reason == reason][:limit]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what scripts print with --json and benchmarks record)."""
        return {
            "dry_run": self.dry_run,
            "files": self.files,
            "outcomes": {name: self.count(name) for name in OUTCOMES},
            "pruned": self.pruned,
            "replaced": self.replaced,
            "languages": dict(self.languages.most_common()),
            "years": dict(sorted(self.years.items())),
            "skip_reasons": dict(self.skip_reasons.most_common()),
            "commits": self.commits,
            "elapsed_seconds": round(self.elapsed, 3),
            "files_per_second": round(self.files_per_second, 1),
            "entries_per_second": round(self.entries_per_second, 1),
        }


class ReportFile:
    """The ``--report`` file: one JSON line per input, written as the run goes."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        self._handle: IO[str] | None = None
        if self.path is not None:
            try:
                self._handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise errors.bad_option(
                    "--report", f"cannot write {self.path}: {exc.strerror}"
                ) from None

    def write(self, entry: ReportEntry) -> None:
        if self._handle is not None:
            self._handle.write(entry.to_json() + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# -- the summary printed at the end of a run ------------------------------------
#: Skip reasons listed in a summary, and example inputs under each.
SUMMARY_REASONS = 10
SUMMARY_EXAMPLES = 3


def summary_lines(report: IndexReport, *, relative_to: str | None = None) -> list[str]:
    """The end-of-run summary as plain lines (callers make them terminal-safe)."""
    verb = "Parsed (dry run)" if report.dry_run else "Processed"
    inputs = f" ({report.entries:,} inputs)" if report.entries != report.files else ""
    files = f"{report.files:,} file" + ("" if report.files == 1 else "s")
    lines = [
        f"{verb} {files}{inputs} in {report.elapsed:.1f} s "
        f"({report.files_per_second:,.1f} files/s, {report.entries_per_second:,.1f} inputs/s)"
    ]
    names = {"new": "new", "updated": "updated", "unchanged": "unchanged"}
    names |= {"duplicate": "duplicates", "skipped": "skipped"}
    width = max(len(f"{report.count(o):,}") for o in OUTCOMES)
    for outcome in OUTCOMES:
        lines.append(f"  {report.count(outcome):>{width},}  {names[outcome]}")
    if report.pruned:
        lines.append(
            f"  {report.pruned:>{width},}  pruned (their file is gone or no longer has them)"
        )
    if report.replaced:
        lines.append(f"  {report.replaced:>{width},}  replaced by a newer capture (see duplicates)")
    if report.languages:
        lines.append("By language: " + _counter_line(report.languages.most_common()))
    if report.years:
        lines.append("By year: " + _counter_line(sorted(report.years.items())))
    lines += _skipped_lines(report, relative_to)
    lines.append(_verdict(report))
    return lines


def _counter_line(items: list[tuple[str, int]]) -> str:
    return ", ".join(f"{key} {count:,}" for key, count in items)


def _skipped_lines(report: IndexReport, relative_to: str | None) -> list[str]:
    if not report.skip_reasons:
        return []
    lines = ["Skipped, by reason:"]
    for reason, count in report.skip_reasons.most_common(SUMMARY_REASONS):
        lines.append(f"  {count:>6,}  {reason}")
        examples = report.examples(reason, SUMMARY_EXAMPLES)
        lines += [f"          {_display(e, relative_to)}" for e in examples]
        if count > len(examples):
            lines.append(f"          ... and {count - len(examples):,} more")
    hidden = len(report.skip_reasons) - SUMMARY_REASONS
    if hidden > 0:
        lines.append(f"  ... and {hidden:,} other reasons (see --report)")
    return lines


def _display(entry: ReportEntry, relative_to: str | None) -> str:
    path = entry.path
    if relative_to:
        with contextlib.suppress(ValueError):  # another drive (Windows)
            path = os.path.relpath(path, relative_to)
        if path.startswith(".." + os.sep + ".."):
            path = entry.path
    if entry.offset is not None:
        inner = f"!{entry.member}" if entry.member else ""
        return f"{path}{inner}@{entry.offset}"
    return f"{path}:{entry.line}" if entry.line is not None else path


def _verdict(report: IndexReport) -> str:
    if report.dry_run:
        return "Dry run: nothing was written."
    if not report.changed:
        held = report.count("unchanged")
        if not held:
            return "Nothing changed."
        return f"Nothing changed: the index already held all {held:,} of these articles."
    replaced = f", {report.replaced:,} replaced by newer captures" if report.replaced else ""
    return f"Index updated: {report.count('new'):,} new, {report.count('updated'):,} updated" + (
        replaced + (f", {report.pruned:,} pruned." if report.pruned else ".")
    )
