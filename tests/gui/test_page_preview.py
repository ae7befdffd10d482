"""An article-page file import opens a preview first; only what the user accepts there is imported (issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from refman.gui.main_window import MainWindow
from refman.gui.page_preview import PagePreviewDialog

PAGE = Path(__file__).resolve().parents[1] / "data" / "article_pages" / "ojs3_flood_governance.html"


def _preview(window: MainWindow, qtbot) -> PagePreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.preview_dialog is not None, timeout=15000)
    dialog = window.preview_dialog
    assert isinstance(dialog, PagePreviewDialog)
    return dialog


def test_file_import_of_a_page_previews_and_imports_what_was_accepted(empty_window: MainWindow, qtbot) -> None:
    assert empty_window.import_files([str(PAGE)]) is not None
    dialog = _preview(empty_window, qtbot)
    assert empty_window.lib.count() == 0  # nothing stored while previewing
    refs = dialog.table.rowCount()
    assert refs >= 3
    assert dialog.fields["title"].text().startswith("Urban Flood Governance")
    # Correct the title by keyboard, untick the second reference.
    title = dialog.fields["title"]
    title.selectAll()
    QTest.keyClicks(title, "Corrected title")
    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.import_button.text() == f"&Import the article and {refs - 1} references"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not empty_window.tasks and empty_window.lib.count() == refs, timeout=15000)
    article = empty_window.lib.search_entries("title:corrected")
    assert len(article) == 1
    cited = empty_window.lib.references_of(article[0].id)  # type: ignore[arg-type]
    assert len(cited) == refs - 1


def test_cancelled_preview_imports_nothing(empty_window: MainWindow, qtbot) -> None:
    empty_window.import_files([str(PAGE)])
    dialog = _preview(empty_window, qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: empty_window.preview_dialog is None, timeout=5000)
    assert empty_window.lib.count() == 0


def test_html_that_is_not_an_article_says_why_and_imports_nothing(empty_window: MainWindow, qtbot,
                                                                  tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<!DOCTYPE html><html><head><style>@media print { body { color: black } }</style></head>"
                    "<body><ul><li>Home</li><li>About</li><li>Submissions</li></ul></body></html>",
                    encoding="utf-8")
    errors: list[str] = []
    empty_window.show_error = lambda title, text: errors.append(text)  # type: ignore[method-assign]
    empty_window.import_files([str(page)])
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    assert "menu.html" in errors[0] and "no article title" in errors[0]
    assert empty_window.lib.count() == 0
