"""Edits, deletions and imports through the window, each undone and redone."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtWidgets import QPushButton

from refman.gui.main_window import MainWindow

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL


def test_edit_then_undo_and_redo(window: MainWindow, qtbot) -> None:
    entry = window.lib.by_key(ARTICLE_KEY)
    assert window.apply_edit(entry, dataclasses.replace(entry, title="A Corrected Title", year=2025))
    assert window.lib.by_key(ARTICLE_KEY).title == "A Corrected Title"
    assert window.view.current_id() == entry.id
    qtbot.waitUntil(lambda: "A Corrected Title" in window.detail.toPlainText())
    assert window.undo_stack.undoText() == f"Edit {ARTICLE_KEY}"
    window.act_undo.trigger()
    restored = window.lib.by_key(ARTICLE_KEY)
    assert (restored.title, restored.year) == (entry.title, 2024)
    assert restored.abstract == entry.abstract and restored.contributors == entry.contributors
    window.act_redo.trigger()
    assert window.lib.by_key(ARTICLE_KEY).title == "A Corrected Title"


def test_edit_to_a_taken_key_is_refused(window: MainWindow) -> None:
    entry = window.lib.by_key(ARTICLE_KEY)
    assert not window.apply_edit(entry, dataclasses.replace(entry, citekey=REFERENCES[0]["id"]))
    assert "already used" in window.last_error
    assert window.undo_stack.count() == 0
    assert window.lib.by_key(ARTICLE_KEY).id == entry.id


def test_delete_then_undo_restores_entries_and_relations(window: MainWindow, qtbot) -> None:
    article = window.lib.by_key(ARTICLE_KEY)
    ref = window.lib.by_key(REFERENCES[1]["id"])
    assert article.id is not None and ref.id is not None
    window.view.select_ids([article.id, ref.id])
    window.act_delete.trigger()
    assert window.lib.count() == TOTAL - 2
    assert window.count_label.text() == f"{TOTAL - 2} of {TOTAL - 2} entries"
    assert window.undo_stack.undoText() == "Move 2 entries to the Trash"
    window.act_undo.trigger()
    assert window.lib.count() == TOTAL
    assert [s.citekey for s in window.lib.references_of(article.id)] == [r["id"] for r in REFERENCES]
    assert window.lib.get(ref.id) == ref
    window.act_redo.trigger()
    assert window.lib.count() == TOTAL - 2


def test_import_then_undo_removes_what_it_added(window: MainWindow, qtbot, tmp_path: Path) -> None:
    items = [{"id": f"new{i}", "type": "book", "title": f"New book {i}", "issued": {"date-parts": [[2019]]}}
             for i in range(4)]
    path = tmp_path / "new.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert window.import_files([str(path)], "csljson") is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    assert window.lib.count() == TOTAL + 4
    dialog = window.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.outcome.headline().startswith("4 imported, 0 updated")
    assert window.view.current_id() == window.lib.by_key("new0").id
    assert window.undo_stack.undoText() == "Import new.json (4 added)"
    window.act_undo.trigger()
    assert window.lib.count() == TOTAL
    assert window.lib.search_ids("key:new0") == []
    window.act_redo.trigger()
    assert window.lib.count() == TOTAL + 4
    assert window.lib.by_key("new3").title == "New book 3"


def test_cancelled_import_leaves_the_library_unchanged(window: MainWindow, qtbot, tmp_path: Path) -> None:
    items = [{"id": f"bulk{i}", "type": "book", "title": f"Bulk {i}"} for i in range(5000)]
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    task = window.import_files([str(path)], "csljson")
    assert task is not None
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    cancel_button.click()
    assert task.cancel_requested
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.lib.count() == TOTAL
    assert window.undo_stack.count() == 0
    outcome = window.last_outcome
    assert outcome is not None and not outcome.added
    assert "cancelled" in outcome.failures[0][1]


def test_failed_file_is_reported_and_others_still_import(window: MainWindow, qtbot, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"id": "good1", "type": "book", "title": "Good"}]), encoding="utf-8")
    binary = tmp_path / "picture.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    window.import_files([str(binary), str(good)], "csljson")
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    outcome = window.last_outcome
    assert outcome is not None
    assert [Path(src).name for src, _ in outcome.failures] == ["picture.json"]
    assert "binary" in outcome.failures[0][1]
    assert window.lib.by_key("good1").title == "Good"
    assert window.report_dialog is not None
    texts = [window.report_dialog.details.item(i).text() for i in range(window.report_dialog.details.count())]
    assert any("picture.json: not imported" in t for t in texts)


def test_check_library_repairs_a_drifted_search_index(window: MainWindow, qtbot) -> None:
    from sqlalchemy import text

    with window.lib.store.engine.begin() as conn:  # simulate an index that lost a row
        conn.execute(text("DELETE FROM entries_fts WHERE rowid = (SELECT min(id) FROM entries)"))
    assert window.check_library() is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert window.last_check[0] == f"Repaired: rebuilt the full-text index for {TOTAL} entries."
    assert window.last_check[1] == "The library is consistent."
    window.set_search_text("challenges")
    assert window.model.rowCount() == 1
