"""Editing: update, add, delete and undelete entries (each one transaction)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from refman.core.citekeys import is_valid_key, make_key
from refman.core.errors import ConflictError, InputError, LibraryError
from refman.core.model import Changes, Entry, Relation
from refman.core.notes import clean_note
from refman.core.organise import Note
from refman.library.callbacks import Progress
from refman.library.keys import settle_keys
from refman.store import Store, Txn

BULK_DELETE = 20  # deleting this many entries or more takes an automatic backup first
PROGRESS_STEP = 1000  # entries between progress reports of a delete or undelete
_NOT_COMPARED = frozenset({"id", "added", "modified", "version"})


def entry_differences(mine: Entry, theirs: Entry) -> list[tuple[str, str, str]]:
    """(field, mine, theirs) for each field the two versions of an entry disagree on."""
    out = []
    for field in dataclasses.fields(Entry):
        if field.name in _NOT_COMPARED:
            continue
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        if a != b:
            if field.name == "contributors":
                a, b = "; ".join(p.display() for p in a), "; ".join(p.display() for p in b)
            out.append((field.name, str(a), str(b)))
    return out


@dataclass(frozen=True, slots=True)
class DeletedEntries:
    """What a delete removed, kept so that undo can put it back exactly."""

    entries: tuple[Entry, ...]
    relations: tuple[Relation, ...]
    storage: tuple[tuple[int, int | None, bool], ...]  # (id, raw record id, edited)
    trashed: tuple[tuple[int, datetime], ...] = ()  # (id, when): deleted from the Trash, undo puts them back there
    # The entries' organisation, which the database drops with them (issue 18: everything undoable).
    memberships: tuple[tuple[int, int], ...] = ()  # (collection id, entry id)
    tags: tuple[tuple[int, str], ...] = ()  # (entry id, tag name)
    notes: tuple[Note, ...] = ()


def _restore_organisation(txn: Txn, deleted: DeletedEntries) -> None:
    """Give undeleted entries back their collections, tags and notes. A collection deleted since
    is not made again; a tag deleted since is (by name, without its colour)."""
    existing = {c.id for c in txn.collections()}
    txn.add_memberships([(cid, eid) for cid, eid in deleted.memberships if cid in existing])
    by_name: dict[str, list[int]] = {}
    for eid, name in deleted.tags:
        by_name.setdefault(name, []).append(eid)
    for name, ids in by_name.items():
        tag = txn.tag_by_name(name)
        tag_id = tag.id if tag is not None else txn.ensure_tag(name)[0]
        txn.tag_entries(tag_id, ids)
    for note in deleted.notes:
        txn.add_note(note, clean_note(note.body, note.format)[1])


def merge_edits(before: Entry, mine: Entry, theirs: Entry) -> Entry:
    """Theirs with my changes on top: every field I changed since `before` takes my value, the
    rest keeps theirs; the result carries their version, so saving it is not a conflict."""
    changed = {f.name: getattr(mine, f.name) for f in dataclasses.fields(Entry)
               if f.name not in _NOT_COMPARED and getattr(mine, f.name) != getattr(before, f.name)}
    return dataclasses.replace(theirs, **changed)


class EditingMixin:
    """The editing use-cases of `Library`."""

    store: Store

    def update_entry(self, entry: Entry, overwrite: bool = False) -> Changes:
        """Save an edited entry. If someone else saved it since `entry` was read (its version is
        older than the library's), nothing is written and ConflictError shows both versions;
        `overwrite` saves anyway (the user chose to). An entry of version 0 is not checked."""
        if entry.id is None:
            raise LibraryError("cannot update an entry that is not in the library")
        if not is_valid_key(entry.citekey):
            raise InputError(f"'{entry.citekey}' is not a valid citekey (no spaces, commas or braces)")
        with self.store.transaction() as txn:
            other = txn.id_for_key(entry.citekey)
            if other is not None and other != entry.id:
                raise InputError(f"the key '{entry.citekey}' is already used by another entry")
            if other is None:
                txn.pin_keys([entry.id])  # the user set this key: no formula changes it
            expected = None if overwrite or not entry.version else entry.version
            if not txn.update_entry(entry.id, entry, expected_version=expected):
                theirs = txn.get(entry.id)
                raise ConflictError(entry, theirs, entry_differences(entry, theirs))
        return Changes(updated=(entry.id,))

    def add_entry(self, entry: Entry) -> tuple[Entry, Changes]:
        with self.store.transaction() as txn:
            given = bool(entry.citekey) and not txn.key_exists(entry.citekey)
            key = entry.citekey if given else make_key(entry, txn.key_exists)
            new_id = txn.insert_entry(dataclasses.replace(entry, citekey=key, id=None))
            if not given:
                settle_keys(txn, [new_id])
        return self.store.get(new_id), Changes(added=(new_id,))

    def delete(self, ids: Sequence[int], progress: Progress | None = None) -> tuple[DeletedEntries, Changes]:
        """Delete entries, returning what undo needs. `progress(done, total)` counts entries read
        (first half) then deleted (second half) so a bulk delete in a worker can show a bar."""
        ids = list(ids)
        total = 2 * len(ids)
        entries: list[Entry] = []
        for start in range(0, len(ids), PROGRESS_STEP):
            entries.extend(self.store.get_many(ids[start : start + PROGRESS_STEP]))
            if progress is not None:
                progress(min(start + PROGRESS_STEP, len(ids)), total)
        rels = tuple(self.store.relations_touching(ids))
        state = self.store.storage_state(ids)
        storage = tuple((i, *state[i]) for i in ids if i in state)
        trashed = tuple((i, when) for i, when in self.store.trashed_state(ids).items() if when is not None)
        memberships = tuple(self.store.memberships(ids))
        tags = tuple((i, name) for i, names in self.store.tags_of(ids).items() for name in names)
        notes = tuple(self.store.note(note_id) for note_id, _owner in self.store.note_owners(ids))
        if len(ids) >= BULK_DELETE:
            self.store.backup(f"before-delete-{len(ids)}")
        with self.store.transaction() as txn:
            for start in range(0, len(ids), PROGRESS_STEP):
                txn.delete_entries(ids[start : start + PROGRESS_STEP])
                if progress is not None:
                    progress(len(ids) + min(start + PROGRESS_STEP, len(ids)), total)
        deleted = DeletedEntries(tuple(entries), rels, storage, trashed, memberships, tags, notes)
        return deleted, Changes(deleted=tuple(ids))

    def undelete(self, deleted: DeletedEntries, progress: Progress | None = None) -> Changes:
        """Put deleted entries back with their ids, keys, relations and Trash state (undo of
        `delete`), in bulk batches of PROGRESS_STEP."""
        state = {i: (rid, edited) for i, rid, edited in deleted.storage}
        items = [(e, *state.get(e.id or -1, (None, True))) for e in deleted.entries]
        total = len(items)
        when_trashed: dict[datetime, list[int]] = {}
        for i, when in deleted.trashed:
            when_trashed.setdefault(when, []).append(i)
        with self.store.transaction() as txn:
            for start in range(0, total, PROGRESS_STEP):
                txn.restore_entries(items[start : start + PROGRESS_STEP])
                if progress is not None:
                    progress(min(start + PROGRESS_STEP, total), total)
            txn.insert_relations(deleted.relations)
            for when, ids in when_trashed.items():
                txn.set_trashed(ids, when)
            _restore_organisation(txn, deleted)
        return Changes(added=tuple(e.id for e in deleted.entries if e.id is not None))
