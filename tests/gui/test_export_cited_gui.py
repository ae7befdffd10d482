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
