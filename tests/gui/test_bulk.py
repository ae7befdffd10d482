"""Issue 15, point 1: a bulk delete and its undo run in a worker, and the selection comes back
as row ranges (one selection change), not one row at a time."""

from __future__ import annotations

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


def test_select_all_delete_and_undo_by_keyboard_run_in_a_worker(window: MainWindow, qtbot) -> None:
    """Delete moves to the Trash: with many rows the move, its undo and its redo run in a worker."""
    window.background_entries = 10  # the 30-entry fixture stands in for 100k
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_count() == TOTAL
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.tasks, "a bulk move to the Trash runs as a background task"
    assert window.lib.count() == TOTAL or window.tasks[0].running  # the GUI thread did not move them
    assert not window.act_undo.isEnabled()  # nothing to undo until the worker is done
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == 0
    assert len(window.lib.trashed_ids()) == TOTAL  # in the Trash, not deleted
    assert window.undo_stack.undoText() == f"Move {TOTAL} entries to the Trash"
    assert window.act_undo.isEnabled()

    changes: list[int] = []
    window.view.selectionModel().selectionChanged.connect(lambda *_: changes.append(1))
    assert window.stack.currentWidget() is window.welcome  # the library is empty now
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.tasks, "undo of a bulk move runs as a background task"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # refused while busy
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == TOTAL and not window.lib.trashed_ids()
    assert window.undo_stack.index() == 0
    assert window.view.selected_count() == TOTAL  # the entries come back selected
    assert len(changes) <= 3, f"selection restored in {len(changes)} steps, not as ranges"
    window.act_redo.trigger()
    assert window.tasks, "redo of a bulk move runs as a background task"
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == 0 and len(window.lib.trashed_ids()) == TOTAL


def test_bulk_restore_from_the_trash_runs_in_a_worker(window: MainWindow, qtbot) -> None:
    window.background_entries = 10
    window.lib.trash(window.model.all_ids()[:20])
    window.organise_tree.select("trash")
    qtbot.waitUntil(lambda: window.model.rowCount() == 20)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.tasks, "restoring many entries from the Trash runs as a background task"
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == TOTAL and window.model.rowCount() == 0
    assert window.undo_stack.undoText() == "Restore 20 entries from the Trash"
    window.undo()
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == TOTAL - 20 and window.model.rowCount() == 20


def test_a_big_selection_is_resolved_to_ids_in_the_worker(window: MainWindow, qtbot, monkeypatch) -> None:
    """Ctrl+A, Delete at 100k: the GUI thread must not read the view's ordered ids (a 0.3 s query);
    the worker resolves the rows. Here 30 rows stand in, with the per-run lookup limit at 5."""
    from refman.gui import table_model

    monkeypatch.setattr(table_model, "RANGE_ROWS", 5)
    window.background_entries = 10
    asked: list[object] = []
    real = window.lib.search_ids
    monkeypatch.setattr(window.lib, "search_ids", lambda *a, **k: asked.append(a) or real(*a, **k))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.tasks and not asked, "the GUI thread looked up every selected id"
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == 0 and len(window.lib.trashed_ids()) == TOTAL


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


def test_workers_hold_off_full_garbage_collections() -> None:
    """A full collection stops every thread while it scans the heap a bulk worker has grown (pauses
    of up to 870 ms on the GUI thread at 100k): none runs while a worker works, and the threshold
    comes back when the last worker ends."""
    import gc

    from refman.gui.tasks import no_full_collections

    before = gc.get_threshold()
    with no_full_collections():
        assert gc.get_threshold()[2] >= 10**9
        with no_full_collections():  # two workers: the first to end must not restore it early
            pass
        assert gc.get_threshold()[2] >= 10**9
    assert gc.get_threshold() == before
    gc.unfreeze()


def test_deleting_the_trash_for_good_runs_in_the_worker(window: MainWindow, qtbot, monkeypatch) -> None:
    """Deleting a big selection in the Trash for good runs in the worker, and its undo (in the
    worker too) puts the entries back in the Trash, not in the library."""
    from refman.gui import main_window

    window.lib.trash(window.model.all_ids())
    window.organise_tree.select("trash")
    qtbot.waitUntil(lambda: window.model.rowCount() == TOTAL)
    monkeypatch.setattr(main_window, "BULK_DELETE_CONFIRM", 10**6)  # no question in the way
    window.background_entries = 10
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.tasks, "a big delete for good runs as a background task"
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.model.rowCount() == 0 and not window.lib.trashed_ids() and window.lib.count() == 0
    window.undo()
    assert window.tasks, "its undo runs as a background task"
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert len(window.lib.trashed_ids()) == TOTAL and window.lib.count() == 0
    assert window.model.rowCount() == TOTAL
