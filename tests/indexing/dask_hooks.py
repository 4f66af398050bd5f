"""Worker plugins and inputs for the distributed rebuild's tests (imported by Dask workers too)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

WORDS = [
    "kosovo",
    "serbia",
    "belgrade",
    "pristina",
    "treaty",
    "army",
    "border",
    "election",
    "parliament",
    "minister",
    "economy",
    "bank",
    "reform",
    "police",
    "court",
    "trial",
    "investment",
    "energy",
    "pipeline",
    "tourism",
    "wheat",
    "oil",
    "grain",
    "export",
    "import",
    "tariff",
    "currency",
    "inflation",
    "budget",
    "union",
    "summit",
]


class KillOnParse(WorkerPlugin):
    """The worker process exits (as if killed) when it parses a file of this name.

    ``once``: only the first time, anywhere (a marker file remembers): the
    retried task then succeeds. Otherwise every attempt dies.
    """

    name = "archive-search-kill-on-parse"

    def __init__(self, file_name: str, marker: str, *, once: bool = True) -> None:
        self.file_name = file_name
        self.marker = marker
        self.once = once

    def setup(self, worker: Any) -> None:
        import archive_search.ingest as ingest

        original = getattr(ingest, "_unpatched_parse_path", ingest.parse_path)
        ingest._unpatched_parse_path = original  # type: ignore[attr-defined]
        file_name, marker, once = self.file_name, Path(self.marker), self.once

        def parse_path(path: Any) -> Any:
            if Path(path).name == file_name and not (once and marker.exists()):
                marker.touch()
                os._exit(1)
            return original(path)

        ingest.parse_path = parse_path  # type: ignore[assignment]

    def teardown(self, worker: Any) -> None:
        import archive_search.ingest as ingest

        ingest.parse_path = getattr(ingest, "_unpatched_parse_path", ingest.parse_path)


def write_jsonl_files(folder: Path, files: int, per_file: int, *, seed: int = 7) -> list[str]:
    """``files`` JSON Lines files of synthetic articles; some ids recur across files.

    Returns the ids written more than once (their first copy must win).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    repeated = []
    for f in range(files):
        lines = []
        for n in range(per_file):
            number = f * per_file + n
            if n == 0 and f >= 2:  # the first record repeats one of an earlier file
                number = (f - 2) * per_file + 1
                repeated.append(f"dup-{number}")
            body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))]
            record = {
                "id": f"dup-{number}" if n == 0 and f >= 2 else f"art-{number}",
                "title": " ".join(rng.choice(WORDS) for _ in range(4)).title(),
                "body": body,
                "language": "en",
                "published": f"20{10 + f % 5:02d}-0{1 + n % 9}-1{n % 10}",
                "url": f"http://example.com/{f}/{n}",
            }
            if n == 1:
                record["id"] = f"dup-{number}"
            lines.append(json.dumps(record))
        (folder / f"part-{f:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return repeated


class KillOnBuild(WorkerPlugin):
    """The worker process exits (as if killed) the first time, anywhere, it writes a segment."""

    name = "archive-search-kill-on-build"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker: Any) -> None:
        from archive_search.engine import builders

        original = getattr(builders, "_unpatched_write_segments", builders.write_segments)
        builders._unpatched_write_segments = original  # type: ignore[attr-defined]
        marker = Path(self.marker)

        def write_segments(*args: Any, **kwargs: Any) -> Any:
            if not marker.exists():
                marker.touch()
                os._exit(1)
            return original(*args, **kwargs)

        builders.write_segments = write_segments  # type: ignore[assignment]

    def teardown(self, worker: Any) -> None:
        from archive_search.engine import builders

        builders.write_segments = getattr(
            builders, "_unpatched_write_segments", builders.write_segments
        )
