"""File ▸ Export Cited by a Document… (issue 20)."""

from __future__ import annotations

from pathlib import Path

from refman.gui.main_window import MainWindow


def test_export_cited_writes_the_cited_entries_and_names_missing_keys(window: MainWindow, qtbot,
                                                                         tmp_path: Path) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_export_cited in file_menu.actions()
    doc = tmp_path / "paper.tex"
    doc.write_text("\\documentclass{article}\n\\begin{document}\n\\cite{archer2001international}\n"
                   "\\input{more}\n\\end{document}\n", encoding="utf-8")
    (tmp_path / "more.tex").write_text("\\citep[p.~3]{haynes2023human,nosuchkey}\n", encoding="utf-8")
    out = tmp_path / "paper.bib"
    assert window.export_cited_to(str(doc), str(out)) is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    text = out.read_text(encoding="utf-8")
    assert "{archer2001international," in text and "{haynes2023human," in text
    assert text.count("@") == 2
    assert "nosuchkey" in window.last_error


def test_regenerate_keys_changes_only_keys_refman_made_and_undoes(window: MainWindow, qtbot) -> None:
    from refman.core.model import Changes
    from refman.library.keys import set_key_formula

    report, changes = window.lib.import_text(
        "TY  - JOUR\nT1  - Keyless Paper\nA1  - Nobody, Ann\nPY  - 2011\nER  - \n", "k.ris", "ris")
    window._changed(changes)
    made = window.lib.by_key(report.added[0])
    pinned = window.lib.by_key("archer2001international")
    set_key_formula(window.lib.store, 'auth.upper + "-" + year')
    window.view.select_ids([made.id, pinned.id])
    assert window.act_regenerate_keys in window.menuBar().actions()[1].menu().actions()
    window.act_regenerate_keys.trigger()
    assert window.lib.get(made.id).citekey == "NOBODY-2011"
    assert window.lib.get(pinned.id).citekey == "archer2001international"
    window.undo_stack.undo()
    assert window.lib.get(made.id).citekey == made.citekey
    window.undo_stack.redo()
    assert window.lib.get(made.id).citekey == "NOBODY-2011"
    assert isinstance(changes, Changes)


def test_import_report_headline_counts_macros() -> None:
    from refman.core.model import ImportReport
    from refman.gui.importing import ImportOutcome

    outcome = ImportOutcome(reports=[ImportReport("IEEEabrv.bib", "bibtex", macros=3180)])
    assert outcome.headline() == "3,180 macros, 0 imported, 0 updated, 0 skipped"


def test_export_dialog_journal_names(window: MainWindow, qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from refman.gui.exporting import ExportDialog

    dialog = ExportDialog(total=3, shown=3, selected=0, searching=False)
    qtbot.addWidget(dialog)
    assert dialog.journals is None
    dialog.journal_names.setFocus()
    QTest.keyClick(dialog.journal_names, Qt.Key.Key_Down)
    assert dialog.journals == "abbreviated"
    window.lib.import_text("@article{kal, title = {F}, journal = {IEEE Transactions on Automatic Control}}\n",
                           "k.bib")
    out = tmp_path / "abbr.bib"
    assert window.export_to(str(out), "bibtex", "all", dialog.journals) is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    assert "journal = {IEEE Trans. Autom. Control}" in out.read_text(encoding="utf-8")
    assert window.lib.by_key("kal").container == "IEEE Transactions on Automatic Control"
