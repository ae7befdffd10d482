"""The entry editor: a form for the common fields and a raw BibTeX tab, kept in step.

Switching tabs converts: form -> BibTeX through the library's BibTeX writer, BibTeX -> form
through its reader. Whatever tab is showing when OK is pressed is the truth. Contributors the
user did not touch keep everything the form cannot show (affiliations, particles, roles).
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from refman.core.citekeys import is_valid_key
from refman.core.errors import RefmanError
from refman.core.model import ENTRY_TYPES, Entry, Person
from refman.gui.sizing import fit_to_screen

if TYPE_CHECKING:
    from refman.library import Library

_LINE_FIELDS: tuple[tuple[str, str], ...] = (
    ("citekey", "Key"),
    ("title", "Title"),
    ("date", "Date"),
    ("container", "Journal / book"),
    ("volume", "Volume"),
    ("issue", "Issue"),
    ("pages", "Pages"),
    ("publisher", "Publisher"),
    ("place", "Place"),
    ("edition", "Edition"),
    ("doi", "DOI"),
    ("url", "URL"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("language", "Language"),
    ("licence", "Licence"),
    ("licence_url", "Licence URL"),
    ("copyright_holder", "Copyright holder"),
)


def people_text(people: tuple[Person, ...]) -> str:
    return "\n".join(p.display() for p in people)


def parse_people(text: str, role: str, previous: tuple[Person, ...]) -> tuple[Person, ...]:
    """One person a line, 'Family, Given' (or '{Organisation}'); unchanged lines keep the old Person."""
    known = {p.display(): p for p in previous}
    out: list[Person] = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        if line in known:
            out.append(known[line])
            continue
        if line.startswith("{") and line.endswith("}"):
            out.append(Person(literal=line[1:-1].strip(), role=role))
            continue
        parts = [x.strip() for x in line.split(",")]
        if len(parts) == 1:
            words = line.split()
            if len(words) == 1:
                out.append(Person(family=words[0], role=role))
            else:
                out.append(Person(family=words[-1], given=" ".join(words[:-1]), role=role))
        elif len(parts) == 2:
            out.append(Person(family=parts[0], given=parts[1], role=role))
        else:
            out.append(Person(family=parts[0], suffix=parts[1], given=", ".join(parts[2:]), role=role))
    return tuple(out)


def bibtex_of(library: Library | None, entry: Entry) -> str:
    """The raw record when the entry is unedited BibTeX, else the writer's rendering."""
    if library is not None and entry.id is not None:
        raw = library.raw_if_unedited(entry.id)
        if raw is not None and raw[0] in ("bibtex", "biblatex"):
            return raw[1].strip() + "\n"
    from refman.library import Library

    out = io.StringIO()
    Library.write_entries([entry], out, "bibtex")
    return out.getvalue()


