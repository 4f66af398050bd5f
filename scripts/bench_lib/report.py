"""The harness's output: one figures table, a goals table, and the JSON of everything.

Tables are plain data (``TableData``) first, rendered with rich on a terminal
and as aligned text otherwise (a log file or a closing note gets no box
characters or colour codes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bench_lib.goals import status
from bench_lib.metrics import METRICS, describe_ratio
from bench_lib.queries import KINDS
from bench_lib.stats import dig

ENGINE_ORDER = ("ours", "whoosh", "fts5")
ENGINE_LABELS = {"ours": "ours", "whoosh": "naive Whoosh", "fts5": "SQLite FTS5"}
BASELINES = ("whoosh", "fts5")


@dataclass
class TableData:
    """A titled table: columns, and rows grouped in sections (a section title may be empty)."""

    title: str
    columns: list[str]
    sections: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    #: Lines printed under the table (failures, with what they were).
    notes: list[str] = field(default_factory=list)
    #: Columns that hold numbers: right-aligned.
    numeric: set[int] = field(default_factory=set)


def size_title(size: Mapping[str, Any]) -> str:
    articles = size.get("articles")
    count = f"{articles:,} articles" if isinstance(articles, int) else "articles: ?"
    return f"Reuters ×{size.get('scale')}: {count}"


def figures_table(results: Mapping[str, Any]) -> TableData:
    """Every figure of every size: ours, each baseline, and ours against each baseline."""
    engines = [e for e in ENGINE_ORDER if e in results.get("engines", ENGINE_ORDER)]
    baselines = [b for b in BASELINES if b in engines]
    columns = ["figure", *(ENGINE_LABELS[e] for e in engines)]
    if "ours" in engines:
        columns += [f"ours vs {ENGINE_LABELS[b]}" for b in baselines]
    table = TableData("archive-search benchmark", columns, numeric=set(range(1, len(columns))))
    for size in results.get("sizes", []):
        rows = []
        for metric in METRICS:
            values = {e: metric.value(dig(size, "engines", e) or {}) for e in engines}
            if all(v is None for v in values.values()):
                continue
            row = [metric.label, *(metric.format(values[e]) for e in engines)]
            if "ours" in engines:
                for b in baselines:
                    r = dig(size, "ratios", b, metric.path)
                    row.append(describe_ratio(r, metric.lower_is_better))
            rows.append(row)
        for engine in engines:
            for part in ("build", "search", "cold"):
                error = dig(size, "engines", engine, part, "error")
                if error:
                    where = f"×{size.get('scale')} {ENGINE_LABELS[engine]} {part}"
                    table.notes.append(f"{where} failed: {_short(error)}")
        table.sections.append((size_title(size), rows))
    return table


def kinds_table(results: Mapping[str, Any]) -> TableData:
    """p50 / p95 per query kind and engine: where the time goes, by kind of query."""
    engines = [e for e in ENGINE_ORDER if e in results.get("engines", ENGINE_ORDER)]
    columns = ["query kind", "n", *(f"{ENGINE_LABELS[e]} p50 / p95 ms" for e in engines)]
    table = TableData("latency by query kind", columns, numeric=set(range(1, len(columns))))
    for size in results.get("sizes", []):
        kinds: dict[str, int] = {}
        for e in engines:
            for kind, summary in (dig(size, "engines", e, "search", "by_kind") or {}).items():
                kinds.setdefault(kind, summary.get("queries", 0))
        rows = []
        for kind, n in sorted(kinds.items(), key=lambda kv: _kind_order(kv[0])):
            row = [kind, str(n)]
            for e in engines:
                s = dig(size, "engines", e, "search", "by_kind", kind)
                row.append(f"{s['p50_ms']:.2f} / {s['p95_ms']:.2f}" if s else "–")
            rows.append(row)
        table.sections.append((size_title(size), rows))
    return table


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind), kind) if kind in KINDS else (len(KINDS), kind)


def goals_table(results: Mapping[str, Any]) -> TableData:
    """Each goal on the wall-time figures (the issue's reading) and on CPU time."""
    columns = ["goal", "size", "target", "measured", "status", "on CPU time", "status (CPU)"]
    table = TableData("goals", columns, numeric={3, 5})
    rows = []
    for goal in results.get("goals", []):
        scale = goal.get("scale")
        has_cpu = goal.get("cpu_shown", "–") != "–"
        rows.append(
            [
                goal["goal"],
                f"×{scale}" if scale is not None else "any",
                goal["target"],
                goal["shown"],
                status(goal["met"]),
                goal.get("cpu_shown", "–"),
                status(goal.get("cpu_met")) if has_cpu else "",
            ]
        )
    table.sections.append(("", rows))
    return table


def _short(text: str, width: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- rendering ---------------------------------------------------------------------------
def render_plain(table: TableData) -> str:
    """Aligned text: a title, a header, a rule, each section under its heading, then notes."""
    width = len(table.columns)
    rows = [r for _, section in table.sections for r in section]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(table.columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in table.numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells[:width])
        ).rstrip()

    parts = [table.title, line(table.columns), "-" * (sum(widths) + 2 * (width - 1))]
    for title, section in table.sections:
        if title:
            parts.append(f"[{title}]")
        parts.extend(line(r) for r in section)
    parts.extend(f"! {note}" for note in table.notes)
    return "\n".join(parts)


def render_rich(table: TableData, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = Table(title=table.title, title_justify="left", header_style="bold")
    for i, column in enumerate(table.columns):
        out.add_column(column, justify="right" if i in table.numeric else "left")
    for title, section in table.sections:
        if title:
            out.add_row(f"[bold cyan]{title}[/]", end_section=False)
        for row in section:
            cells = [_rich_cell(c) for c in row] + [""] * (len(table.columns) - len(row))
            out.add_row(*cells)
        out.add_section()
    console.print(out)
    for note in table.notes:
        console.print(f"[red]! {escape(note)}[/]", highlight=False)


def _rich_cell(cell: str) -> str:
    from rich.markup import escape

    text = escape(cell)
    if cell.endswith("better") or cell == "met":
        return f"[green]{text}[/]"
    if cell.endswith("worse") or cell == "NOT met":
        return f"[red]{text}[/]"
    return text


def print_report(
    results: Mapping[str, Any], stream: IO[str], *, rich: bool, detail: bool = False
) -> None:
    """Print the figures table, (with ``detail``) latencies by kind, the goals and the notes."""
    tables = [figures_table(results)]
    if detail:
        tables.append(kinds_table(results))
    tables.append(goals_table(results))
    if rich:
        from rich.console import Console

        console = Console(file=stream)
        for table in tables:
            render_rich(table, console)
        for note in results.get("notes", []):
            console.print(f"[dim]• {note}[/]", highlight=False)
        return
    for table in tables:
        stream.write(render_plain(table) + "\n\n")
    for note in results.get("notes", []):
        stream.write(f"* {note}\n")


def write_json(results: Mapping[str, Any], path: Path) -> None:
    """Every figure of the run; written through a temporary file so a reader never sees half."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
