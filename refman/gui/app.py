"""Starting the desktop app: `refman` with no command, and `make run`."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QTimer, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from refman import __version__
from refman.core.errors import RefmanError
from refman.gui import first_paint, qt_namespace
from refman.gui import settings as keys
from refman.gui.crash import CrashReporter, tell_previous_crash
from refman.gui.first_rows import FirstRows
from refman.gui.main_window import MainWindow
from refman.logfile import open_log, previous_crash, setup_logging
from refman.resources import resource_path

if TYPE_CHECKING:
    from refman.library import Library

APP_ID = "org.refman.Refman"
# imported after the first paint, where first used (a search, an entry shown, the log file)
LATE_MODULES = ("refman.core.model", "refman.core.query", "logging.handlers", "html", "json", "ctypes",
                "refman.gui.style_picker", "refman.gui.sidebar", "refman.gui.detail", "refman.gui.organise_panel",
                "refman.gui.keep_updated")

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


def open_library(location: str) -> Library:
    from refman.gui.shared_library import with_stored_password
    from refman.library import Library

    return Library.open(with_stored_password(location))  # a shared library's keyring entry


def first_library(location: str) -> Library:
    """What the window is built on: for a SQLite library at the newest schema, the stand-in that
    paints its first rows without SQLAlchemy (refman/gui/first_rows.py) and opens the real library
    right after the first paint; otherwise the library itself (a server, a new file, a migration).
    Raises RefmanError when the library cannot be opened."""
    first = FirstRows.read(location, lambda: open_library(location))
    if first is None:
        return open_library(location)
    return cast("Library", first)  # answers what the window asks before library_ready, and passes the rest on


def painted(window: MainWindow | None) -> str:
    """What the window shows as it paints (REFMAN_QUIT_AFTER_PAINT=report): one JSON line."""
    late = sorted(m for m in LATE_MODULES if m in sys.modules)  # before this function's own json import
    qt_enums = qt_namespace.made()
    import json

    if window is None:
        return "{}"
    model = window.model
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())] if model.rowCount() else []
    return json.dumps({"status": window.count_label.text(), "rows": model.rowCount(), "first_row": first,
                       "stand_in": isinstance(window.lib, FirstRows), "sqlalchemy": "sqlalchemy" in sys.modules,
                       "late": late, "qt_enums": qt_enums, "gc": gc.isenabled()})


def run_gui(location: str, files: Sequence[str] = (), log_dir: Path | None = None) -> int:
    """Open the window on `location`; `files` (from `refman FILE…`) are offered for import.
    Logs go to `log_dir` (default: the platform's log folder); an uncaught error shows a dialog
    naming the log instead of ending the app, and a hard crash last time is reported at start.
    The log file is opened just after the first paint (what is logged before waits in memory)."""
    crashed = previous_crash(log_dir)
    log_file = setup_logging(log_dir, later=True)
    try:
        return _run(location, files, crashed, log_file)
    finally:
        open_log()


def _run(location: str, files: Sequence[str], crashed: Path | None, log_file: Path) -> int:
    app = make_application()
    window: MainWindow | None = None
    reporter = CrashReporter(log_file, lambda: window).install()
    log.info("refman %s starting (Qt %s, platform %s) on %s", __version__, qVersion(), app.platformName(), location)
    try:
        settings = keys.app_settings()
        location = choose_location(location, settings, os.environ)
        try:
            library = first_library(location)
        except RefmanError as exc:
            log.error("cannot open the library %s: %s", location, exc)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "refman", f"Cannot open the library {location}:\n\n{exc}")
            return 1
        window = MainWindow(library, location, settings, panels_later=True)
    except Exception:
        reporter.handle(*sys.exc_info())  # type: ignore[arg-type]
        return 1
    if first_paint.wanted(os.environ):
        report = (lambda: painted(window)) if first_paint.reporting(os.environ) else None
        watcher = first_paint.QuitAfterFirstPaint(window.first_paint_widgets(), app, report,
                                                  first_paint.until_ready(os.environ))
        window.ready.connect(watcher.ready)
    window.painted.connect(open_log)
    window.ready.connect(gc.enable)  # the launcher turned collection off for the start (refman/launcher.py)
    window.show()
    if crashed is not None:
        QTimer.singleShot(0, lambda: tell_previous_crash(crashed, log_file, window))
    if files:
        from refman.gui.open_files import offer_import

        QTimer.singleShot(0, lambda: offer_import(window, files))
    try:
        code = app.exec()
        return 1 if window.open_error is not None else code
    finally:
        from refman.gui.window_clipboard import hand_over_clipboard

        hand_over_clipboard()  # Qt frees the clipboard's data after Python has gone otherwise
        window.lib.close()
        log.info("refman closed")
        reporter.uninstall()
