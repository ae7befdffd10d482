"""Organising use-cases: collections, tags, notes, saved searches and the Trash.

Each write is one transaction and returns what undo needs to reverse exactly that write (the
GUI's commands in refman/gui/organise_commands.py pair each call with its inverse):

    create_collection      <-> delete_collection / restore_collection (a CollectionSnapshot)
    rename_collection      <-> rename_collection (old name returned)
    move_collection        <-> move_collection (old parent returned)
    add_to_collection      <-> remove_from_collection (the pairs really changed are returned)
    change_tags            <-> revert_tags (a TagChange)
    add_note / update_note / delete_note  <-> delete_note / update_note / restore_note
    trash                  <-> restore_entries

Entries in the Trash keep their relations, tags, notes and memberships; only `empty_trash`
deletes them, after a backup. Merging duplicates runs `unite_organisation` (the survivor gets
the others' collections, tags and notes) and `set_trashed` inside its own transaction, and
`separate_organisation` in its undo.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from refman.core.errors import InputError, NotFoundError
from refman.core.model import Changes
from refman.core.notes import check_format, clean_note
from refman.core.organise import (
    TAG_COLOURS,
    Collection,
    CollectionSnapshot,
    Note,
    OrganisationUnion,
    SavedSearch,
    Tag,
    TagChange,
    split_path,
)
from refman.core.query import parse_query
from refman.library.callbacks import Progress
from refman.store import Store, Txn


def unite_organisation(txn: Txn, keep_id: int, others: Sequence[int]) -> OrganisationUnion:
    """Inside `txn`: put `keep_id` in every collection of `others`, give it their tags and move
    their notes to it. Returns exactly what changed, for `separate_organisation`. The others keep
    their own collections and tags (they go to the Trash with them)."""
    others = [i for i in dict.fromkeys(others) if i != keep_id]
    added = txn.add_memberships([(cid, keep_id) for cid, _ in txn.memberships(others)])
    have = txn.tags_of([keep_id]).get(keep_id, [])
    names = dict.fromkeys(n for tags in txn.tags_of(others).values() for n in tags)
    tagged: list[tuple[int, str]] = []
    for name in names:
        tag = txn.tag_by_name(name)
        if tag is not None and not any(h.lower() == name.lower() for h in have):
            tagged.extend((i, tag.name) for i in txn.tag_entries(tag.id, [keep_id]))
    moved = txn.note_owners(others)
    txn.move_notes([(note_id, keep_id) for note_id, _ in moved])
    return OrganisationUnion(tuple(added), tuple(tagged), tuple(moved))


def separate_organisation(txn: Txn, union: OrganisationUnion) -> None:
    """Inside `txn`: undo `unite_organisation` exactly."""
    txn.move_notes(union.notes)
    txn.remove_memberships(list(union.memberships))
    for name in dict.fromkeys(n for _, n in union.tags):
        tag = txn.tag_by_name(name)
        if tag is not None:
            txn.untag_entries(tag.id, [i for i, n in union.tags if n == name])

TRASH_STEP = 5000  # entries moved to or from the Trash between progress reports


class OrganisingMixin:
    """The organising use-cases of `Library`."""

    store: Store

    # --- collections -----------------------------------------------------------------------

    def collections(self) -> list[Collection]:
        """The collections tree, parents before children (depth-first)."""
        return self.store.collections()

    def collection_by_path(self, path: str | Sequence[str]) -> Collection:
        parts = split_path(path) if isinstance(path, str) else tuple(path)
        cid = self.store.collection_id(parts) if parts else None
        if cid is None:
            raise NotFoundError(f"no collection '{path if isinstance(path, str) else '/'.join(path)}'")
        return self.store.collection(cid)

    def create_collection(self, name: str, parent_id: int | None = None) -> Collection:
        with self.store.transaction() as txn:
            cid = txn.add_collection(name, parent_id)
        return self.store.collection(cid)

    def create_collection_path(self, path: str) -> tuple[Collection, tuple[int, ...]]:
        """Create 'A/B/C' and any missing parents (like mkdir -p): (the leaf, ids created)."""
        parts = split_path(path)
        if not parts:
            raise InputError(f"'{path}' is not a collection path (names separated by '/')")
        created: list[int] = []
        with self.store.transaction() as txn:
            parent: int | None = None
            for depth in range(1, len(parts) + 1):
                cid = txn.collection_id(parts[:depth])
                if cid is None:
                    cid = txn.add_collection(parts[depth - 1], parent)
                    created.append(cid)
                parent = cid
        assert parent is not None
        return self.store.collection(parent), tuple(created)

    def rename_collection(self, collection_id: int, name: str) -> str:
        """Rename; returns the old name (undo renames back)."""
        with self.store.transaction() as txn:
            return txn.rename_collection(collection_id, name)

    def move_collection(self, collection_id: int, parent_id: int | None) -> int | None:
        """Re-parent (None: to the top level); returns the old parent. A cycle raises InputError."""
        with self.store.transaction() as txn:
            return txn.move_collection(collection_id, parent_id)

    def delete_collection(self, collection_id: int) -> CollectionSnapshot:
        """Delete a collection with its subcollections; its entries stay in the library."""
        with self.store.transaction() as txn:
            return txn.delete_collection(collection_id)

    def restore_collection(self, snapshot: CollectionSnapshot) -> None:
        """Undo of delete_collection: the same ids, names, tree and memberships."""
        with self.store.transaction() as txn:
            txn.restore_collections(snapshot)

    def add_to_collection(self, collection_id: int, ids: Sequence[int]) -> tuple[int, ...]:
        """Put entries in a collection; returns those that were not in it yet."""
        with self.store.transaction() as txn:
            txn.collection(collection_id)  # NotFoundError for a collection deleted meanwhile
            added = txn.add_memberships([(collection_id, i) for i in ids])
        return tuple(e for _, e in added)

    def remove_from_collection(self, collection_id: int, ids: Sequence[int]) -> tuple[int, ...]:
        with self.store.transaction() as txn:
            removed = txn.remove_memberships([(collection_id, i) for i in ids])
        return tuple(e for _, e in removed)

    def collection_ids_of(self, entry_id: int) -> list[int]:
        return self.store.collection_ids_of(entry_id)

    # --- tags ------------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        return self.store.tags()

    def tags_of(self, ids: Sequence[int]) -> dict[int, list[str]]:
        return self.store.tags_of(ids)

    def entry_tags(self, entry_id: int) -> list[Tag]:
        """One entry's tags with colour and key, keyed (1-9) ones first."""
        return self.store.tags_of_entry(entry_id)

    def change_tags(self, ids: Sequence[int], add: Sequence[str] = (), remove: Sequence[str] = (),
                    automatic: bool = False) -> TagChange:
        """Add and remove tags on entries in one transaction; returns exactly what changed."""
        added: list[tuple[int, str]] = []
        removed: list[tuple[int, str]] = []
        created: list[str] = []
        with self.store.transaction() as txn:
            for name in dict.fromkeys(n.strip() for n in add):
                if not name:
                    continue
                tag_id, new = txn.ensure_tag(name, automatic)
                if new:
                    created.append(name)
                canonical = name if new else (txn.tag_by_name(name) or Tag(tag_id, name)).name
                added.extend((i, canonical) for i in txn.tag_entries(tag_id, ids))
            for name in dict.fromkeys(n.strip() for n in remove):
                tag = txn.tag_by_name(name) if name else None
                if tag is not None:
                    removed.extend((i, tag.name) for i in txn.untag_entries(tag.id, ids))
        return TagChange(tuple(added), tuple(removed), tuple(created))

    def revert_tags(self, change: TagChange) -> None:
        """Undo of change_tags: remove what it added, put back what it removed."""
        with self.store.transaction() as txn:
            for name in dict.fromkeys(n for _, n in change.added):
                tag = txn.tag_by_name(name)
                if tag is not None:
                    txn.untag_entries(tag.id, [i for i, n in change.added if n == name])
            for name in dict.fromkeys(n for _, n in change.removed):
                tag_id, _ = txn.ensure_tag(name)
                txn.tag_entries(tag_id, [i for i, n in change.removed if n == name])
            for name in change.created_tags:
                tag = txn.tag_by_name(name)
                if tag is not None and not txn.tags_in_use(tag.id):
                    txn.delete_tag(tag.id)

    def toggle_tag(self, ids: Sequence[int], name: str) -> TagChange:
        """The 1-9 keys: if every entry has the tag, take it off all; otherwise put it on all."""
        have = self.store.tags_of(ids)
        everyone = all(any(t.lower() == name.lower() for t in have.get(i, [])) for i in ids)
        return self.change_tags(ids, remove=[name]) if everyone else self.change_tags(ids, add=[name])

    def style_tag(self, name: str, colour: str = "", position: int | None = None) -> Tag:
        """Give a tag a colour and a key 1-9 (created if needed); another tag on that key loses it."""
        if position is not None and not 1 <= position <= 9:
            raise InputError(f"a tag's key is 1 to 9, not {position}")
        with self.store.transaction() as txn:
            tag_id, _ = txn.ensure_tag(name)
            txn.set_tag_style(tag_id, colour or (TAG_COLOURS[position - 1] if position else ""), position)
        found = self.store.tag_by_name(name)
        assert found is not None
        return found

    def tag_for_key(self, position: int) -> Tag | None:
        return next((t for t in self.store.tags() if t.position == position), None)

    # --- notes -----------------------------------------------------------------------------

    def notes(self, entry_id: int) -> list[Note]:
        return self.store.notes_of(entry_id)

    def add_note(self, entry_id: int, body: str, fmt: str = "markdown") -> Note:
        check_format(fmt)
        self.store.get(entry_id)  # NotFoundError for an unknown entry
        safe, plain = clean_note(body, fmt)
        with self.store.transaction() as txn:
            note_id = txn.add_note(Note(None, entry_id, safe, fmt), plain)
        return self.store.note(note_id)

    def update_note(self, note_id: int, body: str, fmt: str | None = None) -> Note:
        """Replace a note's text; returns the note as it was (undo passes it to restore_note)."""
        old = self.store.note(note_id)
        fmt = fmt or old.format
        check_format(fmt)
        safe, plain = clean_note(body, fmt)
        with self.store.transaction() as txn:
            txn.update_note(note_id, safe, fmt, plain)
        return old

    def delete_note(self, note_id: int) -> Note:
        old = self.store.note(note_id)
        with self.store.transaction() as txn:
            txn.delete_note(note_id)
        return old

    def restore_note(self, note: Note) -> None:
        """Put a note back as it was (undo of delete_note or update_note)."""
        assert note.id is not None
        safe, plain = clean_note(note.body, note.format)
        with self.store.transaction() as txn:
            txn.delete_note(note.id)
            txn.add_note(Note(note.id, note.entry_id, safe, note.format, note.created, note.modified), plain)

    # --- saved searches --------------------------------------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        return self.store.saved_searches()

    def save_search(self, name: str, query: str, meta: str = "") -> SavedSearch:
        """Save (or replace) a named query; a query that cannot parse is refused now, not later."""
        name = name.strip()
        if not name:
            raise InputError("a saved search needs a name")
        parse_query(query)
        with self.store.transaction() as txn:
            sid = txn.save_search(name, query, meta)
        return SavedSearch(sid, name, query, meta)

    def delete_saved_search(self, name: str) -> SavedSearch:
        found = next((s for s in self.store.saved_searches() if s.name == name), None)
        if found is None:
            raise NotFoundError(f"no saved search '{name}'")
        with self.store.transaction() as txn:
            txn.delete_saved_search(found.id)
        return found

    # --- Trash -----------------------------------------------------------------------------

    def trash(self, ids: Sequence[int], progress: Progress | None = None) -> Changes:
        """Move entries to the Trash. They keep relations, tags, notes and collections.
        `progress(done, total)` is called between batches (a bulk move runs in a worker)."""
        state = self.store.trashed_state(ids)
        live = [i for i in dict.fromkeys(ids) if i in state and state[i] is None]
        with self.store.transaction() as txn:
            when = txn.now
            for start in range(0, len(live), TRASH_STEP):
                txn.set_trashed(live[start : start + TRASH_STEP], when)
                if progress is not None:
                    progress(min(start + TRASH_STEP, len(live)), len(live))
        return Changes(deleted=tuple(live))

    def restore_entries(self, ids: Sequence[int], progress: Progress | None = None) -> Changes:
        """Take entries out of the Trash, with everything they had."""
        state = self.store.trashed_state(ids)
        back = [i for i in dict.fromkeys(ids) if state.get(i) is not None]
        with self.store.transaction() as txn:
            for start in range(0, len(back), TRASH_STEP):
                txn.set_trashed(back[start : start + TRASH_STEP], None)
                if progress is not None:
                    progress(min(start + TRASH_STEP, len(back)), len(back))
        return Changes(added=tuple(back))

    def trashed_ids(self) -> list[int]:
        return self.store.trashed_ids()

    def empty_trash(self) -> tuple[int, Path | None]:
        """Delete the entries in the Trash for good, after a backup: (how many, the backup)."""
        ids = self.store.trashed_ids()
        if not ids:
            return 0, None
        backup = self.store.backup(f"before-empty-trash-{len(ids)}")
        with self.store.transaction() as txn:
            txn.delete_entries(ids)
        return len(ids), backup

    def union_organisation(self, keep_id: int, others: Sequence[int]) -> OrganisationUnion:
        """Give `keep_id` every collection and tag that `others` have and move their notes to it
        (one transaction; `separate` undoes it). Merging duplicates does this inside its own."""
        with self.store.transaction() as txn:
            return unite_organisation(txn, keep_id, others)

    def separate_organisation(self, union: OrganisationUnion) -> None:
        with self.store.transaction() as txn:
            separate_organisation(txn, union)
