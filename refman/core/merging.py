"""Merging duplicate entries field by field: which record's value is the richer one, and the
entry that results from a choice. Pure, so the CLI's default and the GUI's dialog agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from refman.core.model import Entry, Person

# Fields a merge never takes from another record (identity and bookkeeping of the kept entry),
# and fields it unites instead of choosing (keywords, extra fields, notes).
FIXED = ("id", "citekey", "added", "modified")
# Identifiers: any written form is as good as another (a DOI URL is not richer than the bare DOI).
_IDENTIFIERS = ("doi", "isbn", "issn", "url")
UNITED = ("keywords", "extra", "note")
CHOOSABLE = tuple(f.name for f in dataclasses.fields(Entry) if f.name not in FIXED and f.name not in UNITED)


def _weight(value: object, name: str = "") -> tuple[int, int]:
    """How much a value says: people count, then the letters of their given names (a full name
    says more than an initial); text its length; a number is there or not."""
    if isinstance(value, tuple):
        people = [p for p in value if isinstance(p, Person)]
        return len(value), sum(len(p.given) + len(p.family) for p in people)
    if isinstance(value, str):
        return (1 if value.strip() else 0), (0 if name in _IDENTIFIERS else len(value.strip()))
    return (0 if value is None else 1), 0


def richer_choice(entries: Sequence[Entry]) -> dict[str, int]:
    """For each choosable field, the index of the entry whose value is richest; the first entry
    (the one kept) wins ties, so nothing changes where the records agree."""
    out: dict[str, int] = {}
    for name in CHOOSABLE:
        best = 0
        best_weight = _weight(getattr(entries[0], name), name)
        for i, entry in enumerate(entries[1:], 1):
            w = _weight(getattr(entry, name), name)
            if w > best_weight:
                best, best_weight = i, w
        out[name] = best
    if entries[0].entry_type and entries[0].entry_type != "document":
        out["entry_type"] = 0  # a type is not richer for being longer
        out["original_type"] = 0
    return out


def merged_entry(entries: Sequence[Entry], choice: Mapping[str, int] | None = None) -> Entry:
    """The kept entry (entries[0]) with each field taken from the chosen record (default: the
    richer one); keywords and extra fields united in order, distinct notes joined."""
    keep = entries[0]
    pick = richer_choice(entries) if choice is None else {**richer_choice(entries), **choice}
    changes: dict[str, object] = {name: getattr(entries[pick[name]], name) for name in CHOOSABLE}
    changes["keywords"] = tuple(dict.fromkeys(k for e in entries for k in e.keywords))
    seen: set[str] = set()
    extra: list[tuple[str, str]] = []
    for e in entries:
        for k, v in e.extra:
            if k.lower() not in seen:
                seen.add(k.lower())
                extra.append((k, v))
    changes["extra"] = tuple(extra)
    changes["note"] = "\n\n".join(dict.fromkeys(e.note.strip() for e in entries if e.note.strip()))
    return dataclasses.replace(keep, **changes)  # type: ignore[arg-type]


def ordered_union(lists: Sequence[Sequence[int]], mapping: Mapping[int, int], owner: int) -> list[int]:
    """One reference list from several, ids mapped (merged entries to the kept one), in order,
    each once, without `owner` itself: what a `cites` list becomes after a merge."""
    out: list[int] = []
    seen: set[int] = set()
    for lst in lists:
        for t in lst:
            t = mapping.get(t, t)
            if t == owner or t in seen:
                continue
            seen.add(t)
            out.append(t)
    return out
