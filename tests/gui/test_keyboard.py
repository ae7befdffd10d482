"""Issue 15, points 9, 10 and 12, driven by key events: search then copy, choosing the citation
style, and Back/Forward that return to where the user was reading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from refman.gui.main_window import MainWindow
from refman.gui.style_picker import StylePickerDialog

from .conftest import ARTICLE_KEY, REFERENCES
from .test_copying import needs_engine

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _active(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _find(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    _active(window, qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, text)


def test_find_type_enter_selects_the_first_hit_and_copy_works(window: MainWindow, qtbot) -> None:
    window.view.clearSelection()
    _find(window, qtbot, "haynes")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    haynes = window.lib.by_key(REFERENCES[2]["id"]).id
    assert window.view.hasFocus()
    assert window.view.selected_ids() == [haynes] and window.view.current_id() == haynes
    assert window.act_copy_cite.isEnabled() and window.act_copy_bibtex.isEnabled()
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL_SHIFT)
    assert QGuiApplication.clipboard().text() == f"\\cite{{{REFERENCES[2]['id']}}}"


def test_down_from_the_search_box_selects_a_single_hit(window: MainWindow, qtbot) -> None:
    window.view.clearSelection()
    _find(window, qtbot, "broome")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # before the debounce fired: the search runs first
    assert window.model.rowCount() == 1
    assert window.view.hasFocus() and window.view.selected_count() == 1


def test_copy_acts_on_the_current_row_without_a_selection(window: MainWindow, qtbot) -> None:
    window.view.select_row(0)
    window.view.selectionModel().clearSelection()  # current row kept, nothing selected
    assert window.view.current_id() is not None and window.view.selected_count() == 0
    window._update_actions()
    assert window.act_copy_cite.isEnabled()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL_SHIFT)
    key = window.lib.get(window.view.current_id()).citekey  # type: ignore[arg-type]
    assert QGuiApplication.clipboard().text() == f"\\cite{{{key}}}"


@needs_engine
def test_citation_style_from_the_edit_menu_by_keyboard(window: MainWindow, qtbot) -> None:
    assert window.act_style in window.menuBar().actions()[1].menu().actions()
    _active(window, qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StylePickerDialog))
    picker = QApplication.activeModalWidget()
    assert isinstance(picker, StylePickerDialog)
    qtbot.waitUntil(picker.search.hasFocus)
    qtbot.keyClicks(picker.search, "elsevier harvard")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # arrows move in the list while typing
    assert picker.list.currentRow() == 1
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    chosen = picker.list.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert "harvard" in chosen
    assert window.style_combo.current_style() == chosen
    assert "Harvard" in window.style_combo.currentText()


def test_back_restores_the_scroll_position_and_forward_returns(window: MainWindow, qtbot) -> None:
    window.resize(760, 420)
    article = window.lib.by_key(ARTICLE_KEY).id
    ref = window.lib.by_key(REFERENCES[1]["id"]).id
    assert article is not None and ref is not None
    window.view.select_ids([article])
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == article)
    bar = window.detail.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 40)
    bar.setValue(bar.maximum() - 5)  # down at the reference list
    where = bar.value()
    window.detail.entry_requested.emit(ref)  # a reference link clicked in the detail pane
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == ref)
    _active(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == article)
    assert bar.value() == where
    assert window.act_forward.isEnabled()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == ref)
    assert not window.act_forward.isEnabled() and window.act_back.isEnabled()


def test_ctrl_q_quits_where_the_platform_names_no_quit_key(window: MainWindow, qtbot) -> None:
    # The offscreen platform (and Windows) give QKeySequence.Quit no key: Ctrl+Q must still quit.
    _active(window, qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.closed
