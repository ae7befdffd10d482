"""Another client's change shows in an open window without a restart (issue 16): a separate
process adds one entry and retitles the selected one; the table and the detail pane follow. On
PostgreSQL also when the window's LISTEN connection is gone and its watcher polls instead."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QSettings

from refman.core.model import Entry
from refman.library import Library

OTHER_CLIENT = """
import dataclasses, sys
from refman.core.model import Entry
from refman.library import Library
lib = Library.open(sys.argv[1])
lib.add_entry(Entry(citekey="added-elsewhere", title="Added by a colleague", year=2024))
e = lib.by_key("watched")
lib.update_entry(dataclasses.replace(e, title="Retitled by a colleague"))
lib.close()
"""


def test_window_follows_another_clients_changes(qtbot, library_location: str, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    _follow_another_client(qtbot, library_location, settings, kill_listener=False)


def test_window_follows_another_client_by_polling_when_listen_is_lost(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    from tests.pg import pg_schema_url

    with pg_schema_url() as location:
        _follow_another_client(qtbot, location, settings, kill_listener=True)


def _follow_another_client(qtbot, library_location: str, settings: QSettings, kill_listener: bool) -> None:  # type: ignore[no-untyped-def]
    from refman.gui.main_window import MainWindow

    lib = Library.open(library_location)
    for i in range(3):
        lib.add_entry(Entry(citekey=f"e{i}", title=f"Entry {i}", year=2000 + i))
    watched, _ = lib.add_entry(Entry(citekey="watched", title="Original title", year=1999))
    win = MainWindow(lib, library_location, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert win.view.select_ids([watched.id or 0])
    win.show_current_entry()
    assert "Original title" in win.detail.toPlainText()
    rows = win.model.rowCount()
    feed = win.watcher.feed
    assert feed is not None
    if kill_listener:  # the server ends the LISTENing connection: the watcher must poll instead
        import psycopg

        assert feed.listening
        dsn = library_location.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (feed.listener_pid,))
        qtbot.waitUntil(lambda: not feed.listening, timeout=10_000)
        assert win.watcher.refreshes == 0  # losing the listener is no change

    subprocess.run([sys.executable, "-c", OTHER_CLIENT, library_location], check=True, timeout=120)
    qtbot.waitUntil(lambda: win.model.rowCount() == rows + 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Retitled by a colleague" in win.detail.toPlainText(), timeout=10_000)
    assert win.view.current_id() == watched.id  # the selection was kept
    assert win.watcher.refreshes >= 1
    win.close()
    lib.close()
