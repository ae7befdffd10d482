"""@string macros as library data (issue 20): what an import does with the macros a file defines
and the ones its entries use without defining, and which macros an export of some entries needs.

An entry that uses a macro no imported file defines shows the macro's name (`IEEE_J_AC`), not
an empty field; as soon as a file defining it is imported (before or after), the entry is mapped
again from its own record with the library's macros, its own file's first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from refman.core.macros import Macro, resolve_order
from refman.core.model import Entry
from refman.core.records import ExportRecord
from refman.formats.bibtex.macros import define_macros, remap, used_macros
from refman.store import Store, Txn

_KEEP = frozenset({"id", "citekey", "added", "modified"})


def store_macros(txn: Txn, source_id: int, string_raws: Sequence[tuple[int, str]],
                 uses: Iterable[tuple[int, str]], reset: Iterable[int]) -> tuple[int, list[str]]:
    """Keep the macros one import defines and the undefined macros its entries use, then map
    again every entry (of this or an earlier import) whose macros are defined now.

    string_raws: (position in the source, @string block). uses: (entry id, lower-case name).
    reset: entries whose recorded uses this import replaces. Returns (macros defined, keys of
    the entries mapped again)."""
    backfill_macros(txn, source_id)
    before = txn.macro_rows()
    defs = define_macros([raw for _, raw in string_raws], resolve_order(before))
    txn.add_macros(source_id, [(string_raws[i][0], name, value, string_raws[i][1]) for i, name, value in defs])
    pairs = list(uses)
    txn.set_macro_uses(pairs, reset)
    defined_now = {name for _, name, _ in defs}
    known_before = {m.name for m in before}
    affected = set(txn.entries_using_macros(defined_now))
    affected.update(e for e, name in pairs if name in known_before)
    return len(defs), resolve_entries(txn, sorted(affected))


def backfill_macros(txn: Txn, current: int | None = None) -> int:
    """Store the macros of sources imported before macros were library data (their @string blocks
    are in the records), so that other files' entries and partial exports find them; the number
    of sources done. Entries of those imports that use another file's macros are resolved when
    they are imported again."""
    done = 0
    for source_id in txn.sources_without_macros():
        if source_id == current:
            continue
        strings = txn.string_records(source_id)
        known = resolve_order(txn.macro_rows())
        defs = define_macros([raw for _, raw in strings], known)
        txn.add_macros(source_id, [(strings[i][0], name, value, strings[i][1]) for i, name, value in defs])
        done += 1
    return done


def resolve_entries(txn: Txn, ids: Sequence[int]) -> list[str]:
    """Map the entries again from their records with the library's macros; keys of those changed."""
    if not ids:
        return []
    records = txn.record_sources(ids)
    rows = txn.macro_rows()
    scopes: dict[int, dict[str, str]] = {}
    changed: list[str] = []
    for entry_id in ids:
        found = records.get(entry_id)
        if found is None or found[2]:
            continue  # no BibTeX record, or edited since: the user's values stay
        source_id, raw, _ = found
        scope = scopes.get(source_id)
        if scope is None:
            scope = scopes[source_id] = resolve_order(rows, source_id)
        mapped = remap(raw, scope)
        if mapped is None:
            continue
        old = txn.get(entry_id)
        new = _combined(old, mapped[0])
        if new != old:
            txn.update_entry(entry_id, new, as_read=True)
            changed.append(old.citekey)
    return changed


def _combined(old: Entry, new: Entry) -> Entry:
    """The entry mapped again, keeping its identity and what its own fields do not give (columns
    inherited through crossref)."""
    values = {}
    for f in dataclasses.fields(Entry):
        if f.name in _KEEP:
            values[f.name] = getattr(old, f.name)
            continue
        fresh = getattr(new, f.name)
        values[f.name] = fresh if fresh not in ("", (), None) else getattr(old, f.name)
    return Entry(**values)


def with_macros(store: Store, records: Iterable[ExportRecord],
                used: dict[int, tuple[int, int, list[str]]] | None = None) -> Iterator[ExportRecord]:
    """The records of a partial BibTeX export, led by the @string blocks their raw entries use
    (and the macros those use), each name once, the entry's own file's definition first: so
    that the exported file reads in BibTeX and biber exactly as the library shows it.

    `used` (keep-updated exports, see library.export_cache): entry id -> (length, hash of its
    raw text, macros it uses), kept between exports so that unchanged entries are not parsed."""
    items = list(records)
    need: list[tuple[str, int | None]] = []  # (name, source of the entry that first needs it)
    raw_items = [r for r in items if r.kind == "entry" and r.raw is not None]
    if not raw_items:
        yield from items
        return
    names_of: list[tuple[int | None, list[str]]] = []  # (entry id, macros its raw text uses)
    for r in raw_items:
        raw = r.raw
        assert raw is not None
        eid = r.entry.id if r.entry is not None else None
        if used is not None and eid is not None:
            hit = used.get(eid)
            if hit is not None and hit[0] == len(raw) and hit[1] == hash(raw):
                names_of.append((eid, hit[2]))
                continue
            names = used_macros(raw)
            used[eid] = (len(raw), hash(raw), names)
        else:
            names = used_macros(raw)
        names_of.append((eid, names))
    if not any(names for _, names in names_of):  # most libraries: no macros, no query for owners
        yield from items
        return
    wanting = [eid for eid, names in names_of if names and eid is not None]
    owners = {eid: src for eid, (src, _raw, _) in store.record_sources(wanting).items()}
    for eid, names in names_of:
        need.extend((name, owners.get(eid) if eid is not None else None) for name in names)
    yield from _string_records(store, need)
    yield from items


def _string_records(store: Store, need: list[tuple[str, int | None]]) -> Iterator[ExportRecord]:
    chosen: dict[str, Macro] = {}
    pending = list(need)
    while pending:
        rows = store.macro_rows({n for n, _ in pending if n not in chosen})
        by_name: dict[str, list[Macro]] = {}
        for m in rows:
            by_name.setdefault(m.name, []).append(m)
        nxt: list[tuple[str, int | None]] = []
        for name, source in pending:
            if name in chosen or name not in by_name:
                continue
            defs = by_name[name]
            own = [m for m in defs if m.source_id == source]
            pick = (own or defs)[-1]
            chosen[name] = pick
            nxt.extend((n, pick.source_id) for n in used_macros(pick.raw) if n not in chosen)
        pending = nxt
    # Definitions before their uses: by source, then place in it (a definition that uses another
    # came after it in its own file).
    for m in sorted(chosen.values(), key=lambda m: (m.source_id, m.position)):
        yield ExportRecord(kind="string", raw=m.raw)
