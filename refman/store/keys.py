"""Citation keys refman made (unpinned: a key formula may regenerate them) and per-library
settings such as the key formula (issue 20). Reads for `Store` and `Txn`, writes for `Txn`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from refman.store.reader import _Reader
from refman.store.schema import entries, library_settings, unpinned_keys


class KeyReadMixin(_Reader):
    def setting(self, name: str) -> str | None:
        row = self._conn().execute(select(library_settings.c.value).where(library_settings.c.name == name)).first()
        return row[0] if row else None

    def unpinned_ids(self, ids: Sequence[int] | None = None) -> list[int]:
        """Entries whose key refman made (all, or those of `ids`), by id."""
        if ids is None:
            return sorted(self._conn().execute(select(unpinned_keys.c.entry_id)).scalars())
        out: list[int] = []
        for start in range(0, len(ids), 500):
            out.extend(self._conn().execute(select(unpinned_keys.c.entry_id).where(
                unpinned_keys.c.entry_id.in_(list(ids[start : start + 500])))).scalars())
        return sorted(out)

    def unpinned_keys(self) -> dict[int, str]:
        stmt = select(entries.c.id, entries.c.citekey).join(unpinned_keys, unpinned_keys.c.entry_id == entries.c.id)
        return {i: k for i, k in self._conn().execute(stmt)}

    def ids_for_keys(self, keys: Iterable[str]) -> dict[str, int]:
        wanted = list(set(keys))
        out: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            stmt = select(entries.c.citekey, entries.c.id).where(entries.c.citekey.in_(wanted[start : start + 500]))
            out.update({k: i for k, i in self._conn().execute(stmt)})
        return out


class KeyWriteMixin(KeyReadMixin):
    now: datetime  # the transaction's time (Txn)

    def set_setting(self, name: str, value: str | None) -> None:
        self._conn().execute(delete(library_settings).where(library_settings.c.name == name))
        if value is not None:
            self._conn().execute(insert(library_settings).values(name=name, value=value))

    def mark_unpinned(self, ids: Iterable[int]) -> None:
        wanted = sorted(set(ids))
        if wanted:
            # Delete, then insert: the same on SQLite and PostgreSQL (no INSERT OR IGNORE / ON CONFLICT).
            self.pin_keys(wanted)
            self._conn().execute(insert(unpinned_keys), [{"entry_id": i} for i in wanted])

    def pin_keys(self, ids: Iterable[int]) -> None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), 500):
            self._conn().execute(delete(unpinned_keys).where(unpinned_keys.c.entry_id.in_(wanted[start : start + 500])))

    def set_citekeys(self, keys: Mapping[int, str]) -> None:
        """Give entries new keys, in two steps so that keys may move between them (a <-> b)."""
        if not keys:
            return
        for entry_id in keys:
            self._conn().execute(update(entries).where(entries.c.id == entry_id).values(citekey=f"\x01{entry_id}"))  # U+0001: PostgreSQL text refuses NUL
        for entry_id, key in keys.items():  # a new stamp: caches of the entry (keep-updated files) see the key
            self._conn().execute(update(entries).where(entries.c.id == entry_id).values(citekey=key,
                                                                                        modified=self.now))
