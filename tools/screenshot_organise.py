"""Screenshots of organising: the collections tree with a collection open and tags checked in
the tag selector (the detail pane showing the selected entry's coloured tags and its note),
and the Trash. Runs the real app under Xvfb in a temporary library:

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_organise.py docs/
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from refman.gui.app import make_application  # noqa: E402
from refman.gui.main_window import MainWindow  # noqa: E402
from refman.library import Library  # noqa: E402


def settle(app: object, seconds: float = 0.3) -> None:
    """Let the app process events for a while (the window paints, the sidebar loads)."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)

DATA = ROOT / "tests" / "data"


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = make_application(argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "library.sqlite")
        library = Library.open(location)
        library.import_file(str(DATA / "article_pages" / "ojs3_flood_governance.html"))
        for name in ("ris/zotero.ris", "ris/scopus.ris", "csljson/zotero_export.json", "bibtex/latin1.bib"):
            library.import_file(str(DATA / name))
        ids = library.search_ids("")
        thesis, _ = library.create_collection_path("Thesis")
        ch1, _ = library.create_collection_path("Thesis/Chapter 1 - Floods")
        ch2, _ = library.create_collection_path("Thesis/Chapter 2 - Governance")
        library.create_collection_path("Teaching/Urban planning 2027")
        library.create_collection_path("Reading group")
        library.add_to_collection(ch1.id, ids[:4])
        library.add_to_collection(ch2.id, ids[3:7])
        library.add_to_collection(thesis.id, ids[7:8])
        library.style_tag("important", position=1)
        library.style_tag("to read", position=2)
        library.style_tag("method", position=4)
        library.change_tags(ids[:3], add=["important"])
        library.change_tags(ids[1:6], add=["to read"])
        library.change_tags(ids[2:4], add=["method", "flooding", "Indonesia"])
        library.change_tags(ids[5:9], add=["governance"], automatic=True)
        library.add_note(ids[1], "**Key finding**: drainage plans ignore informal settlements.")
        library.save_search("Recent, to read", 'tag:"to read" year:2020..')
        library.trash(ids[-3:])
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, location, settings)
        window.resize(1400, 880)
        window.move(0, 0)
        window.show()
        settle(app, 0.5)
        tree = window.organise_tree
        tree.select("collection", thesis.id)
        window.tag_selector.set_checked(["to read"])
        settle(app, 0.3)
        window.view.select_ids([ids[1]])  # tagged, with a note: the detail pane shows both
        settle(app, 0.3)
        print("collections:", window.count_label.text())
        window.grab().save(str(out / "screenshot-collections-tags.png"))
        window.tag_selector.set_checked([])
        tree.select("trash")
        window.view.select_row(0)
        settle(app, 0.3)
        print("trash:", window.count_label.text())
        window.grab().save(str(out / "screenshot-trash.png"))
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
