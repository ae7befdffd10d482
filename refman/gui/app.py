"""Starting the desktop app: `refman` with no command, and `make run`."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from refman.core.errors import RefmanError
from refman.gui import first_paint
from refman.gui import settings as keys
from refman.gui.main_window import MainWindow
from refman.gui.open_files import offer_import
from refman.library import Library


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists). No style or palette is forced: the system's applies."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName("refman")
    app.setApplicationName("refman")
    app.setApplicationDisplayName("refman")
    app.setDesktopFileName("refman")
    return app


def default_location() -> str:
    """The CLI's default library file (same rule as refman.cli.location)."""
    import platformdirs

    return os.path.join(str(platformdirs.user_data_path("refman")), "library.sqlite")


def choose_location(location: str, settings: QSettings, environ: Mapping[str, str]) -> str:
    """The library to open: the one asked for, except that plain `refman` reopens the last one used."""
    if location == default_location() and not environ.get("REFMAN_LIBRARY"):
        last = keys.last_library(settings)
        if last:
            return last
    return location


def run_gui(location: str, files: Sequence[str] = ()) -> int:
    """Open the window on `location`; `files` (from `refman FILE…`) are offered for import."""
    app = make_application()
    settings = keys.app_settings()
    location = choose_location(location, settings, os.environ)
    try:
        library = Library.open(location)
    except RefmanError as exc:
        QMessageBox.critical(None, "refman", f"Cannot open the library {location}:\n\n{exc}")
        return 1
    window = MainWindow(library, location, settings)
    if first_paint.wanted(os.environ):
        _watcher = first_paint.QuitAfterFirstPaint([window.view.viewport(), window.welcome], app)
    window.show()
    if files:
        QTimer.singleShot(0, lambda: offer_import(window, files))
    try:
        return app.exec()
    finally:
        window.lib.close()
