"""The nasty BibTeX cases of issue 7, each through the reader or the whole import path."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.core.errors import InputError
from refman.formats import bibtex
from refman.library import Library

DATA = Path(__file__).resolve().parent / "data" / "bibtex"


def test_braces_nested_5000_deep_decode() -> None:
    deep = "{" * 5000 + "Deep" + "}" * 5000
    text = f"@article{{deep, title = {deep}, year = 2020}}\n@book{{after, title = {{After}}, year = 2001}}\n"
    result = bibtex.read(text, "deep.bib")
    assert [e.citekey for e in result.entries] == ["deep", "after"]
    assert result.entries[0].title == "Deep"
    assert not result.problems


def test_accents_nested_5000_deep_do_not_overflow_the_stack() -> None:
    value = "\\'{" * 5000 + "e" + "}" * 5000
    result = bibtex.read(f"@misc{{acc, title = {{{value}}}}}\n", "acc.bib")
    assert [e.citekey for e in result.entries] == ["acc"]
    assert "e" in result.entries[0].title


def test_unclosed_5000_deep_braces_skip_only_that_entry() -> None:
    text = "@article{deep, title = " + "{" * 5000 + "x}\n@book{after, title={After}, year=2001}\n"
    result = bibtex.read(text, "open.bib")
    assert [e.citekey for e in result.entries] == ["after"]
    (problem,) = result.problems
    assert problem.line == 1 and problem.source == "open.bib" and "deep" in problem.message


def test_unterminated_entry_at_end_of_file() -> None:
    result = bibtex.read((DATA / "unterminated.bib").read_text(), "unterminated.bib")
    assert [e.citekey for e in result.entries] == ["complete"]
    errors = [p for p in result.problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].line == 7 and "cut-off" in errors[0].message
    # The same with nothing after the opening brace at all.
    result = bibtex.read("@article{one, title={A}}\n@article{", "eof.bib")
    assert [e.citekey for e in result.entries] == ["one"]
    assert result.problems and all(p.line == 2 for p in result.problems)


def test_string_cycles_and_undefined_macros_warn_and_keep_the_entry() -> None:
    text = (
        "@string{a = b}\n"
        "@string{b = a}\n"
        '@string{c = c # " loop"}\n'
        "@article{k, title = {Kept}, journal = c, note = nosuchmacro, year = 2000}\n"
    )
    result = bibtex.read(text, "strings.bib")
    assert [e.citekey for e in result.entries] == ["k"]
    assert result.entries[0].title == "Kept"
    messages = {(p.line, p.message) for p in result.problems}
    assert all(p.severity == "warning" for p in result.problems)
    assert any(line == 1 and "undefined macro 'b'" in m for line, m in messages)
    assert any(line == 3 and "undefined macro 'c'" in m for line, m in messages)
    assert any(line == 4 and "nosuchmacro" in m for line, m in messages)


def test_duplicate_keys_within_one_file(library: Library) -> None:
    report, _ = library.import_file(DATA / "duplicate.bib")
    assert len(report.added) == 3  # nothing dropped
    assert report.renamed == (("smith2020", "smith2020a"),)
    dup = [p for p in report.problems if "duplicate citation key" in p.message]
    assert [p.line for p in dup] == [7, 13]
    assert library.by_key("smith2020a").title == "The Third One, Same Key Exactly"


def test_duplicate_keys_across_two_files(library: Library, tmp_path: Path) -> None:
    first = tmp_path / "first.bib"
    first.write_text("@article{shared2020, author = {Alpha, Ann}, title = {First paper}, year = 2020}\n")
    second = tmp_path / "second.bib"
    second.write_text("% another tool's export\n\n@article{shared2020, author = {Beta, Bob},"
                      " title = {A different paper}, year = 2021}\n")
    library.import_file(first)
    report, _ = library.import_file(second)
    assert report.renamed == (("shared2020", "shared2020a"),)
    (warning,) = report.problems
    assert warning.severity == "warning" and warning.source == str(second) and warning.line == 3
    assert "shared2020a" in str(warning) and str(second) in str(warning)
    assert library.by_key("shared2020").title == "First paper"
    assert library.by_key("shared2020a").title == "A different paper"


def test_binary_file_renamed_bib(library: Library, tmp_path: Path) -> None:
    for name, data in (("zip.bib", b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256)) * 8),
                       ("fixture.bib", (DATA / "binary.bib").read_bytes())):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            library.import_file(path)
        assert info.value.source == str(path) and "binary" in info.value.message
    assert library.count() == 0


def test_empty_bib_file(library: Library, tmp_path: Path) -> None:
    for data in (b"", b"\n\n  \n", b"\xef\xbb\xbf"):
        path = tmp_path / "empty.bib"
        path.write_bytes(data)
        report, changes = library.import_file(path)
        assert report.added == () and changes.empty
        assert report.problems and "empty" in report.problems[0].message
    assert bibtex.read("", "e.bib").problems[0].severity == "warning"


def test_crlf_and_lone_cr_bib(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "mixed.bib"
    path.write_bytes(b"@article{crlf1,\r\n  title = {Line\r\n one},\r\n  year = 2001\r\n}\r\n"
                     b"@book{cr1,\r  title = {Lone CR},\r  year = 2002\r}\r")
    report, _ = library.import_file(path)
    assert report.added == ("crlf1", "cr1") and not report.problems
    assert library.by_key("crlf1").title == "Line one"
    assert library.by_key("cr1").title == "Lone CR" and library.by_key("cr1").year == 2002


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_bib(library: Library, tmp_path: Path, codec: str) -> None:
    text = "@article{utf16, author = {Müller, Jörg}, title = {Ünïcode Tïtle}, year = 2003}\n"
    data = text.encode(codec) if codec == "utf-16" else "\ufeff".encode(codec) + text.encode(codec)
    path = tmp_path / "utf16.bib"
    path.write_bytes(data)
    report, _ = library.import_file(path)
    assert report.added == ("utf16",) and report.encoding.startswith("utf-16")
    entry = library.by_key("utf16")
    assert entry.title == "Ünïcode Tïtle" and entry.contributors[0].family == "Müller"


def test_lone_braces_in_decoded_text_write_back_readable() -> None:
    """Found by fuzzing: `\\{` in a written field unbalanced BibTeX's brace count, losing the entry."""
    import io

    from refman.core.model import Entry, Person
    from refman.core.records import ExportRecord

    entry = Entry(citekey="k", entry_type="book", title="Set {x", note="a } b",
                  contributors=(Person(family="O}B", given="{a, b"),))
    for dialect in ("bibtex", "biblatex"):
        out = io.StringIO()
        bibtex.write([ExportRecord("entry", entry), ExportRecord("entry", Entry(citekey="after", title="After"))],
                     out, dialect=dialect)
        again = bibtex.read(out.getvalue(), "out.bib")
        assert not again.problems
        assert [e.citekey for e in again.entries] == ["k", "after"]
        assert again.entries[0].title == "Set {x" and again.entries[0].note == "a } b"
        assert again.entries[0].contributors[0].family == "O}B"
