"""What the desktop app imports before its first paint, and what that paint shows (figures:
benchmarks/startup.py).

The window paints its first rows from a SQLAlchemy-free read (refman/gui/first_rows.py) and imports
the library layer (SQLAlchemy and ~250 modules) only after that paint; importing it first again, or
a GUI module importing refman.library at its top, would silently add that import to the start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from refman.core.model import Entry, ParseResult, Person
from refman.library import Library

LATE = ("sqlalchemy", "alembic", "refman.library", "refman.store.store", "bibtexparser", "refman.cite")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REFMAN_LIBRARY", "PYTHONPATH")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"), **extra)
    return env


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "lib.sqlite"
    lib = Library.open(path)
    entries = tuple(Entry(citekey=f"key{i:03d}", title=f"Title {i}", year=1990 + i % 30,
                          contributors=(Person("Author", "A."),)) for i in range(300))
    lib.import_result(ParseResult(format="csljson", entries=entries), "a.json")
    lib.close()
    return path


def _painted(location: Path, tmp_path: Path) -> dict[str, object]:
    """Start the real app in a process; what its first paint showed (REFMAN_QUIT_AFTER_PAINT=report)."""
    proc = subprocess.run([sys.executable, "-m", "refman", "--library", str(location)], capture_output=True,
                          text=True, timeout=120, env=_env(tmp_path, REFMAN_QUIT_AFTER_PAINT="report"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert lines[-1] == "refman: first paint", proc.stdout
    report = [line for line in lines if line.startswith("refman: painted ")]
    assert len(report) == 1, proc.stdout
    found: dict[str, object] = json.loads(report[0][len("refman: painted "):])
    return found


def test_the_first_paint_shows_real_rows_before_sqlalchemy_is_imported(library: Path, tmp_path: Path) -> None:
    shown = _painted(library, tmp_path)
    lib = Library.open(library)
    try:
        first = lib.search("", limit=1)[0]
        total = lib.count()
    finally:
        lib.close()
    assert shown["stand_in"] is True and shown["sqlalchemy"] is False
    assert shown["late"] == []  # the parser, the domain classes, the log file's handlers: after the paint
    assert shown["qt_enums"] is False  # PySide6's Qt namespace (~13 ms): after the paint (refman/gui/qt_namespace.py)
    assert shown["gc"] is False  # no garbage collection passes during the start (refman/launcher.py)
    assert shown["rows"] == total == 300 and shown["status"] == "300 of 300 entries"
    row = shown["first_row"]
    assert isinstance(row, list) and row[:4] == [first.citekey, first.authors, str(first.year), first.title]


def test_garbage_collection_is_back_on_once_the_window_is_ready(library: Path, tmp_path: Path) -> None:
    """The launcher turns collection off for the start; the app turns it on when its library is open
    and its sidebar loaded, not only when it exits (the launcher's own finally)."""
    code = ("import gc, sys; gc.disable(); from refman.gui.app import run_gui; "
            "code = run_gui(sys.argv[1]); print('collecting', gc.isenabled(), code)")
    proc = subprocess.run([sys.executable, "-c", code, str(library)], capture_output=True, text=True, timeout=120,
                          env=_env(tmp_path, REFMAN_QUIT_AFTER_PAINT="ready"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "refman: library ready" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "collecting True 0"


def test_the_launcher_turns_collection_back_on_when_the_app_ends_early(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from refman import launcher

    seen: list[bool] = []
    monkeypatch.setattr(launcher, "_start_gui", lambda _loc, _files: seen.append(gc.isenabled()) or 1)
    assert launcher._run_gui("x.sqlite") == 1
    assert seen == [False] and gc.isenabled()


def test_a_new_library_takes_the_ordinary_path(tmp_path: Path) -> None:
    shown = _painted(tmp_path / "new.sqlite", tmp_path)
    assert shown["stand_in"] is False and shown["rows"] == 0  # created by the Store, shown as the welcome pane
    assert (tmp_path / "new.sqlite").is_file()


def test_the_gui_modules_import_no_library_layer(tmp_path: Path) -> None:
    code = ("import sys, refman.gui.app, refman.gui.main_window, refman.launcher; "
            f"print(sorted(m for m in {LATE!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"


def test_the_cheap_import_check_answers_as_pyside6s_own(tmp_path: Path) -> None:
    """refman.gui.import_check replaces shibokensupport's source search with a direct read of the
    file; for modules with and without PySide6 in their source, and without source, both agree."""
    code = """
import sys, json, importlib
import PySide6.QtCore
import shibokensupport.feature as feature
original = feature._mod_uses_pyside
from refman.gui import import_check
assert import_check.install()
names = ["refman.gui.app", "refman.gui.table_model", "refman.core.model", "refman.store.quick", "json",
         "sqlite3", "math", "_sqlite3", "PySide6.QtCore", "shiboken6"]
mods = [importlib.import_module(n) for n in names]
print(json.dumps([[n, bool(original(m)), import_check._uses_pyside(m)] for n, m in zip(names, mods)]))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    answers = json.loads(proc.stdout)
    assert all(theirs == ours for _name, theirs, ours in answers), answers
    assert dict((n, ours) for n, _t, ours in answers)["refman.gui.app"] is True
    assert dict((n, ours) for n, _t, ours in answers)["refman.core.model"] is False


def test_startup_benchmark_prints_its_ratios(tmp_path: Path) -> None:
    """benchmarks/startup.py still runs end to end (a 2,000-entry library, one run): never how fast."""
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "startup.py"), "--entries", "2000", "--runs", "1"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ratio (target <= 1.5)" in proc.stdout
    assert "GUI: process start to library open and sidebar loaded" in proc.stdout
    assert "started as python -m refman instead" in proc.stdout  # the installed script is what is timed
    assert "refman search ornithology (25 rows of 2,025)" in proc.stdout


def test_only_the_app_is_asked_for_when_argv_holds_no_command() -> None:
    """`refman` and `refman --library L` start the app without the CLI parser; anything else is the CLI's."""
    from refman.cli.main import main as cli_main
    from refman.launcher import only_library

    assert only_library([]) == (None,)
    assert only_library(["--library", "x.sqlite"]) == ("x.sqlite",)
    assert only_library(["-L", "postgresql://h/db"]) == ("postgresql://h/db",)
    assert only_library(["--library=y.sqlite"]) == ("y.sqlite",)
    for argv in (["search", "x"], ["--version"], ["-L"], ["--library", "-v"], ["-L", "x", "search"],
                 ["--library="], ["file.bib"]):
        assert only_library(argv) is None, argv
    # what the fast path accepts, the CLI parser reads the same way: no command, that library
    seen: list[str] = []
    assert cli_main(["--library", "x.sqlite"], gui=lambda location: seen.append(location) or 0) == 0
    assert seen == ["x.sqlite"]
