"""Copying the selected entries: formatted citations, in-text citations, BibTeX and \\cite keys.

Citations and BibTeX are rendered in the worker (BackgroundTask), in batches, behind a progress
dialog with Cancel: a 100k-entry copy froze the window for minutes and then failed. The clipboard
is only set when everything was rendered; a cancel leaves it as it was. Copies of more than
COPY_CONFIRM entries are confirmed first. Copies act on the selection, else the current row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

from refman.core.errors import Cancelled
from refman.gui.citations import (
    CitationError,
    bibtex_text,
    cite_command,
    mime_of,
)
from refman.gui.tasks import BackgroundTask

if TYPE_CHECKING:
    from refman.core.model import Entry
    from refman.gui.style_picker import StylePickerDialog
    from refman.gui.window_base import WindowBase
    from refman.library import Library
else:
    WindowBase = object

COPY_CONFIRM = 1000  # copying more entries than this asks first
IN_TEXT_LIMIT = 1000  # an in-text citation of more entries is refused (no document cites so many at once)

Render: TypeAlias = "Callable[[Library, list[int], Callable[[int, int], None], Callable[[], bool]], object]"


class WindowClipboardMixin(WindowBase):
    """The copy actions of MainWindow."""

    # --- copying ----------------------------------------------------------------------------

    def copy_ids(self) -> list[int]:
        """What a copy acts on: the selected entries, else the current row."""
        ids = self.view.selected_ids()
        if not ids:
            current = self.view.current_id()
            ids = [current] if current is not None else []
        return ids

    def selected_entries(self) -> list[Entry]:
        return self.lib.get_many(self.copy_ids())

    def _copy(self, what: str, render: Render, ids: list[int] | None = None,
              deliver: Callable[[object], object] | None = None) -> BackgroundTask | None:
        """Render `what` of the entries in the worker, then put it on the clipboard (`deliver`
        turns the worker's result into the payload on the GUI thread, where QMimeData lives).
        The ids of a big selection are looked up in the worker too (`ids_later`)."""
        resolve: Callable[[Library], list[int]]
        if ids is None and self.view.selected_count() > 0:
            resolve = self.model.ids_later(self.view.selected_rows())
            n = self.view.selected_count()
        else:
            known = self.copy_ids() if ids is None else ids
            resolve, n = (lambda _lib: known), len(known)
        if not n:
            self.statusBar().showMessage("Select entries to copy.", 3000)
            return None
        if n > COPY_CONFIRM:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(self, "Copy", f"Copy {what} of {n:,} entries? "
                                          "This can take a while; you can cancel it.")
            if answer != QMessageBox.StandardButton.Yes:
                return None
        entries = "entry" if n == 1 else "entries"

        def work(lib: Library, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            try:
                return render(lib, resolve(lib), progress, cancelled)
            except (Cancelled, CitationError):
                raise
            except Exception as exc:  # engine or writer errors come in many types: one message
                raise CitationError(str(exc) or type(exc).__name__) from exc

        def done(result: object) -> None:
            payload = deliver(result) if deliver is not None else result
            _set_own_clipboard(payload if isinstance(payload, QMimeData) else str(payload))
            self.statusBar().showMessage(f"Copied {what} of {n:,} {entries}.", 6000)

        def failed(exc: object) -> None:
            if isinstance(exc, Cancelled):
                self.statusBar().showMessage(f"Copy cancelled: {exc}.", 6000)
            else:
                self.show_error(f"Cannot copy {what}", str(exc))
            self._update_actions()

        return self.run_task("Copying", f"Copying {what} of {n:,} {entries}…", work, done, on_failed=failed)

    def copy_bibliography(self) -> BackgroundTask | None:
        style = self.style_combo.current_style()

        def render(lib: Library, ids: list[int], progress: Callable[[int, int], None],
                   cancelled: Callable[[], bool]) -> object:
            from refman.library import bibliography_entries, bibliography_in_batches

            html, text = bibliography_in_batches(
                ids, lib.get_many, lambda es, as_html: bibliography_entries(es, style, as_html), progress, cancelled)
            return (html, text)

        return self._copy(f"{self.style_combo.currentText()} citation", render,
                          deliver=lambda result: _citation_mime(result, in_text=False))

    def copy_in_text(self) -> BackgroundTask | None:
        style = self.style_combo.current_style()
        selected = self.view.selected_count()
        if selected > IN_TEXT_LIMIT:
            self.show_error("Cannot copy an in-text citation",
                            f"{selected:,} entries are selected; an in-text citation can cite at most "
                            f"{IN_TEXT_LIMIT:,}. Copy Citation gives their bibliography.")
            return None
        ids = self.copy_ids()

        def render(lib: Library, ids: list[int], progress: Callable[[int, int], None],
                   cancelled: Callable[[], bool]) -> object:
            from refman.library import batches, cite_entries

            entries = [e for chunk in batches(ids, lib.get_many, progress, cancelled) for e in chunk]
            return (cite_entries(entries, style, html=True, in_text=True),
                    cite_entries(entries, style, html=False, in_text=True))

        return self._copy(f"{self.style_combo.currentText()} in-text citation", render, ids,
                          deliver=lambda result: _citation_mime(result, in_text=True))

    def copy_bibtex(self) -> BackgroundTask | None:
        def render(lib: Library, ids: list[int], progress: Callable[[int, int], None],
                   cancelled: Callable[[], bool]) -> object:
            from refman.library import batches

            chunks = [bibtex_text(lib, chunk).strip() for chunk in batches(ids, lib.get_many, progress, cancelled)]
            return "\n\n".join(c for c in chunks if c) + "\n"

        return self._copy("BibTeX", render)

    def choose_style(self) -> StylePickerDialog:
        """Edit > Citation Style… (Ctrl+Shift+S): the style without the toolbar or a mouse."""
        from refman.gui.style_picker import open_style_picker

        return open_style_picker(self.style_combo, self)

    def copy_cite_key(self) -> bool:
        entries = self.selected_entries()
        if not entries:
            self.statusBar().showMessage("Select entries to copy.", 3000)
            return False
        _set_own_clipboard(cite_command([e.citekey for e in entries]))
        n = len(entries)
        self.statusBar().showMessage(f"Copied \\cite of {n:,} entr{'y' if n == 1 else 'ies'}.", 4000)
        return True


def _citation_mime(result: object, in_text: bool) -> QMimeData:
    """(HTML, text) from the worker (strings, or lists of entries) as the clipboard payload."""
    assert isinstance(result, tuple)
    html, text = result
    return mime_of("\n".join(html) if isinstance(html, list) else str(html),
                   "\n".join(text) if isinstance(text, list) else str(text), in_text)


def _set_own_clipboard(payload: QMimeData | str) -> None:
    """Put a copy on the clipboard, marked as refman's own so Paste References does not offer it."""
    if isinstance(payload, str):
        text, payload = payload, QMimeData()
        payload.setText(text)
    from refman.gui.importing import OWN_CLIPBOARD_FORMAT

    payload.setData(OWN_CLIPBOARD_FORMAT, QByteArray(b"1"))
    QGuiApplication.clipboard().setMimeData(payload)


def hand_over_clipboard() -> None:
    """At quit: put what refman copied into a QMimeData that Qt itself made, formats and all.

    A QMimeData made in Python is a Python-backed object. Where the clipboard outlives the
    interpreter (the offscreen and minimal platforms keep it in a static freed by the C runtime's
    exit handlers), deleting it then called into a finalised Python: the process crashed on quit
    after any copy. Qt's own object (made by QClipboard.setText) needs no Python to be freed, and
    the copy stays on the clipboard for a clipboard manager or the system to keep."""
    from refman.gui.importing import OWN_CLIPBOARD_FORMAT

    clipboard = QGuiApplication.clipboard()
    mine = clipboard.mimeData()
    if mine is None or not mine.hasFormat(OWN_CLIPBOARD_FORMAT):
        return  # not ours: someone else's data, owned by Qt already
    formats = [(f, QByteArray(mine.data(f))) for f in mine.formats()]
    clipboard.setText(mine.text())  # Qt frees the Python-made object now, with Python still alive
    theirs = clipboard.mimeData()
    if theirs is not None:
        for name, data in formats:
            theirs.setData(name, data)
