"""Issue 15, points 6, 11 and 14: the editor keeps the user's work, windows fit the screen, and
the export dialog starts in an export folder, labels its fields and writes ordinary files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox, QWidget

from refman.gui import settings as keys
from refman.gui.editor import EntryEditor
from refman.gui.exporting import ExportDialog, export_file
from refman.gui.importing import PasteDialog
from refman.gui.main_window import MainWindow
from refman.library import Library

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL
from .test_bulk import answer_next_question


def _editor(qtbot, lib: Library) -> EntryEditor:  # type: ignore[no-untyped-def]
    dialog = EntryEditor(lib.by_key(ARTICLE_KEY), lib)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_editor_reports_a_taken_key_in_the_dialog_and_keeps_the_edits(qtbot, filled_library: Library) -> None:
    dialog = _editor(qtbot, filled_library)
    title = dialog.lines["title"]
    title.selectAll()
    qtbot.keyClicks(title, "A Corrected Title")
    key = dialog.lines["citekey"]
    key.setFocus()
    key.selectAll()
    qtbot.keyClicks(key, REFERENCES[0]["id"])
    qtbot.keyClick(key, Qt.Key.Key_Return)  # OK is the default button
    assert dialog.isVisible() and dialog.result_entry is None
    assert "already used" in dialog.error.text()
    assert title.text() == "A Corrected Title"  # nothing was thrown away
    key.selectAll()
    qtbot.keyClicks(key, "putra2024corrected")
    qtbot.keyClick(key, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result_entry is not None
    assert (dialog.result_entry.citekey, dialog.result_entry.title) == ("putra2024corrected", "A Corrected Title")


def test_escape_asks_before_discarding_edits(qtbot, filled_library: Library) -> None:
    dialog = _editor(qtbot, filled_library)
    title = dialog.lines["title"]
    title.setFocus()
    qtbot.keyClicks(title, " (draft)")
    answer_next_question(QMessageBox.StandardButton.Cancel)  # "Keep Editing"
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert dialog.isVisible() and title.text().endswith("(draft)")
    answer_next_question(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result_entry is None


def test_escape_without_edits_closes_at_once(qtbot, filled_library: Library) -> None:
    dialog = _editor(qtbot, filled_library)
    qtbot.keyClick(dialog.lines["title"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def _inside(widget: QWidget, area: QRect) -> bool:
    frame = widget.frameGeometry()
    return area.contains(frame.topLeft()) and area.contains(frame.bottomRight())


def _buttons_visible(dialog: QWidget) -> bool:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    top_left = box.mapTo(dialog, box.rect().topLeft())
    bottom_right = box.mapTo(dialog, box.rect().bottomRight())
    return dialog.rect().contains(top_left) and dialog.rect().contains(bottom_right)


def test_windows_and_dialogs_fit_the_available_screen(qtbot, window: MainWindow, filled_library: Library) -> None:
    area = QApplication.primaryScreen().availableGeometry()  # 800×800 on the offscreen platform
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.detail.isVisible() and window.detail.width() > 150
    assert window.right_splitter.sizes()[1] > 0
    for dialog in (EntryEditor(filled_library.by_key(ARTICLE_KEY), filled_library, window), PasteDialog("", window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= area.width() and dialog.height() <= area.height(), type(dialog).__name__
        assert _buttons_visible(dialog), type(dialog).__name__
        dialog.hide()


def test_export_dialog_labels_every_field_with_a_working_mnemonic(qtbot) -> None:
    dialog = ExportDialog(TOTAL, TOTAL, 0, False, "/tmp")
    qtbot.addWidget(dialog)
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, f"{label.text()!r} would show a literal '&'"


def test_export_starts_in_the_export_folder_not_the_import_folder(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.settings.setValue(keys.LAST_DIR, "/usr/share/texlive/texmf-dist/bibtex/bib")
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ExportDialog):
            seen.append(dialog.path.text())
            dialog.reject()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    window.export_dialog()
    assert seen and not seen[0].startswith("/usr/share/texlive")
    target = tmp_path / "out" / "refs.bib"
    target.parent.mkdir()
    window.export_to(str(target), "bibtex", "all")
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    QTimer.singleShot(0, look)
    window.export_dialog()
    assert seen[1].startswith(str(target.parent))


def test_exported_files_follow_the_umask(filled_library: Library, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "refs.bib"
        assert export_file(filled_library, str(path), "bibtex", None, None, lambda: False) == TOTAL
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o640)  # an existing file keeps its mode
        export_file(filled_library, str(path), "bibtex", None, None, lambda: False)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_table_columns_fit_a_narrow_window(window: MainWindow, qtbot) -> None:
    from refman.gui.table_view import TITLE_COLUMN

    view = window.view
    hh = view.horizontalHeader()
    width = view.viewport().width()
    assert width < 1000  # the offscreen screen makes a narrow window
    assert hh.length() <= width + 2  # everything visible, no sideways scrolling for the defaults
    assert hh.sectionSize(TITLE_COLUMN) >= width // 3 - 2
    assert hh.sectionSize(2) == 44  # the year stays readable


def test_reimporting_a_file_keeps_one_recent_imports_node(window: MainWindow, qtbot, tmp_path: Path) -> None:
    import json

    path = tmp_path / "again.json"
    path.write_text(json.dumps([{"id": "again1", "type": "book", "title": "Again"}]), encoding="utf-8")
    for _ in range(2):
        assert window.import_files([str(path)], "csljson") is not None
        qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    tops = [window.sidebar.topLevelItem(i) for i in range(window.sidebar.topLevelItemCount())]
    imports = next(item for item in tops if item is not None and item.text(0).startswith("Recent imports"))
    labels = [imports.child(i).text(0) for i in range(imports.childCount())]
    assert labels.count("again.json (1)") == 1, labels


def test_progress_total_does_not_count_string_blocks() -> None:
    from refman.formats.bibtex import count_hint

    text = "@string{j = {J}}\n@STRING{k = {K}}\n@preamble{x}\n@comment{c}\n@article{a, title={A}}\n@book{b, title={B}}\n"
    assert count_hint(text) == 2
