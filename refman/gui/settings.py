"""What the app remembers between runs (QSettings), with every key in one place."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
MAIN_SPLITTER = "window/mainSplitter"
RIGHT_SPLITTER = "window/rightSplitter"
HEADER = "table/header"
STYLE = "cite/style"
STYLE_TITLE = "cite/styleTitle"
LAST_LIBRARY = "library/last"
RECENT_LIBRARIES = "library/recent"
LAST_DIR = "files/lastDir"  # the last import folder
LAST_EXPORT_DIR = "files/lastExportDir"  # kept apart: an import folder (a TeX Live tree) is no place to export to


def app_settings() -> QSettings:
    """The user's settings (native format, organisation 'refman')."""
    return QSettings("refman", "refman")


def get_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def get_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def recent_libraries(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_LIBRARIES, [])
    if isinstance(value, str):  # an INI file gives back a one-item list as a plain string
        value = [value]
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def remember_library(settings: QSettings, location: str) -> None:
    recent = [location] + [x for x in recent_libraries(settings) if x != location]
    settings.setValue(RECENT_LIBRARIES, recent[:MAX_RECENT])
    settings.setValue(LAST_LIBRARY, location)


def last_library(settings: QSettings) -> str | None:
    """The library used last time, if it is a file that still exists (or a database URL)."""
    loc = get_str(settings, LAST_LIBRARY)
    if not loc:
        return None
    if "://" in loc or os.path.isfile(loc):
        return loc
    return None
