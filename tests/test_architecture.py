"""The layout's promises, checked on the source: the import graph has no cycle, stages import
only earlier stages, the CLI goes through the public API, and Whoosh is imported only inside
the storage engine (README, "Architecture")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import REPO

PACKAGE = REPO / "archive_search"

#: What each part may import of ours (besides itself); the README's table in code.
ALLOWED: dict[str, set[str]] = {
    "article": set(),
    "errors": set(),
    "config": set(),
    "workers": set(),
    "text": {"errors", "config"},
    "ingest": {"article", "errors", "config", "text"},
    "engine": {"article", "errors", "config", "text", "workers"},
    "indexing": {"article", "errors", "config", "text", "workers", "ingest", "engine"},
    "search": {"article", "errors", "config", "text", "engine"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module of ours that ``path`` imports, at any depth, outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("archive_search")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("archive_search"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for module, imported in GRAPH.items():
        allowed = ALLOWED.get(part(module).removesuffix(".py"))
        if allowed is None:
            continue
        for target in imported:
            if target == "archive_search":  # the package's own lazy exports: only errors
                continue
            if part(target) != part(module) and part(target) not in allowed:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the architecture:\n" + "\n".join(sorted(wrong))


def test_cli_uses_only_the_public_api_errors_and_config() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, imported in GRAPH.items()
        if part(module) == "cli"
        for target in imported
        if part(target) not in {"", "cli", "errors", "config"}
    ]
    assert not wrong, "the CLI reaches past the public API:\n" + "\n".join(sorted(wrong))


def test_scripts_other_than_benchmarks_use_only_the_public_api() -> None:
    wrong = []
    for path in (REPO / "scripts").glob("*.py"):
        evaluations = ("eval_extraction", "eval_editions", "eval_stemming", "eval_ranking")
        if path.name.startswith(("bench", "fuzz", *evaluations)):
            continue  # benchmarks, fuzzers and evaluations of one internal piece may import it
        for target in imports_of(path):
            if part(target) not in {"", "cli", "errors", "config"}:
                wrong.append(f"{path.name} -> {target}")
    assert not wrong, "\n".join(wrong)


def _cycle() -> list[str] | None:
    """A cycle among our modules (a package counts as importing its __init__'s imports)."""
    edges = {m: {t for t in targets if t in GRAPH and t != m} for m, targets in GRAPH.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_cycle() -> None:
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("name", ["Archive", "Article", "SearchResults", "IndexReport"])
def test_the_public_api_exports_what_archive_returns(name: str) -> None:
    import archive_search

    assert name in archive_search.__all__
    assert getattr(archive_search, name).__name__ == name


# -- Whoosh behind the storage engine's boundary ------------------------------------------
ENGINE = "archive_search.engine"


def all_imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, wherever in the file the import sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    if package is None:
        package = module_name(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> every module it imports (ours and others'), for every module of the package."""
    return {module_name(path): all_imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _imports_whoosh(imported: set[str]) -> bool:
    return any(name == "whoosh" or name.startswith("whoosh.") for name in imported)


def test_the_graph_sees_the_package_and_its_whoosh_imports() -> None:
    graph = import_graph()
    assert "archive_search.engine.segment.writer" in graph
    assert _imports_whoosh(graph["archive_search.engine.segment.writer"])
    assert "archive_search.engine.segment.layout" in graph["archive_search.engine.merging"]


def test_whoosh_is_imported_only_inside_the_storage_engine() -> None:
    outside = {
        module
        for module, imported in import_graph().items()
        if _imports_whoosh(imported) and not (module == ENGINE or module.startswith(ENGINE + "."))
    }
    assert not outside, f"Whoosh imported outside archive_search/engine/: {sorted(outside)}"


def test_search_reads_the_segment_format_only_through_the_engine() -> None:
    graph = import_graph()
    for module, imported in graph.items():
        if module.startswith("archive_search.search"):
            assert not any(
                name.startswith(("whoosh.codec", "whoosh.filedb", "whoosh.columns"))
                for name in imported
            ), f"{module} reads Whoosh's storage format itself"


# -- the search layer reads the index through the Snapshot ---------------------------------
#: The layers that read the index only through ``engine.snapshot.Snapshot``.
SNAPSHOT_READERS = (
    "archive_search.search",
    "archive_search.archive",
    "archive_search.web",
    "archive_search.cli",
)
#: Attributes of Whoosh's searcher and reader (and the Snapshot's insides) that code reading
#: through a Snapshot has no reason to name: each would be a way past it.
WHOOSH_HANDLES = frozenset(
    {
        "searcher",
        "schema",
        "ixreader",
        "_searcher",
        "_reader",
        "leaf_readers",
        "leaf_searchers",
        "get_parent",
        "search_with_collector",
        "all_ids",
        "all_doc_ids",
        "first_id",
        "column_reader",
    }
)
#: The engine's own ways to the searcher behind a Snapshot (``engine.snapshot``).
ENGINE_ONLY = frozenset({"searcher_of", "reader_of"})


def reaches_past_the_snapshot(path: Path) -> list[str]:
    """Where ``path`` names a Whoosh handle, calls ``.reader()`` or imports the engine's way in."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in WHOOSH_HANDLES:
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "reader"
        ):
            found.append(f"{path.name}:{node.lineno}: .reader()")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("engine.snapshot"):
            found += [
                f"{path.name}:{node.lineno}: imports {alias.name}"
                for alias in node.names
                if alias.name in ENGINE_ONLY
            ]
    return found


def test_the_search_layer_reads_the_index_only_through_the_snapshot() -> None:
    wrong = [
        where
        for module, path in sorted(MODULES.items())
        if module.startswith(SNAPSHOT_READERS)
        for where in reaches_past_the_snapshot(path)
    ]
    assert not wrong, "reaching past the Snapshot to Whoosh:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "source",
    [
        "hits = store.searcher().search(q)",
        "names = snapshot.schema.names()",
        "docs = reader.postings('body', 'army').all_ids()",
        "whoosh_reader = engine.reader()",
        "from archive_search.engine.snapshot import searcher_of",
    ],
)
def test_the_snapshot_rule_catches_each_way_past_it(tmp_path: Path, source: str) -> None:
    path = tmp_path / "module.py"
    path.write_text(source + "\n", encoding="utf-8")
    assert reaches_past_the_snapshot(path)


def test_the_snapshot_rule_lets_snapshot_reads_through(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text(
        "snapshot = store.snapshot()\n"
        "docs = snapshot.postings('body', 'army')\n"
        "ok = snapshot.has_field('near_dup') and snapshot.has_term('id', 'x')\n",
        encoding="utf-8",
    )
    assert reaches_past_the_snapshot(path) == []
