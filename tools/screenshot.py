"""`make screenshot`: run the real app (under Xvfb), import the sample article, select it, save a PNG.

Usage: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot.py docs/screenshot.png

With `--fit`, the window keeps the size the app gives it on that screen (issue 15: sizes come
from the available screen geometry) and the editor and the paste dialog are saved beside it
(`<name>-editor.png`, `<name>-paste.png`), e.g. on a 1024×700 screen, or at QT_SCALE_FACTOR=2:

    xvfb-run -a -s "-screen 0 1024x700x24" .venv/bin/python tools/screenshot.py --fit docs/screenshot-1024x700.png
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2048x1400x24" .venv/bin/python tools/screenshot.py --fit \
        docs/screenshot-scale2.png

It works in a temporary library with temporary settings, so it never touches the user's own.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from refman.gui.app import make_application  # noqa: E402
from refman.gui.main_window import MainWindow  # noqa: E402
from refman.gui.welcome import sample_article_path  # noqa: E402
from refman.library import Library  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_48728e4564e9696b.txt"


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return False


def settle(app: QApplication, seconds: float = 0.3) -> None:
    wait_until(app, lambda: False, seconds)


def save_dialogs(app: QApplication, window: MainWindow, library: Library, out: Path) -> None:
    """The editor on the selected entry and the paste dialog, as they open on this screen."""
    from refman.gui.editor import EntryEditor
    from refman.gui.importing import PasteDialog

    current = window.view.current_id()
    dialogs = []
    if current is not None:
        dialogs.append(("editor", EntryEditor(library.get(current), library, window)))
    paste_text = SEED.read_text(encoding="utf-8")[:6000] if SEED.exists() else ""
    dialogs.append(("paste", PasteDialog(paste_text, window)))
    for name, dialog in dialogs:
        dialog.show()
        settle(app, 0.5)
        path = out.with_name(f"{out.stem}-{name}{out.suffix}")
        frame = dialog.frameGeometry()
        screen = dialog.screen().availableGeometry()
        print(f"{name}: {dialog.width()}x{dialog.height()} at ({frame.x()},{frame.y()}); "
              f"screen {screen.width()}x{screen.height()}; fits: {screen.contains(frame)}")
        if dialog.grab().save(str(path)):
            print(f"saved {path}")
        dialog.hide()
        dialog.deleteLater()


def main(argv: list[str]) -> int:
    fit = "--fit" in argv
    argv = [a for a in argv if a != "--fit"]
    out = Path(argv[1] if len(argv) > 1 else "docs/screenshot.png")
    sample = sample_article_path() or (str(SEED) if SEED.exists() else None)
    if sample is None:
        print("no sample article found (resources/samples/sample-article.txt)", file=sys.stderr)
        return 1
    app = make_application(argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "library.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        library = Library.open(location)
        window = MainWindow(library, location, settings)
        if not fit:
            window.resize(1400, 880)
        window.move(0, 0)
        window.show()
        settle(app)
        task = window.import_files([sample], "article-page", preview=False)
        if task is None or not wait_until(app, lambda: not window.tasks):
            print("the import did not finish", file=sys.stderr)
            return 1
        if window.report_dialog is not None:
            print(window.report_dialog.outcome.headline())
            window.report_dialog.close()
        settle(app, 0.5)
        if window.last_error:
            print(f"error: {window.last_error}", file=sys.stderr)
        current = window.view.current_id()
        if current is None:
            print("nothing selected after the import", file=sys.stderr)
            return 1
        print(f"selected: {library.get(current).title}")
        articles = window.sidebar.topLevelItem(1)  # "Articles with references": open the article's list
        if articles is not None and articles.childCount():
            child = articles.child(0)
            if child is not None:
                child.setExpanded(True)
        settle(app, 0.3)
        print(window.count_label.text())
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            print(f"cannot write {out}", file=sys.stderr)
            return 1
        print(f"saved {out} ({window.width()}x{window.height()})")
        if fit:
            save_dialogs(app, window, library, out)
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
