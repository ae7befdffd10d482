"""Issue 15, points 4, 5, 7 and 15 in the paste dialog, typed and clicked as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QAbstractItemView

from refman.gui.importing import PREVIEW_COLUMNS, PasteDialog
from refman.gui.main_window import MainWindow

from .conftest import ARTICLE_KEY

LIST = """Broome, A. (2022). Intergovernmental Organizations. Oxford University Press.
Zimmerman, C., & Kiss, L. (2017). Human Trafficking and Exploitation: A Global Health Concern. PLoS Medicine, 14(11), 1–11.
Archer, C. (2001). International Organisations. Routledge.
"""
NEW_LINE = "Haynes, J. (2023). Human Trafficking: Iconic Victims. Modern Law Review, 86(5), 1232-1264."
TITLE = [t for t, _ in PREVIEW_COLUMNS].index("Title")
PUBLISHER = [t for t, _ in PREVIEW_COLUMNS].index("Publisher")


def _dialog(qtbot, text: str = LIST) -> PasteDialog:  # type: ignore[no-untyped-def]
    dialog = PasteDialog(text)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_in_cell(qtbot, dialog: PasteDialog, row: int, col: int, text: str) -> None:  # type: ignore[no-untyped-def]
    table = dialog.table
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget() if table.state() == QAbstractItemView.State.EditingState else None
    assert editor is not None and editor is not table
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the commit is queued
    assert table.item(row, col).text() == text


def test_typing_in_the_paste_box_keeps_corrections_and_unticks(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.table.rowCount() == 3
    _type_in_cell(qtbot, dialog, 0, TITLE, "Intergovernmental Organizations: A Primer")
    dialog.table.setCurrentCell(2, 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # untick Archer
    assert dialog.table.item(2, 0).checkState() == Qt.CheckState.Unchecked
    dialog.input.setFocus()
    dialog.input.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.input, NEW_LINE)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=5000)
    assert dialog.table.item(0, TITLE).text() == "Intergovernmental Organizations: A Primer"
    assert dialog.table.item(2, 0).checkState() == Qt.CheckState.Unchecked
    assert dialog.table.item(3, 0).checkState() == Qt.CheckState.Checked
    result = dialog.corrected()
    assert result is not None
    assert [e.title for e in result.entries][:1] == ["Intergovernmental Organizations: A Primer"]
    assert len(result.entries) == 3


def test_publisher_is_an_editable_preview_column(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.table.item(0, PUBLISHER).text() == "Oxford University Press"
    _type_in_cell(qtbot, dialog, 2, PUBLISHER, "Routledge, London")
    result = dialog.corrected()
    assert result is not None and result.entries[2].publisher == "Routledge, London"


def test_a_mixed_list_shows_every_reference(qtbot) -> None:
    from tests.test_refstrings_mixed import MIXED

    dialog = _dialog(qtbot, MIXED)
    assert dialog.table.rowCount() == 7
    assert dialog.problems.count() == 0


def test_paste_references_does_not_offer_refmans_own_copy(window: MainWindow, qtbot) -> None:
    window.view.select_ids([window.lib.by_key(ARTICLE_KEY).id or 0])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == f"\\cite{{{ARTICLE_KEY}}}"
    dialog = PasteDialog(parent=window)
    qtbot.addWidget(dialog)
    assert dialog.input.toPlainText() == ""


def test_paste_references_opens_empty_when_the_clipboard_is_not_references(qtbot) -> None:
    QGuiApplication.clipboard().setText("{ not json, not references")
    dialog = PasteDialog()
    qtbot.addWidget(dialog)
    assert dialog.input.toPlainText() == ""
    assert not dialog.summary.text().startswith("Cannot read")
    QGuiApplication.clipboard().setText(LIST)
    dialog = PasteDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
