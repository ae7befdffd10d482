"""Collections, tags, notes, saved searches and the Trash in the window (real library, QTest keys)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from refman.gui.main_window import MainWindow
from refman.gui.organise_panel import entry_mime

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL


def _ids(window: MainWindow, *keys: str) -> list[int]:
    return [window.lib.by_key(k).id for k in keys]  # type: ignore[misc]


def _shown(window: MainWindow) -> set[int]:
    return set(window.model.all_ids())


def test_collections_drop_select_move_and_undo(window: MainWindow, qtbot) -> None:
    tree = window.organise_tree
    assert window.new_collection("Thesis")
    thesis = window.lib.collection_by_path("Thesis").id
    assert tree.select("collection", thesis)
    assert window.new_collection("Chapter 2", parent_id=thesis)
    ch2 = window.lib.collection_by_path("Thesis/Chapter 2").id
    refs = _ids(window, *(r["id"] for r in REFERENCES))
    assert tree.drop(entry_mime(refs[:2]), tree.items[ch2])  # entries dragged from the table
    assert tree.drop(entry_mime(_ids(window, ARTICLE_KEY)), tree.items[thesis])
    assert not tree.drop(entry_mime(refs), tree.unfiled)  # only a collection takes entries

    tree.setCurrentItem(tree.items[thesis])
    assert window.scope.kind == "collection" and _shown(window) == {*refs[:2], *_ids(window, ARTICLE_KEY)}
    window.act_subcollections.trigger()  # include subcollections off
    assert _shown(window) == set(_ids(window, ARTICLE_KEY))
    window.act_subcollections.trigger()
    tree.setCurrentItem(tree.items[ch2])
    assert _shown(window) == set(refs[:2])
    window.act_undo.trigger()  # the article leaves Thesis
    assert window.lib.count("in-only:Thesis") == 0
    window.act_redo.trigger()
    assert window.lib.count("in-only:Thesis") == 1

    # Drag Chapter 2 to the top level, then refuse a drop of Thesis into its own child.
    assert tree.drop(tree.mimeData([tree.items[ch2]]), tree.collections_root)
    assert [c.path_text for c in window.lib.collections()] == ["Chapter 2", "Thesis"]
    assert tree.drop(tree.mimeData([tree.items[thesis]]), tree.items[ch2])
    assert not tree.drop(tree.mimeData([tree.items[ch2]]), tree.items[thesis])  # a cycle
    assert [c.path_text for c in window.lib.collections()] == ["Chapter 2", "Chapter 2/Thesis"]
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert [c.path_text for c in window.lib.collections()] == ["Thesis", "Thesis/Chapter 2"]

    tree.setCurrentItem(tree.items[thesis])
    assert window.rename_collection("Dissertation")
    assert window.scope.label == "Dissertation" and window.lib.count("in:Dissertation") == 3
    assert window.delete_collection()
    assert window.lib.collections() == [] and window.lib.count() == TOTAL
    window.act_undo.trigger()
    assert window.lib.count('in:"Dissertation/Chapter 2"') == 2

    tree.setCurrentItem(tree.unfiled)
    assert _shown(window) and not _shown(window) & {*refs[:2], *_ids(window, ARTICLE_KEY)}


def test_tag_keys_and_tag_selector(window: MainWindow, qtbot) -> None:
    assert window.assign_tag_key("important", 1)
    a, b = _ids(window, REFERENCES[0]["id"], REFERENCES[1]["id"])
    window.view.select_ids([a, b])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert set(window.lib.search_ids("tag:important")) == {a, b}
    window.view.select_ids([a])
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # all selected have it: toggled off
    assert window.lib.search_ids("tag:important") == [b]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(window.lib.search_ids("tag:important")) == {a, b}
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_1)  # typing a digit in the search box tags nothing
    assert window.search.text() == "1"
    window.set_search_text("")

    window.view.select_ids([b])
    assert window.edit_tags("method, +important")
    selector = window.tag_selector
    names = [selector.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(selector.list.count())]
    assert names[0] == "important"  # keyed tags first
    selector.set_checked(["important"])
    assert _shown(window) == {a, b}
    selector.set_checked(["important", "method"])  # several tags: all of them
    assert _shown(window) == {b}
    selector.set_checked([])
    assert len(_shown(window)) == TOTAL


def test_delete_moves_to_trash_and_restore(window: MainWindow, qtbot) -> None:
    target = _ids(window, REFERENCES[2]["id"])[0]
    coll = window.lib.create_collection("Keep")
    window.lib.add_to_collection(coll.id, [target])
    window.view.select_ids([target])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.lib.trashed_ids() == [target] and window.model.row_of_id(target) is None
    tree = window.organise_tree
    tree.setCurrentItem(tree.trash)
    assert _shown(window) == {target} and tree.trash.text(0) == "Trash (1)"
    assert window.act_delete.text() == "&Delete Permanently…"
    window.view.select_ids([target])
    window.act_restore_entries.trigger()
    assert window.lib.trashed_ids() == [] and window.lib.count("in:Keep") == 1
    window.act_undo.trigger()
    assert window.lib.trashed_ids() == [target]
    assert window.empty_trash(confirm=False) == 1
    assert window.lib.count() == TOTAL - 1 and window.lib.backups()[0].reason == "before-empty-trash-1"


def test_saved_search_is_live(window: MainWindow, qtbot) -> None:
    window.set_search_text("year:2001..2003")
    assert window.save_current_search("Early")
    window.set_search_text("")
    tree = window.organise_tree
    assert tree.select("saved", "year:2001..2003")
    before = _shown(window)
    assert before
    window.lib.trash(list(before)[:1])
    window._changed(window.lib.restore_entries([]))
    assert _shown(window) == before - set(list(before)[:1])
    assert window.delete_current_search() and window.lib.saved_searches() == []


def test_notes_dialog_adds_edits_and_previews_safely(window: MainWindow, qtbot) -> None:
    target = _ids(window, ARTICLE_KEY)[0]
    window.view.select_ids([target])
    window.open_notes()
    dialog = window.notes_dialog
    qtbot.addWidget(dialog)
    dialog.add_note()
    dialog.editor.setPlainText("**Key** finding ![x](https://tracker.example/pixel.png) <script>x()</script>")
    dialog.save_note()
    assert window.lib.count("note:finding") == 1
    html = dialog.preview.toHtml()
    assert "<script" not in html and "font-weight" in html  # bold rendered, raw HTML not
    dialog.preview.document().adjustSize()  # lay out: the image is asked for, and refused
    assert "https://tracker.example/pixel.png" in dialog.preview.refused
    window.act_undo.trigger()  # the edit
    assert window.lib.count("note:finding") == 0 and len(window.lib.notes(target)) == 1
    window.act_undo.trigger()  # the new note
    assert window.lib.notes(target) == []
    dialog.close()


def test_keep_updated_export_is_rewritten_in_the_background(window: MainWindow, qtbot, tmp_path) -> None:
    scheduler = window.keep_updated_scheduler
    scheduler._timer.setInterval(50)
    assert window.new_collection("Reading")
    target = tmp_path / "reading.bib"
    assert window.keep_view_updated(str(target))
    text = target.read_text(encoding="utf-8")  # the collection is empty: only the group tree
    assert text.startswith("@Comment{jabref-meta: grouping:") and REFERENCES[0]["id"] not in text
    ref = _ids(window, REFERENCES[0]["id"])
    window.add_to_collection(window.lib.collection_by_path("Reading").id, ref)
    qtbot.waitUntil(lambda: REFERENCES[0]["id"] in target.read_text(encoding="utf-8"), timeout=10000)
    runs = scheduler.runs
    mtime = target.stat().st_mtime_ns
    window.lib.change_tags(_ids(window, ARTICLE_KEY), add=["elsewhere"])
    window._changed(window.lib.restore_entries([]))
    qtbot.waitUntil(lambda: scheduler.runs > runs, timeout=10000)
    assert target.stat().st_mtime_ns == mtime


def test_switching_library_shows_its_own_collections(window: MainWindow, tmp_path) -> None:
    from refman.library import Library

    assert window.new_collection("Only in the first")
    other = tmp_path / "other.sqlite"
    lib = Library.open(other)
    lib.create_collection_path("Only in the second")
    lib.close()
    assert window.switch_library(str(other))
    assert [item.text(0) for item in window.organise_tree.items.values()] == ["Only in the second (0)"]
    window.organise_tree.setCurrentItem(window.organise_tree.trash)
    assert window.scope.kind == "trash" and window.model.rowCount() == 0


def test_saved_search_refman_cannot_express_lists_no_entries(window: MainWindow, qtbot) -> None:
    # A JabRef search group that stays export-only is stored with an empty query: selecting it
    # must not show the whole library as if the group matched everything.
    window.lib.import_jabref_groups(
        "@Comment{jabref-meta: grouping:\n0 AllEntriesGroup:;\n"
        "1 SearchGroup:Case-sensitive\\;0\\;title =~ \"^[A-Z]{3}\"\\;1\\;1\\;1\\;;\n}",
        [],
    )
    saved = {s.name: s.query for s in window.lib.saved_searches()}
    assert saved.get("Case-sensitive") == ""
    window.load_organise()
    tree = window.organise_tree
    assert tree.select("saved", "")
    assert window.scope.kind == "saved" and _shown(window) == set()
    assert "cannot express" in tree.currentItem().toolTip(0)
