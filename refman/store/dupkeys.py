"""Duplicate detection's side of the store: the indexed blocking keys written with every entry,
the candidate blocks read back from them, 'not a duplicate' marks and the merge log."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, text, update

from refman.core.duplicates import DupFacts, Identifiers, blocking_keys, facts_from
from refman.core.model import Entry, Person
from refman.store.schema import dup_keys, merges, not_duplicates, records

IDENTIFIER_KINDS = ("doi", "isbn", "arxiv", "pmid")
_NO_IDS = Identifiers()


def key_rows(entry_id: int, entry: Entry) -> list[dict[str, Any]]:
    return [{"entry_id": entry_id, "kind": kind, "key": key} for kind, key in blocking_keys(entry)]


def key_rows_for_ids(conn: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Keys of stored entries, read with plain SQL (the migration's backfill uses this too)."""
    if not ids:
        return []
    marks = ",".join(str(int(i)) for i in ids)
    people: dict[int, list[Person]] = {}
    for eid, role, family, given, particle, literal in conn.execute(text(
            f"SELECT entry_id, role, family, given, particle, literal FROM contributors WHERE entry_id IN ({marks}) "
            "ORDER BY entry_id, position")):
        people.setdefault(eid, []).append(Person(family, given, particle, "", literal, role))
    extra: dict[int, list[tuple[str, str]]] = {}
    for eid, name, value in conn.execute(text(
            f"SELECT entry_id, name, value FROM extra_fields WHERE entry_id IN ({marks}) ORDER BY entry_id, position")):
        extra.setdefault(eid, []).append((name, value))
    out: list[dict[str, Any]] = []
    for eid, etype, title, year, doi, url, isbn, note in conn.execute(text(
            f"SELECT id, entry_type, title, year, doi, url, isbn, note FROM entries WHERE id IN ({marks})")):
        entry = Entry(entry_type=etype, title=title, year=year, doi=doi, url=url, isbn=isbn, note=note,
                      contributors=tuple(people.get(eid, ())), extra=tuple(extra.get(eid, ())))
        out.extend(key_rows(eid, entry))
    return out


def _chunks(ids: Sequence[int], n: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), n):
        yield list(ids[start:start + n])


