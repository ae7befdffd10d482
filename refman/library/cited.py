"""Export what a LaTeX document cites (issue 20): `refman export --aux paper.aux` / `--tex paper.tex`.

The cited entries are written with their `crossref`/`xdata` parents (BibTeX and biber read
fields from them, and BibTeX lists a parent cited through two children), the @string macros and
@preamble blocks they need, in library order (a parent after its children, as BibTeX wants); cited
keys the library does not have are listed. The exported file gives the document the same .bbl as
the whole library would.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from refman.core.errors import InputError
from refman.core.records import ExportRecord
from refman.formats import registry
from refman.formats.latexcites import Cites, scan_aux, scan_bcf, scan_tex
from refman.library.journals import load_abbreviations, with_journal_form
from refman.library.macros import with_macros

if TYPE_CHECKING:
    from refman.library.core import Library

_PARENT_FIELDS = ("crossref", "xdata")


@dataclass(frozen=True, slots=True)
class CitedExport:
    """What an export of a document's citations did."""

    documents: tuple[str, ...]  # files read (the .aux/.tex and those they include)
    cited: tuple[str, ...]  # keys the document cites, first-cited order
    star: bool  # `\nocite{*}` / `\citation{*}`: the whole library was written
    written: tuple[str, ...]  # keys written, parents included
    missing: tuple[str, ...]  # cited keys the library does not have


def read_cites(path: str | Path, kind: str) -> tuple[Cites, list[str]]:
    """The citations of a document (`kind`: "aux" or "tex"; a .bcf given as --aux is read as biber's
    control file), following `\\@input` / `\\input` / `\\include`; the files read."""
    first = Path(path)
    cites = Cites()
    read: list[str] = []
    todo = [first]
    seen: set[Path] = set()
    while todo:
        p = todo.pop(0)
        if kind == "tex" and not p.exists() and p.suffix != ".tex":
            p = p.with_name(p.name + ".tex")
        if p.resolve() in seen:
            continue
        seen.add(p.resolve())
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            if p == first:
                raise InputError(f"cannot read document: {exc.strerror or exc}", str(p)) from exc
            continue  # an \include'd chapter not compiled yet: LaTeX itself skips it
        read.append(str(p))
        found = scan_bcf(text) if p.suffix == ".bcf" else scan_aux(text) if kind == "aux" else scan_tex(text)
        cites.extend(found)
        base = first.parent  # LaTeX resolves \input and \@input against the main file's folder
        todo.extend(base / name for name in found.inputs)
    return cites, read


def _parents(value: str) -> list[str]:
    value = value.strip()
    if value[:1] in "{\"" and value[-1:] in "}\"":
        value = value[1:-1]
    return [v.strip() for v in value.split(",") if v.strip()]


def export_cited(lib: Library, out: TextIO, path: str | Path, kind: str, fmt: str = "bibtex",
                 **options: Any) -> CitedExport:
    """Write the entries a document cites (see the module docstring) to `out`."""
    cites, documents = read_cites(path, kind)
    if cites.star:
        lib.export(out, fmt, None, **options)
        keys = tuple(e.citekey for e in lib.search_entries())
        missing = tuple(k for k in cites.keys if lib.store.id_for_key(k) is None)
        return CitedExport(tuple(documents), tuple(cites.keys), True, keys, missing)
    ids: dict[int, str] = {}
    missing_list: list[str] = []
    todo = list(cites.keys)
    cited = set(cites.keys)
    while todo:
        key = todo.pop(0)
        entry_id = lib.store.id_for_key(key)
        if entry_id is None:
            if key in cited:
                missing_list.append(key)
            continue
        if entry_id in ids:
            continue
        entry = lib.store.get(entry_id)
        ids[entry_id] = entry.citekey
        for name, value in entry.extra:
            if name.lower() in _PARENT_FIELDS:
                todo.extend(_parents(value))
    order = sorted(ids)  # import order: parents stay after their children
    records: Iterator[ExportRecord] = lib.store.records_for(order, fmt)
    if fmt in ("bibtex", "biblatex"):
        records = _with_preambles(lib, order, with_macros(lib.store, records))
    journals = options.pop("journals", None)
    if journals:
        records = with_journal_form(records, str(journals), load_abbreviations())
    registry.by_name(fmt).write(records, out, **options)
    return CitedExport(tuple(documents), tuple(cites.keys), False, tuple(ids[i] for i in order),
                       tuple(missing_list))


def _with_preambles(lib: Library, ids: list[int], records: Iterator[ExportRecord]) -> Iterator[ExportRecord]:
    sources = {src for src, _, _ in lib.store.record_sources(ids).values()}
    for raw in lib.store.preambles_of(sources):
        yield ExportRecord(kind="preamble", raw=raw)
    yield from records
