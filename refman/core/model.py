"""The domain objects every layer passes around.

They are frozen so that a row handed to the GUI or a formatter can never be mutated behind the
store's back: an edit is always an explicit `dataclasses.replace` followed by `Library.update`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any

# Defined apart so that the desktop app paints without importing this module; re-exported here.
from refman.core.changes import Changes as Changes
from refman.core.summary import EntrySummary as EntrySummary

ROLES = ("author", "editor", "translator")

# Entry types are CSL types: the interchange vocabulary of Zotero, pandoc and citeproc.
ENTRY_TYPES = (
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "article",
    "book",
    "chapter",
    "paper-conference",
    "thesis",
    "report",
    "webpage",
    "manuscript",
    "dataset",
    "software",
    "patent",
    "entry-encyclopedia",
    "entry-dictionary",
    "legislation",
    "legal_case",
    "speech",
    "motion_picture",
    "document",
)


@dataclass(frozen=True, slots=True)
class Person:
    """One contributor. Organisations use `literal` and leave the name parts empty."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""
    role: str = "author"
    affiliations: tuple[str, ...] = ()

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    @property
    def is_others(self) -> bool:
        """BibTeX's `and others`: a marker that the list is truncated, not a person."""
        return self.literal.casefold() == "others" and not self.family

    def display(self) -> str:
        """'Family, Given' as a researcher reads it in a table."""
        if self.literal:
            return self.literal
        family = f"{self.particle} {self.family}".strip()
        out = family
        if self.suffix:
            out += f", {self.suffix}"
        if self.given:
            out += f", {self.given}" if out else self.given
        return out

    def sort_name(self) -> str:
        return (self.literal or self.family or self.given).casefold()

    def __reduce__(self) -> tuple[type[Person], tuple[object, ...]]:
        return _reduced(self)


@dataclass(frozen=True, slots=True)
class Entry:
    """A bibliographic entry as the user sees it (decoded Unicode, never raw LaTeX).

    `extra` keeps every field that has no column, in source order and verbatim, so that an
    export never drops what an import brought in. `id` is None until the store assigns one.
    """

    citekey: str = ""
    entry_type: str = "article-journal"
    title: str = ""
    contributors: tuple[Person, ...] = ()
    year: int | None = None
    date: str = ""  # ISO 8601 partial date: "2024", "2024-03", "2024-03-05"
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    edition: str = ""
    genre: str = ""
    doi: str = ""
    url: str = ""
    isbn: str = ""
    issn: str = ""
    abstract: str = ""
    licence: str = ""
    licence_url: str = ""
    copyright_holder: str = ""
    copyright_year: int | None = None
    language: str = ""
    keywords: tuple[str, ...] = ()
    note: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    original_type: str = ""  # the source's own type word, e.g. BibTeX "phdthesis"
    id: int | None = None
    added: datetime | None = None
    modified: datetime | None = None
    # The stored entry's version, raised by every save: a save based on an older one is refused
    # (ConflictError) instead of overwriting someone else's change. 0: not known, not checked.
    version: int = 0

    @property
    def authors(self) -> tuple[Person, ...]:
        return tuple(p for p in self.contributors if p.role == "author")

    @property
    def editors(self) -> tuple[Person, ...]:
        return tuple(p for p in self.contributors if p.role == "editor")

    def extra_value(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.extra:
            if key.lower() == lname:
                return value
        return None

    def authors_display(self, limit: int = 3) -> str:
        people = self.authors or self.editors
        names = [p.literal or p.family or p.given for p in people if not p.is_others]
        if len(names) > limit or (names and len(names) < len(people)):
            return "; ".join(names[:limit]) + " et al."
        return "; ".join(names)

    def __reduce__(self) -> tuple[type[Entry], tuple[object, ...]]:
        return _reduced(self)


@dataclass(frozen=True, slots=True)
class Relation:
    source_id: int
    target_id: int
    kind: str = "cites"
    position: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an input, located so that a person can find it."""

    source: str
    line: int | None
    message: str
    severity: str = "error"  # "error": the record was skipped; "warning": imported with a caveat

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class RawBlock:
    """One block of a source file as read, so that export can write it back byte for byte.

    kind is "entry", "string", "preamble", "comment" or "junk"; `entry_index` points into the
    parse result's entries for kind "entry".
    """

    kind: str
    text: str
    line: int
    entry_index: int | None = None

    def __reduce__(self) -> tuple[type[RawBlock], tuple[object, ...]]:
        return _reduced(self)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What a format reader produces: entries, raw blocks (where the format keeps them) and problems."""

    format: str
    entries: tuple[Entry, ...] = ()
    blocks: tuple[RawBlock, ...] = ()
    problems: tuple[Problem, ...] = ()
    # For article pages: index of the citing entry and the indexes it cites, in order.
    citing_index: int | None = None
    cited_indexes: tuple[int, ...] = ()
    raw_texts: tuple[str, ...] = field(default=())  # raw text of each entry, parallel to entries
    # For a read in pieces (a stream of ParseResults): entries of earlier pieces to be replaced,
    # as (index over all the stream's entries, entry). A BibTeX crossref child is mapped again
    # once its parent, later in the file, has been read.
    replaces: tuple[tuple[int, Entry], ...] = ()
    # BibTeX: (entry index, lower-case name) of each @string macro an entry's own fields use that
    # its file does not define; the library resolves them with macros from its other sources.
    undefined_macros: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: enough for the CLI summary and the GUI's report dialog."""

    source: str
    format: str
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()  # already in the library exactly as in this file
    linked: tuple[str, ...] = ()  # existing entries reused instead of duplicated
    renamed: tuple[tuple[str, str], ...] = ()  # (key in file, key given)
    problems: tuple[Problem, ...] = ()
    encoding: str = "utf-8"
    citing_key: str | None = None
    macros: int = 0  # @string macros the source defines (a strings-only .bib imports 0 entries and N macros)
    resolved: tuple[str, ...] = ()  # keys of entries, of this or earlier imports, whose undefined macros it defined
    similar: tuple[tuple[str, str], ...] = ()  # (imported key, key of the existing entry it looks like)

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def summary(self) -> str:
        parts = [f"{len(self.added)} imported", f"{len(self.updated)} updated"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.linked:
            parts.append(f"{len(self.linked)} already in library (linked)")
        if self.renamed:
            parts.append(f"{len(self.renamed)} renamed")
        parts.append(f"{len(self.skipped)} skipped")
        if self.macros:
            parts.insert(0, f"{self.macros:,} macro{'s' if self.macros != 1 else ''}")
            if not (self.added or self.updated or self.unchanged or self.linked):
                parts[1:3] = ["0 entries"]
        if self.resolved:
            parts.append(f"{len(self.resolved)} entr{'ies' if len(self.resolved) != 1 else 'y'} resolved with its macros")
        if self.similar:
            parts.append(f"{len(self.similar)} look like entries already in the library")
        return f"{self.source} ({self.format}): " + ", ".join(parts)


def _reduced(obj: Any) -> Any:
    """Pickle as (class, field values): entries cross from the reader's worker processes to the
    importing one by the hundred thousand, and rebuilding them through __init__ unpickles twice
    as fast as the slots-dataclass default (state restored attribute by attribute)."""
    cls = type(obj)
    getter = _FIELD_GETTERS.get(cls)
    if getter is None:
        getter = _FIELD_GETTERS[cls] = attrgetter(*(f.name for f in fields(cls)))
    return cls, getter(obj)


_FIELD_GETTERS: dict[type, Any] = {}
