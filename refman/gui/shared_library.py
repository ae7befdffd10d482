"""File > Open Shared Library…: a library on a PostgreSQL server (issue 16).

The dialog asks for server, port, database and user, and optionally a password. The password is
never written to the settings: the remembered location is the URL without it. It is used for
this session only, or kept in the system keyring (the `keyring` package, when installed) if the
user asks; with neither, libpq's own ~/.pgpass (or PGPASSFILE) supplies it, as for psql.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

if TYPE_CHECKING:
    from refman.gui.main_window import MainWindow

KEYRING_SERVICE = "refman"


def shared_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    """postgresql+psycopg://user[:password]@host:port/database, each part quoted."""
    auth = quote(user, safe="")
    if password:
        auth += ":" + quote(password, safe="")
    return f"postgresql+psycopg://{auth}@{quote(host, safe='')}:{port}/{quote(database, safe='')}"


def _keyring() -> object | None:
    try:
        import keyring  # optional: only if the user's system has it
    except ImportError:
        return None
    return keyring


def stored_password(location: str) -> str:
    """The password the keyring holds for a remembered location, or ''."""
    kr = _keyring()
    if kr is None:
        return ""
    try:
        return kr.get_password(KEYRING_SERVICE, location) or ""  # type: ignore[attr-defined]
    except Exception:  # no keyring backend: libpq's .pgpass is the way
        return ""


def with_stored_password(location: str) -> str:
    """A remembered server location with the password the keyring holds for it, if any (the
    settings hold the URL without one); anything else as it is."""
    if not location.startswith("postgresql"):
        return location
    password = stored_password(location)
    if not password or "@" not in location:
        return location
    scheme, rest = location.split("://", 1)
    user, host = rest.split("@", 1)
    if ":" in user:
        return location
    return f"{scheme}://{user}:{quote(password, safe='')}@{host}"


class SharedLibraryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Shared Library")
        form = QFormLayout(self)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setPlaceholderText("e.g. lab_library")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty to use ~/.pgpass")
        self.remember = QCheckBox("Remember the password in the system keyring")
        self.remember.setEnabled(_keyring() is not None)
        form.addRow("Server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        form.addRow("Password:", self.password)
        form.addRow("", self.remember)
        note = QLabel("The password is never saved in refman's settings.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def location(self) -> str:
        """The URL to remember: without the password."""
        return shared_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                          self.user.text().strip())

    def connect_url(self) -> str:
        """The URL to connect with this time: with the password, if one was typed."""
        return shared_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                          self.user.text().strip(), self.password.text())


def open_shared_library(window: MainWindow) -> bool:
    dialog = SharedLibraryDialog(window)
    if not dialog.exec() or not dialog.database.text().strip():
        return False
    location = dialog.location()
    password = dialog.password.text() or stored_password(location)
    if dialog.remember.isChecked() and dialog.password.text():
        kr = _keyring()
        try:
            kr.set_password(KEYRING_SERVICE, location, dialog.password.text())  # type: ignore[attr-defined]
        except Exception as exc:
            window.statusBar().showMessage(f"Password not remembered: {exc}", 6000)
    connect = shared_url(dialog.host.text().strip(), dialog.port.value(), dialog.database.text().strip(),
                         dialog.user.text().strip(), password)
    return window.switch_library(location, connect_url=connect)
