"""Starting the desktop app: `refman` with no command, and `make run`."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from refman import __version__
from refman.core.errors import RefmanError
from refman.gui import first_paint
from refman.gui import settings as keys
from refman.gui.crash import CrashReporter, tell_previous_crash
from refman.gui.main_window import MainWindow
from refman.gui.open_files import offer_import
from refman.gui.shared_library import with_stored_password
from refman.gui.window_clipboard import hand_over_clipboard
from refman.library import Library
from refman.logfile import previous_crash, setup_logging
from refman.resources import resource_path

APP_ID = "org.refman.Refman"

log = logging.getLogger("refman.gui")


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists). No style or palette is forced: the system's applies."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName("refman")
    app.setApplicationName("refman")
    app.setApplicationDisplayName("refman")
    app.setDesktopFileName(APP_ID)  # Wayland/X11 match the window to packaging/linux/<APP_ID>.desktop
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The icon in every rendered size (resources/icons), so each place picks a crisp one."""
    icon = QIcon()
    for path in sorted(resource_path("icons").glob("refman-*.png")):
        icon.addFile(str(path))
    return icon


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


def run_gui(location: str, files: Sequence[str] = (), log_dir: Path | None = None) -> int:
    """Open the window on `location`; `files` (from `refman FILE…`) are offered for import.
    Logs go to `log_dir` (default: the platform's log folder); an uncaught error shows a dialog
    naming the log instead of ending the app, and a hard crash last time is reported at start."""
    crashed = previous_crash(log_dir)
    log_file = setup_logging(log_dir)
    app = make_application()
    window: MainWindow | None = None
    reporter = CrashReporter(log_file, lambda: window).install()
    log.info("refman %s starting (Qt %s, platform %s) on %s", __version__, qVersion(), app.platformName(), location)
    try:
        settings = keys.app_settings()
        location = choose_location(location, settings, os.environ)
        try:
            library = Library.open(with_stored_password(location))  # a shared library's keyring entry
        except RefmanError as exc:
            log.error("cannot open the library %s: %s", location, exc)
            QMessageBox.critical(None, "refman", f"Cannot open the library {location}:\n\n{exc}")
            return 1
        window = MainWindow(library, location, settings)
    except Exception:
        reporter.handle(*sys.exc_info())  # type: ignore[arg-type]
        return 1
    if first_paint.wanted(os.environ):
        _watcher = first_paint.QuitAfterFirstPaint([window.view.viewport(), window.welcome], app)
    window.show()
    if crashed is not None:
        QTimer.singleShot(0, lambda: tell_previous_crash(crashed, log_file, window))
    if files:
        QTimer.singleShot(0, lambda: offer_import(window, files))
    try:
        return app.exec()
    finally:
        hand_over_clipboard()
        window.lib.close()
        log.info("refman closed")
        reporter.uninstall()
