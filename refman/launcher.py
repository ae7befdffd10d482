"""The `refman` command: the CLI, with the desktop app as what runs when no command is given.

It sits above both `refman.cli` and `refman.gui` so that those two stay independent layers.
`refman FILE.bib [FILE.ris …]` (what a file manager runs through the .desktop file's `%F`) opens
the desktop app and offers to import the files. Before the GUI layer (and PySide6) is imported,
the system libraries Qt needs are checked, so a missing one is one line to copy, not a core dump.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence


def _run_gui(location: str, files: Sequence[str] = ()) -> int:
    # No cyclic garbage collection while the app starts: the imports before the first paint
    # allocate objects by the hundred thousand, and each collection pass walks all of them
    # (~5 ms of a ~140 ms start, benchmarks/startup.py). The app turns it back on once the
    # window is ready (refman/gui/app.py); an early exit gets it back here.
    gc.disable()
    try:
        return _start_gui(location, files)
    finally:
        gc.enable()


def _start_gui(location: str, files: Sequence[str]) -> int:
    from refman.qt_libraries import missing_for_gui

    missing = missing_for_gui(os.environ)
    if missing:
        print(missing.message(), file=sys.stderr)
        return 1
    # The window paints before the library layer (SQLAlchemy and ~250 modules) is imported
    # (refman/gui/first_rows.py), so that layer comes after PySide6, whose import hook checks every
    # module imported after it: import_check makes that check cheap first.
    from refman.gui.import_check import install

    install()
    from refman.gui.app import run_gui

    return run_gui(location, files)


def files_to_open(argv: Sequence[str], commands: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """(--library value or None, files) when argv is only existing files (after an optional
    --library), as a file manager passes them; None for anything the CLI parser should read."""
    library: str | None = None
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--library", "-L") and i + 1 < len(args):
            library = args[i + 1]
            i += 2
            continue
        if arg.startswith("--library="):
            library = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    if not rest or rest[0] in commands or rest[0].startswith("-"):
        return None
    if not all(os.path.isfile(path) for path in rest):
        return None
    return library, [os.path.abspath(path) for path in rest]


def only_library(argv: Sequence[str]) -> tuple[str | None] | None:
    """(the --library value or None) when argv asks for nothing but the desktop app, as the menu
    entry and plain `refman` do; None for anything the CLI parser should read. The app then starts
    without importing the CLI's ~60 modules."""
    args = list(argv)
    if not args:
        return (None,)
    if len(args) == 2 and args[0] in ("--library", "-L") and not args[1].startswith("-"):
        return (args[1],)
    if len(args) == 1 and args[0].startswith("--library=") and len(args[0]) > len("--library="):
        return (args[0].split("=", 1)[1],)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    app_only = only_library(args)
    if app_only is not None:
        from refman.cli.location import resolve_library

        return _run_gui(resolve_library(app_only[0], os.environ))

    from refman.cli.main import COMMANDS
    from refman.cli.main import main as cli_main

    opening = files_to_open(args, list(COMMANDS))
    if opening is not None:
        from refman.cli.location import resolve_library

        library, files = opening
        return _run_gui(resolve_library(library, os.environ), files)
    return cli_main(args, gui=_run_gui)
