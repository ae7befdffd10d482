"""Issue 15, point 15: entries without a title, year or author sort last in both directions, as a
researcher expects (and Zotero does), also across the table's pages of rows."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt

from refman.gui.main_window import MainWindow
from refman.gui.table_model import COLUMN_KEYS

from .conftest import TOTAL

EMPTY = [
    {"id": "notitle", "type": "article-journal", "author": [{"family": "Aaron", "given": "A."}],
     "issued": {"date-parts": [[1990]]}},
    {"id": "noyear", "type": "article-journal", "title": "Aardvarks", "author": [{"family": "Abel", "given": "B."}]},
    {"id": "nobody", "type": "article-journal", "title": "Anonymous aardvarks", "issued": {"date-parts": [[1991]]}},
]


def _click_header(window: MainWindow, qtbot, key: str) -> None:
    header = window.view.horizontalHeader()
    section = COLUMN_KEYS.index(key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _keys(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_empty_values_sort_last_both_ways(window: MainWindow, qtbot) -> None:
    window.lib.import_text(json.dumps(EMPTY), "empty.json", "csljson")
    window.model.page_size = 4  # rows come in pages of 4: the empty ones start inside a later page
    window.sidebar.refresh()
    window.show_all()
    assert window.model.rowCount() == TOTAL + 3
    for key, empty in (("title", "notitle"), ("year", "noyear"), ("authors", "nobody")):
        _click_header(window, qtbot, key)
        assert window.model.order_by == key and not window.model.descending
        keys = _keys(window)
        assert keys[-1] == empty, f"ascending by {key}: {keys[-3:]}"
        _click_header(window, qtbot, key)
        assert window.model.order_by == key and window.model.descending
        keys = _keys(window)
        assert keys[-1] == empty, f"descending by {key}: {keys[-3:]}"
        assert window.model.all_ids()[-1] == window.lib.by_key(empty).id  # the id list agrees with the pages


def test_empty_values_sort_last_in_a_search_too(window: MainWindow, qtbot) -> None:
    window.lib.import_text(json.dumps(EMPTY), "empty.json", "csljson")
    window.set_search_text("year:1990..1991")  # notitle (1990, by Aaron) and nobody (1991, no author)
    assert sorted(_keys(window)) == ["nobody", "notitle"]
    for key, empty in (("title", "notitle"), ("authors", "nobody")):
        _click_header(window, qtbot, key)
        assert _keys(window)[-1] == empty and not window.model.descending
        _click_header(window, qtbot, key)
        assert _keys(window)[-1] == empty and window.model.descending
