"""`refman check`: integrity problems of a library, their repair, and rebuilding the full-text
index."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from refman.store.locking import READ_BUSY_MS
from refman.store.rows import fts_row
from refman.store.schema import entries
from refman.store.search import SearchMixin
from refman.store.txn import _FTS_INSERT, Txn

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


class IntegrityMixin(SearchMixin):
    """Checks and repairs of `Store`."""

    if TYPE_CHECKING:  # from Store
        @contextmanager
        def transaction(self) -> Iterator[Txn]: ...

    def integrity_problems(self) -> list[str]:
        """What `refman check` reports: SQLite integrity, FTS in sync, dangling relations and records.

        A file so damaged that the checks themselves fail is reported in words (with the backup
        that would bring it back), not as a traceback."""
        try:
            return self._integrity_problems()
        except DBAPIError as exc:
            from refman.store.backup import damaged_message

            path = getattr(self, "file_path", None)
            why = str(exc.orig)
            return [f"integrity: {damaged_message(path, why) if path is not None else why}"]

    @staticmethod
    def repairable(problems: list[str]) -> bool:
        """Whether `repair` can change anything about these problems (it cannot mend damage that
        SQLite's own integrity check finds: that needs a backup)."""
        return any(not p.startswith("integrity:") for p in problems)

    def _integrity_problems(self) -> list[str]:
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
        elif self.dialect == "postgresql":
            problems.extend(self._pg_fts_problems())
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
        # FTS5 runs its check as an INSERT, which needs the write lock: on a read-only file, or
        # while another program writes, it is skipped rather than waited for or misreported as
        # damage (the counts below still compare the index with the entries).
        conn.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            conn.execute(text("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')"))
        except DBAPIError as exc:
            reason = str(exc.orig).replace("-", "").replace(" ", "").lower()
            if "readonly" not in reason and "locked" not in reason and "busy" not in reason:
                problems.append(f"full-text index is damaged: {exc.orig}")
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={READ_BUSY_MS}")
        n_fts = conn.execute(text("SELECT count(*) FROM entries_fts")).scalar_one()
        n = conn.execute(select(func.count()).select_from(entries)).scalar_one()
        if n_fts != n:
            problems.append(f"full-text index has {n_fts} rows for {n} entries")
        stale = conn.execute(text(_FTS_STALE)).scalar_one()
        if stale:
            problems.append(f"full-text index is out of date for {stale} entries")
        return problems

    def _pg_fts_problems(self) -> list[str]:
        """The full-text rows must be one per entry (their tsvector is generated by the server)."""
        conn = self._conn()
        missing = conn.execute(text("SELECT count(*) FROM entries e WHERE NOT EXISTS "
                                    "(SELECT 1 FROM entries_fts f WHERE f.rowid = e.id)")).scalar_one()
        return [f"full-text index is missing {missing} entries"] if missing else []

    def repair(self) -> list[str]:
        """Fix what `integrity_problems` found that can be fixed; say what was done, one line each.

        Rebuilds the full-text index when it is out of sync, drops relations to missing entries,
        and forgets raw-record links that point nowhere (such an entry then exports in canonical
        form). Damage SQLite's own integrity check finds needs a backup (`refman restore`).
        """
        done: list[str] = []
        with self.transaction() as txn:
            c = txn._c
            n = c.execute(text("DELETE FROM relations WHERE source_id NOT IN (SELECT id FROM entries) "
                               "OR target_id NOT IN (SELECT id FROM entries)")).rowcount
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
            for table, what in (("contributors", "contributor"), ("extra_fields", "extra-field"),
                                ("dup_keys", "duplicate-key")):
                n = c.execute(text(f"DELETE FROM {table} WHERE entry_id NOT IN (SELECT id FROM entries)")).rowcount
                if n:
                    done.append(f"removed {n} {what} rows of entries that do not exist")
            n = c.execute(text("DELETE FROM not_duplicates WHERE a_id NOT IN (SELECT id FROM entries) "
                               "OR b_id NOT IN (SELECT id FROM entries)")).rowcount
            if n:
                done.append(f"removed {n} 'not a duplicate' marks of entries that do not exist")
        if self.dialect == "sqlite" and self._fts_problems():
            with self.transaction() as txn:  # a damaged index must be rebuilt before rows can leave it
                txn._c.execute(text("INSERT INTO entries_fts(entries_fts) VALUES('rebuild')"))
            done.append(f"rebuilt the full-text index for {self.rebuild_fts()} entries")
        elif self.dialect == "postgresql" and self._pg_fts_problems():
            done.append(f"rebuilt the full-text index for {self.rebuild_fts()} entries")
        return done

    def rebuild_fts(self) -> int:
        if self.dialect == "postgresql":
            ids = list(self._conn().execute(select(entries.c.id).order_by(entries.c.id)).scalars())
            with self.transaction() as txn:
                txn._c.execute(text("DELETE FROM entries_fts"))
                for start in range(0, len(ids), 2000):
                    txn.index_entries(txn.get_many(ids[start : start + 2000]))
            return len(ids)
        if self.dialect != "sqlite":
            return 0
        # Every entry, those in the Trash included: they come back searchable when restored.
        ids = list(self._conn().execute(select(entries.c.id).order_by(entries.c.id)).scalars())
        with self.transaction() as txn:
            txn._c.execute(text("DELETE FROM entries_fts"))
            for start in range(0, len(ids), 500):
                for entry in txn.get_many(ids[start : start + 500]):
                    txn._c.execute(_FTS_INSERT, {"rowid": entry.id, **fts_row(entry)})
        return len(ids)
