"""Help ▸ About: refman's version, where its library and log are, and the licences of everything
that ships inside it (refman.notices), so that a researcher or a packager can see what they got."""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from refman import __version__
from refman.logfile import log_path
from refman.notices import bundled, python_libraries

LICENCE_URLS = {
    "LGPL-3.0-only": "https://www.gnu.org/licenses/lgpl-3.0.html",
    "CC BY-SA 3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
}


def about_html(location: str) -> str:
    """The About text: versions, paths, bundled components with their licences, Python libraries."""
    log_file = log_path()
    rows = []
    for n in bundled():
        if n.licence_file is not None and n.licence_file.is_file():
            licence = f'<a href="{QUrl.fromLocalFile(str(n.licence_file)).toString()}">{escape(n.licence)}</a>'
        elif n.licence in LICENCE_URLS:
            licence = f'<a href="{LICENCE_URLS[n.licence]}">{escape(n.licence)}</a>'
        else:
            licence = escape(n.licence)
        rows.append(f"<tr><td><b>{escape(n.name)}</b> {escape(n.version)}<br><small>{escape(n.what)}</small></td>"
                    f"<td>{licence}</td></tr>")
    libraries = "".join(f"<tr><td>{escape(name)} {escape(version)}</td><td>{escape(licence)}</td></tr>"
                        for name, version, licence in python_libraries())
    return (f"<h2>refman {escape(__version__)}</h2>"
            "<p>A fast, lossless reference manager for researchers. MIT licence.</p>"
            f"<p>Python {escape(platform.python_version())} · Qt {escape(qVersion())}<br>"
            f"Library: {escape(location)}<br>"
            f"Log: {escape(str(log_file)) if log_file else '(not logging)'}</p>"
            "<h3>Inside refman</h3>"
            f"<table cellpadding='3'>{''.join(rows)}</table>"
            + (f"<h3>Python libraries</h3><table cellpadding='2'>{libraries}</table>" if libraries else ""))


class AboutDialog(QDialog):
    """A scrollable About box (QMessageBox.about cannot hold the licence tables readably)."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About refman")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(location))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_about(parent: QWidget, location: str) -> AboutDialog:
    dialog = AboutDialog(location if "://" in location else str(Path(location)), parent)
    dialog.open()
    return dialog
