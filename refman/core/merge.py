"""Combining two records of the same work without losing what either knows."""

from __future__ import annotations

import dataclasses

from refman.core.model import Entry

_KEEP = {"id", "citekey", "added", "modified"}


def merge_entries(old: Entry, new: Entry) -> Entry:
    """`new`'s values win; where `new` is empty, `old`'s stay. Extra fields are merged by name
    (new values win, fields only `old` has are kept in their order). Used when the same work
    arrives from another format, which may carry fewer fields (RIS has no licence, CSL-JSON no
    BibTeX-only fields): an update must never silently drop data."""
    changes: dict[str, object] = {}
    for f in dataclasses.fields(Entry):
        if f.name in _KEEP or f.name == "extra":
            continue
        value = getattr(new, f.name)
        if value in ("", (), None):
            value = getattr(old, f.name)
        changes[f.name] = value
    new_names = {k.lower() for k, _ in new.extra}
    changes["extra"] = tuple(new.extra) + tuple((k, v) for k, v in old.extra if k.lower() not in new_names)
    return dataclasses.replace(old, **changes)  # type: ignore[arg-type]
