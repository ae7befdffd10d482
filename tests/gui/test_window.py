"""The main window in a real (offscreen) Qt: search, detail pane, navigation, copying, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from refman.core.model import Changes, Entry
from refman.gui import settings as keys
from refman.gui.main_window import MainWindow
from refman.gui.table_model import COLUMN_KEYS
from refman.library import Library, cite_entries

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL


def _select_key(window: MainWindow, key: str) -> int:
    entry_id = window.lib.by_key(key).id
    assert entry_id is not None
    assert window.view.select_ids([entry_id])
    return entry_id


def _wait_copied(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Copies render in the worker; wait until the clipboard was set."""
    qtbot.waitUntil(lambda: not window.tasks and window.statusBar().currentMessage().startswith("Copied"),
                    timeout=20000)


def _citation_engine_works() -> bool:
    try:
        cite_entries([Entry(citekey="x", title="T")], style="apa")
    except Exception:
        return False
    return True


def test_status_bar_counts_and_typing_filters(window: MainWindow, qtbot) -> None:
    assert window.count_label.text() == f"{TOTAL} of {TOTAL} entries"
    window.search.setFocus()
    qtbot.keyClicks(window.search, "trafficking")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)  # the article (keyword, abstract) and Haynes
    assert window.count_label.text() == f"2 of {TOTAL} entries"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # Esc clears
    assert window.search.text() == ""
    assert window.model.rowCount() == TOTAL
    window.set_search_text("author:smith year:2010..2014")
    assert window.count_label.text() == f"5 of {TOTAL} entries"


def test_invalid_query_is_reported_not_raised(window: MainWindow) -> None:
    window.set_search_text("smith")
    assert window.model.rowCount() == 26
    window.set_search_text("year:abc")
    assert "year" in window.statusBar().currentMessage()
    assert window.model.rowCount() == 0  # no stale results under an invalid query (issue 15, point 13)
    window.set_search_text("")
    assert window.model.rowCount() == TOTAL
    assert window.statusBar().currentMessage() == ""


def test_ctrl_f_focuses_search(window: MainWindow, qtbot) -> None:
    window.view.setFocus()
    window.act_find.trigger()
    assert QApplication.focusWidget() is window.search
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.view


def test_selecting_a_row_shows_abstract_licence_and_references(window: MainWindow, qtbot) -> None:
    _select_key(window, ARTICLE_KEY)
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.citekey == ARTICLE_KEY)
    text = window.detail.toPlainText()
    assert "Abstract" in text and "Human trafficking is a pressing" in text
    assert "CC BY-SA 4.0" in text and "© 2024 The Authors" in text
    assert "References (3)" in text and "Modern Law Review" in text
    html = window.detail.toHtml()
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html  # licence name links to its URL
    assert "https://doi.org/10.1234/jgs.2024.9" in html
    # Imported markup is shown as text, never interpreted.
    assert "<b>global</b>" in text


def test_reference_links_navigate_and_back_returns(window: MainWindow, qtbot) -> None:
    article_id = _select_key(window, ARTICLE_KEY)
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == article_id)
    target = window.lib.by_key(REFERENCES[2]["id"]).id
    window.detail.anchorClicked.emit(QUrl(f"refman:entry/{target}"))
    assert window.view.current_id() == target
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == target)
    assert "Cited by (1)" in window.detail.toPlainText()
    window.go_back()
    assert window.view.current_id() == article_id


def test_navigation_widens_a_search_that_hides_the_target(window: MainWindow, qtbot) -> None:
    window.set_search_text("author:smith")
    target = window.lib.by_key(REFERENCES[0]["id"]).id
    assert window.model.row_of_id(target) is None
    window.detail.anchorClicked.emit(QUrl(f"refman:entry/{target}"))
    assert window.search.text() == ""
    assert window.model.rowCount() == TOTAL
    assert window.view.current_id() == target


def test_only_web_links_leave_the_app(window: MainWindow, qtbot) -> None:
    window.detail.open_external = False
    refused: list[str] = []
    window.detail.link_refused.connect(refused.append)
    window.detail.anchorClicked.emit(QUrl("https://doi.org/10.1234/x"))
    window.detail.anchorClicked.emit(QUrl("doi:10.5555/abc"))
    window.detail.anchorClicked.emit(QUrl("javascript:alert(1)"))
    window.detail.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert window.detail.opened_urls == ["https://doi.org/10.1234/x", "https://doi.org/10.5555/abc"]
    assert refused == ["javascript:alert(1)", "file:///etc/passwd"]
    assert window.detail.loadResource(2, QUrl("https://evil.example/pixel.png")) is None


