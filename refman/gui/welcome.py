"""What an empty library shows instead of an empty table: three ways to get references in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from refman.gui.qt_namespace import ALIGN_H_CENTER, RICH_TEXT, set_enum
from refman.resources import resource_path


def sample_article_path() -> str | None:
    path = resource_path("samples", "sample-article.txt")
    return str(path) if path.is_file() else None


def _centred(widget: QWidget) -> QHBoxLayout:
    """A row with `widget` at its own width in the middle (its layout alignment, without the
    Qt.AlignmentFlag that would build Qt's enums before the first paint: qt_namespace.py)."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


class WelcomePane(QWidget):
    import_sample = Signal()
    import_file = Signal()
    paste = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("<h2>Your library is empty</h2>")
        set_enum(title, "alignment", ALIGN_H_CENTER)
        text = QLabel("Import a bibliography file (BibTeX, BibLaTeX, CSL-JSON, RIS), drop files on this window,<br>"
                      "or paste an article page or a reference list.")
        set_enum(text, "textFormat", RICH_TEXT)
        set_enum(text, "alignment", ALIGN_H_CENTER)
        layout.addWidget(title)
        layout.addLayout(_centred(text))
        layout.addSpacing(12)
        self.sample_button = QPushButton("Import the &sample article")
        self.file_button = QPushButton("Import a .&bib file…")
        self.paste_button = QPushButton("&Paste references…")
        if sample_article_path() is None:
            self.sample_button.setEnabled(False)
            self.sample_button.setToolTip("resources/samples/sample-article.txt is not installed")
        else:
            self.sample_button.setToolTip("An article page with its abstract, licence and reference list")
        for button, signal in ((self.sample_button, self.import_sample), (self.file_button, self.import_file),
                               (self.paste_button, self.paste)):
            button.setMinimumWidth(260)
            button.clicked.connect(signal.emit)
            layout.addLayout(_centred(button))
        layout.addStretch(3)
