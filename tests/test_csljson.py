"""CSL-JSON reader and writer: real-shaped exports, bad input, and lossless round trips."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refman.core.model import ENTRY_TYPES, ROLES, Entry, Person
from refman.core.records import ExportRecord
from refman.formats import csljson, registry

DATA = Path(__file__).resolve().parent / "data" / "csljson"


def _read(name: str) -> tuple[csljson.ParseResult, str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return csljson.read(text, name), text


def _write(entries: list[Entry] | tuple[Entry, ...], raws: tuple[str, ...] | None = None) -> str:
    buf = io.StringIO()
    records = [ExportRecord("entry", e, raws[i] if raws else None) for i, e in enumerate(entries)]
    n = csljson.write(records, buf)
    assert n == len(entries)
    return buf.getvalue()


# --- a Zotero export ------------------------------------------------------------------------


def test_zotero_export_fields() -> None:
    result, text = _read("zotero_export.json")
    assert result.format == "csljson"
    assert result.problems == ()
    assert len(result.entries) == 6 == len(result.raw_texts) == len(result.blocks)
    numpy, knuth, lakoff, who, shannon, beethoven = result.entries

    # Zotero's default id is the item URI: not a citekey, but kept.
    assert numpy.citekey == ""
    assert numpy.extra_value("id") == '"http://zotero.org/users/local/kHH3aP8o/items/IYBTYZ8S"'
    assert numpy.entry_type == "article-journal"
    assert numpy.pages == "357–362"  # as written, en dash kept
    assert (numpy.date, numpy.year) == ("2020-09-16", 2020)
    assert (numpy.container, numpy.volume, numpy.issue) == ("Nature", "585", "7825")
    assert numpy.doi == "10.1038/s41586-020-2649-2" and numpy.issn == "1476-4687"
    assert numpy.licence == "2020 The Author(s)" and numpy.language == "en"
    assert numpy.abstract.startswith("Array programming provides")
    assert numpy.contributors[2] == Person(family="Walt", given="Stéfan J.", particle="van der")
    assert numpy.extra_value("accessed") == '{"date-parts": [["2023", 5, 17]]}'
    assert numpy.extra_value("journalAbbreviation") == '"Nature"'

    assert knuth.citekey == "knuth1997art"
    assert (knuth.edition, knuth.isbn, knuth.publisher, knuth.place) == (
        "3", "978-0-201-89683-1", "Addison-Wesley", "Reading, Mass.")
    assert knuth.extra == (("event-place", '"Reading, Mass."'), ("number-of-pages", '"650"'))

    # citation-key wins over a URI id; the id stays in extra.
    assert lakoff.citekey == "lakoff1993contemporary"
    assert [(p.role, p.family) for p in lakoff.contributors] == [("author", "Lakoff"), ("editor", "Ortony")]
    assert lakoff.pages == "202-251" and lakoff.container == "Metaphor and Thought"

    assert who.contributors == (Person(literal="World Health Organization"),)
    assert who.licence == "CC BY-NC-SA 3.0 IGO"

    assert (shannon.entry_type, shannon.genre) == ("thesis", "Master's thesis")

    # A CSL type refman has no column value for: nearest type, exact word kept.
    assert (beethoven.entry_type, beethoven.original_type) == ("document", "musical_score")
    assert beethoven.contributors[0].given == "Ludwig van"  # dropping particle folded into given
    assert (beethoven.date, beethoven.year) == ("", 1809)
    assert beethoven.extra_value("issued") == '{"raw": "Spring 1809"}'

    # Raw text is each item's own JSON, located on its line.
    for raw, block in zip(result.raw_texts, result.blocks, strict=True):
        assert isinstance(json.loads(raw), dict)
        assert text.splitlines()[block.line - 1].strip() == "{"
    assert result.blocks[1].line == 57  # the "{" above "id": "knuth1997art"


def test_zotero_export_survives_our_writer_exactly() -> None:
    result, _ = _read("zotero_export.json")
    again = csljson.read(_write(result.entries), "out.json")
    assert again.problems == ()
    assert again.entries == result.entries


def test_written_items_carry_what_citeproc_needs() -> None:
    result, _ = _read("zotero_export.json")
    items = json.loads(_write(result.entries))
    numpy, _, _, _, _, beethoven = items
    assert numpy["issued"] == {"date-parts": [[2020, 9, 16]]}
    assert numpy["page"] == "357–362"
    assert numpy["accessed"] == {"date-parts": [["2023", 5, 17]]}  # unmapped CSL variables stay top-level
    assert numpy["author"][2] == {"family": "Walt", "given": "Stéfan J.", "non-dropping-particle": "van der"}
    assert "id" not in numpy  # no citekey yet; the library assigns one
    assert beethoven["type"] == "musical_score"  # the source's type word goes back out
    assert beethoven["issued"] == {"raw": "Spring 1809"}


def test_raw_text_written_back_verbatim_when_key_matches() -> None:
    result, _ = _read("zotero_export.json")
    out = _write(result.entries, result.raw_texts)
    assert all(raw in out for raw in result.raw_texts)  # keys agree with each raw item
    keyed = (replace(result.entries[0], citekey="harris2020array"), *result.entries[1:])
    out = _write(keyed, result.raw_texts)
    assert result.raw_texts[1] in out
    assert result.raw_texts[0] not in out  # the library gave it a key: regenerated with that id
    assert json.loads(out)[0]["id"] == "harris2020array"
    renamed = [Entry(citekey="knuth1997arta", title="x")]
    assert result.raw_texts[1] not in _write(renamed, (result.raw_texts[1],))
    assert [e.title for e in csljson.read(out, "o").entries] == [e.title for e in result.entries]


def test_entry_to_csl_maps_every_column() -> None:
    e = Entry(
        citekey="k1", entry_type="chapter", title="T", year=2001, date="2001-02-03", container="C",
        volume="1", issue="2", pages="10-20", publisher="P", place="Pl", edition="2", genre="G",
        doi="10.1/x", url="https://x", isbn="978", issn="1234-5678", abstract="A", licence="CC0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/", copyright_holder="H",
        copyright_year=2001, language="de", keywords=("k1", "k2"), note="N",
        contributors=(Person("Doe", "J", "de", "Jr."), Person(literal="ACME", role="editor"),
                      Person("Tr", "A", role="translator")),
    )
    item = csljson.entry_to_csl(e)
    assert item["id"] == "k1" and item["type"] == "chapter"
    assert item["author"] == [{"family": "Doe", "given": "J", "non-dropping-particle": "de", "suffix": "Jr."}]
    assert item["editor"] == [{"literal": "ACME"}]
    assert item["translator"] == [{"family": "Tr", "given": "A"}]
    assert item["issued"] == {"date-parts": [[2001, 2, 3]]}
    for key, value in (("container-title", "C"), ("volume", "1"), ("issue", "2"), ("page", "10-20"),
                       ("publisher", "P"), ("publisher-place", "Pl"), ("edition", "2"), ("genre", "G"),
                       ("DOI", "10.1/x"), ("URL", "https://x"), ("ISBN", "978"), ("ISSN", "1234-5678"),
                       ("abstract", "A"), ("language", "de"), ("keyword", "k1, k2"), ("note", "N"),
                       ("license", "CC0")):
        assert item[key] == value, key
    assert item["custom"]["refman"] == {
        "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "copyright_holder": "H", "copyright_year": 2001,
    }
    assert csljson.csl_to_entry(item) == e


def test_hand_edit_of_visible_field_beats_stale_sidecar() -> None:
    e = Entry(citekey="k", title="T", keywords=("a, b", "c"))
    item = csljson.entry_to_csl(e)
    assert item["custom"]["refman"]["derived"]["keywords"][0] == ["a, b", "c"]
    assert csljson.csl_to_entry(item).keywords == ("a, b", "c")
    item["keyword"] = "x, y"  # edited in another tool
    assert csljson.csl_to_entry(item).keywords == ("x", "y")


def test_other_shapes_wrapper_single_object_ranges() -> None:
    wrapped, text = _read("wrapped.json")
    assert [e.citekey for e in wrapped.entries] == ["w1", "w2"]
    assert (wrapped.entries[0].date, wrapped.entries[1].date) == ("2001-02", "2002")
    assert wrapped.entries[1].url == "https://example.org/w2"  # lower-case alias accepted
    assert [b.line for b in wrapped.blocks] == [4, 5]
    assert wrapped.raw_texts[0] == text.splitlines()[3].strip().rstrip(",")
    single, _ = _read("single.json")
    (e,) = single.entries
    assert (e.date, e.year, e.entry_type) == ("2015-06-01/2015-06-03", 2015, "paper-conference")
    assert csljson.entry_to_csl(e)["issued"] == {"date-parts": [[2015, 6, 1], [2015, 6, 3]]}


# --- bad input ------------------------------------------------------------------------------


def test_invalid_json_reports_line_and_column_and_keeps_earlier_items() -> None:
    result, _ = _read("invalid_comma.json")
    assert [e.citekey for e in result.entries] == ["a2020"]
    (p,) = result.problems
    assert (p.source, p.line, p.severity) == ("invalid_comma.json", 10, "error")
    assert "Expecting ',' delimiter (line 10, column 5)" in p.message
    assert str(p).startswith("invalid_comma.json:10: invalid JSON")


def test_truncated_file() -> None:
    result, _ = _read("truncated.json")
    assert [e.citekey for e in result.entries] == ["one", "two"]
    assert result.entries[1].volume == "2"
    (p,) = result.problems
    assert p.line == 4 and "Unterminated string" in p.message and "2 item(s) before it were read" in p.message


def test_wrong_types_are_reported_and_nothing_is_lost() -> None:
    result, _ = _read("wrong_types.json")
    assert [e.citekey for e in result.entries] == ["ok2019", "notype"]
    by_line = [(p.line, p.severity, p.message) for p in result.problems]
    assert (2, "error", "item 1 is a string, not an object; skipped") in by_line
    assert (13, "error", "item 3 is an empty object; skipped") in by_line
    assert (3, "warning", "item 2 ('ok2019'): 'title' is an array, not text; kept in extra") in by_line
    assert (3, "warning", "item 2 ('ok2019'): editor[1] is a number, not a name; kept in extra") in by_line
    assert (14, "warning", "item 4 ('notype'): item has no type; imported as document") in by_line
    ok, notype = result.entries
    assert (ok.volume, ok.pages, ok.title) == ("12", "7", "")
    assert ok.extra_value("title") == '["A", "list"]'
    assert ok.extra_value("author") == '{"family": "Solo"}'
    assert ok.extra_value("issued") == '{"season": 2}'
    assert ok.editors == (Person("Good", "Ed", role="editor"),)
    assert notype.entry_type == "document" and notype.keywords == ("alpha", "beta; gamma")
    # The values kept in extra go back out where they came from.
    assert csljson.read(_write(result.entries), "o").entries == result.entries


def test_scalar_empty_and_deep_files() -> None:
    result, _ = _read("scalar.json")
    assert result.entries == ()
    assert result.problems[0].message == "the file holds a number, not CSL-JSON items (an array of objects)"
    assert csljson.read("  \n", "e.json").problems[0].message == "empty file: no CSL-JSON items"
    deep = csljson.read("[" * 100_000 + "]" * 100_000, "deep.json")
    assert deep.entries == () and deep.problems and deep.problems[0].severity == "error"
    big = csljson.read('[{"id": "x", "type": "book", "volume": ' + "9" * 5000 + "}]", "big.json")
    assert big.entries == () and "invalid JSON" in big.problems[0].message


def test_sniff_and_registry() -> None:
    text = (DATA / "zotero_export.json").read_text(encoding="utf-8")
    assert csljson.sniff(text, "export.json") > 0.9
    assert csljson.sniff("@article{x, title={y}}", "x.bib") == 0.0
    assert csljson.sniff("TY  - JOUR\nER  - \n", "x.ris") == 0.0
    assert registry.by_name("csljson").sniff(text, "export.json") > 0.9
    assert len(registry.by_name("csljson").read(text, "x").entries) == 6


def test_writer_streams_and_counts() -> None:
    buf = io.StringIO()
    records = [ExportRecord("string", raw="@string{a = b}"), ExportRecord("entry", Entry(citekey="é", title="Ünïcode"))]
    assert csljson.write(iter(records), buf) == 1
    assert "Ünïcode" in buf.getvalue()  # UTF-8, not \u escapes
    assert json.loads(buf.getvalue())[0]["id"] == "é"
    empty = io.StringIO()
    assert csljson.write([], empty) == 0 and json.loads(empty.getvalue()) == []


# --- properties -----------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_word = st.text("abcdefghijklmnopqrstuvwxyzÄé -,;", min_size=1, max_size=10)
_json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)
_extra_key = st.sampled_from(
    ["accessed", "collection-title", "number", "title", "issued", "id", "custom", "doi", "citation-key",
     "series", "howpublished", "keyword", "author"]
) | _text


@st.composite
def _extra_value(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return json.dumps(draw(_json_value), ensure_ascii=False)
    return draw(_text)


_person = st.builds(
    Person, family=_text, given=_text, particle=_text, suffix=_text, literal=_text,
    role=st.sampled_from(ROLES), affiliations=st.lists(_text, max_size=2).map(tuple),
)


@st.composite
def _date(draw: st.DrawFn) -> tuple[str, int | None]:
    kind = draw(st.sampled_from(["none", "year", "iso", "range", "odd", "inconsistent"]))
    y = draw(st.integers(1, 2100))
    if kind == "none":
        return "", None
    if kind == "year":
        return draw(st.sampled_from(["", f"{y:04d}"])), y
    if kind == "iso":
        return f"{y:04d}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}", y
    if kind == "range":
        return f"{y:04d}-{draw(st.integers(1, 12)):02d}/{y + 1:04d}", y
    if kind == "odd":
        return draw(st.sampled_from(["Spring 2020", "2020-3", "c. 1900", "n.d."])), draw(st.none() | st.just(y))
    return f"{y:04d}", draw(st.none() | st.integers(1, 3000))


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    date, year = draw(_date())
    return Entry(
        citekey=draw(st.sampled_from(["", "smith2020", "http://zotero.org/users/1/items/X"]) | _text),
        entry_type=draw(st.sampled_from(ENTRY_TYPES) | st.sampled_from(["post-weblog", ""])),
        original_type=draw(st.sampled_from(["", "phdthesis", "musical_score", "review", "JOUR"])),
        title=draw(_text), contributors=tuple(draw(st.lists(_person, max_size=4))),
        year=year, date=date, container=draw(_text), volume=draw(_text), issue=draw(_text),
        pages=draw(st.sampled_from(["", "1-10", "357–362", "e0123", "xi, 22"])), publisher=draw(_text),
        place=draw(_text), edition=draw(_text), genre=draw(_text), doi=draw(_text), url=draw(_text),
        isbn=draw(_text), issn=draw(_text), abstract=draw(_text), licence=draw(_text),
        licence_url=draw(_text), copyright_holder=draw(_text),
        copyright_year=draw(st.none() | st.integers(0, 3000)), language=draw(_text),
        keywords=tuple(draw(st.lists(_word, max_size=4))), note=draw(_text),
        extra=tuple(draw(st.lists(st.tuples(_extra_key, _extra_value()), max_size=5))),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entries(), min_size=1, max_size=3))
def test_round_trip_entry_write_read(entries: list[Entry]) -> None:
    out = _write(entries)
    result = csljson.read(out, "rt.json")
    assert [p for p in result.problems if p.severity == "error"] == []
    assert list(result.entries) == entries
    for e in entries:
        assert csljson.csl_to_entry(csljson.entry_to_csl(e)) == e


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "type", "title", "author", "editor", "issued", "keyword",
                                        "page", "custom", "citation-key", "DOI", "doi"]) | _text,
                       _json_value, max_size=8))
def test_any_json_object_reads_without_crashing_and_round_trips(item: dict[str, object]) -> None:
    entry = csljson.csl_to_entry(item)
    assert csljson.csl_to_entry(json.loads(json.dumps(csljson.entry_to_csl(entry)))) == entry


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_text_reads_without_crashing(text: str) -> None:
    result = csljson.read(text, "fuzz.json")
    assert len(result.entries) == len(result.raw_texts)
