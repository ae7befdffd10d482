"""Screenshot of the article-page import preview (issue 13), under Xvfb, at a given window size.

Usage: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_preview.py PAGE OUT.png [WxH]

It imports PAGE through File > Import's path (a background read, then the preview dialog) in a temporary
library with temporary settings, grabs the dialog as the user would see it, and cancels.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from PySide6.QtCore import QSettings  # noqa: E402
from screenshot import settle, wait_until  # noqa: E402

from refman.gui.app import make_application  # noqa: E402
from refman.gui.main_window import MainWindow  # noqa: E402
from refman.library import Library  # noqa: E402


def main(argv: list[str]) -> int:
    page, out = argv[1], Path(argv[2])
    width, height = (int(x) for x in (argv[3] if len(argv) > 3 else "1400x900").split("x"))
    app = make_application(argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "library.sqlite")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Library.open(location), location, settings)
        window.resize(width, height)
        window.show()
        settle(app)
        window.import_files([page])
        if not wait_until(app, lambda: window.preview_dialog is not None):
            print("no preview appeared", file=sys.stderr)
            return 1
        dialog = window.preview_dialog
        assert dialog is not None
        settle(app, 0.5)
        out.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(out))
        print(f"{out}: {dialog.width()}x{dialog.height()}, {dialog.table.rowCount()} references, "
              f"title {dialog.fields['title'].text()[:60]!r}")
        dialog.reject()
        settle(app)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