class EntryEditor(QDialog):
    """Edit one entry. `result_entry` holds the edited entry after accept()."""

    def __init__(self, entry: Entry, library: Library | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {entry.citekey}")
        fit_to_screen(self, 720, 760)
        self._lib = library
        self.original = entry
        self._base = entry  # what the form was last filled from (raw edits update it)
        self.result_entry: Entry | None = None
        self.tabs = QTabWidget(self)
        self.lines: dict[str, QLineEdit] = {}

        form_page = QWidget()
        form = QFormLayout(form_page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.type_combo = QComboBox()
        self.type_combo.setEditable(True)
        self.type_combo.addItems(list(ENTRY_TYPES))
        self.authors = QPlainTextEdit()
        self.authors.setPlaceholderText("One per line: Family, Given")
        self.authors.setTabChangesFocus(True)
        self.authors.setFixedHeight(90)
        self.editors = QPlainTextEdit()
        self.editors.setPlaceholderText("One per line: Family, Given")
        self.editors.setTabChangesFocus(True)
        self.editors.setFixedHeight(54)
        self.year = QLineEdit()
        self.year.setValidator(QIntValidator(0, 9999, self))
        self.copyright_year = QLineEdit()
        self.copyright_year.setValidator(QIntValidator(0, 9999, self))
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText("Separated by semicolons")
        self.abstract = QPlainTextEdit()
        self.abstract.setTabChangesFocus(True)
        self.abstract.setFixedHeight(120)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(54)
        self.extra = QTableWidget(0, 2)
        self.extra.setHorizontalHeaderLabels(["Field", "Value"])
        self.extra.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.extra.verticalHeader().setVisible(False)
        self.extra.setFixedHeight(120)
        self.extra.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add_field = QPushButton("Add field")
        remove_field = QPushButton("Remove field")
        add_field.clicked.connect(self._add_extra_row)
        remove_field.clicked.connect(lambda: self.extra.removeRow(self.extra.currentRow()))
        extra_buttons = QHBoxLayout()
        extra_buttons.addWidget(add_field)
        extra_buttons.addWidget(remove_field)
        extra_buttons.addStretch(1)

        for name, label in _LINE_FIELDS[:2]:
            self.lines[name] = QLineEdit()
            form.addRow(label, self.lines[name])
        form.addRow("Type", self.type_combo)
        form.addRow("Authors", self.authors)
        form.addRow("Editors", self.editors)
        form.addRow("Year", self.year)
        for name, label in _LINE_FIELDS[2:]:
            self.lines[name] = QLineEdit()
            form.addRow(label, self.lines[name])
        form.addRow("Copyright year", self.copyright_year)
        form.addRow("Keywords", self.keywords)
        form.addRow("Abstract", self.abstract)
        form.addRow("Note", self.note)
        form.addRow("Other fields", self.extra)
        form.addRow("", extra_buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)

        raw_page = QWidget()
        raw_layout = QVBoxLayout(raw_page)
        self.raw = QPlainTextEdit()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw.setFont(mono)
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.raw_status = QLabel()
        self.raw_status.setWordWrap(True)
        raw_layout.addWidget(self.raw, 1)
        raw_layout.addWidget(self.raw_status)

        self.tabs.addTab(scroll, "Fields")
        self.tabs.addTab(raw_page, "BibTeX")
        self.error = QLabel()
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._fill_form(entry)
        self._raw_synced = ""
        self._form_snapshot = self._snapshot()
        self._initial_snapshot = self._form_snapshot
        self._set_raw(self._raw_for(entry, first=True))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.lines["title"].setFocus()

    # --- form <-> entry ---------------------------------------------------------------------

    def _fill_form(self, e: Entry) -> None:
        for name, widget in self.lines.items():
            widget.setText(str(getattr(e, name) or ""))
        self.type_combo.setCurrentText(e.entry_type)
        self.authors.setPlainText(people_text(e.authors))
        self.editors.setPlainText(people_text(e.editors))
        self.year.setText(str(e.year) if e.year is not None else "")
        self.copyright_year.setText(str(e.copyright_year) if e.copyright_year is not None else "")
        self.keywords.setText("; ".join(e.keywords))
        self.abstract.setPlainText(e.abstract)
        self.note.setPlainText(e.note)
        self.extra.setRowCount(0)
        for k, v in e.extra:
            self._add_extra_row(k, v)

    def _add_extra_row(self, name: str = "", value: str = "") -> None:
        row = self.extra.rowCount()
        self.extra.insertRow(row)
        self.extra.setItem(row, 0, QTableWidgetItem(name if isinstance(name, str) else ""))
        self.extra.setItem(row, 1, QTableWidgetItem(value))

    def _snapshot(self) -> tuple[str, ...]:
        extra = tuple(f"{self._cell(r, 0)}={self._cell(r, 1)}" for r in range(self.extra.rowCount()))
        return (*(w.text() for w in self.lines.values()), self.type_combo.currentText(), self.authors.toPlainText(),
                self.editors.toPlainText(), self.year.text(), self.copyright_year.text(), self.keywords.text(),
                self.abstract.toPlainText(), self.note.toPlainText(), *extra)

    def _cell(self, row: int, col: int) -> str:
        item = self.extra.item(row, col)
        return item.text().strip() if item is not None else ""

    def form_entry(self) -> Entry:
        """The entry as the form describes it; raises ValueError with a message for the user."""
        base = self._base
        values: dict[str, object] = {name: w.text().strip() for name, w in self.lines.items()}
        if not is_valid_key(str(values["citekey"])):
            raise ValueError(f"'{values['citekey']}' is not a valid key (no spaces, commas, braces or quotes)")
        etype = self.type_combo.currentText().strip() or "article-journal"
        year_text = self.year.text().strip()
        cy_text = self.copyright_year.text().strip()
        others = tuple(p for p in base.contributors if p.role not in ("author", "editor"))
        people = (parse_people(self.authors.toPlainText(), "author", base.authors)
                  + parse_people(self.editors.toPlainText(), "editor", base.editors) + others)
        keywords = tuple(k.strip() for k in re.split(r";", self.keywords.text()) if k.strip())
        extra = tuple((self._cell(r, 0), self._cell(r, 1)) for r in range(self.extra.rowCount()) if self._cell(r, 0))
        return dataclasses.replace(
            base,
            **values,  # type: ignore[arg-type]
            entry_type=etype,
            original_type=base.original_type if etype == base.entry_type else "",
            contributors=people,
            year=int(year_text) if year_text else None,
            copyright_year=int(cy_text) if cy_text else None,
            keywords=keywords,
            abstract=self.abstract.toPlainText().strip(),
            note=self.note.toPlainText().strip(),
            extra=extra,
        )

    # --- raw BibTeX -------------------------------------------------------------------------

    def _raw_for(self, entry: Entry, first: bool = False) -> str | None:
        try:
            return bibtex_of(self._lib if first else None, entry)
        except Exception as exc:  # the writer may be missing or refuse: the raw tab says why
            self.raw_status.setText(f"BibTeX is not available: {exc}")
            return None

    def _set_raw(self, text: str | None) -> None:
        if text is None:
            self.raw.setPlainText("")
            self.raw.setReadOnly(True)
            self._raw_synced = ""
            return
        self.raw.setReadOnly(False)
        self.raw.setPlainText(text)
        self._raw_synced = text
        self.raw_status.setText("Edit the record; switching back to Fields (or OK) reads it.")

    def _parse_raw(self) -> Entry:
        from refman.library import Library

        text = self.raw.toPlainText()
        result = Library.parse_text(text, "<editor>", "bibtex")
        errors = [p for p in result.problems if p.severity == "error"]
        if errors or len(result.entries) != 1:
            detail = "; ".join(p.message for p in errors) or f"expected one entry, found {len(result.entries)}"
            raise ValueError(f"BibTeX: {detail}")
        parsed = result.entries[0]
        return dataclasses.replace(parsed, id=self.original.id, added=self.original.added,
                                   version=self.original.version, citekey=parsed.citekey or self.original.citekey)

    def _raw_changed(self) -> bool:
        return not self.raw.isReadOnly() and self.raw.toPlainText() != self._raw_synced

    def _tab_changed(self, index: int) -> None:
        self.error.setText("")
        if index == 1:
            if self._snapshot() != self._form_snapshot:
                try:
                    self._set_raw(self._raw_for(self.form_entry()))
                except ValueError as exc:
                    self.error.setText(str(exc))
                self._form_snapshot = self._snapshot()
        elif self._raw_changed():
            try:
                parsed = self._parse_raw()
            except (ValueError, RefmanError) as exc:
                self.error.setText(str(exc))
                self.tabs.setCurrentIndex(1)
                return
            self._base = parsed
            self._fill_form(parsed)
            self._form_snapshot = self._snapshot()
            self._raw_synced = self.raw.toPlainText()

    def accept(self) -> None:
        """Check the entry here, so a problem (a key another entry uses) keeps the dialog and its edits."""
        try:
            if self.tabs.currentIndex() == 1 and self._raw_changed():
                entry = self._parse_raw()
            else:
                entry = self.form_entry()
            self._check_key(entry)
        except (ValueError, RefmanError) as exc:
            self.error.setText(str(exc))
            self.result_entry = None
            if self.tabs.currentIndex() == 0 and "key" in str(exc):
                self.lines["citekey"].setFocus()
                self.lines["citekey"].selectAll()
            return
        self.result_entry = entry
        super().accept()

    def _check_key(self, entry: Entry) -> None:
        if self._lib is None or entry.citekey == self.original.citekey:
            return
        try:
            other = self._lib.by_key(entry.citekey)
        except RefmanError:
            return  # no entry has that key
        if other.id != self.original.id:
            raise ValueError(f"The key '{entry.citekey}' is already used by another entry "
                             f"({other.title[:60] or other.citekey}); choose another key.")

    def is_modified(self) -> bool:
        """Whether the user changed anything (form or raw BibTeX) since the dialog opened."""
        return self._snapshot() != self._initial_snapshot or self._raw_changed() or self._base is not self.original

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing edits away."""
        if self.is_modified():
            box = QMessageBox(QMessageBox.Icon.Question, "Discard changes?",
                              f"Discard your changes to {self.original.citekey}?",
                              QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
            box.button(QMessageBox.StandardButton.Cancel).setText("Keep Editing")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            if box.exec() != QMessageBox.StandardButton.Discard:
                return
        super().reject()
