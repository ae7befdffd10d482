"""The library store: the only place that talks SQL. Everything it returns is a core dataclass."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from refman.core.errors import LibraryError, NotFoundError
from refman.core.model import Entry, EntrySummary, Relation
from refman.core.normalize import identity_key, normalize_doi
from refman.core.query import And, MatchAll, Node, Or, Text, YearRange
from refman.core.records import ExportRecord
from refman.store import backup as backup_mod
from refman.store import engine as engine_mod
from refman.store.querysql import (
    compile_where,
    fts_expression,
    fts_searchable,
    relation_order_key,
    relation_position,
)
from refman.store.rows import (
    contributor_rows,
    entry_from_row,
    entry_row,
    extra_rows,
    fts_row,
    person_from_row,
    summary_from_row,
)
from refman.store.schema import contributors, entries, extra_fields, records, relations, sources

# Sort columns the table may ask for; each is indexed. "natural" means date added, or list
# order for a cited-by query.
SORT_COLUMNS = {
    "citekey": entries.c.citekey,
    "authors": entries.c.sort_author,
    "year": entries.c.year,
    "title": entries.c.sort_title,
    "container": entries.c.container,
    "type": entries.c.entry_type,
    "added": entries.c.added,
    "doi": entries.c.doi_norm,
    "publisher": entries.c.publisher,
}
_SUMMARY_COLS = (
    entries.c.id, entries.c.citekey, entries.c.authors_display, entries.c.year, entries.c.title,
    entries.c.container, entries.c.entry_type, entries.c.doi, entries.c.publisher, entries.c.added,
)


_FTS_INSERT = text(
    "INSERT INTO entries_fts(rowid, title, contributors, container, abstract, keywords) "
    "VALUES (:rowid, :title, :contributors, :container, :abstract, :keywords)"
)
# Checks of `refman check` (plain SQL: they must also run on a library whose foreign keys were off).
_LINKS_CHECKED = {("relations", "entries"), ("entries", "records"), ("records", "entries")}
_DANGLING_RELATIONS = (
    "SELECT r.source_id, r.target_id, r.kind FROM relations r LEFT JOIN entries s ON s.id = r.source_id "
    "LEFT JOIN entries t ON t.id = r.target_id WHERE s.id IS NULL OR t.id IS NULL ORDER BY r.source_id, r.position"
)
_MISSING_RAW = (
    "SELECT e.id, e.citekey, e.raw_record_id FROM entries e LEFT JOIN records r ON r.id = e.raw_record_id "
    "WHERE e.raw_record_id IS NOT NULL AND r.id IS NULL ORDER BY e.id"
)
_ORPHAN_RECORD_LINKS = (
    "SELECT r.id, r.entry_id FROM records r LEFT JOIN entries e ON e.id = r.entry_id "
    "WHERE r.entry_id IS NOT NULL AND e.id IS NULL ORDER BY r.id"
)
_FTS_STALE = (
    "SELECT count(*) FROM entries e LEFT JOIN entries_fts f ON f.rowid = e.id "
    "WHERE f.rowid IS NULL OR f.title IS NOT e.title OR f.container IS NOT e.container OR f.abstract IS NOT e.abstract"
)
_LINK_RECORD = update(records).where(records.c.id == bindparam("rid")).values(entry_id=bindparam("eid"))


_first = itemgetter(0)


def _fast_shape(q: Node) -> bool:
    """Whether Store._natural_ids can answer q: word and year terms under and/or."""
    if isinstance(q, MatchAll | YearRange):
        return True
    if isinstance(q, Text):
        return bool(q.words) and fts_searchable(q)
    if isinstance(q, And | Or):
        return bool(q.nodes) and all(_fast_shape(n) for n in q.nodes)
    return False


def _words_and_years(q: And) -> bool:
    """Whether q is one word term and year ranges (`climate year:2000..2010`)."""
    texts = [n for n in q.nodes if isinstance(n, Text)]
    return len(texts) == 1 and all(isinstance(n, Text | YearRange) for n in q.nodes)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME storage format
    return value


def digest(raw: str) -> str:
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int
    path: str
    format: str
    encoding: str
    imported_at: datetime
    entry_count: int


class _Reader:
    """Read queries shared by Store (own connection per call) and Txn (inside its transaction)."""

    def _conn(self) -> Connection:  # pragma: no cover - overridden
        raise NotImplementedError

    dialect: str

    def key_exists(self, key: str) -> bool:
        return self._conn().execute(select(entries.c.id).where(entries.c.citekey == key)).first() is not None

    def id_for_key(self, key: str) -> int | None:
        row = self._conn().execute(select(entries.c.id).where(entries.c.citekey == key)).first()
        return row[0] if row else None

    def find_by_doi(self, doi: str) -> int | None:
        norm = normalize_doi(doi)
        if not norm:
            return None
        row = self._conn().execute(select(entries.c.id).where(entries.c.doi_norm == norm).limit(1)).first()
        return row[0] if row else None

    def find_by_identity(self, first_author: str, year: int | None, title: str) -> int | None:
        ident = identity_key(first_author, year, title)
        row = self._conn().execute(select(entries.c.id).where(entries.c.identity == ident).limit(1)).first()
        return row[0] if row else None

    def raw_record(self, entry_id: int) -> tuple[str, str] | None:
        """(format, raw text) of the record an entry was last imported from, if any."""
        stmt = (select(sources.c.format, records.c.raw)
                .select_from(entries.join(records, records.c.id == entries.c.raw_record_id)
                             .join(sources, sources.c.id == records.c.source_id))
                .where(entries.c.id == entry_id))
        row = self._conn().execute(stmt).first()
        return (row[0], row[1]) if row else None

    def find_by_raw(self, raw: str) -> int | None:
        """An entry whose current record has exactly this raw text: the same record imported again."""
        stmt = (select(entries.c.id).select_from(entries.join(records, records.c.id == entries.c.raw_record_id))
                .where(records.c.digest == digest(raw), records.c.raw == raw).limit(1))
        row = self._conn().execute(stmt).first()
        return row[0] if row else None

    def storage_state(self, ids: Sequence[int]) -> dict[int, tuple[int | None, bool]]:
        """(raw record id, edited flag) per entry: what undo of a delete must restore."""
        out: dict[int, tuple[int | None, bool]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            stmt = select(entries.c.id, entries.c.raw_record_id, entries.c.edited).where(entries.c.id.in_(chunk))
            for r in self._conn().execute(stmt):
                out[r[0]] = (r[1], bool(r[2]))
        return out

    def relations_touching(self, ids: Sequence[int]) -> list[Relation]:
        """Every relation row from or to these entries, with its position."""
        out: list[Relation] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            stmt = select(relations).where(relations.c.source_id.in_(chunk) | relations.c.target_id.in_(chunk))
            out.extend(Relation(r["source_id"], r["target_id"], r["kind"], r["position"])
                       for r in self._conn().execute(stmt).mappings())
        return sorted(set(out), key=lambda r: (r.source_id, r.kind, r.position))

    def get_many(self, ids: Sequence[int]) -> list[Entry]:
        """Entries for ids, in the order given; unknown ids are left out."""
        if not ids:
            return []
        conn = self._conn()
        out: dict[int, Entry] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows = conn.execute(select(entries).where(entries.c.id.in_(chunk))).mappings().all()
            people: dict[int, list[Any]] = {}
            for r in conn.execute(
                select(contributors).where(contributors.c.entry_id.in_(chunk)).order_by(
                    contributors.c.entry_id, contributors.c.position)
            ).mappings():
                people.setdefault(r["entry_id"], []).append(person_from_row(r))
            extras: dict[int, list[tuple[str, str]]] = {}
            for r in conn.execute(
                select(extra_fields).where(extra_fields.c.entry_id.in_(chunk)).order_by(
                    extra_fields.c.entry_id, extra_fields.c.position)
            ).mappings():
                extras.setdefault(r["entry_id"], []).append((r["name"], r["value"]))
            for r in rows:
                out[r["id"]] = entry_from_row(r, people.get(r["id"], []), extras.get(r["id"], []))
        return [out[i] for i in ids if i in out]

    def get(self, entry_id: int) -> Entry:
        found = self.get_many([entry_id])
        if not found:
            raise NotFoundError(f"no entry with id {entry_id}")
        return found[0]


# Indexes on entries that no import lookup uses (see Txn.browse_indexes_deferred).
BROWSE_INDEXES = frozenset({"ix_entries_year", "ix_entries_sort_author", "ix_entries_sort_title",
                            "ix_entries_container", "ix_entries_type", "ix_entries_added"})


class Txn(_Reader):
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
        checked at commit); None elsewhere, and callers add records first as before.
        """
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
        """
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
        people: list[dict[str, Any]] = []
        extra: list[dict[str, Any]] = []
        fts: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for entry_id, (entry, rid) in zip(ids, items, strict=True):
            people.extend(contributor_rows(entry_id, entry.contributors))
            extra.extend(extra_rows(entry_id, entry.extra))
            fts.append({"rowid": entry_id, **fts_row(entry)})
            if rid in self._reserved:
                self._links[rid] = entry_id
            elif rid is not None:
                links.append({"rid": rid, "eid": entry_id})
        self._bulk(contributors, people)
        self._bulk(extra_fields, extra)
        if self.dialect == "sqlite":
            self._c.exec_driver_sql(
                "INSERT INTO entries_fts(rowid, title, contributors, container, abstract, keywords) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(f["rowid"], f["title"], f["contributors"], f["container"], f["abstract"], f["keywords"]) for f in fts],
            )
            if links:
                self._c.exec_driver_sql("UPDATE records SET entry_id = ? WHERE id = ?",
                                        [(link["eid"], link["rid"]) for link in links])
        elif links:
            self._c.execute(_LINK_RECORD, links)
        return ids

    def _driver_rows(self, sql: str, values: Sequence[str]) -> list[tuple[Any, ...]] | None:
        """Rows of `sql` with its one `?` bound to the JSON list of values, straight through the
        SQLite driver (an import asks twice per 1,000 entries; SQLAlchemy's expanding IN cost
        ~20 ms a time, this ~2 ms); None on other databases."""
        if self.dialect != "sqlite":
            return None
        driver = self._c.connection.driver_connection
        return driver.execute(sql, (json.dumps(list(values)),)).fetchall()  # type: ignore[union-attr]

    def ids_by_raw(self, raws: Sequence[str]) -> dict[str, int]:
        """raw text -> entry whose current record has exactly that text (re-imports)."""
        by_digest = {digest(r): r for r in raws}
        out: dict[str, int] = {}
        rows = self._driver_rows(
            "SELECT records.raw, entries.id FROM entries JOIN records ON records.id = entries.raw_record_id "
            "WHERE records.digest IN (SELECT value FROM json_each(?))", list(by_digest))
        if rows is not None:
            for raw, entry_id in rows:
                out.setdefault(raw, entry_id)
            return out
        keys = list(by_digest)
        for start in range(0, len(keys), 500):
            stmt = (select(records.c.raw, entries.c.id)
                    .select_from(entries.join(records, records.c.id == entries.c.raw_record_id))
                    .where(records.c.digest.in_(keys[start : start + 500])))
            for raw, entry_id in self._c.execute(stmt):
                out.setdefault(raw, entry_id)
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

    def insert_entry(self, entry: Entry, raw_record_id: int | None = None) -> int:
        """One new entry; the same path as a bulk import of one."""
        return self.insert_entries([(entry, raw_record_id)])[0]

    def restore_entry(self, entry: Entry, raw_record_id: int | None, edited: bool) -> int:
        """Re-insert a deleted entry under its old id and key (undo)."""
        if entry.id is None:
            raise LibraryError("cannot restore an entry without its id")
        row = entry_row(entry, self.now)
        row.update(id=entry.id, raw_record_id=raw_record_id, edited=edited, modified=entry.modified or self.now)
        self._c.execute(insert(entries).values(**row))
        self._write_children(entry.id, entry)
        if raw_record_id is not None:
            self.link_record(raw_record_id, entry.id)
        return entry.id

    def insert_relations(self, rels: Iterable[Relation]) -> None:
        rows = [{"source_id": r.source_id, "target_id": r.target_id, "kind": r.kind, "position": r.position}
                for r in rels]
        if rows:
            self._c.execute(insert(relations), rows)

    def update_entry(self, entry_id: int, entry: Entry, raw_record_id: int | None = None, *,
                     as_read: bool = False) -> None:
        """Replace an entry's fields. With a raw record (a re-import), the entry is clean again;
        without one (a user edit), it is marked edited so export writes it canonically.
        `as_read`: the fields are still what its own record says, read again (a BibTeX crossref
        child whose parent came later in the file): record and clean state are kept."""
        row = entry_row(entry, self.now)
        row.pop("added")
        if raw_record_id is not None:
            row["raw_record_id"] = raw_record_id
            row["edited"] = False
        elif as_read:
            row["edited"] = False
        else:
            row["edited"] = True
        self._c.execute(update(entries).where(entries.c.id == entry_id).values(**row))
        self._c.execute(delete(contributors).where(contributors.c.entry_id == entry_id))
        self._c.execute(delete(extra_fields).where(extra_fields.c.entry_id == entry_id))
        if self.dialect == "sqlite":
            self._c.execute(text("DELETE FROM entries_fts WHERE rowid = :r"), {"r": entry_id})
        self._write_children(entry_id, entry)
        if raw_record_id is not None:
            self.link_record(raw_record_id, entry_id)

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


class Store(_Reader):
    """A library database. Open with `Store.open(path_or_url)`; migrations run on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._read_conn: Connection | None = None
        # (data_version, id -> date-added rank, id -> year): see _order_index
        self._rank: tuple[int, dict[int, int], dict[int, int | None], bool] | None = None

    @classmethod
    def open(cls, location: str) -> Store:
        url = engine_mod.to_url(location)
        eng = engine_mod.make_engine(url)
        engine_mod.migrate(eng)
        return cls(eng)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def file_path(self) -> Path | None:
        """The SQLite file behind this library, or None for a server database."""
        return engine_mod.sqlite_file(self.engine)

    def backup(self, reason: str) -> Path | None:
        path = self.file_path
        return backup_mod.make_backup(path, reason) if path is not None else None

    def backups(self) -> list[backup_mod.Backup]:
        path = self.file_path
        return backup_mod.list_backups(path) if path is not None else []

    def close(self) -> None:
        if self._read_conn is not None:
            self._read_conn.close()
            self._read_conn = None
        self._rank = None
        self.engine.dispose()

    def _conn(self) -> Connection:
        # Reads share one autocommit connection: cheap for the table's many small page queries.
        if self._read_conn is None:
            self._read_conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._read_conn

    @contextmanager
    def transaction(self) -> Iterator[Txn]:
        """One atomic unit: everything inside commits together or not at all."""
        with self.engine.begin() as conn:
            yield Txn(conn, self.dialect)

    # --- queries for the table and the CLI -------------------------------------------------

    def count(self, query: Node | None = None) -> int:
        q = query or MatchAll()
        stmt = select(func.count()).select_from(entries)
        if not isinstance(q, MatchAll):
            stmt = stmt.where(compile_where(q, self.dialect))
        return int(self._conn().execute(stmt).scalar_one())

    def _ordered(self, stmt: Any, query: Node, order_by: str | None, descending: bool) -> Any:
        if order_by in (None, "natural"):
            rel = relation_order_key(query)
            if rel is not None:
                pos = relation_position(rel)
                return stmt.order_by(pos.desc() if descending else pos, entries.c.id)
            order_by = "added"
        col = SORT_COLUMNS.get(order_by or "added")
        if col is None:
            raise LibraryError(f"cannot sort by '{order_by}' (choose from {', '.join(SORT_COLUMNS)})")
        if descending:
            return stmt.order_by(col.desc(), entries.c.id.desc())
        return stmt.order_by(col, entries.c.id)

    def search_ids(self, query: Node | None = None, order_by: str | None = None,
                   descending: bool = False) -> list[int]:
        q = query or MatchAll()
        if self.dialect == "sqlite" and order_by in (None, "natural", "added") and relation_order_key(q) is None:
            fast = self._natural_ids(q, descending)
            if fast is not None:
                return fast
        stmt = select(entries.c.id)
        if not isinstance(q, MatchAll):
            stmt = stmt.where(compile_where(q, self.dialect))
        stmt = self._ordered(stmt, q, order_by, descending)
        return list(self._conn().execute(stmt).scalars())

    # --- the search hot path on SQLite --------------------------------------------------------
    #
    # In the default order ("date added") a search used to cost 8-20x the bare FTS5 MATCH at
    # 100k entries: `ORDER BY added, id` made SQLite look up every hit's row (a B-tree descent
    # each) and sort them, and a year term did the same for its filter. Here the hits of word
    # terms come straight from the FTS table through the driver, year terms are checked against
    # a table of years, and hits are put in date-added order by a rank table; both tables are
    # read in one query and kept until the library changes (PRAGMA data_version, which moves
    # when any other connection commits). About 10 MB at 100k entries.

    def _driver(self) -> Any:
        return self._conn().connection.driver_connection

    def _order_index(self) -> tuple[dict[int, int], dict[int, int | None], bool]:
        """(id -> rank in (added, id) order, id -> year, whether that order is plain id order),
        current as of the last commit. Ids are given in insertion order and stamped with the
        insertion time, so the date-added order is id order unless dates came from elsewhere:
        then hits can be sorted as plain ints, 4x faster than through a key function."""
        raw = self._driver()
        version = raw.execute("PRAGMA data_version").fetchone()[0]
        cached = self._rank
        if cached is not None and cached[0] == version:
            return cached[1], cached[2], cached[3]
        rows = raw.execute("SELECT id, year FROM entries ORDER BY added, id").fetchall()
        ordered = list(map(_first, rows))
        rank = dict(zip(ordered, range(len(rows)), strict=True))
        years: dict[int, int | None] = dict(rows)
        by_id = all(a < b for a, b in itertools.pairwise(ordered))
        self._rank = (version, rank, years, by_id)
        return rank, years, by_id

    def _fts_rows(self, node: Text) -> list[tuple[int]]:
        return self._driver().execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?",
                                      (fts_expression(node),)).fetchall()  # type: ignore[no-any-return]

    def _fts_ids(self, node: Text) -> set[int]:
        return set(map(_first, self._fts_rows(node)))

    @staticmethod
    def _year_filter(ids: Iterable[int], node: YearRange, years: dict[int, int | None]) -> set[int]:
        low = node.low if node.low is not None else -(10**9)
        high = node.high if node.high is not None else 10**9
        out = set()
        for i in ids:
            y = years.get(i)
            if y is not None and low <= y <= high:
                out.add(i)
        return out

    def _fast_id_set(self, q: Node, years: dict[int, int | None]) -> set[int] | None:
        """The ids matching q if it is made of word and year terms (and/or), else None (use SQL)."""
        if isinstance(q, Text):
            return self._fts_ids(q) if q.words and fts_searchable(q) else None
        if isinstance(q, YearRange):
            return self._year_filter(years, q, years)
        if isinstance(q, And) and q.nodes:
            found: set[int] | None = None
            ranges = [n for n in q.nodes if isinstance(n, YearRange)]
            for node in q.nodes:
                if isinstance(node, YearRange):
                    continue
                part = self._fast_id_set(node, years)
                if part is None:
                    return None
                found = part if found is None else found & part
            if found is None:
                found = self._year_filter(years, ranges.pop(), years)
            for node in ranges:  # check the hits' years instead of listing every id in the range
                found = self._year_filter(found, node, years)
            return found
        if isinstance(q, Or) and q.nodes:
            union: set[int] = set()
            for node in q.nodes:
                part = self._fast_id_set(node, years)
                if part is None:
                    return None
                union |= part
            return union
        return None

    def _natural_ids(self, q: Node, descending: bool) -> list[int] | None:
        """search_ids in date-added order without SQL sorting, or None when q needs SQL."""
        if not _fast_shape(q):
            return None
        rank, years, by_id = self._order_index()
        if isinstance(q, MatchAll):
            ids = list(rank)
        elif by_id and isinstance(q, Text):  # the commonest search: one pass over the FTS rows
            ids = sorted([i for (i,) in self._fts_rows(q) if i in rank])
        elif by_id and isinstance(q, And) and _words_and_years(q):
            (words,) = [n for n in q.nodes if isinstance(n, Text)]
            low, high = -(10**9), 10**9
            for n in q.nodes:
                if isinstance(n, YearRange):
                    low = max(low, n.low if n.low is not None else low)
                    high = min(high, n.high if n.high is not None else high)
            get = years.get  # no year (None) and ids not in entries drop out
            ids = sorted([i for (i,) in self._fts_rows(words) if (y := get(i)) is not None and low <= y <= high])
        else:
            found = self._fast_id_set(q, years)
            if found is None:
                return None
            if by_id:
                ids = sorted([i for i in found if i in rank])  # ids not in entries drop out
            else:
                ids = sorted(found & rank.keys(), key=rank.__getitem__)
        if descending:
            ids.reverse()
        return ids

    def summaries(self, query: Node | None = None, order_by: str | None = None, descending: bool = False,
                  offset: int = 0, limit: int = 200) -> list[EntrySummary]:
        """One page of table rows, filtered and sorted in SQL."""
        q = query or MatchAll()
        stmt = select(*_SUMMARY_COLS)
        if not isinstance(q, MatchAll):
            stmt = stmt.where(compile_where(q, self.dialect))
        stmt = self._ordered(stmt, q, order_by, descending).offset(offset).limit(limit)
        return [summary_from_row(r) for r in self._conn().execute(stmt).mappings()]

    def summaries_by_ids(self, ids: Sequence[int]) -> list[EntrySummary]:
        if not ids:
            return []
        found: dict[int, EntrySummary] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            for r in self._conn().execute(select(*_SUMMARY_COLS).where(entries.c.id.in_(chunk))).mappings():
                found[r["id"]] = summary_from_row(r)
        return [found[i] for i in ids if i in found]

    def get_by_key(self, key: str) -> Entry | None:
        entry_id = self.id_for_key(key)
        return self.get(entry_id) if entry_id is not None else None

    def iter_entries(self, query: Node | None = None, order_by: str | None = None,
                     batch: int = 500) -> Iterator[Entry]:
        ids = self.search_ids(query, order_by)
        for start in range(0, len(ids), batch):
            yield from self.get_many(ids[start : start + batch])

    # --- relations --------------------------------------------------------------------------

    def cited_ids(self, entry_id: int, kind: str = "cites") -> list[int]:
        """What `entry_id` cites, in list order."""
        stmt = (select(relations.c.target_id)
                .where(relations.c.source_id == entry_id, relations.c.kind == kind)
                .order_by(relations.c.position))
        return list(self._conn().execute(stmt).scalars())

    def citing_ids(self, entry_id: int, kind: str = "cites") -> list[int]:
        """The entries that cite `entry_id`."""
        stmt = (select(relations.c.source_id)
                .where(relations.c.target_id == entry_id, relations.c.kind == kind)
                .order_by(relations.c.source_id))
        return list(self._conn().execute(stmt).scalars())

    def citing_entry_ids(self) -> list[int]:
        """Entries that have a reference list, for the sidebar's 'Articles with references'."""
        stmt = select(relations.c.source_id).where(relations.c.kind == "cites").group_by(relations.c.source_id)
        return list(self._conn().execute(stmt).scalars())

    # --- sources and raw records ------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        counts = (select(records.c.source_id, func.count(records.c.entry_id).label("n"))
                  .group_by(records.c.source_id).subquery())
        stmt = (select(sources, func.coalesce(counts.c.n, 0).label("n"))
                .outerjoin(counts, counts.c.source_id == sources.c.id)
                .order_by(sources.c.id.desc()))
        return [SourceInfo(r["id"], r["path"], r["format"], r["encoding"], r["imported_at"], r["n"])
                for r in self._conn().execute(stmt).mappings()]

    def entry_ids_of_source(self, source_id: int) -> list[int]:
        stmt = (select(records.c.entry_id).where(records.c.source_id == source_id, records.c.entry_id.is_not(None))
                .order_by(records.c.position))
        return list(self._conn().execute(stmt).scalars())

    def export_records(self, query: Node | None, fmt: str, order_by: str | None = None) -> Iterator[ExportRecord]:
        """Records to write, raw where an unedited entry came from the same format family.

        For BibTeX exports of the whole library, non-entry blocks (@string, @preamble,
        @comment, and text that could not be parsed) of BibTeX sources are interleaved in their
        original order, so that a file imported and exported unchanged comes back byte for
        byte. Edited entries carry their source text as `source_raw`, so the writer keeps the
        fields the user did not touch exactly as they were.
        """
        family = "bibtex" if fmt in ("bibtex", "biblatex") else fmt
        ids = self.search_ids(query, order_by)
        wanted = set(ids)
        emitted: set[int] = set()
        whole = query is None or isinstance(query, MatchAll)
        if family == "bibtex" and whole:
            # A source's @string/@preamble/@comment blocks belong in the export only while some
            # entry's current record comes from that source: a re-import that changed nothing
            # owns no entry, and its blocks would only repeat the first import's.
            owners = set(self._conn().execute(
                select(records.c.source_id).distinct()
                .select_from(records.join(entries, entries.c.raw_record_id == records.c.id))).scalars())
            macros_written: set[str] = set()
            stmt = (select(records.c.kind, records.c.raw, records.c.entry_id, entries.c.raw_record_id, records.c.id,
                           records.c.source_id)
                    .select_from(records.join(sources, sources.c.id == records.c.source_id)
                                 .outerjoin(entries, entries.c.id == records.c.entry_id))
                    .where(sources.c.format.in_(("bibtex", "biblatex")))
                    .order_by(records.c.source_id, records.c.position))
            pending: list[int] = []
            for kind, raw, entry_id, raw_record_id, record_id, source_id in self._conn().execute(stmt).all():
                if kind != "entry":
                    if source_id not in owners or (kind in ("string", "preamble") and raw in macros_written):
                        continue
                    if kind in ("string", "preamble"):
                        macros_written.add(raw)
                    yield from self._records_for(pending, family)
                    pending = []
                    yield ExportRecord(kind=kind, raw=raw)
                    continue
                if entry_id is None or entry_id not in wanted or entry_id in emitted or raw_record_id != record_id:
                    continue  # deleted, filtered out, or superseded by a later import of the same entry
                emitted.add(entry_id)
                pending.append(entry_id)
                if len(pending) >= 200:
                    yield from self._records_for(pending, family)
                    pending = []
            yield from self._records_for(pending, family)
        rest = [i for i in ids if i not in emitted]
        for start in range(0, len(rest), 200):
            yield from self._records_for(rest[start : start + 200], family)

    def _records_for(self, ids: Sequence[int], family: str) -> Iterator[ExportRecord]:
        if not ids:
            return
        formats = ("bibtex", "biblatex") if family == "bibtex" else (family,)
        stmt = (select(entries.c.id, entries.c.edited, records.c.raw)
                .select_from(entries.join(records, records.c.id == entries.c.raw_record_id)
                             .join(sources, sources.c.id == records.c.source_id))
                .where(entries.c.id.in_(list(ids)), sources.c.format.in_(formats)))
        raws = {r[0]: (bool(r[1]), r[2]) for r in self._conn().execute(stmt)}
        for entry in self.get_many(ids):
            assert entry.id is not None
            edited, raw = raws.get(entry.id, (False, None))
            if raw is None:
                yield ExportRecord(kind="entry", entry=entry)
            elif edited:
                yield ExportRecord(kind="entry", entry=entry, source_raw=raw)
            else:
                yield ExportRecord(kind="entry", entry=entry, raw=raw)

    # --- maintenance --------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What `refman check` reports: SQLite integrity, FTS in sync, dangling relations and records."""
        conn = self._conn()
        problems: list[str] = []
        if self.dialect == "sqlite":
            result = conn.execute(text("PRAGMA integrity_check")).scalars().all()
            if result != ["ok"]:
                problems.extend(f"integrity: {r}" for r in result)
            fk = conn.execute(text("PRAGMA foreign_key_check")).all()
            # relations and entry<->record links get a readable line of their own below
            problems.extend(f"foreign key: {tuple(r)}" for r in fk if (r[0], r[2]) not in _LINKS_CHECKED)
            problems.extend(self._fts_problems())
        for src, tgt, kind in conn.execute(text(_DANGLING_RELATIONS)).all():
            problems.append(f"relation: entry {src} {kind} entry {tgt}, which does not exist")
        for eid, key, rid in conn.execute(text(_MISSING_RAW)).all():
            problems.append(f"raw record: entry {key!r} (id {eid}) claims raw record {rid}, which is missing")
        for rid, eid in conn.execute(text(_ORPHAN_RECORD_LINKS)).all():
            problems.append(f"raw record {rid} points to entry {eid}, which does not exist")
        return problems

    def _fts_problems(self) -> list[str]:
        conn = self._conn()
        problems: list[str] = []
        try:
            conn.execute(text("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')"))
        except DBAPIError as exc:
            problems.append(f"full-text index is damaged: {exc.orig}")
        n_fts = conn.execute(text("SELECT count(*) FROM entries_fts")).scalar_one()
        n = conn.execute(select(func.count()).select_from(entries)).scalar_one()
        if n_fts != n:
            problems.append(f"full-text index has {n_fts} rows for {n} entries")
        stale = conn.execute(text(_FTS_STALE)).scalar_one()
        if stale:
            problems.append(f"full-text index is out of date for {stale} entries")
        return problems

    def repair(self) -> list[str]:
        """Fix what `integrity_problems` found that can be fixed; say what was done, one line each.

        Rebuilds the full-text index when it is out of sync, drops relations to missing entries,
        and forgets raw-record links that point nowhere (such an entry then exports in canonical
        form). Damage SQLite's own integrity check finds needs a backup (`refman restore`).
        """
        done: list[str] = []
        with self.transaction() as txn:
            c = txn._c
            n = c.execute(text("DELETE FROM relations WHERE rowid IN (SELECT r.rowid FROM relations r "
                               "LEFT JOIN entries s ON s.id = r.source_id LEFT JOIN entries t ON t.id = r.target_id "
                               "WHERE s.id IS NULL OR t.id IS NULL)")).rowcount
            if n:
                done.append(f"removed {n} relations to entries that do not exist")
            n = c.execute(text("UPDATE entries SET raw_record_id = NULL WHERE raw_record_id IS NOT NULL "
                               "AND raw_record_id NOT IN (SELECT id FROM records)")).rowcount
            if n:
                done.append(f"unlinked {n} entries from missing raw records (they export in canonical form)")
            n = c.execute(text("UPDATE records SET entry_id = NULL WHERE entry_id IS NOT NULL "
                               "AND entry_id NOT IN (SELECT id FROM entries)")).rowcount
            if n:
                done.append(f"unlinked {n} raw records from entries that do not exist")
            for table, what in (("contributors", "contributor"), ("extra_fields", "extra-field")):
                n = c.execute(text(f"DELETE FROM {table} WHERE entry_id NOT IN (SELECT id FROM entries)")).rowcount
                if n:
                    done.append(f"removed {n} {what} rows of entries that do not exist")
        if self.dialect == "sqlite" and self._fts_problems():
            with self.transaction() as txn:  # a damaged index must be rebuilt before rows can leave it
                txn._c.execute(text("INSERT INTO entries_fts(entries_fts) VALUES('rebuild')"))
            done.append(f"rebuilt the full-text index for {self.rebuild_fts()} entries")
        return done

    def rebuild_fts(self) -> int:
        if self.dialect != "sqlite":
            return 0
        ids = self.search_ids()
        with self.transaction() as txn:
            txn._c.execute(text("DELETE FROM entries_fts"))
            for start in range(0, len(ids), 500):
                for entry in txn.get_many(ids[start : start + 500]):
                    txn._c.execute(_FTS_INSERT, {"rowid": entry.id, **fts_row(entry)})
        return len(ids)
