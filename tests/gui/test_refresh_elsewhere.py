"""Issue 14, point 3 in the window: it opens and browses while another process writes, and shows
what a CLI import committed without being told (it polls PRAGMA data_version)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from safety import make_library, refman, write_lock_held

from refman.gui.main_window import MainWindow
from refman.library import Library

from .conftest import TOTAL


def test_window_shows_entries_a_cli_import_committed(qtbot, window: MainWindow, lib_path: Path,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    assert window.model.rowCount() == TOTAL
    bib = tmp_path / "elsewhere.bib"
    bib.write_text("".join(f"@misc{{cli{i}, title={{From the command line {i}}}, year={{2020}}}}\n"
                           for i in range(5)), encoding="utf-8")
    done = refman(["import", str(bib)], lib_path)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.model.rowCount() == TOTAL + 5, timeout=5000)
    assert window.sidebar.topLevelItem(0).text(0) == f"All entries ({TOTAL + 5:,})"
    window.set_search_text("command line")
    assert window.model.rowCount() == 5


def test_window_opens_and_browses_while_another_process_writes(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              settings: QSettings) -> None:
    db = make_library(tmp_path / "busy.sqlite")
    with write_lock_held(db):
        lib = Library.open(db)
        win = MainWindow(lib, str(db), settings)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        assert win.model.rowCount() == 3
        win.set_search_text("widgets")
        assert win.model.rowCount() == 1
        win.watcher.poll()  # the uncommitted write is not seen, and polling does not wait for it
        assert win.model.rowCount() == 1
    win.pool.waitForDone()
    win.close()
    lib.close()


def test_the_windows_own_edit_is_not_news_from_elsewhere(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Deleting with the keyboard commits on another connection, which moves data_version as a
    CLI import would; the window refreshed itself then, so its watcher does not refresh (and
    announce "changed elsewhere") a second time."""
    window.view.select_ids([window.model.id_at(0) or 0])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.model.rowCount() == TOTAL - 1
    assert not window.watcher.poll()
    assert window.watcher.refreshes == 0
