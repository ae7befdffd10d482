"""The Duplicates view and the side-by-side merge dialog, driven by keys; merge undone with Ctrl+Z."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from refman.core.model import Changes, Entry, Person
from refman.gui.main_window import MainWindow

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL


def test_duplicates_view_merge_dialog_and_undo(window: MainWindow, qtbot) -> None:
    lib = window.lib
    original = lib.by_key(REFERENCES[0]["id"])  # Archer, Clive (2001) International Organisations, Routledge
    article = lib.by_key(ARTICLE_KEY)
    assert original.id is not None and article.id is not None
    copy, _ = lib.add_entry(Entry(citekey="archer-copy", entry_type="book", title="International Organsations",
                                  contributors=(Person("Archer", "C."),), year=2001,
                                  publisher="Routledge", place="London"))
    assert copy.id is not None
    refs_before = lib.store.cited_ids(article.id)
    with lib.store.transaction() as txn:
        txn.set_relations(article.id, [*refs_before, copy.id])
    window._changed(Changes(added=(copy.id,)))

    window.sidebar.setFocus()
    QTest.keyClick(window.sidebar, Qt.Key.Key_End)  # Duplicates: the last item
    qtbot.waitUntil(lambda: window.scope.kind == "duplicates")
    qtbot.waitUntil(lambda: window.duplicate_scan is None and window.model.rowCount() == 2)  # scanned in the worker
    assert window.sidebar.duplicate_clusters == [[original.id, copy.id]]

    window.view.setFocus()
    window.view.select_ids([copy.id])
    QTest.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.merge_dialog is not None and window.merge_dialog.isVisible())
    dialog = window.merge_dialog
    assert dialog is not None
    assert [e.id for e in dialog.entries] == [original.id, copy.id]  # the oldest first, kept by default
    assert dialog.groups["title"].checkedId() == 0  # the richer (correct, longer) title pre-selected
    assert dialog.groups["contributors"].checkedId() == 0  # 'Clive' beats 'C.'
    assert dialog.groups["place"].checkedId() == 1  # only the copy has a place
    QTest.mouseClick(dialog.groups["title"].button(1), Qt.MouseButton.LeftButton)  # take the copy's title
    assert dialog.choice()["title"] == 1
    QTest.keyClick(dialog.merge_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.merge_dialog is None)

    merged = lib.get(original.id)
    assert merged.title == "International Organsations" and merged.place == "London"
    assert merged.contributors[0].given == "Clive"
    assert lib.trashed_ids() == [copy.id]  # the copy waits in the Trash
    assert lib.store.cited_ids(article.id) == refs_before  # the copy's place dropped, no repeat
    assert lib.count() == TOTAL
    qtbot.waitUntil(lambda: window.duplicate_scan is None)  # the view is scanned again after the merge
    assert window.sidebar.duplicate_clusters == [] and window.model.rowCount() == 0

    window.activateWindow()  # what the window manager does when the dialog closes (offscreen has none)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.count() == TOTAL + 1 and lib.trashed_ids() == []
    qtbot.waitUntil(lambda: window.duplicate_scan is None and window.model.rowCount() == 2)
    assert lib.get(copy.id).citekey == "archer-copy"
    assert lib.get(original.id).title == "International Organisations"
    assert lib.store.cited_ids(article.id) == [*refs_before, copy.id]


def test_not_duplicates_button_remembers(window: MainWindow, qtbot) -> None:
    lib = window.lib
    original = lib.by_key(REFERENCES[1]["id"])
    copy, _ = lib.add_entry(Entry(citekey="broome-2", entry_type="book", title="Intergovernmental organizations",
                                  contributors=(Person("Broome", "A."),), year=2022))
    window._changed(Changes(added=(copy.id,) if copy.id else ()))
    assert original.id is not None and copy.id is not None
    window.view.select_ids([original.id, copy.id])
    window.act_merge.trigger()
    qtbot.waitUntil(lambda: window.merge_dialog is not None)
    assert window.merge_dialog is not None
    QTest.mouseClick(window.merge_dialog.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.merge_dialog is None)
    assert lib.count() == TOTAL + 1
    assert [original.id, copy.id] not in lib.find_duplicates()
