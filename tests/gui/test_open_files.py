"""`refman FILE.bib FILE.ris` (a double-click in a file manager): the window offers to import the files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from refman.gui.main_window import MainWindow
from refman.gui.open_files import offer_import

BIB = "@article{doe2020,\n  author = {Doe, Jane},\n  title = {Opened From A File Manager},\n  year = {2020},\n}\n"
RIS = "TY  - BOOK\nAU  - Roe, Richard\nTI  - A Book Double-Clicked\nPY  - 2019\nER  - \n"


def _files(tmp_path: Path) -> list[str]:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "more.ris").write_text(RIS, encoding="utf-8")
    return [str(tmp_path / "refs.bib"), str(tmp_path / "more.ris")]


def test_accepting_the_offer_imports_every_file(empty_window: MainWindow, qtbot, tmp_path: Path) -> None:
    box = offer_import(empty_window, _files(tmp_path))
    assert box.isVisible()
    assert "library.sqlite" in box.text() and "refs.bib" in box.text() and "more.ris" in box.text()
    assert empty_window.lib.count() == 0  # nothing happens before the researcher says so
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Import is the default button
    qtbot.waitUntil(lambda: not empty_window.tasks, timeout=10000)
    titles = sorted(e.title for e in empty_window.lib.search_entries(""))
    assert titles == ["A Book Double-Clicked", "Opened From A File Manager"]
    empty_window.act_undo.trigger()  # an ordinary import: undoable
    assert empty_window.lib.count() == 0


def test_cancelling_the_offer_changes_nothing(empty_window: MainWindow, qtbot, tmp_path: Path) -> None:
    box = offer_import(empty_window, _files(tmp_path))
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert not empty_window.tasks
    assert empty_window.lib.count() == 0
