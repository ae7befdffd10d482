"""What start-up shortcuts leave exactly as Qt would have them (figures: benchmarks/startup.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget

from refman.gui import qt_namespace, table_view
from refman.gui.main_window import MainWindow
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
    of Qt's own, which costs the start-up ~5 ms); it must be indistinguishable from Qt's: the same
    place among the view's children (the first: it decides the stacking and the order in which
    showing the view shows them, and so which moves reach the viewport), the same set-up, the
    same widget attributes once shown, the same pixels."""
    model = _model()
    ours = _shown(qtbot, EntryTableView(), model)
    with monkeypatch.context() as patch:
        patch.setattr(table_view.QTableView, "setViewport", lambda _self, _widget: None)
        qts = _shown(qtbot, EntryTableView(), model)
    assert ours.viewport() is not qts.viewport()
    for view in (ours, qts):
        assert view.viewport().parent() is view and view.viewport().focusProxy() is view
    assert _children(ours) == _children(qts) and _children(ours)[0] == ("QWidget", "qt_scrollarea_viewport")
    a, b = ours.viewport(), qts.viewport()
    assert (a.objectName(), a.backgroundRole(), a.autoFillBackground(), a.geometry()) == (
        b.objectName(), b.backgroundRole(), b.autoFillBackground(), b.geometry())
    assert _attributes(a) == _attributes(b)
    assert ours.grab().toImage() == qts.grab().toImage()


def _children(view: EntryTableView) -> list[tuple[str, str]]:
    return [(type(c).__name__, c.objectName()) for c in view.children() if c.isWidgetType()]


def _attributes(widget: QWidget) -> list[str]:
    """The widget attributes set on `widget`, by name (a failure then says which differ)."""
    return [Qt.WidgetAttribute(n).name for n in ATTRIBUTES if widget.testAttribute(Qt.WidgetAttribute(n))]


def test_the_plain_values_the_first_paint_uses_are_qts() -> None:
    """refman/gui/qt_namespace.py spells out, as ints, the Qt values used before the first paint."""
    ours = {
        "DISPLAY_ROLE": Qt.ItemDataRole.DisplayRole, "TOOLTIP_ROLE": Qt.ItemDataRole.ToolTipRole,
        "TEXT_ALIGNMENT_ROLE": Qt.ItemDataRole.TextAlignmentRole, "USER_ROLE": Qt.ItemDataRole.UserRole,
        "ALIGN_H_CENTER": Qt.AlignmentFlag.AlignHCenter,
        "ALIGN_RIGHT_V_CENTER": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        "ORIENTATION_VERTICAL": Qt.Orientation.Vertical, "CUSTOM_CONTEXT_MENU": Qt.ContextMenuPolicy.CustomContextMenu,
        "TOOL_BUTTON_TEXT_ONLY": Qt.ToolButtonStyle.ToolButtonTextOnly,
        "WIDGET_SHORTCUT": Qt.ShortcutContext.WidgetShortcut, "COPY_ACTION": Qt.DropAction.CopyAction,
        "RICH_TEXT": Qt.TextFormat.RichText,
    }
    assert {name: getattr(qt_namespace, name) for name in ours} == {name: v.value for name, v in ours.items()}
    assert qt_namespace.Qt.Orientation is Qt.Orientation  # the stand-in hands out the real enums


def test_set_enum_sets_the_property_and_refuses_an_unknown_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = EntryTableView()
    qtbot.addWidget(view)
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    with pytest.raises(ValueError):
        qt_namespace.set_enum(view, "noSuchProperty", 1)


def test_the_headers_titles_are_the_models_header_data(window: MainWindow) -> None:
    """The table's header shows its titles from a model of its own (EntryTableView.setModel):
    the same text and alignment as EntryTableModel.headerData, and sorting is on once painted."""
    header = window.view.horizontalHeader()
    titles = header.model()
    assert titles is not window.model and header.count() == window.model.columnCount()
    for section in range(window.model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole):
            assert titles.headerData(section, Qt.Orientation.Horizontal, role) == \
                window.model.headerData(section, Qt.Orientation.Horizontal, role)
    assert window.view.isSortingEnabled() and header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == -1 and window.model.order_by is None
