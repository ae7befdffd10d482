"""Issue 15, point 13: the search says what it did not understand and never shows stale results."""

from __future__ import annotations

from PySide6.QtCore import Qt

from refman.core.query import unknown_prefixes
from refman.gui.main_window import MainWindow

from .conftest import TOTAL
from .test_keyboard import _find


def test_unknown_prefixes_are_found() -> None:
    assert unknown_prefixes("foo:bar tag:x author:smith http://x.org -zz:1") == ["foo:bar", "tag:x", "zz:1"]
    assert unknown_prefixes('title:"a b" year:2020') == []


def test_an_unknown_prefix_is_reported(window: MainWindow, qtbot) -> None:
    _find(window, qtbot, "tag:smith")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    message = window.statusBar().currentMessage()
    assert "tag:smith searched as plain words" in message and "author:" in message


def test_an_invalid_query_shows_no_stale_results(window: MainWindow, qtbot) -> None:
    _find(window, qtbot, "smith")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert 0 < window.model.rowCount() < TOTAL
    _find(window, qtbot, "year:20x4")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.model.rowCount() == 0
    assert "a year is a number" in window.statusBar().currentMessage()
    assert window.count_label.text().startswith("0 of")
    _find(window, qtbot, "year:2024")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.model.rowCount() > 0 and window.search.property("invalid") is False