def test_keyword_link_searches(window: MainWindow) -> None:
    window.detail.anchorClicked.emit(QUrl("refman:keyword/ASEANAPOL"))
    assert window.search.text() == 'keyword:"ASEANAPOL"'
    assert window.model.rowCount() == 1


def test_sidebar_article_shows_its_reference_list_in_order(window: MainWindow) -> None:
    articles = window.sidebar.topLevelItem(1)
    assert articles is not None and articles.childCount() == 1
    window.sidebar.setCurrentItem(articles.child(0))
    assert [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())] == \
        [r["id"] for r in REFERENCES]
    assert window.count_label.text() == f"3 of {TOTAL} entries"
    window.sidebar.select_all_entries()
    assert window.model.rowCount() == TOTAL


def test_clicking_a_header_sorts(window: MainWindow) -> None:
    header = window.view.horizontalHeader()
    header.setSortIndicator(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    assert window.model.order_by == "year" and window.model.descending
    assert window.model.data(window.model.index(0, 2)) == "2025"
    window.natural_order()
    assert window.model.order_by is None


def test_copy_citation_puts_html_and_text_on_clipboard(window: MainWindow, qtbot) -> None:
    if not _citation_engine_works():
        pytest.skip("the citation engine (refman.cite) is not available in this checkout")
    _select_key(window, ARTICLE_KEY)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _wait_copied(window, qtbot)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime is not None and mime.hasHtml() and mime.hasText()
    assert "Putra" in mime.text() and "2024" in mime.text()
    assert "<i>" in mime.html() or "font-style" in mime.html()  # the journal stays italic
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _wait_copied(window, qtbot)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime is not None and mime.hasHtml() and "Putra" in mime.text() and len(mime.text()) < 60


def test_citation_failure_is_a_clear_message(window: MainWindow, qtbot) -> None:
    _select_key(window, ARTICLE_KEY)
    QGuiApplication.clipboard().setText("unchanged")
    window.style_combo.set_style("no-such-style-at-all", "Nonexistent")
    window.copy_bibliography()
    qtbot.waitUntil(lambda: not window.tasks)
    assert window.last_error.startswith("Cannot copy")
    assert QGuiApplication.clipboard().text() == "unchanged"


def test_copy_cite_key_on_the_view_shortcut(window: MainWindow, qtbot) -> None:
    ids = [window.lib.by_key(r["id"]).id for r in REFERENCES[:2]]
    window.view.select_ids(ids)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "\\cite{archer2001international,broome2022intergovernmental}"


def test_context_menu_has_the_copy_actions(window: MainWindow) -> None:
    menu = window.view.context_menu()
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts[:4] == ["Copy Citation", "Copy In-text Citation", "Copy BibTeX", "Copy \\cite{key}"]
    menu.deleteLater()


def test_drop_of_a_file_imports_it(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "dropped.json"
    path.write_text('[{"id": "dropped2020", "type": "book", "title": "Dropped Here", "issued": {"date-parts": [[2020]]}}]',
                    encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    assert window.lib.count() == TOTAL + 1
    assert window.view.current_id() == window.lib.by_key("dropped2020").id
    assert window.report_dialog is not None
    assert "1 imported" in window.report_dialog.outcome.headline()


def test_settings_are_remembered(qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    win = MainWindow(filled_library, str(lib_path), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.loaded)  # sorting is on from just after the first paint
    doi = COLUMN_KEYS.index("doi")
    win.view.set_column_visible(doi, True)
    win.view.horizontalHeader().resizeSection(0, 77)
    win.view.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("year"), Qt.SortOrder.AscendingOrder)
    assert win.model.order_by == "year"
    win.style_combo.set_style("vancouver")
    win.close()
    assert keys.recent_libraries(settings) == [str(lib_path)]
    again = MainWindow(filled_library, str(lib_path), settings)
    qtbot.addWidget(again)
    again.show()
    assert not again.view.horizontalHeader().isSectionHidden(doi)
    assert again.view.horizontalHeader().sectionSize(0) == 77
    assert again.model.order_by == "year"
    assert again.style_combo.current_style() == "vancouver"
    assert again.style_combo.currentText() == "Vancouver"


def test_a_window_closed_before_sorting_was_on_reopens_in_natural_order(  # type: ignore[no-untyped-def]
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    """Closed before its first paint's follow-up (EntryTableView.enable_sorting), the window saves
    the header's own hidden default indicator (column 0, descending): that is no sort, and the
    next window shows the natural order with no indicator, as after any unsorted session."""
    win = MainWindow(filled_library, str(lib_path), settings)
    qtbot.addWidget(win)
    assert not win.view.isSortingEnabled()
    win.close()
    again = MainWindow(filled_library, str(lib_path), settings)
    qtbot.addWidget(again)
    assert again.model.order_by is None
    again.show()
    qtbot.waitUntil(lambda: again.sidebar.loaded)
    header = again.view.horizontalHeader()
    assert again.model.order_by is None and header.sortIndicatorSection() == -1 and header.isSortIndicatorShown()


def test_empty_library_shows_welcome_then_table(empty_window: MainWindow, qtbot, tmp_path: Path) -> None:
    assert empty_window.stack.currentWidget() is empty_window.welcome
    path = tmp_path / "one.json"
    path.write_text('[{"id": "one2021", "type": "book", "title": "One", "issued": {"date-parts": [[2021]]}}]',
                    encoding="utf-8")
    empty_window.import_files([str(path)], "csljson")
    qtbot.waitUntil(lambda: not empty_window.tasks, timeout=10000)
    assert empty_window.stack.currentWidget() is empty_window.main_splitter
    assert empty_window.count_label.text() == "1 of 1 entries"


def test_switching_libraries(window: MainWindow, tmp_path: Path, settings: QSettings) -> None:
    other = tmp_path / "other.sqlite"
    assert window.switch_library(str(other))
    assert window.model.rowCount() == 0
    assert window.stack.currentWidget() is window.welcome
    assert keys.recent_libraries(settings)[0] == str(other)
    assert window.windowTitle().startswith("other.sqlite")


BIB = """@Book{knuth1984,
  author    = {Donald E. Knuth},
  title     = {The {\\TeX}book},
  publisher = {Addison-Wesley},
  year      = 1984,
}
"""


def test_copy_bibtex_is_the_imported_record_verbatim(window: MainWindow, qtbot) -> None:
    window.lib.import_text(BIB, "knuth.bib", "bibtex")
    window._changed(Changes(added=(window.lib.by_key("knuth1984").id or 0,)))
    _select_key(window, "knuth1984")
    assert window.copy_bibtex()
    _wait_copied(window, qtbot)
    assert QGuiApplication.clipboard().text() == BIB


def test_copy_bibtex_of_an_entry_from_csl_json_uses_the_writer(window: MainWindow, qtbot) -> None:
    _select_key(window, REFERENCES[0]["id"])
    assert window.copy_bibtex()
    _wait_copied(window, qtbot)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("@book{archer2001international,") and "International Organisations" in text


def test_keyboard_delete_and_undo_on_the_view(window: MainWindow, qtbot) -> None:
    target = _select_key(window, REFERENCES[2]["id"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.lib.count() == TOTAL - 1
    assert window.model.row_of_id(target) is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.lib.count() == TOTAL
    assert window.view.current_id() == target


def test_select_all_counts_in_the_status_bar(window: MainWindow) -> None:
    window.view.selectAll()
    assert window.count_label.text() == f"{TOTAL} of {TOTAL} entries · {TOTAL} selected"
    assert len(window.view.selected_ids()) == TOTAL


def test_numbered_styles_keep_the_number_inline(window: MainWindow, qtbot) -> None:
    if not _citation_engine_works():
        pytest.skip("the citation engine (refman.cite) is not available in this checkout")
    _select_key(window, REFERENCES[2]["id"])
    window.style_combo.set_style("ieee")
    assert window.copy_bibliography()
    _wait_copied(window, qtbot)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime is not None and "csl-left-margin" not in mime.html()
    assert mime.text().startswith("[1]") and "[1] J. Haynes" in mime.html()


def test_style_picker_finds_any_bundled_style(window: MainWindow, qtbot) -> None:
    if not _citation_engine_works():
        pytest.skip("the citation engine (refman.cite) is not available in this checkout")
    from refman.gui.style_picker import StylePickerDialog

    picker = StylePickerDialog(window)
    qtbot.addWidget(picker)
    assert picker.list.count() > 100
    picker.search.setText("nature")
    qtbot.waitUntil(lambda: 0 < picker.list.count() < 1000)
    item = picker.list.item(0)
    assert item is not None and "nature" in (item.text() + str(item.toolTip())).lower()
    picker.accept()
    assert picker.chosen is not None
    window.style_combo.set_style(*picker.chosen)
    assert window.style_combo.current_style() == picker.chosen[0]
    assert window.settings.value("cite/style") == picker.chosen[0]


def test_more_styles_in_the_chooser_opens_the_picker_and_sets_its_choice(  # type: ignore[no-untyped-def]
        window: MainWindow, monkeypatch) -> None:
    """The chooser's "More styles…" imports the picker (refman/gui/style_picker.py) when first
    chosen; what is picked there becomes the style, added above the separator."""
    from refman.gui import style_picker
    from refman.gui.citations import MORE_STYLES

    opened: list[style_picker.StylePickerDialog] = []

    def picked(dialog: style_picker.StylePickerDialog) -> int:
        opened.append(dialog)
        dialog.chosen = ("chicago-fullnote-bibliography", "Chicago (full note)")
        return int(style_picker.QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(style_picker.StylePickerDialog, "_fill", lambda _self: None)  # no engine needed
    monkeypatch.setattr(style_picker.StylePickerDialog, "exec", picked)
    combo = window.style_combo
    combo.activated.emit(combo.findData(MORE_STYLES))
    assert len(opened) == 1 and opened[0].parent() is combo
    assert combo.current_style() == "chicago-fullnote-bibliography"
    assert combo.currentText() == "Chicago (full note)"


def test_welcome_imports_the_sample_article(empty_window: MainWindow, qtbot) -> None:
    button = empty_window.welcome.sample_button
    if not button.isEnabled():
        pytest.skip("resources/samples/sample-article.txt is not in this checkout")
    button.click()
    qtbot.waitUntil(lambda: not empty_window.tasks, timeout=30000)
    assert empty_window.last_error == ""
    assert empty_window.stack.currentWidget() is empty_window.main_splitter
    current = empty_window.view.current_id()
    assert current is not None
    article = empty_window.lib.get(current)
    assert article.title.startswith("The Challenges of Intergovernmental Organizations")
    refs = empty_window.lib.references_of(current)
    assert len(refs) >= 20
    assert empty_window.count_label.text() == f"{len(refs) + 1} of {len(refs) + 1} entries"
    qtbot.waitUntil(lambda: empty_window.detail.entry is not None and empty_window.detail.entry.id == current)
    text = empty_window.detail.toPlainText()
    assert f"References ({len(refs)})" in text and "Abstract" in text and "Licence" in text


def test_plain_refman_reopens_the_last_library(settings: QSettings, tmp_path: Path) -> None:
    from refman.gui.app import choose_location, default_location

    last = tmp_path / "last.sqlite"
    Library.open(last).close()
    keys.remember_library(settings, str(last))
    assert choose_location(default_location(), settings, {}) == str(last)
    assert choose_location(default_location(), settings, {"REFMAN_LIBRARY": "x"}) == default_location()
    assert choose_location(str(tmp_path / "asked.sqlite"), settings, {}) == str(tmp_path / "asked.sqlite")


def test_recent_import_shows_just_that_import(window: MainWindow, qtbot) -> None:
    imports = window.sidebar.topLevelItem(2)
    qtbot.waitUntil(lambda: imports is not None and imports.childCount() == 2)
    assert imports is not None
    names = [imports.child(i).text(0) for i in range(imports.childCount())]
    assert names == ["references.json (3)", "fixture.json (27)"]  # newest first
    window.sidebar.setCurrentItem(imports.child(0))
    assert [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())] == \
        [r["id"] for r in REFERENCES]
    window.set_search_text("broome")
    assert window.model.rowCount() == 1
    assert window.count_label.text() == f"1 of {TOTAL} entries"


def test_recent_import_leaves_out_what_went_to_the_trash(window: MainWindow, qtbot) -> None:
    imports = window.sidebar.topLevelItem(2)
    qtbot.waitUntil(lambda: imports is not None and imports.childCount() == 2)
    assert imports is not None
    first = window.lib.by_key(REFERENCES[0]["id"]).id
    assert first is not None
    window._changed(window.lib.trash([first]))
    window.sidebar.setCurrentItem(imports.child(0))
    shown = [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]
    assert shown == [r["id"] for r in REFERENCES[1:]]
