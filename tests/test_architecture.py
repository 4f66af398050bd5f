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

#: Modules outside the engine that still import Whoosh, each for a reason; the list may
#: only shrink (a test below fails when a module on it no longer needs to be here).
STILL_IMPORTING_WHOOSH = {
    # the query parser is Whoosh's tagger (the compiler emits our own query form,
    # ``search.query_form``; ``engine.whoosh_query`` translates it back for the fallback)
    "archive_search.search.querying",
    # BM25 per field is a Whoosh weighting model (the fallback path scores with it)
    "archive_search.search.ranking",
    # the fallback path: Whoosh's collectors rank what the array executor cannot
    "archive_search.search.fallback",
}


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
    assert outside - STILL_IMPORTING_WHOOSH == set(), (
        "Whoosh imported outside archive_search/engine/"
    )


def test_the_list_of_modules_still_importing_whoosh_only_shrinks() -> None:
    graph = import_graph()
    done = {m for m in STILL_IMPORTING_WHOOSH if m not in graph or not _imports_whoosh(graph[m])}
    assert not done, f"no longer importing Whoosh: take them off the list: {sorted(done)}"


def test_search_reads_the_segment_format_only_through_the_engine() -> None:
    graph = import_graph()
    for module, imported in graph.items():
        if module.startswith("archive_search.search"):
            assert not any(
                name.startswith(("whoosh.codec", "whoosh.filedb", "whoosh.columns"))
                for name in imported
            ), f"{module} reads Whoosh's storage format itself"
