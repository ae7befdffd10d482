"""The detail pane's HTML: everything imported is text, and only web links are links."""

from __future__ import annotations

import re

from refman.core.model import Entry, EntrySummary, Person
from refman.gui.detail import DetailView, entry_html, safe_href

HOSTILE = Entry(
    citekey="evil2024",
    title="<script>alert('x')</script> Title",
    contributors=(Person("O'Brien", "<b>Pat</b>", affiliations=("Dept. <i>A</i>", "Lab & Co")),
                  Person("Lee", "Kim", affiliations=("Lab & Co",))),
    container='Journal "of" <Things>',
    abstract='<img src="https://evil.example/pixel.png"> First paragraph.\n\nSecond paragraph.',
    url="javascript:alert(1)",
    licence="CC BY 4.0",
    licence_url="file:///etc/passwd",
    doi='10.1000/"><script>',
    keywords=("a<b", "c"),
    extra=(("abstract-views", "1234"), ("pdf-downloads", "56"), ("funder", "<NSF>")),
)


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_imported_markup_is_escaped() -> None:
    html = entry_html(HOSTILE)
    assert "<script" not in html and "<img" not in html and "<b>Pat" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=" in html
    assert "Dept. &lt;i&gt;A&lt;/i&gt;" in html and "Lab &amp; Co" in html


def test_only_web_and_internal_links() -> None:
    hrefs = _hrefs(entry_html(HOSTILE, references=(EntrySummary(7, "ref2020", "Ref", 2020, "A ref", "", "book"),)))
    assert all(h.startswith(("https://", "http://", "refman:")) for h in hrefs), hrefs
    assert not any("javascript" in h or h.startswith("file:") for h in hrefs)
    assert "https://doi.org/10.1000/%22%3E%3Cscript%3E" in hrefs
    assert "refman:entry/7" in hrefs
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("doi:10.1/x") == "https://doi.org/10.1/x"
    assert safe_href("https://ok.example/a b") is None


def test_sections_for_metrics_affiliations_and_paragraphs(qtbot) -> None:
    view = DetailView()
    qtbot.addWidget(view)
    view.show_entry(HOSTILE, cited_by=(EntrySummary(9, "cite2025", "Citer", 2025, "Citing work", "J", "book"),))
    text = view.toPlainText()
    assert "Metrics" in text and "Abstract views" in text and "1234" in text and "Pdf downloads" in text
    assert "Other fields" in text and "<NSF>" in text
    assert "Affiliations" not in text and "1 Dept. <i>A</i>" in text.replace("\u00a0", " ")
    assert "First paragraph." in text and "Second paragraph." in text
    assert "Cited by (1)" in text and "Citing work" in text
    assert "CC BY 4.0" in text  # a licence whose URL is not a web link is shown, unlinked


def test_affiliations_without_names_are_listed_under_the_title() -> None:
    entry = Entry(citekey="a2024", title="T", extra=(("affiliation-1", "Dept. of Government, UMM"),
                                                     ("affiliation-2", "Dept. of IR, UMM"), ("pdf-downloads", "51")))
    html = entry_html(entry)
    assert "<sup>1</sup>&nbsp;Dept. of Government, UMM" in html and "<sup>2</sup>&nbsp;Dept. of IR, UMM" in html
    assert "Other fields" not in html and "Metrics" in html


def test_other_fields_show_decoded_latex(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, point 8: raw {…}, \\texttt{} and \\hyphen are not shown as written."""
    from refman.core.model import Entry
    from refman.gui.detail import DetailView

    view = DetailView()
    qtbot.addWidget(view)
    entry = Entry(citekey="x", title="T", extra=(("howpublished", r"{Well\hyphen known} \texttt{code}"),))
    view.show_entry(entry)
    text = view.toPlainText()
    assert "Well-known code" in text
    assert "\\" not in text and "{" not in text and "hyphen" not in text
