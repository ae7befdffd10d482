"""The desktop app's window builds its side panels just after the first paint
(MainWindow(panels_later=True), refman/gui/window_panels.py): the first paint shows blank panes of
the same size; then the real panels take their places, at the sizes the splitters had, and work;
anything that asks for a panel earlier gets it built at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from refman.gui import settings as keys
from refman.gui.app import first_library
from refman.gui.main_window import MainWindow
from refman.library import Library

from .conftest import TOTAL, AtFirstPaint


def _panels_at_first_paint(w: MainWindow) -> AtFirstPaint:
    """Whether the panels were built at the table's first paint, and what the splitters held."""
    return AtFirstPaint(w.view.viewport(), lambda: {
        "built": w.panels_built, "main": w.main_splitter.widget(0), "right": w.right_splitter.widget(1),
        "sizes": (w.main_splitter.sizes(), w.right_splitter.sizes())})


def _later(qtbot, location: Path, settings: QSettings, wait: bool = True):  # type: ignore[no-untyped-def]
    win = MainWindow(first_library(str(location)), str(location), settings, panels_later=True)
    qtbot.addWidget(win)
    watch = _panels_at_first_paint(win)
    win.show()
    qtbot.waitExposed(win)
    if wait:
        qtbot.waitUntil(lambda: win.panels_built and win.sidebar.loaded)
    return win, watch


def _close(win: MainWindow) -> None:
    win.close()
    win.lib.close()


def test_the_first_paint_shows_blank_panes_then_the_panels_take_their_places(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    win, watch = _later(qtbot, lib_path, settings)
    seen = watch.seen
    assert seen is not None and seen["built"] is False
    assert seen["main"] is win._sidebar_slot and seen["right"] is win._detail_slot
    # the real panels stand where the blank panes stood, at the same sizes
    assert win.main_splitter.count() == 2 and win.right_splitter.count() == 2
    assert win.main_splitter.widget(0).isAncestorOf(win.sidebar)
    assert win.main_splitter.widget(0).isAncestorOf(win.organise_tree)
    assert win.right_splitter.widget(1) is win.detail
    assert (win.main_splitter.sizes(), win.right_splitter.sizes()) == seen["sizes"]
    assert win._sidebar_slot.parent() is None and win._detail_slot.parent() is None
    # and they work: the sidebar scopes the table, the detail pane shows the current entry
    qtbot.waitUntil(lambda: "Select an entry" in win.detail.toPlainText())
    win.view.selectRow(0)
    qtbot.waitUntil(lambda: win.detail.entry is not None)
    assert win.detail.entry is not None and win.detail.entry.id == win.view.current_id()
    win.sidebar.setCurrentItem(win.sidebar._articles.child(0))
    qtbot.waitUntil(lambda: win.scope.kind == "references")
    assert 0 < win.model.rowCount() < TOTAL
    _close(win)


def test_a_panel_asked_for_before_the_first_paint_is_built_at_once(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    win = MainWindow(first_library(str(lib_path)), str(lib_path), settings, panels_later=True)
    qtbot.addWidget(win)
    assert win.panels_built is False
    assert win.right_splitter.widget(1) is win._detail_slot
    detail = win.detail  # e.g. Alt+3 pressed before the first paint
    assert win.panels_built is True and win.right_splitter.widget(1) is detail
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert win.detail is detail and win.right_splitter.count() == 2  # built once
    _close(win)


def test_closing_before_the_panels_are_built_saves_the_splitters_as_they_were(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    first, _ = _later(qtbot, lib_path, settings)
    first.main_splitter.setSizes([300, first.main_splitter.width() - 300])
    wanted = first.main_splitter.sizes()
    _close(first)
    win = MainWindow(first_library(str(lib_path)), str(lib_path), settings, panels_later=True)
    qtbot.addWidget(win)
    win.close()  # never shown: nothing was built, nothing fails
    assert win.panels_built is False
    win.lib.close()
    state = keys.get_bytes(settings, keys.MAIN_SPLITTER)
    assert state is not None
    again, watch = _later(qtbot, lib_path, settings)
    assert watch.seen is not None and watch.seen["sizes"][0] == wanted  # type: ignore[index]
    assert again.main_splitter.sizes() == wanted
    _close(again)


def test_an_empty_library_paints_the_welcome_pane_and_a_full_one_never_builds_it(
        qtbot, empty_library: Library, lib_path: Path, settings: QSettings) -> None:
    win, _ = _later(qtbot, lib_path, settings)
    assert win._welcome is not None and win.stack.currentWidget() is win.welcome
    assert win.welcome in win.first_paint_widgets()
    _close(win)


def test_a_filled_library_never_builds_the_welcome_pane(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    win, _ = _later(qtbot, lib_path, settings)
    assert win._welcome is None and win.stack.count() == 1
    assert win.first_paint_widgets() == [win.view.viewport()]
    QApplication.processEvents()
    _close(win)


def test_the_sidebars_blank_pane_keeps_the_sidebars_minimum_width() -> None:
    from refman.gui import sidebar, window_panels

    assert window_panels.SIDEBAR_MIN_WIDTH == sidebar.MIN_WIDTH
