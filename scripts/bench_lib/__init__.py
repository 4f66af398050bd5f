"""The parts of ``scripts/bench.py``, the benchmark harness, one module per idea.

- ``queries``: the fixed, deterministic mixed query set drawn from the corpus;
- ``stats``: percentiles and latency summaries;
- ``measure``: running a process and recording its wall time and peak memory;
- ``engines``: the two baselines (naive Whoosh, SQLite FTS5) and ours, behind
  one small interface;
- ``worker``: the subprocess entry point that builds or searches one engine, so
  every engine runs in a fresh interpreter and is measured alone;
- ``goals``: the issue's targets, checked against the figures;
- ``report``: the table (rich on a terminal, plain otherwise) and the JSON.

Nothing here depends on ``archive_search`` except ``engines.Ours``, which goes
through its public API and scripts only.
"""
