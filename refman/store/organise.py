"""Collections, tags, notes, saved searches and the Trash in SQL.

`OrganiseReads` is shared by `Store` (its read connection) and `Txn` (inside a transaction);
`OrganiseWrites` is part of `Txn`. Everything returned is a core dataclass.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from refman.core.errors import InputError, NotFoundError
from refman.core.organise import Collection, CollectionSnapshot, KeepUpdated, Note, SavedSearch, Tag
from refman.store.querysql import collection_subtree
from refman.store.reader import _Reader
from refman.store.schema import (
    collection_items,
    collections,
    entries,
    entry_tags,
    keep_updated,
    notes,
    saved_searches,
    tags,
)

_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _trashed_ids() -> Any:
    """The ids in the Trash, from ix_entries_trashed: a list to drive a lookup by entry id, never a
    join that makes SQLite visit every membership and look its entry up."""
    return select(entries.c.id).where(entries.c.trashed_at.is_not(None))


def _note(r: Any) -> Note:
    return Note(r["id"], r["entry_id"], r["body"], r["format"], r["created"], r["modified"])


class OrganiseReads(_Reader):
    """Read queries about how entries are organised."""

    # --- collections -----------------------------------------------------------------------

    def collections(self) -> list[Collection]:
        """The whole tree, parents before children, siblings by position then name."""
        # All members per collection (a scan of the primary key), less those in the Trash (found
        # from the few trashed entries): a join of every membership with entries took 1 s at 100k.
        counts: dict[int, int] = dict(self._conn().execute(select(collection_items.c.collection_id, func.count())
                                           .group_by(collection_items.c.collection_id)).all())
        trashed = (select(collection_items.c.collection_id, func.count())
                   .where(collection_items.c.entry_id.in_(_trashed_ids()))
                   .group_by(collection_items.c.collection_id))
        for cid, n in self._conn().execute(trashed).all():
            counts[cid] = counts.get(cid, 0) - n
        stmt = select(collections).order_by(collections.c.position, collections.c.name, collections.c.id)
        rows = [dict(r, n=counts.get(r["id"], 0)) for r in self._conn().execute(stmt).mappings()]
        children: dict[int | None, list[Any]] = {}
        for r in rows:
            children.setdefault(r["parent_id"], []).append(r)
        out: list[Collection] = []

        def walk(parent: int | None, path: tuple[str, ...]) -> None:
            for r in children.get(parent, []):
                here = (*path, r["name"])
                out.append(Collection(r["id"], r["name"], r["parent_id"], here, r["n"], r["position"], r["meta"]))
                walk(r["id"], here)

        walk(None, ())
        return out

    def collection_id(self, path: Sequence[str]) -> int | None:
        parent: int | None = None
        for name in path:
            cond = collections.c.parent_id.is_(None) if parent is None else collections.c.parent_id == parent
            row = self._conn().execute(select(collections.c.id).where(cond, collections.c.name == name)).first()
            if row is None:
                return None
            parent = row[0]
        return parent

    def collection(self, collection_id: int) -> Collection:
        for c in self.collections():
            if c.id == collection_id:
                return c
        raise NotFoundError(f"no collection with id {collection_id}")

    def subtree_ids(self, collection_id: int) -> list[int]:
        """The collection and all its descendants (recursive CTE), parents first."""
        tree = collection_subtree(select(collections.c.id).where(collections.c.id == collection_id).scalar_subquery())
        return list(self._conn().execute(select(tree.c.id)).scalars())  # type: ignore[attr-defined]

    def collection_ids_of(self, entry_id: int) -> list[int]:
        stmt = select(collection_items.c.collection_id).where(collection_items.c.entry_id == entry_id)
        return list(self._conn().execute(stmt).scalars())

    def memberships(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        """(collection id, entry id) pairs of these entries."""
        out: list[tuple[int, int]] = []
        for chunk in _chunks(ids):
            stmt = select(collection_items.c.collection_id, collection_items.c.entry_id).where(
                collection_items.c.entry_id.in_(chunk))
            out.extend((r[0], r[1]) for r in self._conn().execute(stmt))
        return out

    def collections_of(self, ids: Sequence[int]) -> dict[int, list[int]]:
        """Entry id -> its collection ids, for these entries (a partial export's groups fields).
        On SQLite one query through the driver with the ids as a JSON parameter."""
        out: dict[int, list[int]] = {}
        if not ids:
            return out
        if self.dialect == "sqlite":
            driver = self._conn().connection.driver_connection
            assert driver is not None
            rows = driver.execute("SELECT entry_id, collection_id FROM collection_items WHERE entry_id IN "
                                  "(SELECT value FROM json_each(?)) ORDER BY entry_id, collection_id",
                                  (json.dumps(list(ids)),)).fetchall()
        else:
            rows = sorted(((e, c) for c, e in self.memberships(ids)))
        for eid, cid in rows:
            out.setdefault(eid, []).append(cid)
        return out

    def all_memberships(self) -> dict[int, list[int]]:
        """Entry id -> its collection ids, for every entry in a collection (one query)."""
        out: dict[int, list[int]] = {}
        sql = "SELECT entry_id, collection_id FROM collection_items ORDER BY entry_id, collection_id"
        if self.dialect == "sqlite":  # straight from the driver: 4x faster for 100k+ rows
            rows = self._conn().connection.driver_connection.execute(sql).fetchall()  # type: ignore[union-attr]
        else:
            rows = self._conn().exec_driver_sql(sql).fetchall()
        for eid, cid in rows:
            out.setdefault(eid, []).append(cid)
        return out

    # --- tags ------------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """All tags with how many entries outside the Trash carry each; keyed (1-9) tags first."""
        counts: dict[int, int] = dict(self._conn().execute(select(entry_tags.c.tag_id, func.count())
                                           .group_by(entry_tags.c.tag_id)).all())  # ix_entry_tags_tag
        trashed = (select(entry_tags.c.tag_id, func.count()).where(entry_tags.c.entry_id.in_(_trashed_ids()))
                   .group_by(entry_tags.c.tag_id))
        for tid, n in self._conn().execute(trashed).all():
            counts[tid] = counts.get(tid, 0) - n
        stmt = select(tags).order_by(tags.c.position.is_(None), tags.c.position, func.lower(tags.c.name))
        return [Tag(r["id"], r["name"], r["colour"], r["position"], bool(r["automatic"]), counts.get(r["id"], 0))
                for r in self._conn().execute(stmt).mappings()]

    def tag_by_name(self, name: str) -> Tag | None:
        row = self._conn().execute(select(tags).where(func.lower(tags.c.name) == name.lower())).mappings().first()
        return Tag(row["id"], row["name"], row["colour"], row["position"], bool(row["automatic"])) if row else None

    def tags_in_use(self, tag_id: int) -> bool:
        return self._conn().execute(select(entry_tags.c.entry_id).where(entry_tags.c.tag_id == tag_id)
                                    .limit(1)).first() is not None

    def tags_of_entry(self, entry_id: int) -> list[Tag]:
        """One entry's tags with their colours and keys (the detail pane): keyed ones first."""
        stmt = (select(tags).join(entry_tags, entry_tags.c.tag_id == tags.c.id)
                .where(entry_tags.c.entry_id == entry_id)
                .order_by(tags.c.position.is_(None), tags.c.position, func.lower(tags.c.name)))
        return [Tag(r["id"], r["name"], r["colour"], r["position"], bool(r["automatic"]))
                for r in self._conn().execute(stmt).mappings()]

    def tags_of(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """Tag names per entry, sorted case-insensitively."""
        out: dict[int, list[str]] = {}
        for chunk in _chunks(ids):
            stmt = (select(entry_tags.c.entry_id, tags.c.name).join(tags, tags.c.id == entry_tags.c.tag_id)
                    .where(entry_tags.c.entry_id.in_(chunk)).order_by(func.lower(tags.c.name)))
            for eid, name in self._conn().execute(stmt):
                out.setdefault(eid, []).append(name)
        return out

    # --- notes, saved searches, Trash --------------------------------------------------------

    def notes_of(self, entry_id: int) -> list[Note]:
        stmt = select(notes).where(notes.c.entry_id == entry_id).order_by(notes.c.created, notes.c.id)
        return [_note(r) for r in self._conn().execute(stmt).mappings()]

    def note_owners(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        """(note id, entry id) of every note of these entries, oldest first."""
        out: list[tuple[int, int]] = []
        for chunk in _chunks(ids):
            stmt = (select(notes.c.id, notes.c.entry_id).where(notes.c.entry_id.in_(chunk))
                    .order_by(notes.c.created, notes.c.id))
            out.extend((r[0], r[1]) for r in self._conn().execute(stmt))
        return out

    def note(self, note_id: int) -> Note:
        row = self._conn().execute(select(notes).where(notes.c.id == note_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no note with id {note_id}")
        return _note(row)

    def saved_searches(self) -> list[SavedSearch]:
        stmt = select(saved_searches).order_by(func.lower(saved_searches.c.name))
        return [SavedSearch(r["id"], r["name"], r["query"], r["meta"]) for r in self._conn().execute(stmt).mappings()]

    def keep_updated(self) -> list[KeepUpdated]:
        stmt = select(keep_updated).order_by(keep_updated.c.path)
        return [KeepUpdated(r["id"], r["path"], r["format"], r["query"], r["options"], r["written"])
                for r in self._conn().execute(stmt).mappings()]

    def trashed_count(self) -> int:
        stmt = select(func.count()).select_from(entries).where(entries.c.trashed_at.is_not(None))
        return int(self._conn().execute(stmt).scalar_one())

    def trashed_ids(self) -> list[int]:
        stmt = select(entries.c.id).where(entries.c.trashed_at.is_not(None)).order_by(entries.c.trashed_at.desc(),
                                                                                       entries.c.id)
        return list(self._conn().execute(stmt).scalars())

    def trashed_state(self, ids: Sequence[int]) -> dict[int, datetime | None]:
        out: dict[int, datetime | None] = {}
        for chunk in _chunks(ids):
            stmt = select(entries.c.id, entries.c.trashed_at).where(entries.c.id.in_(chunk))
            out.update((r[0], r[1]) for r in self._conn().execute(stmt))
        return out


class OrganiseWrites(OrganiseReads):
    """Writes of the organising tables, inside one `Txn`."""

    now: datetime

    # --- collections -----------------------------------------------------------------------

    def _check_name(self, parent_id: int | None, name: str, moving: int | None = None) -> None:
        cond = collections.c.parent_id.is_(None) if parent_id is None else collections.c.parent_id == parent_id
        row = self._conn().execute(select(collections.c.id).where(cond, collections.c.name == name)).first()
        if row is not None and row[0] != moving:
            raise InputError(f"there is already a collection '{name}' there")

    def add_collection(self, name: str, parent_id: int | None, position: int = 0, meta: str = "") -> int:
        name = name.strip()
        if not name:
            raise InputError("a collection needs a name")
        if parent_id is not None and self._conn().execute(
                select(collections.c.id).where(collections.c.id == parent_id)).first() is None:
            raise NotFoundError(f"no collection with id {parent_id}")
        self._check_name(parent_id, name)
        result = self._conn().execute(insert(collections).values(name=name, parent_id=parent_id, position=position,
                                                                 meta=meta))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def rename_collection(self, collection_id: int, name: str) -> str:
        old = self.collection(collection_id)
        name = name.strip()
        if not name:
            raise InputError("a collection needs a name")
        self._check_name(old.parent_id, name, moving=collection_id)
        self._conn().execute(update(collections).where(collections.c.id == collection_id).values(name=name))
        return old.name

    def move_collection(self, collection_id: int, parent_id: int | None) -> int | None:
        """Re-parent; refuses a move under itself or one of its descendants (a cycle)."""
        old = self.collection(collection_id)
        if parent_id is not None and parent_id in self.subtree_ids(collection_id):
            raise InputError(f"cannot move '{old.path_text}' into itself or one of its subcollections")
        self._check_name(parent_id, old.name, moving=collection_id)
        self._conn().execute(update(collections).where(collections.c.id == collection_id)
                             .values(parent_id=parent_id))
        return old.parent_id

    def delete_collection(self, collection_id: int) -> CollectionSnapshot:
        """Delete a collection and its subcollections (entries stay in the library)."""
        ids = self.subtree_ids(collection_id)
        if not ids:
            raise NotFoundError(f"no collection with id {collection_id}")
        rows = self._conn().execute(select(collections).where(collections.c.id.in_(ids))).mappings().all()
        by_id = {r["id"]: (r["id"], r["parent_id"], r["name"], r["position"], r["meta"]) for r in rows}
        items = self._conn().execute(select(collection_items.c.collection_id, collection_items.c.entry_id)
                                     .where(collection_items.c.collection_id.in_(ids))).all()
        self._conn().execute(delete(collections).where(collections.c.id == collection_id))  # cascades
        return CollectionSnapshot(tuple(by_id[i] for i in ids), tuple((r[0], r[1]) for r in items))

    def restore_collections(self, snap: CollectionSnapshot) -> None:
        for cid, parent, name, position, meta in snap.rows:
            self._conn().execute(insert(collections).values(id=cid, parent_id=parent, name=name, position=position,
                                                            meta=meta))
        self.add_memberships(snap.items)

    def add_memberships(self, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Add (collection id, entry id) pairs not there yet; returns those added."""
        existing: set[tuple[int, int]] = set()
        by_collection: dict[int, list[int]] = {}
        for cid, eid in pairs:
            by_collection.setdefault(cid, []).append(eid)
        for cid, eids in by_collection.items():
            for chunk in _chunks(eids):
                stmt = select(collection_items.c.entry_id).where(collection_items.c.collection_id == cid,
                                                                 collection_items.c.entry_id.in_(chunk))
                existing.update((cid, e) for e in self._conn().execute(stmt).scalars())
        new = list(dict.fromkeys(p for p in pairs if p not in existing))
        if new:
            self._conn().execute(insert(collection_items),
                                 [{"collection_id": c, "entry_id": e} for c, e in new])
        return new

    def remove_memberships(self, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        present = [p for p in dict.fromkeys(pairs) if p in set(self.memberships([e for _, e in pairs]))]
        for cid, eid in present:
            self._conn().execute(delete(collection_items).where(collection_items.c.collection_id == cid,
                                                                collection_items.c.entry_id == eid))
        return present

    # --- tags ------------------------------------------------------------------------------

    def ensure_tag(self, name: str, automatic: bool = False) -> tuple[int, bool]:
        """(tag id, whether it was created now)."""
        found = self.tag_by_name(name)
        if found is not None:
            return found.id, False
        result = self._conn().execute(insert(tags).values(name=name, automatic=automatic))
        return int(result.inserted_primary_key[0]), True  # type: ignore[index]

    def tag_keywords(self, ids: Sequence[int]) -> int:
        """Automatic tags from the entries' keywords: one read of the keywords, missing tags
        made in one insert, memberships in one INSERT OR IGNORE. Returns the pairs written."""
        import json

        wanted: dict[str, list[int]] = {}
        for chunk in _chunks(list(ids)):
            stmt = select(entries.c.id, entries.c.keywords).where(entries.c.id.in_(chunk), entries.c.keywords != "")
            for eid, raw in self._conn().execute(stmt):
                try:
                    words = json.loads(raw)
                except ValueError:
                    continue
                for w in words if isinstance(words, list) else []:
                    name = " ".join(str(w).split())
                    if name and len(name) <= 200:
                        wanted.setdefault(name, []).append(eid)
        if not wanted:
            return 0
        known = {n.lower(): i for i, n in self._conn().execute(select(tags.c.id, tags.c.name))}
        missing = list(dict.fromkeys(n for n in wanted if n.lower() not in known))
        seen: set[str] = set()
        for name in missing:
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            known[name.lower()] = int(self._conn().execute(
                insert(tags).values(name=name, automatic=True)).inserted_primary_key[0])  # type: ignore[index]
        pairs = list({(eid, known[n.lower()]) for n, eids in wanted.items() for eid in eids})
        ignore = insert(entry_tags).prefix_with("OR IGNORE") if self.dialect == "sqlite" else insert(entry_tags)
        self._conn().execute(ignore, [{"entry_id": e, "tag_id": t} for e, t in pairs])
        return len(pairs)

    def set_tag_style(self, tag_id: int, colour: str, position: int | None) -> None:
        if position is not None:  # a key belongs to one tag: the previous holder gives it up
            self._conn().execute(update(tags).where(tags.c.position == position, tags.c.id != tag_id)
                                 .values(position=None))
        self._conn().execute(update(tags).where(tags.c.id == tag_id).values(colour=colour, position=position))

    def delete_tag(self, tag_id: int) -> None:
        self._conn().execute(delete(tags).where(tags.c.id == tag_id))

    def tag_entries(self, tag_id: int, ids: Sequence[int]) -> list[int]:
        """Give these entries the tag; returns those that did not have it."""
        have: set[int] = set()
        for chunk in _chunks(ids):
            have.update(self._conn().execute(select(entry_tags.c.entry_id).where(
                entry_tags.c.tag_id == tag_id, entry_tags.c.entry_id.in_(chunk))).scalars())
        new = [i for i in dict.fromkeys(ids) if i not in have]
        if new:
            self._conn().execute(insert(entry_tags), [{"entry_id": i, "tag_id": tag_id} for i in new])
        return new

    def untag_entries(self, tag_id: int, ids: Sequence[int]) -> list[int]:
        """Take the tag off these entries; returns those that had it."""
        had: list[int] = []
        for chunk in _chunks(ids):
            had.extend(self._conn().execute(select(entry_tags.c.entry_id).where(
                entry_tags.c.tag_id == tag_id, entry_tags.c.entry_id.in_(chunk))).scalars())
            self._conn().execute(delete(entry_tags).where(entry_tags.c.tag_id == tag_id,
                                                          entry_tags.c.entry_id.in_(chunk)))
        return had

    # --- notes and saved searches ------------------------------------------------------------

    def add_note(self, note: Note, plain: str) -> int:
        values: dict[str, Any] = {"entry_id": note.entry_id, "format": note.format, "body": note.body,
                                  "plain": plain, "created": note.created or self.now,
                                  "modified": note.modified or self.now}
        if note.id is not None:
            values["id"] = note.id  # undo of a delete puts the note back under its id
        result = self._conn().execute(insert(notes).values(**values))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def update_note(self, note_id: int, body: str, fmt: str, plain: str) -> None:
        self._conn().execute(update(notes).where(notes.c.id == note_id)
                             .values(body=body, format=fmt, plain=plain, modified=self.now))

    def move_notes(self, moves: Sequence[tuple[int, int]]) -> None:
        """Give notes to other entries: (note id, entry id). Text and dates stay as they are, so
        moving them back (undo of a merge) leaves no trace."""
        for note_id, entry_id in moves:
            self._conn().execute(update(notes).where(notes.c.id == note_id).values(entry_id=entry_id))

    def delete_note(self, note_id: int) -> None:
        self._conn().execute(delete(notes).where(notes.c.id == note_id))

    def save_search(self, name: str, query: str, meta: str = "") -> int:
        row = self._conn().execute(select(saved_searches.c.id).where(saved_searches.c.name == name)).first()
        if row is not None:
            self._conn().execute(update(saved_searches).where(saved_searches.c.id == row[0])
                                 .values(query=query, meta=meta))
            return int(row[0])
        result = self._conn().execute(insert(saved_searches).values(name=name, query=query, meta=meta))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def delete_saved_search(self, search_id: int) -> None:
        self._conn().execute(delete(saved_searches).where(saved_searches.c.id == search_id))

    def register_keep_updated(self, path: str, fmt: str, query: str, options: str) -> None:
        self._conn().execute(delete(keep_updated).where(keep_updated.c.path == path))
        self._conn().execute(insert(keep_updated).values(path=path, format=fmt, query=query, options=options))

    def unregister_keep_updated(self, path: str) -> bool:
        return bool(self._conn().execute(delete(keep_updated).where(keep_updated.c.path == path)).rowcount)

    def keep_updated_written(self, path: str) -> None:
        self._conn().execute(update(keep_updated).where(keep_updated.c.path == path).values(written=self.now))

    # --- Trash -----------------------------------------------------------------------------

    def set_trashed(self, ids: Sequence[int], when: datetime | None) -> None:
        for chunk in _chunks(ids):
            self._conn().execute(update(entries).where(entries.c.id.in_(chunk)).values(trashed_at=when))
