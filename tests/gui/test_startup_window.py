"""What start-up shortcuts leave exactly as Qt would have them (figures: benchmarks/startup.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from refman.gui import table_view
from refman.gui.table_view import EntryTableView

ATTRIBUTES = range(Qt.WidgetAttribute.WA_AttributeCount.value)


def _model() -> QStandardItemModel:
    model = QStandardItemModel(40, 6)
    for r in range(40):
        for c in range(6):
            model.setItem(r, c, QStandardItem(f"cell {r}:{c}"))
    return model


def _shown(qtbot, view: EntryTableView, model: QStandardItemModel) -> EntryTableView:  # type: ignore[no-untyped-def]
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(3)
    return view


def test_the_tables_own_viewport_is_set_up_and_paints_as_qts(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """EntryTableView makes its viewport in Python (so that PySide6 never has to work out the class
    of Qt's own, which costs the start-up ~5 ms); it must be indistinguishable from Qt's."""
    model = _model()
    ours = _shown(qtbot, EntryTableView(), model)
    with monkeypatch.context() as patch:
        patch.setattr(table_view.QTableView, "setViewport", lambda _self, _widget: None)
        qts = _shown(qtbot, EntryTableView(), model)
    assert ours.viewport() is not qts.viewport()
    for view in (ours, qts):
        assert view.viewport().parent() is view and view.viewport().focusProxy() is view
    a, b = ours.viewport(), qts.viewport()
    assert (a.objectName(), a.backgroundRole(), a.autoFillBackground(), a.geometry()) == (
        b.objectName(), b.backgroundRole(), b.autoFillBackground(), b.geometry())
    assert [n for n in ATTRIBUTES if a.testAttribute(Qt.WidgetAttribute(n))] == [
        n for n in ATTRIBUTES if b.testAttribute(Qt.WidgetAttribute(n))]
    assert ours.grab().toImage() == qts.grab().toImage()
