"""Copying a whole library into an empty one, SQLite or PostgreSQL either way (`refman copy-library`).

Rows are copied as they are, ids included, so keys, relations (and their order), raw records and
their links to entries, import sources, edited flags, dates and versions all survive; the
full-text index is built afresh in the destination's own form (FTS5 or tsvector). It is one
transaction in the destination: a failed copy leaves it empty. Reads go in chunks, so a 100k
library is never all in memory. Copy a library nobody is writing to meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Table, select

from refman.core.errors import LibraryError
from refman.store.schema import contributors, entries, extra_fields, records, relations, sources
from refman.store.store import Store

Progress = Callable[[str, int], None]
_CHUNK = 2000


def _by_id(store: Store, table: Table) -> Iterator[list[dict[str, Any]]]:
    last = 0
    while True:
        stmt = select(table).where(table.c.id > last).order_by(table.c.id).limit(_CHUNK)
        rows = [dict(r) for r in store._conn().execute(stmt).mappings()]
        if not rows:
            return
        last = rows[-1]["id"]
        yield rows


def _by_entry(store: Store, table: Table, column: str, ids: list[int]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = [dict(r) for r in store._conn().execute(select(table).where(table.c[column].in_(chunk))).mappings()]
        if rows:
            yield rows


def copy_library(src: Store, dest: Store, progress: Progress | None = None) -> dict[str, int]:
    """Copy every row of `src` into the empty library `dest`; rows copied per table."""
    if dest.count():
        raise LibraryError(f"{dest.url} already holds {dest.count():,} entries; copy into an empty library")
    done = {t.name: 0 for t in (sources, records, entries, contributors, extra_fields, relations)}

    def step(table: str, n: int) -> None:
        done[table] += n
        if progress is not None:
            progress(table, done[table])

    entry_ids: list[int] = []
    with dest.transaction() as txn:
        for rows in _by_id(src, sources):
            txn._bulk(sources, rows)
            step("sources", len(rows))
        links: list[tuple[int, int]] = []
        for rows in _by_id(src, records):
            # entries do not exist yet: records are linked to them once they do
            links.extend((r["id"], r["entry_id"]) for r in rows if r["entry_id"] is not None)
            for r in rows:
                r["entry_id"] = None
            txn._bulk(records, rows)
            step("records", len(rows))
        for rows in _by_id(src, entries):
            entry_ids.extend(r["id"] for r in rows)
            txn._bulk(entries, rows)
            step("entries", len(rows))
        txn.link_records(links)
        for table, column in ((contributors, "entry_id"), (extra_fields, "entry_id"), (relations, "source_id")):
            for rows in _by_entry(src, table, column, entry_ids):
                txn._bulk(table, rows)
                step(table.name, len(rows))
        for start in range(0, len(entry_ids), _CHUNK):
            txn.index_entries(txn.get_many(entry_ids[start : start + _CHUNK]))
        txn.finish_bulk_copy()
    return done
