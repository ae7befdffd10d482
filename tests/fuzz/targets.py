"""The checks every fuzz harness and the regression test run: one function per input path.

Each target takes raw bytes, feeds them through the same path a real import (or search) takes,
and lets an exception escape only if it is a bug: a parser may raise nothing but
`refman.core.errors` types, each with a message (and, for InputError, the source it was given).
Whatever it returns must be well formed enough to write back (BibTeX, RIS, CSL-JSON).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from refman.core.errors import InputError, RefmanError
from refman.core.model import ParseResult
from refman.core.records import ExportRecord
from refman.formats.bibtex.records import records_from_result

SOURCE = "fuzz-input"


class ContractViolation(AssertionError):
    """A parser broke its contract without crashing: a bad error or a malformed result."""


def _text(data: bytes) -> str:
    from refman.formats.encoding import decode_bytes

    text, _, problems = decode_bytes(data, SOURCE)
    for p in problems:
        if not p.message or p.source != SOURCE:
            raise ContractViolation(f"decode problem without message or source: {p!r}")
    return text


def _check_error(exc: RefmanError) -> None:
    if not str(exc).strip():
        raise ContractViolation(f"{type(exc).__name__} without a message") from exc
    if isinstance(exc, InputError) and exc.source != SOURCE:
        raise ContractViolation(f"InputError names source {exc.source!r}, not {SOURCE!r}") from exc


def _check_result(result: ParseResult) -> None:
    for p in result.problems:
        if not p.message.strip():
            raise ContractViolation(f"problem without a message: {p!r}")
        if p.source != SOURCE:
            raise ContractViolation(f"problem names source {p.source!r}: {p!r}")
        if p.line is not None and p.line < 1:
            raise ContractViolation(f"problem at line {p.line}: {p!r}")
        if p.severity not in ("error", "warning"):
            raise ContractViolation(f"unknown severity: {p!r}")
    if result.raw_texts and len(result.raw_texts) != len(result.entries):
        raise ContractViolation("raw_texts not parallel to entries")
    n = len(result.entries)
    if result.citing_index is not None and not 0 <= result.citing_index < n:
        raise ContractViolation(f"citing_index {result.citing_index} out of range {n}")
    if any(not 0 <= i < n for i in result.cited_indexes):
        raise ContractViolation("cited index out of range")
    for block in result.blocks:
        if block.entry_index is not None and not 0 <= block.entry_index < n:
            raise ContractViolation(f"block entry_index out of range: {block!r}")


def _guarded(parse: Callable[[str], ParseResult], data: bytes) -> ParseResult | None:
    text = _text(data)
    try:
        result = parse(text)
    except RefmanError as exc:
        _check_error(exc)
        return None
    _check_result(result)
    return result


def _bibtex_records(result: ParseResult, mode: str) -> list[ExportRecord]:
    return records_from_result(result, mode, kinds=frozenset({"string", "preamble", "comment"}))


def bibtex(data: bytes) -> None:
    """Read BibTeX/BibLaTeX, then write back what was read in every mode and dialect."""
    from refman.formats import bibtex as fmt

    result = _guarded(lambda t: fmt.read(t, SOURCE), data)
    if result is None:
        return
    for mode, dialect, ascii in (("raw", "bibtex", False), ("source", "biblatex", False),
                                 ("canonical", "bibtex", True), ("canonical", "biblatex", False)):
        out = io.StringIO()
        n = fmt.write(_bibtex_records(result, mode), out, dialect=dialect, ascii=ascii)
        if n != len(result.entries):
            raise ContractViolation(f"wrote {n} of {len(result.entries)} entries ({mode}, {dialect})")
    # What the canonical writer produced must read back without crashing, with as many entries.
    # (Control bytes kept verbatim in @preamble/@comment can make the shorter output look binary:
    # refusing that is the reader's stated policy, not a bug, so such output is not read back.)
    from refman.formats.encoding import looks_binary

    out = io.StringIO()
    fmt.write(_bibtex_records(result, "canonical"), out, dialect="biblatex")
    if looks_binary(out.getvalue()[:8192].encode("utf-8", "replace")):
        return
    again = fmt.read(out.getvalue(), SOURCE)
    if len(again.entries) != len(result.entries):
        raise ContractViolation(
            f"canonical write-back of {len(result.entries)} entries reads back as {len(again.entries)}")


def ris(data: bytes) -> None:
    from refman.formats import ris as fmt

    result = _guarded(lambda t: fmt.read(t, SOURCE), data)
    if result is not None:
        fmt.write([ExportRecord("entry", e) for e in result.entries], io.StringIO())


def csljson(data: bytes) -> None:
    from refman.formats import csljson as fmt

    result = _guarded(lambda t: fmt.read(t, SOURCE), data)
    if result is not None:
        fmt.write([ExportRecord("entry", e) for e in result.entries], io.StringIO())


def article_page(data: bytes) -> None:
    from refman.formats import article_page as fmt

    text = _text(data)
    fmt.sniff(text, SOURCE)
    _guarded(lambda t: fmt.read(t, SOURCE), data)


def refstrings(data: bytes) -> None:
    from refman.formats import refstrings as fmt

    text = _text(data)[:4000]  # the CRF is slow per token; long inputs add time, not paths
    fmt.sniff(text, SOURCE)
    _guarded(lambda t: fmt.read(t, SOURCE), text.encode("utf-8"))
    try:
        fmt.parse_references(text)
    except RefmanError as exc:
        _check_error(exc)


def sniff(data: bytes) -> None:
    """Format detection over every reader's sniff, as an import without --format does."""
    from refman.formats import registry

    text = _text(data)[:20000]
    try:
        registry.detect(text, SOURCE)
    except RefmanError as exc:
        _check_error(exc)