class DuplicateReads:
    """Reads for duplicate detection, shared by Store and Txn."""

    def _conn(self) -> Connection:  # pragma: no cover - provided by the class it is mixed into
        raise NotImplementedError

    def duplicate_blocks(self) -> list[tuple[str, list[int]]]:
        """Every (kind, entry ids) group of two or more entries sharing a blocking key."""
        shared = (select(dup_keys.c.kind, dup_keys.c.key).group_by(dup_keys.c.kind, dup_keys.c.key)
                  .having(func.count() > 1).subquery())
        stmt = (select(dup_keys.c.kind, dup_keys.c.key, dup_keys.c.entry_id)
                .join(shared, and_(shared.c.kind == dup_keys.c.kind, shared.c.key == dup_keys.c.key))
                .order_by(dup_keys.c.kind, dup_keys.c.key))
        rows = self._conn().execute(stmt).all()
        return [(kind, [r[2] for r in group]) for (kind, _), group in itertools.groupby(rows, key=lambda r: (r[0], r[1]))]

    def blocks_touching(self, ids: Sequence[int]) -> list[tuple[str, list[int]]]:
        """The blocks that hold any of `ids`, with all their members (the check after an import)."""
        wanted: set[tuple[str, str]] = set()
        for kind, key in self._rows_for_ids("SELECT kind, key FROM dup_keys WHERE entry_id IN ({ids})", list(ids)):
            wanted.add((kind, key))
        by_key: dict[tuple[str, str], list[int]] = {}
        by_kind: dict[str, list[str]] = {}
        for kind, key in wanted:
            by_kind.setdefault(kind, []).append(key)
        for kind, keys in sorted(by_kind.items()):
            for start in range(0, len(keys), 400):  # kind = ? AND key IN (...): the (kind, key) index
                stmt = (select(dup_keys.c.key, dup_keys.c.entry_id)
                        .where(dup_keys.c.kind == kind, dup_keys.c.key.in_(keys[start:start + 400])))
                for key, eid in self._conn().execute(stmt):
                    by_key.setdefault((kind, key), []).append(eid)
        return [(kind, members) for (kind, _), members in by_key.items() if len(members) > 1]

    def _rows_for_ids(self, sql: str, ids: Sequence[int]) -> Iterable[tuple[Any, ...]]:
        """Rows of `sql`, whose `{ids}` is filled with the id list: on SQLite one query straight
        through the driver with a JSON parameter (a 100k-entry scan asked ~600 chunked queries
        through SQLAlchemy before, 5x slower); elsewhere chunks of 500."""
        conn = self._conn()
        if conn.dialect.name == "sqlite":
            driver = conn.connection.driver_connection
            assert driver is not None
            yield from driver.execute(sql.format(ids="SELECT value FROM json_each(?)"),
                                      (json.dumps(list(ids)),))
            return
        for chunk in _chunks(ids):
            yield from conn.execute(text(sql.format(ids=",".join(str(int(i)) for i in chunk))))

    def entry_years(self, ids: Iterable[int]) -> dict[int, int | None]:
        return dict(self._rows_for_ids("SELECT id, year FROM entries WHERE id IN ({ids})",  # type: ignore[arg-type]
                                       sorted(set(ids))))

    def duplicate_facts(self, ids: Iterable[int]) -> dict[int, DupFacts]:
        """What the scorer compares, for these entries (a few columns, no whole entries)."""
        idlist = sorted(set(ids))
        out: dict[int, DupFacts] = {}
        if not idlist:
            return out
        people: dict[int, list[Person]] = {}
        for eid, role, family, given, particle, literal in self._rows_for_ids(
                "SELECT entry_id, role, family, given, particle, literal FROM contributors "
                "WHERE entry_id IN ({ids}) ORDER BY entry_id, position", idlist):
            people.setdefault(eid, []).append(Person(family, given, particle, "", literal, role))
        keys: dict[int, dict[str, list[str]]] = {}
        for eid, kind, key in self._rows_for_ids(
                "SELECT entry_id, kind, key FROM dup_keys WHERE entry_id IN ({ids})", idlist):
            if kind in IDENTIFIER_KINDS:
                keys.setdefault(eid, {}).setdefault(kind, []).append(key)
        empty: dict[str, list[str]] = {}
        for eid, etype, title, year, container, pages, volume, edition in self._rows_for_ids(
                "SELECT id, entry_type, title, year, container, pages, volume, edition FROM entries "
                "WHERE id IN ({ids})", idlist):
            k = keys.get(eid, empty)
            ident = Identifiers((k.get("doi") or [""])[0], frozenset(k.get("isbn", ())),
                                (k.get("arxiv") or [""])[0], (k.get("pmid") or [""])[0]) if k else _NO_IDS
            out[eid] = facts_from(eid, etype, title, people.get(eid, ()), year, container, pages, volume,
                                  edition, ident)
        return out

    def not_duplicate_pairs(self) -> set[tuple[int, int]]:
        return {(a, b) for a, b in self._conn().execute(select(not_duplicates.c.a_id, not_duplicates.c.b_id))}

    def merge_log(self, keep_id: int) -> list[tuple[int, str, str, datetime]]:
        """(merged id, key, title, when) of what was merged into `keep_id`, oldest first."""
        stmt = (select(merges.c.merged_id, merges.c.merged_key, merges.c.merged_title, merges.c.merged_at)
                .where(merges.c.keep_id == keep_id).order_by(merges.c.id))
        return [(r[0], r[1], r[2], r[3]) for r in self._conn().execute(stmt)]

    def record_links(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        """(record id, entry id) of every raw record linked to these entries."""
        out: list[tuple[int, int]] = []
        for chunk in _chunks(ids):
            out.extend((r[0], r[1]) for r in self._conn().execute(
                select(records.c.id, records.c.entry_id).where(records.c.entry_id.in_(chunk))))
        return out


class DuplicateWrites(DuplicateReads):
    """Writes for duplicates inside a `Txn`."""

    now: datetime

    def write_keys(self, items: Iterable[tuple[int, Entry]], replace: bool = False) -> None:
        rows: list[dict[str, Any]] = []
        ids: list[int] = []
        for eid, entry in items:
            ids.append(eid)
            rows.extend(key_rows(eid, entry))
        if replace:
            for chunk in _chunks(ids):
                self._conn().execute(delete(dup_keys).where(dup_keys.c.entry_id.in_(chunk)))
        if rows:
            self._conn().execute(insert(dup_keys), rows)

    def mark_not_duplicates(self, pairs: Iterable[tuple[int, int]]) -> None:
        existing = self.not_duplicate_pairs()
        rows = [{"a_id": a, "b_id": b, "marked_at": self.now}
                for a, b in sorted({(min(p), max(p)) for p in pairs if p[0] != p[1]}) if (a, b) not in existing]
        if rows:
            self._conn().execute(insert(not_duplicates), rows)

    def unmark_not_duplicates(self, pairs: Iterable[tuple[int, int]]) -> None:
        for a, b in pairs:
            self._conn().execute(delete(not_duplicates).where(not_duplicates.c.a_id == min(a, b),
                                                              not_duplicates.c.b_id == max(a, b)))

    def log_merge(self, keep_id: int, merged: Iterable[Entry]) -> None:
        rows = [{"keep_id": keep_id, "merged_id": e.id, "merged_key": e.citekey, "merged_title": e.title,
                 "merged_at": self.now} for e in merged]
        if rows:
            self._conn().execute(insert(merges), rows)

    def unlog_merge(self, keep_id: int, merged_ids: Sequence[int]) -> None:
        self._conn().execute(delete(merges).where(merges.c.keep_id == keep_id, merges.c.merged_id.in_(list(merged_ids))))

    def relink_records(self, links: Iterable[tuple[int, int]]) -> None:
        """Point raw records at entries: (record id, entry id)."""
        for rid, eid in links:
            self._conn().execute(update(records).where(records.c.id == rid).values(entry_id=eid))
