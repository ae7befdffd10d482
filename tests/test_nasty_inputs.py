"""Hostile and broken input through the whole import path: never a crash, never data loss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refman.core.errors import InputError
from refman.formats.encoding import decode_bytes
from refman.library import Library

CSL_ITEM = {"id": "doe2020", "type": "book", "title": "Ünïcode Title", "author": [{"family": "Doe", "given": "J"}],
            "issued": {"date-parts": [[2020]]}}


def test_utf16_with_bom_and_line_endings() -> None:
    text = "line one\r\nline two\rline three\n"
    for data in (text.encode("utf-16"), text.encode("utf-8-sig"), text.encode("utf-16-be")):
        if data[:2] not in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"):
            data = "\ufeff".encode("utf-16-be") + data
        decoded, _, problems = decode_bytes(data, "x")
        assert decoded == "line one\nline two\nline three\n"
        assert problems == []


def test_invalid_utf8_falls_back_and_says_so() -> None:
    data = "Müller".encode() + b"\n\xff\xfe broken\n"
    decoded, encoding, problems = decode_bytes(data, "refs.bib")
    assert encoding == "cp1252"
    assert problems and problems[0].line == 2 and "read as cp1252" in problems[0].message
    assert decoded.startswith("MÃ¼ller")  # honest about what was read


def test_utf16_file_imports(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_bytes(json.dumps([CSL_ITEM], ensure_ascii=False).encode("utf-16"))
    report, _ = library.import_file(path)
    assert report.added == ("doe2020",)
    assert library.by_key("doe2020").title == "Ünïcode Title"


def test_empty_and_binary_files(library: Library, tmp_path: Path) -> None:
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    report, _ = library.import_file(empty)
    assert report.added == () and "empty" in report.problems[0].message
    binary = tmp_path / "photo.bib"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        library.import_file(binary)
    assert library.count() == 0


def test_huge_abstract_and_ten_thousand_authors(library: Library, tmp_path: Path) -> None:
    item = dict(CSL_ITEM, abstract="word " * 4_000_000)  # 20 MB
    item["author"] = [{"family": f"Author{i}", "given": "A"} for i in range(10_000)]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    report, _ = library.import_file(path)
    assert report.added == ("doe2020",)
    entry = library.by_key("doe2020")
    assert len(entry.abstract) == 20_000_000
    assert len(entry.authors) == 10_000 and entry.authors[-1].family == "Author9999"
    assert library.search("author:author9999")[0].citekey == "doe2020"
    assert library.search("")[0].authors.endswith("et al.")


@pytest.mark.parametrize("query", ["OR OR", "AND", "-", "--", '"', '"""', "((", "))", "-()", ":", "title:", "cites:"])
def test_degenerate_queries_never_fail(library: Library, query: str) -> None:
    library.add_entry(library.parse_text(json.dumps([CSL_ITEM]), "x.json", "csljson").entries[0])
    assert library.count(query) in (0, 1)


def test_search_input_is_never_sql(library: Library) -> None:
    library.add_entry(library.parse_text(json.dumps([CSL_ITEM]), "x.json", "csljson").entries[0])
    for q in ["'; DROP TABLE entries; --", 'title:"x" OR 1=1', "key:%", "key:_", "NEAR(a b)", "a* b^", "{title}:x"]:
        library.count(q)
    assert library.count() == 1
    assert library.count("key:%") == 0  # LIKE wildcards are escaped