class _QueryLibrary:
    """A real SQLite library file with a few entries and a citation, opened once per process."""

    def __init__(self) -> None:
        from refman.library import Library

        self._dir = tempfile.TemporaryDirectory(prefix="refman-fuzz-")
        self.library = Library.open(Path(self._dir.name) / "library.sqlite")
        self.library.import_text(
            "@article{smith2020, author={Smith, Jane and O'Brien, Pat}, title={Flood \"governance\" 100%_done},"
            " journal={Water}, year=2020, doi={10.1000/x}}\n"
            "@book{doe1999, author={Doe, John}, title={Ünïcode: a -history (OR not)}, year=1999,"
            " publisher={P; DROP TABLE entries}}\n",
            "seed.bib",
        )
        with self.library.store.transaction() as txn:
            a, b = txn.id_for_key("smith2020"), txn.id_for_key("doe1999")
            assert a is not None and b is not None
            txn.add_relations(a, [b])


_QUERY_LIBRARY: _QueryLibrary | None = None


def query(data: bytes) -> None:
    """Parse a search query, compile it to SQL and run it against a real library."""
    global _QUERY_LIBRARY
    from refman.core.query import parse_query

    text = data.decode("utf-8", "replace")
    try:
        node = parse_query(text)
    except RefmanError as exc:
        _check_error(exc)
        return
    if _QUERY_LIBRARY is None:
        _QUERY_LIBRARY = _QueryLibrary()
    lib = _QUERY_LIBRARY.library
    ids = lib.search_ids(node)
    if lib.count(node) != len(ids):
        raise ContractViolation(f"count and search disagree for {text!r}")
    if lib.count() != 2:
        raise ContractViolation(f"library changed by a search: {text!r}")


TARGETS: dict[str, Callable[[bytes], None]] = {
    "bibtex": bibtex,
    "ris": ris,
    "csljson": csljson,
    "article_page": article_page,
    "refstrings": refstrings,
    "query": query,
    "sniff": sniff,
}
