"""Read queries shared by the store and its transactions: lookups by key, DOI, identity or raw
text, and whole entries by id."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from refman.core.errors import NotFoundError
from refman.core.model import Entry, Relation
from refman.core.normalize import identity_key, normalize_doi
from refman.store.rows import entry_from_row, person_from_row
from refman.store.schema import contributors, entries, extra_fields, records, relations, sources


def digest(raw: str) -> str:
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()



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

