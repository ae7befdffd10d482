"""BibTeX @string macros as library data (issue 20)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Macro:
    """One stored definition: the source that gave it, its place there, lower-case name, value
    (expanded, as entries show it) and the @string block as written (what an export writes)."""

    source_id: int
    position: int
    name: str
    value: str
    raw: str


def resolve_order(rows: list[Macro], own_source: int | None = None) -> dict[str, str]:
    """name -> value as an entry of `own_source` sees the library's macros: definitions in import
    order (a later import's wins, as a later @string does in BibTeX), its own file's above all."""
    out = {m.name: m.value for m in rows if m.source_id != own_source}
    out.update((m.name, m.value) for m in rows if m.source_id == own_source)
    return out
