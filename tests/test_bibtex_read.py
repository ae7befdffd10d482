"""Reading BibTeX/BibLaTeX: blocks kept exactly, entries decoded, bad input reported with its line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from texlive import kpsewhich

from refman.core.errors import InputError
from refman.core.model import ENTRY_TYPES, Entry, ParseResult, Person
from refman.core.records import ExportRecord
from refman.formats import bibtex
from refman.formats.encoding import decode_bytes
from refman.formats.registry import by_name, detect

DATA = Path(__file__).parent / "data" / "bibtex"




def _read_fixture(name: str) -> tuple[ParseResult, str]:
    path = DATA / name
    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    return bibtex.read(text, name), text


def _by_key(result: ParseResult) -> dict[str, Entry]:
    return {e.citekey: e for e in result.entries}


# ---------------------------------------------------------------- real files


def test_xampl_blocks_entries_and_decoding() -> None:
    text = kpsewhich("xampl.bib").read_text()
    result = bibtex.read(text, "xampl.bib")
    assert result.format == "bibtex"
    assert len(result.entries) == 36
    assert result.problems == ()
    kinds = [b.kind for b in result.blocks]
    assert kinds[:3] == ["junk", "preamble", "entry"]
    assert kinds.count("string") == 3  # @STRING{STOC}, ...
    # every byte of the file is in a block or is the one-blank-line separator
    assert "".join(b.text for b in result.blocks).replace("\n", "") == text.replace("\n", "")
    # raw_texts are parallel to entries and point back at their blocks
    for block in result.blocks:
        if block.kind == "entry":
            assert block.entry_index is not None
            assert result.raw_texts[block.entry_index] == block.text
            assert text.splitlines()[block.line - 1].lstrip().startswith("@")

    e = _by_key(result)
    full = e["article-full"]
    assert (full.entry_type, full.original_type) == ("article-journal", "article")
    assert full.title == "The Gnats and Gnus Document Preparation System"
    assert full.container == "G-Animal's Journal"  # \mbox{G-Animal's} decoded
    assert full.contributors == (Person(family="Aamport", given="L[eslie] A."),)
    assert (full.year, full.date, full.volume, full.issue, full.pages) == (1986, "1986-07", "41", "7", "73+")
    assert full.note == "This is a full ARTICLE entry"

    # crossref: display fields inherited, the raw crossref kept in extra
    crossref = e["inbook-crossref"]
    assert crossref.extra_value("crossref") == '"whole-set"'
    assert crossref.publisher == "Addison-Wesley"
    assert crossref.container == "The Art of Computer Programming"
    # @string macros and `#` concatenation: STOC is defined by @string and joined with " of the"
    proc = e["inproceedings-minimal"]
    assert proc.container == "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    # a year the column cannot hold stays verbatim in extra, with the year shown for sorting
    book = e["book-minimal"]
    assert book.year == 1981
    assert book.extra_value("year") == '"{\\noopsort{1973c}}1981"'
    # theses and reports: CSL type, genre, publisher from school/institution
    assert (e["phdthesis-minimal"].entry_type, e["phdthesis-minimal"].genre) == ("thesis", "PhD thesis")
    assert e["phdthesis-minimal"].publisher == "Fanstord University"
    assert e["mastersthesis-minimal"].genre == "Master's thesis"
    assert (e["techreport-full"].entry_type, e["techreport-full"].genre) == ("report", "Wishful Research Result")
    assert e["unpublished-minimal"].contributors[2] == Person(family="P\u0304ot", given="Paul")
    assert e["misc-full"].entry_type == "document"
    assert all(x.entry_type in ENTRY_TYPES for x in result.entries)


def test_biblatex_examples_fields() -> None:
    result = bibtex.read(kpsewhich("biblatex-examples.bib").read_text(), "biblatex-examples.bib")
    assert len(result.entries) == 92
    e = _by_key(result)
    aksin = e["aksin"]
    assert aksin.container == "J.\u00a0Organomet. Chem."  # journaltitle = JOMCH, an @string
    assert aksin.contributors[0] == Person(family="Aksın", given="Özge")
    assert (aksin.year, aksin.pages) == (2006, "3027-3036")
    markey = e["markey"]
    assert (markey.entry_type, markey.date, markey.url) == (
        "webpage",
        "2005-10-16",
        "http://mirror.ctan.org/info/bibtex/tamethebeast/ttb_en.pdf",
    )
    geer = e["geer"]
    assert (geer.entry_type, geer.genre, geer.publisher, geer.place) == (
        "thesis",
        "PhD thesis",
        "Uppsala Universitet",
        "Uppsala",
    )
    assert e["iliad"].contributors[1] == Person(family="Schadewaldt", given="Wolfgang", role="translator")
    # a date range is kept verbatim; the first year is shown
    jaffe = e["jaffe"]
    assert jaffe.year == 1885 and jaffe.extra_value("date") == "{1885/1888}"
    assert e["sigfridsson"].doi == "10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P"
    # every field without a column is kept, name and raw value, in source order
    assert [n for n, _ in e["knuth:ct:a"].extra][:2] == ["maintitle", "langid"]


def test_tugboat_every_entry_and_nothing_skipped() -> None:
    text = kpsewhich("tugboat.bib").read_text()
    result, stats = bibtex.read_with_stats(text, "tugboat.bib")
    assert len(result.entries) == 4839 == stats.scanned_entries
    assert stats.from_bibtexparser + stats.reparsed == stats.scanned_entries
    assert stats.failed == 0
    assert [p.severity for p in result.problems] == ["warning"] * 4  # two entries repeat two fields
    assert all("given twice" in p.message for p in result.problems)
    assert "".join(b.text for b in result.blocks).replace("\n", "") == text.replace("\n", "")


# ---------------------------------------------------------------- bibtexparser's defects


def test_constructs_bibtexparser_loses_are_read() -> None:
    result, _ = _read_fixture("bibtexparser_defects.bib")
    e = _by_key(result)
    assert list(e) == [
        "commentary-type",
        "jurabib-type",
        "hyphen-type",
        "newline-type",
        "concatenation",
        "percent-inside",
        "paren-entry",
    ]
    assert [e[k].original_type for k in e] == [
        "commentary",
        "commented",
        "book-review",
        "misc",
        "article",
        "article",
        "misc",
    ]
    assert e["jurabib-type"].title == "Bürgerliches Gesetzbuch"
    assert e["newline-type"].title == "Blank lines between the @ and the brace"
    concat = e["concatenation"]
    assert concat.title == "Joined with hashes"
    assert concat.container == "Journal of Obscure Constructs (Special Issue)"
    assert concat.extra_value("month") == 'aug # "~11"'  # not a plain month: kept verbatim
    assert e["percent-inside"].title == "The Real Title"
    assert e["paren-entry"].title == "A closing ) inside quotes"
    assert e["paren-entry"].note == 'Quote " inside quotes'
    assert [(b.kind, b.line) for b in result.blocks if b.kind != "junk"] == [
        ("string", 3),
        ("comment", 4),
        ("entry", 6),
        ("entry", 12),
        ("entry", 18),
        ("entry", 24),
        ("entry", 32),
        ("entry", 40),
        ("entry", 47),
    ]
    assert [str(p) for p in result.problems] == [
        "bibtexparser_defects.bib:42: '%' comment inside entry 'percent-inside': kept as a comment "
        "(biber ignores it; BibTeX stops reading the entry there)"
    ]


# ---------------------------------------------------------------- bad input


def test_malformed_entry_is_skipped_with_its_line_and_the_rest_imports() -> None:
    result, _ = _read_fixture("malformed.bib")
    assert [e.citekey for e in result.entries] == ["good1", "good2"]
    assert [(p.source, p.line, p.severity) for p in result.problems] == [("malformed.bib", 10, "error")]
    assert result.problems[0].message == (
        "entry '@article{broken' (line 8): expected '=' after field name 'title'; entry skipped"
    )
    # the skipped text is kept as a block, so nothing of the file is lost
    assert any("Passages from the Life" in b.text and b.kind == "junk" for b in result.blocks)


def test_unbalanced_brace_skips_to_the_next_entry() -> None:
    result, _ = _read_fixture("unbalanced.bib")
    assert [e.citekey for e in result.entries] == ["first", "after", "last"]
    assert [(p.source, p.line, p.severity) for p in result.problems] == [("unbalanced.bib", 7, "error")]
    assert result.problems[0].message == (
        "entry '@article{unclosed' has no closing '}' (unbalanced braces or quotes); skipped up to the next entry"
    )


def test_unterminated_entry_at_end_of_file() -> None:
    result, _ = _read_fixture("unterminated.bib")
    assert [e.citekey for e in result.entries] == ["complete"]
    assert result.entries[0].title == "The TeXbook"
    assert [(p.line, p.severity) for p in result.problems] == [(7, "error")]
    assert "'@book{cut-off' has no closing '}'" in result.problems[0].message


def test_extra_closing_brace_is_reported() -> None:
    result, _ = _read_fixture("extra_brace.bib")
    assert [e.citekey for e in result.entries] == ["closes-early", "next"]
    assert result.entries[0].year is None  # the year was after the stray '}'
    assert [(p.line, p.severity) for p in result.problems] == [(3, "warning")]
    assert "looks like part of an entry" in result.problems[0].message


def test_duplicate_key_is_kept_and_marked() -> None:
    result, _ = _read_fixture("duplicate.bib")
    assert [e.citekey for e in result.entries] == ["smith2020", "Smith2020", "smith2020"]
    assert [e.title for e in result.entries][2] == "The Third One, Same Key Exactly"
    assert [(p.source, p.line, p.severity) for p in result.problems] == [
        ("duplicate.bib", 7, "warning"),
        ("duplicate.bib", 13, "warning"),
    ]
    assert result.problems[0].message == (
        "duplicate citation key 'Smith2020' (first at line 1; BibTeX keys ignore case); entry kept"
    )


def test_empty_file() -> None:
    result, _ = _read_fixture("empty.bib")
    assert result.entries == () and result.blocks == ()
    assert [(p.source, p.line, p.message, p.severity) for p in result.problems] == [
        ("empty.bib", None, "empty file: no BibTeX entries", "warning")
    ]


def test_binary_file_raises_input_error() -> None:
    with pytest.raises(InputError) as info:
        _read_fixture("binary.bib")
    assert (info.value.source, info.value.line) == ("binary.bib", 1)
    assert str(info.value) == "binary.bib:1: binary data, not a BibTeX file"


def test_invalid_utf8_is_read_as_cp1252_with_a_warning() -> None:
    path = DATA / "latin1.bib"
    text, encoding, problems = decode_bytes(path.read_bytes(), "latin1.bib")
    assert encoding == "cp1252"
    assert [(p.line, p.severity) for p in problems] == [(2, "warning")]
    result = bibtex.read(text, "latin1.bib")
    assert result.entries[0].contributors == (Person(family="Müller", given="Jürgen"),)
    assert result.entries[0].title == "Über Gedächtnis"


def test_undefined_macro_is_a_warning_on_its_line() -> None:
    text = "@article{k,\n  title = {T},\n  journal = nosuchmacro,\n}\n"
    result = bibtex.read(text, "m.bib")
    assert result.entries[0].container == "nosuchmacro"  # visible as the macro until it is defined (issue 20)
    assert result.undefined_macros == ((0, "nosuchmacro"),)
    assert [(p.line, p.severity, p.message) for p in result.problems] == [
        (3, "warning", "k: field 'journal' uses undefined @string macro 'nosuchmacro'")
    ]


def test_garbage_never_crashes() -> None:
    for text in ["@", "@article", "@article{", "@article{k,", "@article{k, title = ", '@article{k, t = "x',
                 "@{}", "@string{}", "@string{x}", "@preamble{", "}}}{{{", "@article{k, = {x}}", "@x(y, z = )"]:
        result = bibtex.read(text, "g.bib")
        assert all(p.source == "g.bib" for p in result.problems)


# ---------------------------------------------------------------- sniffing


def test_sniff_and_registry() -> None:
    assert bibtex.sniff("@article{x, title={y}}", "refs.txt") >= 0.8
    assert bibtex.sniff("", "refs.bib") == 0.5
    assert bibtex.sniff('[{"id": "x", "note": "@article{"}]', "x.json") < 0.5
    assert bibtex.sniff("TY  - JOUR\nER  -\n", "x.ris") == 0.0
    assert detect("% comment\n@book{k, title = {T}}\n", "x.bib").name == "bibtex"
    assert by_name("biblatex").load() is bibtex


_pieces = st.sampled_from(
    ["@", "article", "string", "comment", "preamble", "Book-Review", "{", "}", "(", ")", '"', ",", "=", "#",
     "%", "\n", "\n\n", " ", "key", "title", "jan", "{\\\"u}", "\\TeX", "and", "1999", "--", "~"]
)


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(_pieces, max_size=60).map("".join))
def test_any_text_reads_without_crashing_and_writes_back(text: str) -> None:
    result = bibtex.read(text, "fuzz.bib")
    assert len(result.raw_texts) == len(result.entries)
    out = io.StringIO()
    bibtex.write(
        [ExportRecord(b.kind, result.entries[b.entry_index] if b.entry_index is not None else None, b.text)
         for b in result.blocks],
        out,
    )
    assert out.getvalue() in (text, text + "\n")
