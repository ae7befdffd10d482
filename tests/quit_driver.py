"""Run the real desktop app (refman.gui.app.run_gui) on a library, copy like a user, and quit
through File > Quit: the process a quit test watches (tests/gui/test_quit.py).

    python tests/quit_driver.py LIBRARY [bibtex|citation|none] [quit-after-ms]

The copy is started with the Copy actions' own shortcuts (QTest key events on the table); quit
comes from the File menu's action once the copy said "Copied", or after quit-after-ms if given
(then possibly while the copy still runs in its worker)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from refman.gui import app as gui_app
from refman.gui.main_window import MainWindow

KEYS = {"bibtex": (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        "citation": (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)}


def main(location: str, copy: str, quit_after: int | None) -> int:
    state = {"copied": copy == "none"}

    def window() -> MainWindow | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return found[0] if found else None

    def step() -> None:
        w = window()
        if w is None:
            QTimer.singleShot(20, step)
            return
        if not state["copied"]:
            state["copied"] = True
            w.view.setFocus()
            QTest.keyClick(w.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(w.view, *KEYS[copy])
            if quit_after is not None:
                QTimer.singleShot(quit_after, w.act_quit.trigger)
                return
        if not w.tasks and (copy == "none" or w.statusBar().currentMessage().startswith("Copied")):
            w.act_quit.trigger()
            return
        QTimer.singleShot(20, step)

    make = gui_app.make_application

    def make_and_drive(argv: list[str] | None = None) -> QApplication:
        application = make(argv)
        QTimer.singleShot(0, step)
        return application

    gui_app.make_application = make_and_drive  # type: ignore[assignment]
    return gui_app.run_gui(location)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "none",
                  int(sys.argv[3]) if len(sys.argv) > 3 else None))
