"""File > Restore Backup: a bulk delete is backed up and can be restored from the window."""

from __future__ import annotations

from refman.gui.main_window import MainWindow
from refman.library import BULK_DELETE

from .conftest import TOTAL


def test_restore_after_bulk_delete(window: MainWindow) -> None:
    ids = window.lib.search_ids("")
    assert len(ids) == TOTAL >= BULK_DELETE
    window.lib.delete(ids)
    window.switch_library(window.location)
    assert window.model.rowCount() == 0
    backups = window.lib.backups()
    assert backups and backups[0].reason == f"before-delete-{TOTAL}"
    assert window.restore_backup(backups[0].path)
    assert window.lib.count() == TOTAL
    assert window.model.rowCount() == TOTAL
    assert "Restored" in window.statusBar().currentMessage()
