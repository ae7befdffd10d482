"""Issue 15, points 2 and 3: big citation and BibTeX copies run in the worker, in batches, with
progress, Cancel, a count in the status bar and a question first; the chosen style is built in
the background at start-up and when it changes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from refman.core.errors import Cancelled
from refman.gui import settings as keys
from refman.gui import window_clipboard
from refman.gui.main_window import MainWindow
from refman.library import Library, bibliography_entries, bibliography_in_batches, style_ready

from .conftest import TOTAL, _shown
from .test_bulk import answer_next_question

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _engine_works() -> bool:
    try:
        bibliography_entries([], "apa")
        from refman.cite import default_engine

        default_engine().preload("ieee")
    except Exception:
        return False
    return True


needs_engine = pytest.mark.skipif(not _engine_works(), reason="the citation engine is not available")


def _select_all(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.view.selected_count() == TOTAL


@needs_engine
def test_copy_citations_of_a_big_selection_asks_then_runs_in_the_worker(window: MainWindow, qtbot,
                                                                         monkeypatch) -> None:
    monkeypatch.setattr(window_clipboard, "COPY_CONFIRM", 10)
    _select_all(window, qtbot)
    answer_next_question(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window.view, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.tasks, "the copy runs in the worker"
    assert window.tasks[0].dialog.labelText().startswith(f"Copying APA citation of {TOTAL} entries")
    qtbot.waitUntil(lambda: not window.tasks, timeout=30000)
    assert window.statusBar().currentMessage() == f"Copied APA citation of {TOTAL} entries."
    text = QGuiApplication.clipboard().text()
    assert len(text.splitlines()) == TOTAL and "Putra" in text


@needs_engine
def test_declining_the_question_copies_nothing(window: MainWindow, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(window_clipboard, "COPY_CONFIRM", 10)
    QGuiApplication.clipboard().setText("unchanged")
    _select_all(window, qtbot)
    answer_next_question(QMessageBox.StandardButton.No)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL_SHIFT)
    assert not window.tasks
    assert QGuiApplication.clipboard().text() == "unchanged"


def test_copy_all_as_bibtex_runs_in_the_worker(window: MainWindow, qtbot) -> None:
    _select_all(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL_SHIFT)
    assert window.tasks, "the BibTeX copy runs in the worker"
    assert window.tasks[0].dialog.labelText().startswith(f"Copying BibTeX of {TOTAL} entries")
    qtbot.waitUntil(lambda: not window.tasks, timeout=30000)
    assert QGuiApplication.clipboard().text().count("\n@") == TOTAL - 1
    assert window.statusBar().currentMessage() == f"Copied BibTeX of {TOTAL} entries."


@needs_engine
def test_batches_number_on_and_sort_as_one_bibliography(filled_library: Library) -> None:
    ids = filled_library.search_ids("")
    seen: list[tuple[int, int]] = []

    def render(style: str):  # type: ignore[no-untyped-def]
        return lambda es, html: bibliography_entries(es, style, html)

    html, text = bibliography_in_batches(ids, filled_library.get_many, render("ieee"),
                                         lambda d, t: seen.append((d, t)), None, size=7)
    numbers = [int(re.match(r"\[(\d+)\]", t).group(1)) for t in text]  # type: ignore[union-attr]
    assert numbers == list(range(1, TOTAL + 1))
    assert '<div class="csl-left-margin">[30]</div>' in html[-1]
    assert seen[-1] == (TOTAL, TOTAL) and len(seen) == 5
    whole = bibliography_entries(filled_library.get_many(ids), "apa", False)
    _, batched = bibliography_in_batches(ids, filled_library.get_many, render("apa"), None, None, size=7)
    assert [t.split(" ")[0] for t in batched] == [t.split(" ")[0] for t in whole]  # same order of authors
    assert sorted(batched) == sorted(" ".join(t.split()) for t in whole)


def test_a_cancel_between_batches_raises(filled_library: Library) -> None:
    ids = filled_library.search_ids("")
    calls: list[int] = []

    def render(entries, html):  # type: ignore[no-untyped-def]
        calls.append(len(entries))
        return [e.citekey for e in entries]

    with pytest.raises(Cancelled):
        bibliography_in_batches(ids, filled_library.get_many, render, None, lambda: len(calls) >= 3, size=7)


@needs_engine
def test_the_chosen_style_is_built_in_the_background(qtbot, filled_library: Library, lib_path, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(keys.STYLE, "american-chemical-society")
    assert not style_ready("american-chemical-society")
    window = _shown(qtbot, filled_library, lib_path, settings)
    qtbot.waitUntil(lambda: style_ready("american-chemical-society"), timeout=30000)
    assert not style_ready("elsevier-harvard")
    window.style_combo.set_style("elsevier-harvard", "Elsevier Harvard")
    qtbot.waitUntil(lambda: style_ready("elsevier-harvard"), timeout=30000)
    assert not window.tasks  # built without a copy and without the progress dialog
