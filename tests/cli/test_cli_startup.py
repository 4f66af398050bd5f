"""The command line's lean start: Whoosh's unused imports deferred, behaviour unchanged.

Each check runs in a fresh interpreter: what it tests is what gets imported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from archive_search.cli.startup import DEFERRED


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_deferred_modules_stay_unloaded_until_used() -> None:
    out = _run(
        """
        import sys
        from archive_search.cli.startup import DEFERRED, lean_start
        lean_start()
        import whoosh.index, whoosh.query, whoosh.analysis, whoosh.reading
        heavy = [name for modules in DEFERRED.values() for name in modules]
        print(sorted(name for name in heavy if name in sys.modules))
        """
    )
    assert out == "[]"


def test_stand_ins_hand_over_to_the_real_modules() -> None:
    out = _run(
        """
        import sys
        from archive_search.cli.startup import lean_start
        lean_start()
        import asyncio, cached_property, whoosh.compat, whoosh.query.terms
        real = sys.modules["asyncio"]
        print(asyncio is real, hasattr(asyncio, "__file__"))
        print(cached_property.asyncio.iscoroutinefunction is real.iscoroutinefunction)
        variations = whoosh.query.terms.variations
        print(variations("run") == sys.modules["whoosh.lang.morph_en"].variations("run"))
        print(callable(whoosh.compat.urlretrieve), "urllib.request" in sys.modules)
        """
    )
    assert out.splitlines() == ["True True", "True", "True", "True False"]


def test_an_import_made_before_is_left_alone() -> None:
    out = _run(
        """
        import sys, asyncio, urllib.request
        from archive_search.cli.startup import lean_start
        lean_start()
        import cached_property, whoosh.compat
        print(cached_property.asyncio is asyncio, whoosh.compat.urlretrieve is urllib.request.urlretrieve)
        """
    )
    assert out == "True True"


def test_numpy_gets_one_blas_thread_unless_asked_otherwise() -> None:
    code = """
        import os
        from archive_search.cli.startup import lean_start
        lean_start()
        print(os.environ["OPENBLAS_NUM_THREADS"])
        """
    assert _run(code) == "1"
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "OPENBLAS_NUM_THREADS": "3"},
    )
    assert done.stdout.strip() == "3"


def test_every_deferred_module_exists() -> None:
    """A Whoosh upgrade that drops one of them should show here, not as a slower start."""
    import importlib.util

    for importer, modules in DEFERRED.items():
        assert importlib.util.find_spec(importer) is not None, importer
        for name in modules:
            assert importlib.util.find_spec(name) is not None, name


def test_help_and_version_import_neither_whoosh_nor_numpy() -> None:
    for args in (["--version"], ["--help"], ["search", "--help"]):
        out = _run(
            f"""
            import sys
            sys.argv = ["archive-search", *{args!r}]
            from archive_search.cli import main
            try:
                main()
            except SystemExit:
                pass
            print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"whoosh", "numpy"}}))
            """
        )
        assert out.splitlines()[-1] == "[]", args


def test_help_shows_the_default_index_that_applies(monkeypatch, tmp_path) -> None:
    from click.testing import CliRunner

    from archive_search.cli import cli

    def help_text(**env: str | None) -> str:
        result = CliRunner().invoke(cli, ["--help"], env=env)
        assert result.exit_code == 0
        return result.stdout

    data = tmp_path / "xdg-data-home"
    text = help_text(XDG_DATA_HOME=str(data), ARCHIVE_SEARCH_INDEX=None)
    assert f"Index without --index: {data}/archive-search/index\n" in text  # whole, unwrapped
    assert "$XDG_DATA_HOME" in text
    text = help_text(XDG_DATA_HOME=None, ARCHIVE_SEARCH_INDEX=None, HOME=str(tmp_path))
    assert f"Index without --index: {tmp_path}/.local/share/archive-search/index\n" in text
    chosen = tmp_path / "a-very-long-folder-name-that-would-wrap" / "setimes-index"
    text = help_text(ARCHIVE_SEARCH_INDEX=str(chosen))
    assert f"Index without --index: {chosen}\n" in text and "from $ARCHIVE_SEARCH_INDEX" in text
