"""Journal names, full and ISO 4 abbreviated (issue 20): a lookup both ways, built from
(full, abbreviation) pairs such as JabRef's CC0 lists (resources/journals)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def _norm(name: str) -> str:
    """Case, spacing, braces and dots do not tell journal names apart ('{IEEE} Trans.' = 'IEEE Trans')."""
    return _SPACE.sub(" ", name.replace("{", "").replace("}", "").replace(".", " ")).strip().casefold()


class JournalAbbreviations:
    """Full <-> abbreviated journal names. A later pair wins for the same name (as in JabRef)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._abbr: dict[str, str] = {}
        self._full: dict[str, str] = {}
        for full, abbr in pairs:
            self.add(full, abbr)

    def add(self, full: str, abbr: str) -> None:
        full, abbr = full.strip(), abbr.strip()
        if not full or not abbr:
            return
        self._abbr[_norm(full)] = abbr
        if _norm(abbr) != _norm(full):
            self._full[_norm(abbr)] = full

    def __len__(self) -> int:
        return len(self._abbr)

    def abbreviate(self, name: str) -> str | None:
        """The abbreviation of a full name (None if unknown; a name already abbreviated maps to itself)."""
        key = _norm(name)
        if key in self._abbr:
            return self._abbr[key]
        return name if key in self._full else None

    def expand(self, name: str) -> str | None:
        """The full name of an abbreviation (None if unknown; a full name maps to itself)."""
        key = _norm(name)
        if key in self._full:
            return self._full[key]
        return name if key in self._abbr else None

    def convert(self, name: str, form: str) -> str | None:
        """`form` "abbreviated" or "full"."""
        return self.abbreviate(name) if form == "abbreviated" else self.expand(name)
