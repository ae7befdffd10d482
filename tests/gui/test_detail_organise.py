"""The detail pane shows an entry's tags (coloured ones in their colour) and its notes, rendered
safely: nothing a note says runs or loads anything."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt, QUrl

from refman.core.model import Entry
from refman.core.notes import markdown_html
from refman.core.organise import Note, Tag
from refman.gui.detail import entry_html
from refman.gui.main_window import MainWindow

from .conftest import REFERENCES

WHEN = datetime(2026, 3, 4, 10, 30)
NOTES = (
    Note(1, 7, "# Reading\n\nThe **key** result, see [the data](https://example.org/d?a=1&b=2).\n\n"
               "- first point\n- second *point*\n\n<script>alert(1)</script>\n"
               "![pixel](https://tracker.example/p.png) [run](javascript:alert(2))", "markdown", WHEN, WHEN),
    Note(2, 7, '<p onclick="x()">Kept <b>bold</b></p><img src="https://tracker.example/q.png">'
               '<iframe src="https://evil.example"></iframe><a href="javascript:alert(3)">js</a>'
               '<style>body{background:url(https://evil.example/bg.png)}</style>', "html", WHEN, WHEN),
)
TAGS = (Tag(1, "important", "#e6194b", 1), Tag(2, "bad colour", "red;background:url(https://evil.example/x)"),
        Tag(3, "climate", automatic=True))


def test_tags_and_notes_in_the_html_are_safe() -> None:
    html = entry_html(Entry(citekey="k", title="T", id=7), tags=TAGS, notes=NOTES)
    assert '<span style="color: #e6194b;">\u25cf</span>&nbsp;<a href="refman:tag/important">important</a>' in html
    assert "bad colour" in html and "background" not in html  # an unsafe colour is not used
    assert "evil.example" not in html and "tracker.example" not in html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "Notes (2)" in html and "<b>key</b>" in html and "<li>second <i>point</i></li>" in html
    assert '<a href="https://example.org/d?a=1&amp;b=2">the data</a>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # raw HTML in Markdown stays text
    assert "Kept <b>bold</b>" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert {"refman:tag/important", "refman:tag/bad%20colour", "refman:tag/climate"} <= set(hrefs)
    assert all(h.startswith(("https://", "refman:")) for h in hrefs), hrefs


def test_markdown_subset() -> None:
    assert markdown_html("```\n<b>x</b>\n```") == "<pre>&lt;b&gt;x&lt;/b&gt;</pre>"
    assert markdown_html("> quoted **q**") == "<blockquote><p>quoted <b>q</b></p></blockquote>"
    assert markdown_html("1. one\n2. two") == "<ol><li>one</li><li>two</li></ol>"
    assert markdown_html("a `<i>` b") == "<p>a <code>&lt;i&gt;</code> b</p>"
    assert markdown_html("snake_case_name and 2*3*4") == "<p>snake_case_name and 2*3*4</p>"


def test_window_shows_tags_and_notes_of_the_current_entry(window: MainWindow, qtbot) -> None:
    entry_id = window.lib.by_key(REFERENCES[0]["id"]).id
    assert entry_id is not None
    window.lib.style_tag("important", "#e6194b", 1)
    window.view.select_ids([entry_id])
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.detail.entry is not None and window.detail.entry.id == entry_id)
    assert "Tags" not in window.detail.toPlainText()

    qtbot.keyClick(window.view, Qt.Key.Key_1)  # Zotero's key for the first coloured tag
    qtbot.waitUntil(lambda: "important" in window.detail.toPlainText())
    assert "#e6194b" in window.detail.toHtml().lower()

    assert window.add_note(entry_id, NOTES[0].body) is not None
    qtbot.waitUntil(lambda: "Notes (1)" in window.detail.toPlainText())
    text = window.detail.toPlainText()
    assert "The key result, see the data." in text and "second point" in text
    assert "<script>alert(1)</script>" in text  # shown as text, never run
    rendered = window.detail.toHtml()
    assert "tracker.example" not in rendered and "<img" not in rendered

    window.detail.anchorClicked.emit(QUrl("refman:tag/important"))  # a tag link searches for it
    assert window.search.text() == 'tag:"important"'
    assert window.lib.search_ids(window.search.text()) == [entry_id]
