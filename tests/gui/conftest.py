"""GUI test fixtures: offscreen Qt, Qt warnings fail tests, a real library, throwaway settings.

Qt messages at WARNING or above fail a test (pytest-qt's qt_log_level_fail, as qutebrowser's
tests do), so a broken signal connection or a model-index misuse cannot pass silently.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from refman.library import Library

ARTICLE_KEY = "putra2024challenges"

ARTICLE = {
    "id": ARTICLE_KEY,
    "type": "article-journal",
    "title": "The Challenges of Intergovernmental Organizations in Combating Transnational Crime",
    "author": [{"family": "Putra", "given": "Adi"}, {"family": "Sari", "given": "Dewi"}],
    "container-title": "Journal of Government Studies",
    "volume": "9",
    "issue": "2",
    "page": "101-120",
    "issued": {"date-parts": [[2024]]},
    "DOI": "10.1234/jgs.2024.9",
    "URL": "https://example.org/article/9",
    "abstract": "Human trafficking is a pressing <b>global</b> issue in Southeast Asia.",
    "license": "CC BY-SA 4.0",
    "keyword": "trafficking, ASEANAPOL",
    "custom": {"refman": {"licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
                          "copyright_holder": "The Authors", "copyright_year": 2024}},
}

REFERENCES = [
    {"id": "archer2001international", "type": "book", "title": "International Organisations",
     "author": [{"family": "Archer", "given": "Clive"}], "issued": {"date-parts": [[2001]]},
     "publisher": "Routledge"},
    {"id": "broome2022intergovernmental", "type": "book", "title": "Intergovernmental Organizations",
     "author": [{"family": "Broome", "given": "André"}], "issued": {"date-parts": [[2022]]},
     "publisher": "Oxford University Press"},
    {"id": "haynes2023human", "type": "article-journal",
     "title": "Human Trafficking: Iconic Victims, Folk Devils and the Nationality and Borders Act 2022",
     "author": [{"family": "Haynes", "given": "Jason"}], "issued": {"date-parts": [[2023]]},
     "container-title": "Modern Law Review", "volume": "86", "issue": "5", "page": "1232-1264"},
]

OTHERS = [
    {"id": f"smith{2000 + i}study", "type": "article-journal", "title": f"A study of topic {i}",
     "author": [{"family": "Smith", "given": "Jane"}], "issued": {"date-parts": [[2000 + i]]},
     "container-title": "Journal of Examples"}
    for i in range(26)
]

TOTAL = 1 + len(REFERENCES) + len(OTHERS)  # 30


def fill(lib: Library) -> None:
    """An article with abstract, licence and a reference list, plus unrelated entries."""
    lib.import_text(json.dumps([ARTICLE, *OTHERS]), "fixture.json", "csljson")
    lib.import_text(json.dumps(REFERENCES), "references.json", "csljson", cited_by=ARTICLE_KEY)


@pytest.fixture(scope="session", autouse=True)
def _clear_clipboard(qapp: QApplication) -> Iterator[None]:
    """Under offscreen, a Python-owned QMimeData left on the clipboard crashes the process at exit."""
    yield
    qapp.clipboard().clear()


GUI_DIR = Path(__file__).resolve().parent
# The offscreen platform plugin says this whenever a window's size hints change; it is not ours.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.fspath)).resolve().parents:
            if item.get_closest_marker("qt_log_level_fail") is None:
                item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary INI file: the user's own settings are never read or written."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def filled_library(lib_path: Path) -> Iterator[Library]:
    lib = Library.open(lib_path)
    fill(lib)
    yield lib
    lib.close()


@pytest.fixture
def empty_library(lib_path: Path) -> Iterator[Library]:
    lib = Library.open(lib_path)
    yield lib
    lib.close()


def _shown(qtbot, lib: Library, lib_path: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    """A main window on `lib`, shown, with its sidebar loaded (that happens just after the first paint)."""
    from refman.gui.main_window import MainWindow

    win = MainWindow(lib, str(lib_path), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    return win


@pytest.fixture
def window(qtbot, filled_library: Library, lib_path: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    win = _shown(qtbot, filled_library, lib_path, settings)
    yield win
    win.pool.waitForDone()


@pytest.fixture
def empty_window(qtbot, empty_library: Library, lib_path: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    win = _shown(qtbot, empty_library, lib_path, settings)
    yield win
    win.pool.waitForDone()


class AtFirstPaint(QObject):
    """Records `snapshot()` when `widget` first paints (what the window showed in its first frame)."""

    def __init__(self, widget: QWidget, snapshot: Callable[[], dict[str, object]]) -> None:
        super().__init__()
        self._snapshot = snapshot
        self.seen: dict[str, object] | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = self._snapshot()
        return False
