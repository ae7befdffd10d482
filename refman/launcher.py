"""The `refman` command: the CLI, with the desktop app as what runs when no command is given.

It sits above both `refman.cli` and `refman.gui` so that those two stay independent layers.
`refman FILE.bib [FILE.ris …]` (what a file manager runs through the .desktop file's `%F`) opens
the desktop app and offers to import the files. Before the GUI layer (and PySide6) is imported,
the system libraries Qt needs are checked, so a missing one is one line to copy, not a core dump.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def _run_gui(location: str, files: Sequence[str] = ()) -> int:
    from refman.qt_libraries import missing_for_gui

    missing = missing_for_gui(os.environ)
    if missing:
        print(missing.message(), file=sys.stderr)
        return 1
    # The library layer (SQLAlchemy and ~250 modules) is imported before PySide6 on purpose: once
    # PySide6 is imported, its import hook reads the source of every module imported after it
    # (shibokensupport's __feature__ check, ~1 ms each), a third of the app's import time.
    import refman.library
    import refman.logfile  # noqa: F401  (logging.handlers, likewise)
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


def main(argv: Sequence[str] | None = None) -> int:
    from refman.cli.main import COMMANDS
    from refman.cli.main import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    opening = files_to_open(args, list(COMMANDS))
    if opening is not None:
        from refman.cli.location import resolve_library

        library, files = opening
        return _run_gui(resolve_library(library, os.environ), files)
    return cli_main(args, gui=_run_gui)
