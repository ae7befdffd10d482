"""Writing BibTeX/BibLaTeX: raw blocks byte for byte, the canonical form, dialects, ASCII, streaming."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from refman.core.model import Entry, ParseResult, Person
from refman.core.records import ExportRecord
from refman.formats import bibtex
from refman.formats.bibtex.records import records_from_result
from refman.formats.encoding import decode_bytes

DATA = Path(__file__).parent / "data" / "bibtex"


def records(result: ParseResult, mode: str = "raw") -> list[ExportRecord]:
    """What the library hands the writer: blocks in order; entries raw, edited or from elsewhere."""
    return records_from_result(result, mode)


def write(recs: list[ExportRecord], **options: object) -> str:
    buf = io.StringIO()
    bibtex.write(recs, buf, **options)  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.bib") if p.name != "binary.bib"))
def test_fixture_files_come_back_byte_identical(name: str) -> None:
    text, _, _ = decode_bytes((DATA / name).read_bytes(), name)
    result = bibtex.read(text, name)
    assert write(records(result)) == text


def test_raw_entries_are_written_as_read_and_counted() -> None:
    raw = '@Article{Key1,\n  author =       "A. Author",\n  title  = "T" # { x},\n}'
    result = bibtex.read(raw + "\n", "k.bib")
    buf = io.StringIO()
    n = bibtex.write(records(result), buf)
    assert n == 1
    assert buf.getvalue() == raw + "\n"
    # a key the library renamed is swapped into the raw text, nothing else changes
    renamed = replace(result.entries[0], citekey="Key1a")
    out = write([ExportRecord("entry", renamed, raw=raw)])
    assert out == raw.replace("Key1,", "Key1a,") + "\n"


ENTRY = Entry(
    citekey="anggraeni2023handling",
    entry_type="article-journal",
    title="Handling DNA samples: Müller's method & 50% more",
    contributors=(
        Person(family="Anggraeni", given="Dewi"),
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(literal="World Health Organization"),
    ),
    year=2023,
    date="2023-03",
    container="Jurnal Kimia",
    volume="12",
    issue="3",
    pages="101–110",
    doi="10.1234/jk.2023.12_3",
    url="https://example.org/a?b=1&c=%20",
    keywords=("DNA", "samples"),
    note="First published in {draft} form",
    extra=(("x-custom", "{kept \\verbatim}"),),
)


def test_canonical_form_bibtex() -> None:
    out = write([ExportRecord("entry", ENTRY)])
    assert out == (
        "@article{anggraeni2023handling,\n"
        "  author = {Anggraeni, Dewi and van Beethoven, Ludwig and {World Health Organization}},\n"
        "  title = {Handling {DNA} samples: Müller's method \\& 50\\% more},\n"
        "  journal = {Jurnal Kimia},\n"
        "  year = {2023},\n"
        "  month = mar,\n"
        "  volume = {12},\n"
        "  number = {3},\n"
        "  pages = {101--110},\n"
        "  doi = {10.1234/jk.2023.12_3},\n"
        "  url = {https://example.org/a?b=1&c=%20},\n"
        "  keywords = {{DNA}, samples},\n".replace("{{DNA}, samples}", "{DNA, samples}")
        + "  note = {First published in \\{draft\\} form},\n"
        "  x-custom = {kept \\verbatim}\n"
        "}\n"
    )


def test_canonical_form_biblatex_and_ascii() -> None:
    out = write([ExportRecord("entry", ENTRY)], dialect="biblatex", ascii=True)
    assert "  journaltitle = {Jurnal Kimia},\n" in out
    assert "  date = {2023-03},\n" in out
    assert "year =" not in out and "month =" not in out
    assert "M{\\\"u}ller's" in out
    assert out.isascii()


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True])
def test_canonical_form_reads_back_to_the_same_entry(dialect: str, ascii: bool) -> None:
    thesis = Entry(
        citekey="t",
        entry_type="thesis",
        genre="Master's thesis",
        title="Über die Anwendung",
        contributors=(Person(family="de la Fontaine", given="Jean"), Person(family="Ford", given="H.", suffix="Jr.")),
        year=1999,
        date="1999",
        publisher="Université de Paris",
        place="Paris",
    )
    report = Entry(
        citekey="r",
        entry_type="report",
        title="A Report",
        contributors=(Person(literal="Barnes and Noble, Inc."), Person(literal="others")),
        year=2001,
        date="2001-11-05" if dialect == "biblatex" else "2001-11",
        publisher="Institute",
        genre="Working paper",
        abstract="We study ~ and ^ and \\ and $x$.",
        language="english",
        isbn="978-3-16-148410-0",
    )
    chapter = Entry(
        citekey="c",
        entry_type="chapter",
        title="A Chapter",
        contributors=(Person(family="Author", given="A."), Person(family="Editor", given="E.", role="editor")),
        container="The Book",
        publisher="Publisher",
        pages="1–20",
        edition="2",
        year=2010,
        date="2010",
    )
    for entry in (ENTRY, thesis, report, chapter):
        text = write([ExportRecord("entry", entry)], dialect=dialect, ascii=ascii)
        back = bibtex.read(text, "x.bib")
        assert back.problems == ()
        got = back.entries[0]
        assert replace(got, original_type="") == replace(entry, original_type=""), text


def test_extra_field_wins_over_the_column_of_the_same_name() -> None:
    text = '@book{k,\n  title = {T},\n  year = "{\\noopsort{1973c}}1981",\n}\n'
    entry = bibtex.read(text, "k.bib").entries[0]
    assert entry.year == 1981
    out = write([ExportRecord("entry", entry)])
    assert out.count("year =") == 1
    assert 'year = "{\\noopsort{1973c}}1981"' in out


def test_edited_entry_keeps_the_unedited_fields_verbatim() -> None:
    raw = (
        "@ARTICLE{k,\n"
        '   author = "M{\\"u}ller, J{\\"o}rg and {\\TeX} Users Group",\n'
        '   title = "The {\\TeX}book",\n'
        "   journal = jrnl,\n"
        "   year = 1986,\n"
        "   month = jul,\n"
        "}"
    )
    text = '@string{jrnl = "J. Typography"}\n\n' + raw + "\n"
    result = bibtex.read(text, "k.bib")
    entry = result.entries[0]
    edited = replace(entry, title="The TeXbook, second edition")
    out = write(
        [ExportRecord("string", raw=result.blocks[0].text), ExportRecord("entry", edited, source_raw=raw)]
    )
    assert out == (
        '@string{jrnl = "J. Typography"}\n\n'
        "@ARTICLE{k,\n"
        '  author = "M{\\"u}ller, J{\\"o}rg and {\\TeX} Users Group",\n'
        "  title = {The {TeXbook}, second edition},\n"
        "  journal = jrnl,\n"
        "  year = 1986,\n"
        "  month = jul\n"
        "}\n"
    )
    # the same entry unedited, written from its source: all fields verbatim
    same = write([ExportRecord("string", raw=result.blocks[0].text), ExportRecord("entry", entry, source_raw=raw)])
    assert '  title = "The {\\TeX}book",\n' in same
    # and in the BibLaTeX dialect the field names are mapped, the values still verbatim
    string = ExportRecord("string", raw=result.blocks[0].text)
    bl = write([string, ExportRecord("entry", entry, source_raw=raw)], dialect="biblatex")
    assert "  journaltitle = jrnl,\n" in bl
    # without the @string the writer cannot tell `jrnl` means "J. Typography": it writes the value
    alone = write([ExportRecord("entry", entry, source_raw=raw)], dialect="biblatex")
    assert "  journaltitle = {J. Typography},\n" in alone


def test_ascii_option_on_raw_text_keeps_the_key() -> None:
    raw = "@book{Müller1990,\n  author = {Jürgen Müller},\n}"
    entry = bibtex.read(raw, "m.bib").entries[0]
    out = write([ExportRecord("entry", entry, raw=raw)], ascii=True)
    assert out == '@book{Müller1990,\n  author = {J{\\"u}rgen M{\\"u}ller},\n}\n'


def test_separators_and_gaps() -> None:
    recs = [
        ExportRecord("string", raw='@string{a = "b"}'),
        ExportRecord("junk", raw="\n\n% a comment line\n"),
        ExportRecord("entry", Entry(citekey="x", title="X")),
        ExportRecord("entry", Entry(citekey="y", title="Y", entry_type="book")),
    ]
    assert write(recs) == (
        '@string{a = "b"}\n\n% a comment line\n@article{x,\n  title = {X}\n}\n\n@book{y,\n  title = {Y}\n}\n'
    )
    assert write([]) == ""


def test_writing_streams_records() -> None:
    consumed = 0

    def produce() -> Iterator[ExportRecord]:
        nonlocal consumed
        for i in range(50):
            consumed += 1
            yield ExportRecord("entry", Entry(citekey=f"k{i}", title=f"T{i}"))

    seen_at_first_write: list[int] = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            if not seen_at_first_write:
                seen_at_first_write.append(consumed)
            return super().write(s)

    out = Out()
    assert bibtex.write(produce(), out) == 50
    assert seen_at_first_write == [1]


def test_unknown_dialect_is_rejected() -> None:
    with pytest.raises(ValueError):
        write([], dialect="ris")


def test_entry_from_another_format_is_written_as_legal_bibtex() -> None:
    """CSL-JSON and RIS keep their own type words and plain-text extras: not BibTeX as such."""
    entry = Entry(
        citekey="k",
        entry_type="document",
        original_type="pamphlet",  # a CSL type, not a BibTeX one
        title="T",
        extra=(("N1", "a note with 50%"), ("accessed", '{"date-parts": [[2020, 1, 2]]}'), ("bad name", '"q"')),
    )
    out = write([ExportRecord("entry", entry)])
    assert out == (
        "@misc{k,\n"
        "  title = {T},\n"
        "  N1 = {a note with 50\\%},\n"
        '  accessed = {"date-parts": [[2020, 1, 2]]},\n'
        '  xbad-name = "q"\n'
        "}\n"
    )
    back = bibtex.read(out, "k.bib")
    assert back.problems == ()
    assert back.entries[0].title == "T"
