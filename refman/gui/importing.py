"""Getting references in: the paste dialog with its correctable preview, and the import report.

The paste dialog parses with the library (nothing is stored while previewing); the user can
untick rows and correct cells; `corrected_result` turns that back into a ParseResult whose
article/reference links still point at the right entries, for `Library.import_result`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from refman.core.errors import RefmanError
from refman.core.model import Entry, ImportReport, ParseResult, Problem
from refman.gui.editor import parse_people
from refman.gui.sizing import fit_to_screen

PASTE_FORMATS: tuple[tuple[str, str | None], ...] = (
    ("Detect automatically", None),
    ("Article page", "article-page"),
    ("Reference list", "references"),
    ("BibTeX / BibLaTeX", "bibtex"),
    ("CSL-JSON", "csljson"),
    ("RIS", "ris"),
)

# Preview columns: (title, Entry attribute). Column 0 is the include checkbox with the row's role.
PREVIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Import", ""),
    ("Type", "entry_type"),
    ("Authors", "authors"),
    ("Year", "year"),
    ("Title", "title"),
    ("Container", "container"),
    ("Volume", "volume"),
    ("Issue", "issue"),
    ("Pages", "pages"),
    ("Publisher", "publisher"),
    ("DOI", "doi"),
)
# Set on everything refman itself puts on the clipboard, so Paste References does not offer it back.
OWN_CLIPBOARD_FORMAT = "application/x-refman-copy"


def corrected_result(result: ParseResult, entries: Sequence[Entry | None]) -> ParseResult:
    """`result` with entries replaced by the user's versions; None drops an entry.

    Indexes (blocks' entry_index, citing_index, cited_indexes) are renumbered so that the
    article still cites exactly the references that were kept.
    """
    if len(entries) != len(result.entries):
        raise ValueError("one correction per parsed entry is needed")
    keep = [i for i, e in enumerate(entries) if e is not None]
    renumber = {old: new for new, old in enumerate(keep)}
    raw = result.raw_texts
    raw_texts = tuple(raw[i] for i in keep) if len(raw) >= len(result.entries) else ()
    blocks = tuple(
        dataclasses.replace(b, entry_index=renumber[b.entry_index]) if b.entry_index is not None else b
        for b in result.blocks
        if b.kind != "entry" or b.entry_index is None or b.entry_index in renumber
    )
    citing = renumber.get(result.citing_index) if result.citing_index is not None else None
    cited = tuple(renumber[i] for i in result.cited_indexes if i in renumber) if citing is not None else ()
    kept = tuple(e for e in entries if e is not None)
    return dataclasses.replace(result, entries=kept, blocks=blocks, raw_texts=raw_texts,
                               citing_index=citing, cited_indexes=cited)


def _people_cell(e: Entry) -> str:
    return "; ".join(p.display() for p in (e.authors or e.editors))


def fill_preview_row(table: QTableWidget, row: int, label: str, entry: Entry) -> None:
    """One preview row: a ticked include box with `label`, then the entry's editable cells."""
    check = QTableWidgetItem(label)
    check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
    check.setCheckState(Qt.CheckState.Checked)
    table.setItem(row, 0, check)
    for col, (_title, attr) in enumerate(PREVIEW_COLUMNS[1:], 1):
        item = QTableWidgetItem(cell_text(entry, attr))
        item.setToolTip(cell_text(entry, attr))
        table.setItem(row, col, item)


def cell_text(e: Entry, attr: str) -> str:
    if attr == "authors":
        return _people_cell(e)
    value = getattr(e, attr)
    return "" if value is None else str(value)


def apply_cell(e: Entry, attr: str, text: str) -> Entry:
    """The entry with one preview cell's text applied (unchanged text changes nothing)."""
    text = text.strip()
    if text == cell_text(e, attr).strip():
        return e
    if attr == "authors":
        role = "author" if e.authors or not e.editors else "editor"
        previous = e.authors if role == "author" else e.editors
        people = parse_people("\n".join(x for x in text.split(";")), role, previous)
        others = tuple(p for p in e.contributors if p.role != role)
        return dataclasses.replace(e, contributors=people + others)
    if attr == "year":
        digits = text[:4]
        return dataclasses.replace(e, year=int(digits) if digits.isdigit() else None)
    return dataclasses.replace(e, **{attr: text})  # type: ignore[arg-type]


class PasteDialog(QDialog):
    """Edit > Paste References: paste, preview, correct, accept. `corrected()` is what to import."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste references")
        fit_to_screen(self, 1100, 720)
        self.result_: ParseResult | None = None
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Paste an article page (title, authors, abstract, references) or a reference "
                                      "list, one reference per line. BibTeX, CSL-JSON and RIS work too.")
        self.input.setTabChangesFocus(True)
        self.format = QComboBox()
        for label, fmt in PASTE_FORMATS:
            self.format.addItem(label, fmt)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.parse)
        top = QHBoxLayout()
        top.addWidget(QLabel("Format:"))
        top.addWidget(self.format)
        top.addStretch(1)
        top.addWidget(self.preview_button)

        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setHorizontalHeaderLabels([c[0] for c in PREVIEW_COLUMNS])
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((90, 120, 200, 50, 330, 200, 60, 50, 80, 150, 160)):
            header.resizeSection(col, width)
        self.summary = QLabel("Paste text above, then Preview (the preview stores nothing).")
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top_box = QWidget()
        top_layout = QVBoxLayout(top_box)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.input, 1)
        top_layout.addLayout(top)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addWidget(self.problems)
        splitter.addWidget(top_box)
        splitter.addWidget(bottom)
        splitter.setSizes([220, 480])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.parse)
        self.input.textChanged.connect(self._timer.start)
        self.format.currentIndexChanged.connect(lambda _i: self.parse())
        self.table.itemChanged.connect(lambda _item: self._update_count())
        from_clipboard = not text
        if from_clipboard:
            text = clipboard_references()
        if text.strip():
            self.input.setPlainText(text)
            self._timer.stop()
            self.parse()
            if from_clipboard and (self.result_ is None or not self.result_.entries):
                # The clipboard held something that is not references: start empty, say nothing wrong.
                self.input.clear()
                self._timer.stop()
                self.parse()
                self.summary.setText("Paste references above (the clipboard did not hold any).")
        self.input.setFocus()

    def _row_states(self) -> dict[str, tuple[bool, dict[int, str]]]:
        """Per source text: whether the row is ticked and the cells the user corrected."""
        states: dict[str, tuple[bool, dict[int, str]]] = {}
        result = self.result_
        if result is None or len(result.raw_texts) != len(result.entries):
            return states
        for row, (entry, raw) in enumerate(zip(result.entries, result.raw_texts, strict=True)):
            edits: dict[int, str] = {}
            for col, (_title, attr) in enumerate(PREVIEW_COLUMNS[1:], 1):
                item = self.table.item(row, col)
                if item is not None and item.text() != cell_text(entry, attr):
                    edits[col] = item.text()
            ticked = self._included(row)
            if edits or not ticked:
                states[" ".join(raw.split())] = (ticked, edits)
        return states

    def _restore_rows(self, states: dict[str, tuple[bool, dict[int, str]]]) -> None:
        """Put corrections and unticks back on rows whose source text did not change."""
        result = self.result_
        if not states or result is None or len(result.raw_texts) != len(result.entries):
            return
        self.table.blockSignals(True)
        for row, raw in enumerate(result.raw_texts):
            state = states.get(" ".join(raw.split()))
            if state is None:
                continue
            ticked, edits = state
            check = self.table.item(row, 0)
            if check is not None and not ticked:
                check.setCheckState(Qt.CheckState.Unchecked)
            for col, text in edits.items():
                item = self.table.item(row, col)
                if item is not None:
                    item.setText(text)
        self.table.blockSignals(False)

    def parse(self) -> None:
        """Parse the text with the library (stores nothing) and fill the preview table.

        Typing re-parses; rows whose source text is unchanged keep the user's corrections and
        unticks (issue 15: they were thrown away on every keystroke)."""
        self._timer.stop()
        states = self._row_states()
        text = self.input.toPlainText()
        self.table.setRowCount(0)
        self.problems.clear()
        self.result_ = None
        if not text.strip():
            self.summary.setText("Nothing to preview.")
            self._update_count()
            return
        try:
            from refman.library import Library

            result = Library.parse_text(text, "<pasted>", self.format.currentData())
        except (RefmanError, ValueError) as exc:
            self.summary.setText(f"Cannot read this text: {exc}")
            self._update_count()
            return
        except Exception as exc:  # a reader bug: say so, keep the dialog (and the pasted text) alive
            self.summary.setText(f"Cannot read this text (internal error: {type(exc).__name__}: {exc})")
            self._update_count()
            return
        self.result_ = result
        self.table.blockSignals(True)
        self.table.setRowCount(len(result.entries))
        for row, entry in enumerate(result.entries):
            role = "article" if row == result.citing_index else (
                "reference" if row in result.cited_indexes else "entry")
            fill_preview_row(self.table, row, role, entry)
        self.table.blockSignals(False)
        self._restore_rows(states)
        for p in result.problems:
            self.problems.addItem(f"{p.severity}: {p}")
        self.problems.setVisible(bool(result.problems))
        kind = {"article-page": "an article page", "references": "a reference list"}.get(result.format, result.format)
        extra = ""
        if result.citing_index is not None:
            extra = f" — the first row is the article, the {len(result.cited_indexes)} rows after it its references"
        self.summary.setText(f"Read as {kind}: {len(result.entries)} entries{extra}. "
                             "Double-click a cell to correct it; untick rows to leave them out.")
        self._update_count()

    def _update_count(self) -> None:
        n = sum(1 for r in range(self.table.rowCount()) if self._included(r))
        self.import_button.setEnabled(n > 0)
        self.import_button.setText(f"&Import {n} entr{'y' if n == 1 else 'ies'}" if n else "&Import")

    def _included(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def corrections(self) -> list[Entry | None]:
        assert self.result_ is not None
        out: list[Entry | None] = []
        for row, entry in enumerate(self.result_.entries):
            if not self._included(row):
                out.append(None)
                continue
            e = entry
            for col, (_title, attr) in enumerate(PREVIEW_COLUMNS[1:], 1):
                item = self.table.item(row, col)
                if item is not None:
                    e = apply_cell(e, attr, item.text())
            out.append(e)
        return out

    def corrected(self) -> ParseResult | None:
        """The parse result as corrected in the table, or None when there is nothing to import."""
        if self.result_ is None:
            return None
        result = corrected_result(self.result_, self.corrections())
        return result if result.entries else None


def clipboard_references() -> str:
    """The clipboard's text, unless refman put it there itself (a copied citation is not new input)."""
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(OWN_CLIPBOARD_FORMAT):
        return ""
    return clipboard.text()


@dataclass
class ImportOutcome:
    """What one import action (several files, or one paste) did, for the report dialog."""

    reports: list[ImportReport] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    cancelled: bool = False
    previews: list[tuple[str, ParseResult]] = field(default_factory=list)  # article pages read, to be shown first

    def headline(self) -> str:
        added = sum(len(r.added) for r in self.reports)
        updated = sum(len(r.updated) for r in self.reports)
        unchanged = sum(len(r.unchanged) + len(r.linked) for r in self.reports)
        skipped = sum(len(r.skipped) for r in self.reports)
        parts = [f"{added} imported", f"{updated} updated"]
        macros = sum(r.macros for r in self.reports)
        if macros:  # a strings-only .bib (IEEEabrv.bib) is a normal import of its @string macros
            parts.insert(0, f"{macros:,} macro{'s' if macros != 1 else ''}")
        if unchanged:
            parts.append(f"{unchanged} already in the library")
        parts.append(f"{skipped} skipped")
        if self.failures:
            parts.append(f"{len(self.failures)} file{'s' if len(self.failures) != 1 else ''} not imported")
        text = ", ".join(parts)
        return f"Cancelled: {text}" if self.cancelled else text


def problem_line(p: Problem) -> str:
    return f"{'Skipped' if p.severity == 'error' else 'Warning'} — {p}"


class ImportReportDialog(QDialog):
    """After every import: imported, updated, skipped (with reasons), per source."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        fit_to_screen(self, 720, 440)
        self.outcome = outcome
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"<b>{outcome.headline()}</b>")
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.headline)
        self.details = QListWidget()
        for src, message in outcome.failures:
            self.details.addItem(f"{src}: not imported — {message}")
        for r in outcome.reports:
            self.details.addItem(r.summary())
            if r.citing_key:
                self.details.addItem(f"    article {r.citing_key} with its reference list "
                                     f"(see 'Articles with references' in the sidebar)")
            for old, new in r.renamed:
                self.details.addItem(f"    key {old} was taken: stored as {new}")
            for p in r.problems:
                self.details.addItem("    " + problem_line(p))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
