"""Citation copy: the style chooser and the clipboard payloads.

Formatting is entirely `refman.library.cite_entries` (citeproc-js via refman.cite); the GUI
never builds a citation string itself, so when the engine is missing the user gets an error,
not a look-alike.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from refman.gui.qt_namespace import Qt

if TYPE_CHECKING:
    from refman.core.model import Entry
    from refman.library import Library

# (label, what cite_entries takes): the aliases the citation engine resolves.
STYLE_CHOICES: tuple[tuple[str, str], ...] = (
    ("APA", "apa"),
    ("Chicago", "chicago"),
    ("MLA", "mla"),
    ("IEEE", "ieee"),
    ("Vancouver", "vancouver"),
    ("Harvard", "harvard"),
)
DEFAULT_STYLE = "apa"
MORE_STYLES = "__more__"


class CitationError(Exception):
    """The citation engine is missing or failed; the message is for the user."""


def _cite(entries: Sequence[Entry], style: str, html: bool, in_text: bool) -> str:
    try:
        from refman.library import cite_entries  # the citation engine: imported when first used

        return cite_entries(entries, style=style, html=html, in_text=in_text)
    except ImportError as exc:
        raise CitationError(f"the citation engine is not available ({exc})") from exc
    except Exception as exc:  # engine errors come in many types (JS, missing style): tell the user
        raise CitationError(str(exc) or type(exc).__name__) from exc


_MARGIN_RE = re.compile(
    r'<div class="csl-left-margin">(.*?)</div>\s*<div class="csl-right-inline">(.*?)</div>', re.DOTALL)


def clipboard_html(html: str) -> str:
    """Engine HTML made paste-friendly: numbered styles (IEEE, Vancouver) put the number in a
    separate block, which word processors paste on a line of its own; keep it inline instead."""
    return _MARGIN_RE.sub(lambda m: f"{m.group(1)} {m.group(2)}", html)


def citation_mime(entries: Sequence[Entry], style: str, in_text: bool = False) -> QMimeData:
    """Both flavours, so italics survive a paste into a word processor and plain editors get text."""
    html = _cite(entries, style, html=True, in_text=in_text)
    text = _cite(entries, style, html=False, in_text=in_text)
    return mime_of(html, text, in_text)


def mime_of(html: str, text: str, in_text: bool = False) -> QMimeData:
    """The clipboard payload of a rendered citation (engine HTML and text, entries a line each)."""
    html = clipboard_html(html)
    if not in_text and "<div" not in html and "<p" not in html:
        html = "<br>\n".join(html.splitlines())  # one entry a line, as in the plain text
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText(text)
    return mime


def bibtex_text(library: Library, entries: Sequence[Entry]) -> str:
    """BibTeX of entries: the imported record verbatim when unedited, else the writer's output."""
    chunks: list[str] = []
    pending: list[Entry] = []

    def flush() -> None:
        if pending:
            from refman.library import Library

            out = io.StringIO()
            Library.write_entries(list(pending), out, "bibtex")
            chunks.append(out.getvalue().strip())
            pending.clear()

    for e in entries:
        raw = library.raw_if_unedited(e.id) if e.id is not None else None
        if raw is not None and raw[0] in ("bibtex", "biblatex"):
            flush()
            chunks.append(raw[1].strip())
        else:
            pending.append(e)
    flush()
    return "\n\n".join(chunks) + "\n"


def cite_command(keys: Sequence[str]) -> str:
    return "\\cite{" + ",".join(keys) + "}"


def style_id(style: object) -> str:
    return str(getattr(style, "id", style))


def style_title(style: object) -> str:
    return str(getattr(style, "title", "") or style_id(style))


class _Preload(QRunnable):
    """Builds a style's citation engine in a worker (APA or Chicago take over a second)."""

    def __init__(self, style: str) -> None:
        super().__init__()
        self._style = style

    def run(self) -> None:
        # An unknown or broken style is reported when it is used, not from this thread.
        with contextlib.suppress(Exception):
            from refman.library import preload_style

            preload_style(self._style)


class StyleCombo(QComboBox):
    """The toolbar's style chooser: six common styles, any others picked from the searchable list.

    Whenever a style is set (at start-up from the settings, or chosen) its engine is built in a
    background thread, so the first copy in that style does not wait for the build.
    """

    style_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(14)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setToolTip("Citation style for Copy Citation (Ctrl+Shift+C) and Copy In-text (Ctrl+Shift+A)")
        for label, sid in STYLE_CHOICES:
            self.addItem(label, sid)
        self.insertSeparator(self.count())
        self.addItem("More styles…", MORE_STYLES)
        self._current = DEFAULT_STYLE
        self.preload_pool = QThreadPool(self)
        self.preload_pool.setMaxThreadCount(1)
        self.preload_held = False  # True: wait for release_preload (the window's library is still opening)
        self._held: str | None = None
        self.activated.connect(self._activated)

    def current_style(self) -> str:
        return self._current

    def set_style(self, sid: str, title: str | None = None) -> None:
        """Select `sid`, adding it above the separator when it is not one of the common six."""
        idx = self.findData(sid)
        if idx < 0:
            pos = len(STYLE_CHOICES)
            self.insertItem(pos, title or sid, sid)
            self.setItemData(pos, sid, Qt.ItemDataRole.ToolTipRole)
            idx = pos
        self.setCurrentIndex(idx)
        changed = sid != self._current
        self._current = sid
        if self.preload_held:
            self._held = sid
        else:
            self.preload_pool.start(_Preload(sid))
        if changed:
            self.style_changed.emit(sid)

    def release_preload(self) -> None:
        """Build the held style's engine now (the library layer it needs is loaded)."""
        self.preload_held = False
        held, self._held = self._held, None
        if held is not None:
            self.preload_pool.start(_Preload(held))

    def _activated(self, index: int) -> None:
        sid = self.itemData(index)
        if sid == MORE_STYLES:
            self.setCurrentIndex(max(self.findData(self._current), 0))
            from refman.gui.style_picker import StylePickerDialog

            dialog = StylePickerDialog(self)
            if dialog.exec() == StylePickerDialog.DialogCode.Accepted and dialog.chosen is not None:
                self.set_style(*dialog.chosen)
            return
        if isinstance(sid, str):
            self.set_style(sid)
