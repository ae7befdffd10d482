"""Copying the selected entries: formatted citations, in-text citations, BibTeX and \\cite keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from refman.core.errors import RefmanError
from refman.core.model import Entry
from refman.gui.citations import CitationError, bibtex_text, citation_mime, cite_command

if TYPE_CHECKING:
    from refman.gui.window_base import WindowBase
else:
    WindowBase = object


class WindowClipboardMixin(WindowBase):
    """The copy actions of MainWindow."""

    # --- copying ----------------------------------------------------------------------------

    def selected_entries(self) -> list[Entry]:
        ids = self.view.selected_ids()
        if not ids:
            current = self.view.current_id()
            ids = [current] if current is not None else []
        return self.lib.get_many(ids)

    def _set_clipboard(self, make: Callable[[list[Entry]], object], what: str) -> bool:
        entries = self.selected_entries()
        if not entries:
            self.statusBar().showMessage("Select entries to copy.", 3000)
            return False
        try:
            payload = make(entries)
        except (CitationError, RefmanError, ImportError) as exc:
            self.show_error(f"Cannot copy {what}", str(exc))
            return False
        clipboard = QGuiApplication.clipboard()
        if isinstance(payload, str):
            clipboard.setText(payload)
        else:
            clipboard.setMimeData(payload)  # type: ignore[arg-type]
        n = len(entries)
        self.statusBar().showMessage(f"Copied {what} of {n} entr{'y' if n == 1 else 'ies'}.", 4000)
        return True

    def copy_bibliography(self) -> bool:
        style = self.style_combo.current_style()
        return self._set_clipboard(lambda es: citation_mime(es, style, in_text=False),
                                   f"{self.style_combo.currentText()} citation")

    def copy_in_text(self) -> bool:
        style = self.style_combo.current_style()
        return self._set_clipboard(lambda es: citation_mime(es, style, in_text=True),
                                   f"{self.style_combo.currentText()} in-text citation")

    def copy_bibtex(self) -> bool:
        def make(entries: list[Entry]) -> str:
            try:
                return bibtex_text(self.lib, entries)
            except RefmanError:
                raise
            except Exception as exc:  # the BibTeX writer may be missing: a message, not a crash
                raise CitationError(f"the BibTeX writer failed: {exc}") from exc
        return self._set_clipboard(make, "BibTeX")

    def copy_cite_key(self) -> bool:
        return self._set_clipboard(lambda es: cite_command([e.citekey for e in es]), "\\cite")
