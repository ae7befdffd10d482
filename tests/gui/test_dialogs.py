"""Paste preview, import report, export, and the entry editor."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from refman.core.errors import Cancelled
from refman.core.model import Entry, ImportReport, ParseResult, Person, Problem, RawBlock
from refman.gui.editor import EntryEditor, parse_people
from refman.gui.exporting import ExportDialog, export_file
from refman.gui.importing import ImportOutcome, ImportReportDialog, PasteDialog, corrected_result
from refman.gui.main_window import MainWindow
from refman.library import Library

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL

PASTED = json.dumps([
    {"type": "book", "title": "Qualitative Inquiry and Research Design", "author": [{"family": "Creswell",
     "given": "John"}], "issued": {"date-parts": [[2013]]}, "publisher": "SAGE"},
    {"type": "article-journal", "title": "Power Shifts in International Organisations",
     "author": [{"family": "Haug", "given": "S."}, {"family": "Foot", "given": "R."}],
     "issued": {"date-parts": [[2042]]}, "container-title": "Global Policy"},
    {"type": "book", "title": "Unwanted line"},
])


def _article_result() -> ParseResult:
    """What an article-page reader returns: the article first, then the references it cites."""
    entries = (Entry(title="The Article", contributors=(Person("Putra", "Adi"),), year=2024),
               Entry(title="First Reference", contributors=(Person("Archer", "Clive"),), year=2001),
               Entry(title="Second Reference", contributors=(Person("Broome", "André"),), year=2022),
               Entry(title="Third Reference", contributors=(Person("Haynes", "Jason"),), year=2023))
    blocks = tuple(RawBlock("entry", f"line {i}", i + 1, i) for i in range(4))
    return ParseResult("article-page", entries, blocks, (Problem("<pasted>", 9, "a line was not a reference",
                                                                 "error"),),
                       citing_index=0, cited_indexes=(1, 2, 3), raw_texts=tuple(f"line {i}" for i in range(4)))


def test_corrected_result_renumbers_links() -> None:
    result = _article_result()
    fixed = dataclasses.replace(result.entries[3], year=2024)
    out = corrected_result(result, [result.entries[0], result.entries[1], None, fixed])
    assert [e.title for e in out.entries] == ["The Article", "First Reference", "Third Reference"]
    assert out.citing_index == 0 and out.cited_indexes == (1, 2)
    assert out.raw_texts == ("line 0", "line 1", "line 3")
    assert [b.entry_index for b in out.blocks] == [0, 1, 2]
    assert out.entries[2].year == 2024
    no_article = corrected_result(result, [None, *result.entries[1:]])
    assert no_article.citing_index is None and no_article.cited_indexes == ()
    with pytest.raises(ValueError):
        corrected_result(result, [None])


def test_paste_dialog_previews_and_applies_corrections(qtbot) -> None:
    dialog = PasteDialog(PASTED)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csljson"))
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(1, 3).text() == "2042"
    assert dialog.table.item(1, 2).text() == "Haug, S.; Foot, R."
    dialog.table.item(1, 3).setText("2024")  # the user fixes a misread year
    dialog.table.item(0, 2).setText("Creswell, John W.")
    dialog.table.item(2, 0).setCheckState(Qt.CheckState.Unchecked)  # and leaves a row out
    assert dialog.import_button.text() == "&Import 2 entries"
    result = dialog.corrected()
    assert result is not None
    assert [e.title for e in result.entries] == ["Qualitative Inquiry and Research Design",
                                                 "Power Shifts in International Organisations"]
    assert result.entries[1].year == 2024
    assert result.entries[0].authors == (Person("Creswell", "John W."),)
    assert [p.family for p in result.entries[1].authors] == ["Haug", "Foot"]


def test_paste_dialog_reports_unreadable_text(qtbot) -> None:
    dialog = PasteDialog("{ this is not json")
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csljson"))
    assert not dialog.import_button.isEnabled()
    assert dialog.problems.count() > 0 or dialog.summary.text().startswith("Cannot read")


def test_pasted_article_imports_with_its_reference_list(window: MainWindow, qtbot) -> None:
    result = _article_result()
    corrected = corrected_result(result, [result.entries[0], result.entries[1], None, result.entries[3]])
    window.import_parsed(corrected)
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    article = window.lib.search_entries('title:"The Article"')[0]
    assert article.id is not None
    assert [s.title for s in window.lib.references_of(article.id)] == ["First Reference", "Third Reference"]
    assert window.view.current_id() == article.id  # the article is selected after the import
    assert window.sidebar.topLevelItem(1).childCount() == 2  # now two articles with references
    window.act_undo.trigger()
    assert window.lib.count() == TOTAL


def test_import_report_dialog_lists_skipped_with_reasons(qtbot) -> None:
    report = ImportReport("refs.bib", "bibtex", added=("a2020", "b2021"), updated=("c2019",),
                          renamed=(("a2020", "a2020a"),),
                          problems=(Problem("refs.bib", 12, "missing closing brace; entry skipped", "error"),
                                    Problem("refs.bib", 30, "unknown field 'foo' kept", "warning")))
    outcome = ImportOutcome(reports=[report], failures=[("bad.bin", "this is a binary file")])
    dialog = ImportReportDialog(outcome)
    qtbot.addWidget(dialog)
    assert outcome.headline() == "2 imported, 1 updated, 1 skipped, 1 file not imported"
    lines = [dialog.details.item(i).text() for i in range(dialog.details.count())]
    assert any("refs.bib:12: missing closing brace" in t and t.strip().startswith("Skipped") for t in lines)
    assert any("Warning" in t and "refs.bib:30" in t for t in lines)
    assert any("bad.bin: not imported" in t for t in lines)
    assert any("stored as a2020a" in t for t in lines)


def test_export_selection_writes_only_the_selection(window: MainWindow, qtbot, tmp_path: Path) -> None:
    ids = [window.lib.by_key(r["id"]).id for r in REFERENCES]
    window.view.select_ids(ids)
    out = tmp_path / "selection.json"
    assert window.export_to(str(out), "csljson", "selection") is not None
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in data) == sorted(r["id"] for r in REFERENCES)
    window.set_search_text("author:smith year:..2004")
    out2 = tmp_path / "search.json"
    window.export_to(str(out2), "csljson", "search")
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    assert len(json.loads(out2.read_text(encoding="utf-8"))) == 5


def test_cancelled_export_keeps_the_old_file(filled_library: Library, tmp_path: Path) -> None:
    out = tmp_path / "old.json"
    out.write_text("previous content", encoding="utf-8")
    with pytest.raises(Cancelled):
        export_file(filled_library, str(out), "csljson", None, None, lambda: True)
    assert out.read_text(encoding="utf-8") == "previous content"
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_export_dialog_scopes(qtbot) -> None:
    dialog = ExportDialog(total=30, shown=5, selected=2, searching=True)
    qtbot.addWidget(dialog)
    assert dialog.scope == "selection"
    dialog.search.setChecked(True)
    assert dialog.scope == "search"
    dialog.format.setCurrentIndex(dialog.format.findData("ris"))
    assert dialog.fmt == "ris" and dialog.path.text().endswith(".ris")
    none_selected = ExportDialog(total=30, shown=30, selected=0, searching=False)
    qtbot.addWidget(none_selected)
    assert none_selected.scope == "all" and not none_selected.selection.isEnabled()


def test_editor_form_edits_fields_and_keeps_affiliations(filled_library: Library, qtbot) -> None:
    entry = filled_library.by_key(ARTICLE_KEY)
    entry = dataclasses.replace(entry, contributors=(
        Person("Putra", "Adi", affiliations=("Universitas Muhammadiyah Malang",)), Person("Sari", "Dewi")))
    editor = EntryEditor(entry, filled_library)
    qtbot.addWidget(editor)
    editor.lines["title"].setText("New Title")
    editor.year.setText("2023")
    editor.authors.setPlainText("Putra, Adi\nSari, Dewi\nKim, Young")
    editor.keywords.setText("crime; ASEAN")
    editor.accept()
    result = editor.result_entry
    assert result is not None
    assert (result.title, result.year, result.keywords) == ("New Title", 2023, ("crime", "ASEAN"))
    assert result.authors[0].affiliations == ("Universitas Muhammadiyah Malang",)
    assert result.authors[2] == Person("Kim", "Young")
    assert result.abstract == entry.abstract and result.licence == entry.licence and result.id == entry.id


def test_editor_refuses_a_bad_key(filled_library: Library, qtbot) -> None:
    editor = EntryEditor(filled_library.by_key(ARTICLE_KEY), filled_library)
    qtbot.addWidget(editor)
    editor.lines["citekey"].setText("has space")
    editor.accept()
    assert editor.result_entry is None and "not a valid key" in editor.error.text()


def _bibtex_writer_works() -> bool:
    try:
        Library.write_entries([Entry(citekey="x2020", title="T")], io.StringIO(), "bibtex")
    except Exception:
        return False
    return True


def test_editor_raw_bibtex_tab_round_trip(filled_library: Library, qtbot) -> None:
    if not _bibtex_writer_works():
        pytest.skip("the BibTeX reader/writer (refman.formats.bibtex) is not available in this checkout")
    editor = EntryEditor(filled_library.by_key(ARTICLE_KEY), filled_library)
    qtbot.addWidget(editor)
    editor.lines["title"].setText("Edited in the form")
    editor.tabs.setCurrentIndex(1)
    raw = editor.raw.toPlainText()
    assert "Edited in the form" in raw
    editor.raw.setPlainText(raw.replace("Edited in the form", "Edited as BibTeX"))
    editor.tabs.setCurrentIndex(0)
    assert editor.lines["title"].text() == "Edited as BibTeX"
    editor.accept()
    assert editor.result_entry is not None and editor.result_entry.title == "Edited as BibTeX"


def test_parse_people_lines() -> None:
    keep = Person("Putra", "Adi", affiliations=("UMM",))
    people = parse_people("Putra, Adi\n{World Health Organization}\nJane Q. Public\nKing, Jr., Martin",
                          "author", (keep,))
    assert people == (keep, Person(literal="World Health Organization"), Person("Public", "Jane Q."),
                      Person("King", "Martin", suffix="Jr."))
