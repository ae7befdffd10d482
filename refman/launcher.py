"""The `refman` command: the CLI, with the desktop app as what runs when no command is given.

It sits above both `refman.cli` and `refman.gui` so that those two stay independent layers.
"""

from __future__ import annotations

from collections.abc import Sequence


def _run_gui(location: str) -> int:
    from refman.gui.app import run_gui

    return run_gui(location)


def main(argv: Sequence[str] | None = None) -> int:
    from refman.cli.main import main as cli_main

    return cli_main(argv, gui=_run_gui)
