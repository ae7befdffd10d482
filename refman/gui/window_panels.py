"""The window's side panels (sidebar with collections and tags; the detail pane) and its welcome
pane, built when first needed.

The desktop app builds the panels just after the first paint (MainWindow(panels_later=True)):
the first paint shows the table's first rows, and the panels, whose modules and widgets cost
~10 ms of a ~160 ms start, follow in the next turn of the event loop. Until then the splitters
hold blank panes of the same look and size (`_slot`). Whatever asks for a panel before that
(a shortcut, the detail timer) builds them all at once, so nothing ever finds one missing. The
welcome pane is built only when an empty library shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QSplitter, QWidget

if TYPE_CHECKING:
    from refman.gui.detail import DetailView
    from refman.gui.keep_updated import KeepUpdatedScheduler
    from refman.gui.organise_panel import OrganiseTree, TagSelector
    from refman.gui.sidebar import Sidebar
    from refman.gui.welcome import WelcomePane
    from refman.gui.window_organise import WindowOrganiseMixin as _Base
else:
    _Base = object

SIDEBAR_MIN_WIDTH = 160  # sidebar.MIN_WIDTH (that module is imported with the panels)
_STYLED_PANEL_SUNKEN = 0x0036  # QFrame.Shape.StyledPanel | QFrame.Shadow.Sunken, as a scroll area's frame


def _slot() -> QFrame:
    """A blank pane that looks like an empty item view (frame and base colour) until the panel
    it stands for replaces it."""
    frame = QFrame()
    frame.setFrameStyle(_STYLED_PANEL_SUNKEN)
    frame.setBackgroundRole(QPalette.ColorRole.Base)
    frame.setAutoFillBackground(True)
    return frame


class _Panels:
    """The panels once built."""

    def __init__(self, sidebar: Sidebar, detail: DetailView, organise_tree: OrganiseTree,
                 tag_selector: TagSelector, keep_updated: KeepUpdatedScheduler) -> None:
        self.sidebar = sidebar
        self.detail = detail
        self.organise_tree = organise_tree
        self.tag_selector = tag_selector
        self.keep_updated = keep_updated


class WindowPanelsMixin(_Base):
    """MainWindow's side panels and welcome pane, built on first use (see the module's docstring)."""

    _panels: _Panels | None = None
    _welcome: WelcomePane | None = None
    _sidebar_slot: QWidget
    _detail_slot: QWidget

    def _panel_slots(self) -> tuple[QWidget, QWidget]:
        """The blank panes the splitters hold until the panels are built: (sidebar column, detail).
        The sidebar's stands in at the sidebar's minimum width, so that a narrow window lays out
        the same before and after."""
        self._sidebar_slot, self._detail_slot = _slot(), _slot()
        self._sidebar_slot.setMinimumWidth(SIDEBAR_MIN_WIDTH)
        return self._sidebar_slot, self._detail_slot

    @property
    def panels_built(self) -> bool:
        return self._panels is not None

    def build_panels(self) -> _Panels:
        """Build the side panels in place of their blank panes (once; later calls return them)."""
        if self._panels is not None:
            return self._panels
        from refman.gui.detail import DetailView
        from refman.gui.keep_updated import KeepUpdatedScheduler
        from refman.gui.organise_panel import OrganiseTree, TagSelector
        from refman.gui.sidebar import Sidebar

        panels = _Panels(Sidebar(), DetailView(), OrganiseTree(), TagSelector(),
                         KeepUpdatedScheduler(lambda: self.location, self))
        self._panels = panels
        _replace(self.main_splitter, self._sidebar_slot, self._organise_column(panels))
        _replace(self.right_splitter, self._detail_slot, panels.detail)
        self._connect_panels(panels)
        self.setTabOrder(panels.sidebar, self.search)
        self.setTabOrder(self.search, self.view)
        self.setTabOrder(self.view, panels.detail)
        self._detail_timer.start()  # the detail pane shows the current entry (or what to do)
        return panels

    def _connect_panels(self, panels: _Panels) -> None:
        panels.sidebar.scope_selected.connect(self.set_scope)
        panels.sidebar.duplicates_wanted.connect(self.scan_duplicates)
        panels.detail.entry_requested.connect(self.navigate_to)
        panels.detail.keyword_requested.connect(self.search_keyword)
        panels.detail.link_refused.connect(lambda url: self.statusBar().showMessage(f"Not opened: {url}", 5000))

    @property
    def sidebar(self) -> Sidebar:
        return self.build_panels().sidebar

    @property
    def detail(self) -> DetailView:
        return self.build_panels().detail

    @property
    def organise_tree(self) -> OrganiseTree:
        return self.build_panels().organise_tree

    @property
    def tag_selector(self) -> TagSelector:
        return self.build_panels().tag_selector

    @property
    def keep_updated_scheduler(self) -> KeepUpdatedScheduler:
        return self.build_panels().keep_updated

    @property
    def welcome(self) -> WelcomePane:
        """The pane an empty library shows instead of the table, built the first time it is asked for."""
        if self._welcome is None:
            from refman.gui.welcome import WelcomePane

            welcome = WelcomePane()
            welcome.import_sample.connect(self.import_sample)
            welcome.import_file.connect(self.import_dialog)
            welcome.paste.connect(self.paste_dialog)
            self.stack.addWidget(welcome)
            self._welcome = welcome
        return self._welcome

    def first_paint_widgets(self) -> list[QWidget]:
        """What the window's first paint may show: the table, or the welcome pane when the
        library is empty (built by then: the window chose what to show as it was made)."""
        return [self.view.viewport(), *([self._welcome] if self._welcome is not None else [])]


def _replace(splitter: QSplitter, slot: QWidget, widget: QWidget) -> None:
    """Put `widget` where `slot` is, at the slot's size (a restored splitter state stands).
    Not QSplitter.replaceWidget: PySide6 does not hand the new widget to the splitter there, so
    Python deleted it (and the panels in it) with its last reference. insertWidget does."""
    sizes = splitter.sizes()
    splitter.insertWidget(splitter.indexOf(slot), widget)
    slot.hide()
    slot.setParent(None)  # type: ignore[call-overload]  # out of the splitter; Python's to delete
    splitter.setSizes(sizes)
