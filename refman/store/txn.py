"""Writes: `Txn`, everything that changes the library inside one transaction, and the bulk
insert paths the import relies on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update

from refman.core.errors import LibraryError
from refman.core.model import Entry, Relation
from refman.store import pg_bulk, pg_fts
from refman.store.dupkeys import DuplicateWrites, key_rows
from refman.store.keys import KeyWriteMixin
from refman.store.macros import MacroWriteMixin
from refman.store.organise import OrganiseWrites
from refman.store.reader import digest
from refman.store.rows import contributor_rows, entry_row, extra_rows, fts_row
from refman.store.schema import contributors, dup_keys, entries, extra_fields, records, relations, sources

_FTS_INSERT = text(
    "INSERT INTO entries_fts(rowid, title, contributors, container, abstract, keywords) "
    "VALUES (:rowid, :title, :contributors, :container, :abstract, :keywords)"
)
_LINK_RECORD = update(records).where(records.c.id == bindparam("rid")).values(entry_id=bindparam("eid"))


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME storage format
    return value


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Indexes on entries that no import lookup uses (see Txn.browse_indexes_deferred).
BROWSE_INDEXES = frozenset({"ix_entries_year", "ix_entries_sort_author", "ix_entries_sort_title",
                            "ix_entries_container", "ix_entries_type", "ix_entries_added"})


class Txn(MacroWriteMixin, KeyWriteMixin, OrganiseWrites, DuplicateWrites):
    """Writes inside one transaction; obtained from `Store.transaction()`."""

    def __init__(self, conn: Connection, dialect: str) -> None:
        self._c = conn
        self.dialect = dialect
        self.now = _now()
        self._next_record = 0  # first record id not yet reserved (see reserve_records)
        self._reserved: set[int] = set()  # reserved record ids not added yet
        self._links: dict[int, int] = {}  # reserved record id -> entry, until the record is added

    def _conn(self) -> Connection:
        return self._c

    def add_source(self, path: str, fmt: str, encoding: str = "utf-8") -> int:
        result = self._c.execute(
            insert(sources).values(path=path, format=fmt, encoding=encoding, imported_at=self.now)
        )
        pk = result.inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def link_record(self, record_id: int, entry_id: int) -> None:
        if record_id in self._reserved:
            self._links[record_id] = entry_id
            return
        self._c.execute(update(records).where(records.c.id == record_id).values(entry_id=entry_id))

    def reserve_records(self, n: int) -> list[int] | None:
        """Ids for n records that `add_records(..., ids=)` will add later in this transaction.

        Entries can then point at their records before the records exist, and each record is
        written once, already linked to its entry: linking afterwards (an UPDATE of every big
        record row) cost ~3 s of a 100k-entry import. SQLite only (explicit ids, foreign keys
        checked at commit). On PostgreSQL the ids come from the records sequence and the link
        from entries to records is checked at commit (a deferrable constraint); None elsewhere,
        and callers add records first as before.
        """
        if self.dialect == "postgresql":
            if not self._next_record:
                pg_bulk.defer_record_links(self._c)
                self._next_record = 1
            ids = pg_bulk.reserve_ids(self._c, "records", n)
            self._reserved.update(ids)
            return ids
        if self.dialect != "sqlite":
            return None
        if not self._next_record:
            self._c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
        first = max(self._next_record, self._max_id(records) + 1)
        self._next_record = first + n
        ids = list(range(first, first + n))
        self._reserved.update(ids)
        return ids

    def add_records(self, source_id: int, rows: Sequence[tuple[int, str, int | None, str]],
                    ids: Sequence[int] | None = None) -> list[int]:
        """Insert many (position, kind, line, raw) records at once; ids in the given order
        (`ids`: reserved by `reserve_records`, with the entries linked to them meanwhile)."""
        if not rows:
            return []
        params = [{"source_id": source_id, "position": pos, "kind": kind, "line": line, "raw": raw,
                   "digest": digest(raw), "entry_id": None} for pos, kind, line, raw in rows]
        if ids is None:
            return self._insert_many(records, params)
        for pk, row in zip(ids, params, strict=True):
            row["id"] = pk
            row["entry_id"] = self._links.pop(pk, None)
            self._reserved.discard(pk)
        self._bulk(records, params)
        return list(ids)

    @contextmanager
    def browse_indexes_deferred(self) -> Iterator[None]:
        """Drop the indexes that only browsing and sorting use, and build them again at the end.

        For a big import: keeping six indexes up to date row by row, in random order, was the
        largest part of inserting 100k entries, while building one afresh is a single sort. It
        is all in this transaction: if the import fails, the rollback brings them back as well.

        PostgreSQL: the indexes stay (dropping one locks the table against every other client's
        reads until the import commits, and a shared library is read while it is written); the
        import ends with ANALYZE instead, so the planner knows the new rows at once rather than
        at autovacuum's next pass (before it, searches seq-scanned the full-text table).
        """
        if self.dialect == "postgresql":
            yield
            pg_bulk.analyze(self._c)
            return
        dropped = [ix for ix in entries.indexes if ix.name in BROWSE_INDEXES]
        for ix in dropped:
            ix.drop(self._c)
        yield
        for ix in dropped:
            ix.create(self._c)

    def _max_id(self, table: Any) -> int:
        return int(self._c.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())

    def _insert_many(self, table: Any, params: list[dict[str, Any]]) -> list[int]:
        """executemany with the new ids in parameter order.

        SQLite cannot return ids of an executemany in order (SQLAlchemy then falls back to one
        statement per row, measured 10x slower), so there the ids are assigned here: the write
        transaction began IMMEDIATE, so nobody else can insert in between.
        """
        if self.dialect == "sqlite":
            first = self._max_id(table) + 1
            if table is records:
                first = max(first, self._next_record)
            ids = list(range(first, first + len(params)))
            for pk, row in zip(ids, params, strict=True):
                row["id"] = pk
            self._bulk(table, params)
            return ids
        if self.dialect == "postgresql":  # ids from the sequence, rows by COPY (see pg_bulk)
            ids = pg_bulk.reserve_ids(self._c, table.name, len(params))
            for pk, row in zip(ids, params, strict=True):
                row["id"] = pk
            self._bulk(table, params)
            return ids
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(r[0]) for r in self._c.execute(stmt, params)]

    def _bulk(self, table: Any, params: list[dict[str, Any]]) -> None:
        """Plain executemany of rows that all have the same keys.

        On SQLite the statement goes straight to the driver: SQLAlchemy's per-row parameter
        processing cost more than the inserts themselves (measured 10 s of 16 s for 100k
        entries). Values are stored as SQLAlchemy would store them (datetimes as its text form).
        """
        if not params:
            return
        if self.dialect == "postgresql":
            pg_bulk.copy_rows(self._c, table.name, list(params[0]), [tuple(row.values()) for row in params])
            return
        if self.dialect != "sqlite":
            self._c.execute(insert(table), params)
            return
        first = params[0]
        cols = list(first)
        for col in [c for c in cols if isinstance(first[c], datetime)]:
            stored: dict[datetime, Any] = {}  # an import stamps every row with the same time
            for row in params:
                value = row[col]
                text_value = stored.get(value)
                if text_value is None:
                    text_value = stored[value] = _sqlite_value(value)
                row[col] = text_value
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        # Every row was built by the same function, so its values are in the same column order.
        self._c.exec_driver_sql(sql, [tuple(row.values()) for row in params])

    def insert_entries(self, items: Sequence[tuple[Entry, int | None]]) -> list[int]:
        """Bulk insert of (entry, raw record id) pairs: one executemany per table.

        This is the import hot path (measured: per-row inserts cost ~3.7 ms an entry, this
        path a small fraction of that), so it builds plain parameter dicts and never
        compiles a statement per row.
        """
        if not items:
            return []
        rows = []
        for entry, rid in items:
            if not entry.citekey:
                raise LibraryError("an entry needs a citekey before it is stored")
            row = entry_row(entry, self.now)
            row["raw_record_id"] = rid
            row["edited"] = False
            rows.append(row)
        ids = self._insert_many(entries, rows)
        self._insert_children(ids, items)
        return ids

    def restore_entries(self, items: Sequence[tuple[Entry, int | None, bool]]) -> None:
        """Re-insert deleted entries under their old ids, keys, dates and versions, with their
        records (entry, raw record id, edited): the undo of a delete, in bulk. One at a time,
        restoring 100,000 entries took 77 s."""
        rows = []
        for entry, rid, edited in items:
            if entry.id is None:
                raise LibraryError("cannot restore an entry without its id")
            row = entry_row(entry, self.now)
            row.update(id=entry.id, raw_record_id=rid, edited=edited, modified=entry.modified or self.now,
                       version=entry.version or 1)  # exactly as it was
            rows.append(row)
        ids = [int(row["id"]) for row in rows]
        self._bulk(entries, rows)
        self._insert_children(ids, [(entry, rid) for entry, rid, _ in items])
        if self.dialect == "postgresql":
            from refman.store.pg_engine import sync_sequences

            sync_sequences(self._c, ("entries",))

    def _insert_children(self, ids: Sequence[int], items: Sequence[tuple[Entry, int | None]]) -> None:
        """Contributors, extra fields, duplicate keys, full-text rows and record links of entries
        just inserted with these ids."""
        people: list[dict[str, Any]] = []
        extra: list[dict[str, Any]] = []
        fts: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        keys: list[dict[str, Any]] = []
        for entry_id, (entry, rid) in zip(ids, items, strict=True):
            keys.extend(key_rows(entry_id, entry))
            people.extend(contributor_rows(entry_id, entry.contributors))
            extra.extend(extra_rows(entry_id, entry.extra))
            fts.append({"rowid": entry_id, **fts_row(entry)})
            if rid in self._reserved:
                self._links[rid] = entry_id
            elif rid is not None:
                links.append({"rid": rid, "eid": entry_id})
        self._bulk(contributors, people)
        self._bulk(extra_fields, extra)
        self._bulk(dup_keys, keys)
        if self.dialect == "sqlite":
            self._c.exec_driver_sql(
                "INSERT INTO entries_fts(rowid, title, contributors, container, abstract, keywords) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(f["rowid"], f["title"], f["contributors"], f["container"], f["abstract"], f["keywords"]) for f in fts],
            )
            if links:
                self._c.exec_driver_sql("UPDATE records SET entry_id = ? WHERE id = ?",
                                        [(link["eid"], link["rid"]) for link in links])
        elif self.dialect == "postgresql":
            pg_bulk.copy_rows(self._c, "entries_fts", ("rowid", *pg_fts.FTS_COLUMNS),
                              [pg_fts.fts_values(f["rowid"], f) for f in fts])
            pg_bulk.link_records(self._c, [(link["rid"], link["eid"]) for link in links])
        elif links:
            self._c.execute(_LINK_RECORD, links)

    def link_records(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Point records at entries: (record id, entry id) pairs, in one go."""
        if not pairs:
            return
        if self.dialect == "postgresql":
            pg_bulk.link_records(self._c, pairs)
        else:
            self._c.execute(_LINK_RECORD, [{"rid": rid, "eid": eid} for rid, eid in pairs])

    def index_entries(self, stored: Sequence[Entry]) -> None:
        """Full-text rows for entries already stored without them (copy-library)."""
        rows = [(e.id, fts_row(e)) for e in stored if e.id is not None]
        if self.dialect == "postgresql":
            pg_bulk.copy_rows(self._c, "entries_fts", ("rowid", *pg_fts.FTS_COLUMNS),
                              [pg_fts.fts_values(i, f) for i, f in rows])
        elif self.dialect == "sqlite":
            for i, f in rows:
                self._c.execute(_FTS_INSERT, {"rowid": i, **f})

    def finish_bulk_copy(self) -> None:
        """After rows were written with their own ids: PostgreSQL's sequences must move past them,
        and its planner learn about the new rows (see browse_indexes_deferred)."""
        if self.dialect == "postgresql":
            from refman.store.pg_engine import sync_sequences

            sync_sequences(self._c)
            pg_bulk.analyze(self._c)

    def _driver_rows(self, sql: str, values: Sequence[str]) -> list[tuple[Any, ...]] | None:
        """Rows of `sql` with its one `?` bound to the JSON list of values, straight through the
        SQLite driver (an import asks twice per 1,000 entries; SQLAlchemy's expanding IN cost
        ~20 ms a time, this ~2 ms); on PostgreSQL the same with one array parameter (`= ANY`);
        None on other databases."""
        if self.dialect == "postgresql":
            return pg_bulk.rows_any(self._c, sql.replace("IN (SELECT value FROM json_each(?))", "= ANY(%s)"),
                                    values)
        if self.dialect != "sqlite":
            return None
        driver = self._c.connection.driver_connection
        return driver.execute(sql, (json.dumps(list(values)),)).fetchall()  # type: ignore[union-attr]

    def ids_by_raw(self, raws: Sequence[str]) -> dict[str, list[int]]:
        """raw text -> entries whose current record has exactly that text (re-imports), oldest
        first: a file that holds the same block twice stored it as two entries, and a re-import
        must find both, one for each copy."""
        by_digest = {digest(r): r for r in raws}
        out: dict[str, list[int]] = {}
        rows = self._driver_rows(
            "SELECT records.raw, entries.id FROM entries JOIN records ON records.id = entries.raw_record_id "
            "WHERE records.digest IN (SELECT value FROM json_each(?)) ORDER BY entries.id", list(by_digest))
        if rows is None:
            rows = []
            keys = list(by_digest)
            for start in range(0, len(keys), 500):
                stmt = (select(records.c.raw, entries.c.id)
                        .select_from(entries.join(records, records.c.id == entries.c.raw_record_id))
                        .where(records.c.digest.in_(keys[start : start + 500])).order_by(entries.c.id))
                rows.extend(tuple(r) for r in self._c.execute(stmt))
            rows.sort(key=lambda r: r[1])
        for raw, entry_id in rows:
            out.setdefault(raw, []).append(entry_id)
        return out

    def ids_by_keys(self, keys: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        uniq = list(dict.fromkeys(keys))
        rows = self._driver_rows("SELECT citekey, id FROM entries WHERE citekey IN (SELECT value FROM json_each(?))",
                                 uniq)
        if rows is not None:
            return dict(rows)  # type: ignore[arg-type]
        for start in range(0, len(uniq), 500):
            stmt = select(entries.c.citekey, entries.c.id).where(entries.c.citekey.in_(uniq[start : start + 500]))
            out.update({k: i for k, i in self._c.execute(stmt)})
        return out

    def _write_children(self, entry_id: int, entry: Entry) -> None:
        if entry.contributors:
            self._c.execute(insert(contributors), contributor_rows(entry_id, entry.contributors))
        if entry.extra:
            self._c.execute(insert(extra_fields), extra_rows(entry_id, entry.extra))
        if self.dialect == "sqlite":
            self._c.execute(_FTS_INSERT, {"rowid": entry_id, **fts_row(entry)})
        elif self.dialect == "postgresql":
            pg_bulk.copy_rows(self._c, "entries_fts", ("rowid", *pg_fts.FTS_COLUMNS),
                              [pg_fts.fts_values(entry_id, fts_row(entry))])

    def insert_entry(self, entry: Entry, raw_record_id: int | None = None) -> int:
        """One new entry; the same path as a bulk import of one."""
        return self.insert_entries([(entry, raw_record_id)])[0]

    def restore_entry(self, entry: Entry, raw_record_id: int | None, edited: bool) -> int:
        """Re-insert a deleted entry under its old id and key (undo)."""
        if entry.id is None:
            raise LibraryError("cannot restore an entry without its id")
        row = entry_row(entry, self.now)
        row.update(id=entry.id, raw_record_id=raw_record_id, edited=edited, modified=entry.modified or self.now,
                   version=entry.version or 1)  # exactly as it was
        self._c.execute(insert(entries).values(**row))
        self._write_children(entry.id, entry)
        self.write_keys([(entry.id, entry)])
        if raw_record_id is not None:
            self.link_record(raw_record_id, entry.id)
        if self.dialect == "postgresql":
            from refman.store.pg_engine import sync_sequences

            sync_sequences(self._c, ("entries",))
        return entry.id

    def insert_relations(self, rels: Iterable[Relation]) -> None:
        rows = [{"source_id": r.source_id, "target_id": r.target_id, "kind": r.kind, "position": r.position}
                for r in rels]
        if rows:
            self._c.execute(insert(relations), rows)

    def update_entry(self, entry_id: int, entry: Entry, raw_record_id: int | None = None, *,
                     as_read: bool = False, expected_version: int | None = None) -> bool:
        """Replace an entry's fields. With a raw record (a re-import), the entry is clean again;
        without one (a user edit), it is marked edited so export writes it canonically.
        `as_read`: the fields are still what its own record says, read again (a BibTeX crossref
        child whose parent came later in the file): record and clean state are kept.
        Every save raises the entry's version; with `expected_version`, nothing is written and
        False returned unless the stored version is still that one (someone else saved first)."""
        row: dict[str, Any] = entry_row(entry, self.now)
        row.pop("added")
        if raw_record_id is not None:
            row["raw_record_id"] = raw_record_id
            row["edited"] = False
        elif as_read:
            row["edited"] = False
        else:
            row["edited"] = True
        row["version"] = entries.c.version + 1
        stmt = update(entries).where(entries.c.id == entry_id)
        if expected_version is not None:
            stmt = stmt.where(entries.c.version == expected_version)
        if self._c.execute(stmt.values(**row)).rowcount == 0 and expected_version is not None:
            return False
        self._c.execute(delete(contributors).where(contributors.c.entry_id == entry_id))
        self._c.execute(delete(extra_fields).where(extra_fields.c.entry_id == entry_id))
        if self.dialect in ("sqlite", "postgresql"):
            self._c.execute(text("DELETE FROM entries_fts WHERE rowid = :r"), {"r": entry_id})
        self._write_children(entry_id, entry)
        self.write_keys([(entry_id, entry)], replace=True)
        if raw_record_id is not None:
            self.link_record(raw_record_id, entry_id)
        return True

    def delete_entries(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            if self.dialect == "sqlite":
                self._c.execute(
                    text("DELETE FROM entries_fts WHERE rowid IN (" + ",".join(str(int(i)) for i in chunk) + ")")
                )
            self._c.execute(delete(entries).where(entries.c.id.in_(chunk)))

    def set_relations(self, source_id: int, targets: Sequence[int], kind: str = "cites") -> None:
        """Replace the ordered relation list of `source_id` (duplicates keep their first place)."""
        self._c.execute(delete(relations).where(relations.c.source_id == source_id, relations.c.kind == kind))
        seen: set[int] = set()
        rows: list[dict[str, Any]] = []
        for t in targets:
            if t in seen or t == source_id:
                continue
            seen.add(t)
            rows.append({"source_id": source_id, "target_id": t, "kind": kind, "position": len(rows)})
        if rows:
            self._c.execute(insert(relations), rows)

    def add_relations(self, source_id: int, targets: Iterable[int], kind: str = "cites") -> None:
        """Append targets to `source_id`'s ordered list, skipping those already in it (and itself).

        One read of the list and one insert: `refman import --as references --cited-by` adds
        every entry of a file, and a lookup per target made that quadratic."""
        existing = set(self._c.execute(
            select(relations.c.target_id).where(relations.c.source_id == source_id, relations.c.kind == kind)
        ).scalars().all())
        rows: list[dict[str, Any]] = []
        for t in targets:
            if t in existing or t == source_id:
                continue
            existing.add(t)
            rows.append({"source_id": source_id, "target_id": t, "kind": kind, "position": len(existing) - 1})
        if rows:
            self._c.execute(insert(relations), rows)
