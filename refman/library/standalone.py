"""Reference strings and entries that need not be in a library (parsed references, CSL items)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TextIO

from refman.core.citekeys import make_key
from refman.core.model import Entry
from refman.core.records import ExportRecord
from refman.formats import registry


class StandaloneMixin:
    """The use-cases of `Library` that need no library (static methods)."""

    @staticmethod
    def parse_references(text: str) -> list[Entry]:
        from refman.formats.refstrings import parse_references

        return parse_references(text)

    @staticmethod
    def parse_references_keyed(text: str) -> list[Entry]:
        """Parse a reference list and give each entry a citekey unique within the list."""
        from refman.formats.refstrings import parse_references

        taken: set[str] = set()
        out = []
        for entry in parse_references(text):
            key = make_key(entry, taken.__contains__)
            taken.add(key)
            out.append(dataclasses.replace(entry, citekey=key))
        return out

    @staticmethod
    def write_entries(entries: Iterable[Entry], out: TextIO, fmt: str = "bibtex", **options: object) -> int:
        """Write entries that need not be in a library (e.g. parsed references)."""
        info = registry.by_name(fmt)
        return info.write((ExportRecord(kind="entry", entry=e) for e in entries), out, **options)

    @staticmethod
    def to_csl(entries: Iterable[Entry]) -> list[dict[str, object]]:
        from refman.formats.csljson import entry_to_csl

        return [entry_to_csl(e) for e in entries]

