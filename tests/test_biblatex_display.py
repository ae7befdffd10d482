"""Issue 15, point 8: BibLaTeX titles are shown, cited and exported as biblatex prints them, and
LaTeX in fields kept verbatim is decoded wherever it is displayed."""

from __future__ import annotations

import io
import json

from refman.formats.bibtex.mapping import join_title, title_without_parts
from refman.formats.latex import decode
from refman.library import Library, display_text

BIB = r"""@book{turner1920,
  author = {Turner, Frederick Jackson},
  title = {The True Frontier},
  subtitle = {Confronting and Avoiding Mistakes in the \texttt{Field}},
  titleaddon = {A Reader},
  publisher = {Holt},
  date = {1920},
  howpublished = {Well\hyphen known {Braces} and \emph{more}},
}
@article{q2020,
  author = {Quiz, Ann},
  title = {Why Ask?},
  subtitle = {Answers},
  journaltitle = {J},
  date = {2020},
}
"""


def _entries(library: Library) -> dict[str, object]:
    library.import_text(BIB, "sub.bib", "biblatex")
    return {e.citekey: e for e in library.get_many(library.search_ids(""))}


def test_title_subtitle_and_addon_join_as_biblatex_prints_them(library: Library) -> None:
    entries = _entries(library)
    assert entries["turner1920"].title == (  # type: ignore[attr-defined]
        "The True Frontier. Confronting and Avoiding Mistakes in the Field. A Reader")
    assert entries["q2020"].title == "Why Ask? Answers"  # type: ignore[attr-defined]
    summaries = {s.citekey: s.title for s in library.search("")}
    assert summaries["turner1920"].startswith("The True Frontier. Confronting")  # the table's column


def test_csl_json_export_and_citations_carry_the_subtitle(library: Library) -> None:
    _entries(library)
    out = io.StringIO()
    library.export(out, "csljson")
    titles = {item["id"]: item["title"] for item in json.loads(out.getvalue())}
    assert titles["turner1920"] == "The True Frontier. Confronting and Avoiding Mistakes in the Field. A Reader"
    from refman.library import cite_entries

    text = cite_entries([library.by_key("turner1920")], "chicago-author-date")
    assert "Confronting and Avoiding Mistakes" in text


def test_writing_an_edited_entry_does_not_repeat_the_subtitle(library: Library) -> None:
    import dataclasses

    entry = _entries(library)["turner1920"]
    edited = dataclasses.replace(entry, publisher="Henry Holt")  # type: ignore[type-var]
    out = io.StringIO()
    Library.write_entries([edited], out, "biblatex")
    written = out.getvalue()
    assert "title = {The True Frontier}," in written
    assert written.count("Confronting and Avoiding") == 1


def test_join_and_split_are_inverse() -> None:
    assert join_title("Why Ask?", ["Answers"]) == "Why Ask? Answers"
    assert join_title("", ["Only"]) == "Only"
    extra = (("subtitle", "{Sub}"), ("titleaddon", "Add"))
    assert title_without_parts(join_title("Main", ["Sub", "Add"]), extra) == "Main"
    assert title_without_parts("Retitled by hand", extra) == "Retitled by hand"


def test_latex_in_kept_fields_is_decoded_for_display() -> None:
    assert display_text(r"Well\hyphen known {Braces} and \emph{more}") == "Well-known Braces and more"
    assert display_text(r"\texttt{code}") == "code"
    assert display_text("50% of ~3 cases") == "50% of ~3 cases"  # plain text (RIS, CSL-JSON) as it is
    assert decode(r"well\hyp{}known") == "well-known"


MAIN = r"""@book{works2,
  author = {Aristotle},
  maintitle = {The Complete Works},
  mainsubtitle = {The Revised Oxford Translation},
  title = {Politics},
  volume = {2},
  publisher = {Princeton University Press},
  date = {1984},
}
@inbook{works2ch,
  author = {Aristotle},
  title = {Book One},
  maintitle = {The Complete Works},
  booktitle = {Politics},
  booksubtitle = {A Treatise on Government},
  volume = {2},
  pages = {1986--2000},
  publisher = {Princeton University Press},
  date = {1984},
}
@book{same,
  author = {Aristotle},
  maintitle = {Metaphysics},
  title = {Metaphysics},
  date = {1984},
}
@article{ignored,
  author = {Quiz, Ann},
  title = {Plain},
  maintitle = {Not printed for articles},
  journaltitle = {J},
  date = {2020},
}
"""


def test_maintitle_joins_the_title_or_the_booktitle_as_biblatex_prints_it(library: Library) -> None:
    library.import_text(MAIN, "main.bib", "biblatex")
    entries = {e.citekey: e for e in library.get_many(library.search_ids(""))}
    assert entries["works2"].title == "The Complete Works. The Revised Oxford Translation. Politics"
    assert entries["works2"].volume == "2"  # the volume stays its own field: styles print it
    assert entries["works2ch"].title == "Book One"
    assert entries["works2ch"].container == "The Complete Works. Politics. A Treatise on Government"
    assert entries["same"].title == "Metaphysics"  # biblatex drops a main title equal to the title
    assert entries["ignored"].title == "Plain"  # article drivers do not print a main title
    table = {s.citekey: s for s in library.search("")}
    assert table["works2"].title.startswith("The Complete Works. The Revised")
    assert table["works2ch"].container.startswith("The Complete Works. Politics")
    assert library.search("complete works politics")  # and it is found as shown


def test_maintitle_in_csl_json_and_citations(library: Library) -> None:
    library.import_text(MAIN, "main.bib", "biblatex")
    out = io.StringIO()
    library.export(out, "csljson")
    items = {item["id"]: item for item in json.loads(out.getvalue())}
    assert items["works2"]["title"] == "The Complete Works. The Revised Oxford Translation. Politics"
    assert items["works2ch"]["container-title"] == "The Complete Works. Politics. A Treatise on Government"
    from refman.library import cite_entries

    text = cite_entries([library.by_key("works2"), library.by_key("works2ch")], "chicago-author-date")
    assert "The Complete Works. The Revised Oxford Translation. Politics" in text
    assert "In The Complete Works. Politics. A Treatise on Government" in text


def test_writing_does_not_repeat_the_main_title(library: Library) -> None:
    import dataclasses

    library.import_text(MAIN, "main.bib", "biblatex")
    edited = [dataclasses.replace(library.by_key(k), publisher="PUP") for k in ("works2", "works2ch")]
    out = io.StringIO()
    Library.write_entries(edited, out, "biblatex")
    written = out.getvalue()
    assert "title = {Politics}," in written and "booktitle = {Politics}," in written
    assert written.count("The Complete Works") == 2  # once in each entry's maintitle, nowhere else
    assert written.count("A Treatise on Government") == 1
