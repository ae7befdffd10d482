"""File > Open Shared Library… (issue 16): typed into with key events, it opens a library on the
test PostgreSQL server; the password typed is used but never lands in the settings; imports
(which run on a worker connection) and live refresh work on the server library."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from refman.gui import settings as keys
from refman.gui.main_window import MainWindow
from refman.gui.shared_library import SharedLibraryDialog, open_shared_library
from tests.pg import require_pg


@pytest.fixture
def server_db() -> Iterator[tuple[str, int, str, str]]:
    """(host, port, database, user) of a fresh database on the test server, dropped afterwards."""
    import psycopg

    url = require_pg()
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://", 1))
    name = "dlg_" + uuid.uuid4().hex[:12]
    admin = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield parts.hostname or "127.0.0.1", parts.port or 5432, name, parts.username or ""
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _type(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.selectAll()
    QTest.keyClicks(widget, text)


def test_open_shared_library_by_keyboard(window: MainWindow, qtbot, server_db, settings: QSettings,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    host, port, database, user = server_db

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SharedLibraryDialog)
        _type(dialog.host, host)
        dialog.port.selectAll()
        QTest.keyClicks(dialog.port, str(port))
        _type(dialog.database, database)
        _type(dialog.user, user)
        _type(dialog.password, "s3cret-typed")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open).click()

    QTimer.singleShot(200, fill)
    assert open_shared_library(window)
    assert window.location.startswith("postgresql+psycopg://") and database in window.location
    assert "s3cret" not in window.location
    assert window.lib.count() == 0 and window.lib.store.dialect == "postgresql"
    stored = [keys.get_str(settings, keys.LAST_LIBRARY), *keys.recent_libraries(settings)]
    assert all("s3cret" not in s for s in stored) and window.location in stored
    settings.sync()
    assert "s3cret" not in Path(settings.fileName()).read_text(encoding="utf-8")

    # An import runs on a worker connection to the same server library.
    items = [{"id": f"shared{i}", "type": "book", "title": f"Shared {i}"} for i in range(30)]
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert window.import_files([str(path)], "csljson") is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=30_000)
    assert window.lib.count() == 30
    assert window.model.rowCount() == 30
