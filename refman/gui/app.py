"""Starting the desktop app: `refman` with no command, and `make run`."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from refman.core.errors import RefmanError
from refman.gui import settings as keys
from refman.gui.main_window import MainWindow
from refman.gui.shared_library import with_stored_password
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


def run_gui(location: str) -> int:
    app = make_application()
    settings = keys.app_settings()
    location = choose_location(location, settings, os.environ)
    try:
        library = Library.open(with_stored_password(location))  # a shared library's keyring entry
    except RefmanError as exc:
        QMessageBox.critical(None, "refman", f"Cannot open the library {location}:\n\n{exc}")
        return 1
    window = MainWindow(library, location, settings)
    window.show()
    try:
        return app.exec()
    finally:
        window.lib.close()
