"""Reading the library: search, count, get, relations between entries and import sources."""

from __future__ import annotations

from collections.abc import Sequence

from refman.core.errors import NotFoundError
from refman.core.model import Entry, EntrySummary
from refman.core.query import Node, parse_query
from refman.store import SourceInfo, Store


class BrowsingMixin:
    """The read-only use-cases of `Library`."""

    store: Store

    def count(self, query: str | Node = "") -> int:
        return self.store.count(self._q(query))

    def search(self, query: str | Node = "", order_by: str | None = None, descending: bool = False,
               offset: int = 0, limit: int = 1_000_000) -> list[EntrySummary]:
        return self.store.summaries(self._q(query), order_by, descending, offset, limit)

    def search_ids(self, query: str | Node = "", order_by: str | None = None, descending: bool = False) -> list[int]:
        return self.store.search_ids(self._q(query), order_by, descending)

    def search_entries(self, query: str | Node = "", order_by: str | None = None) -> list[Entry]:
        return self.store.get_many(self.store.search_ids(self._q(query), order_by))

    def get(self, entry_id: int) -> Entry:
        return self.store.get(entry_id)

    def get_many(self, ids: Sequence[int]) -> list[Entry]:
        return self.store.get_many(ids)

    def by_key(self, key: str) -> Entry:
        entry = self.store.get_by_key(key)
        if entry is None:
            raise NotFoundError(f"no entry with key '{key}'")
        return entry

    def references_of(self, entry_id: int) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.cited_ids(entry_id))

    def cited_by(self, entry_id: int) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.citing_ids(entry_id))

    def articles_with_references(self) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.citing_entry_ids())

    def sources(self) -> list[SourceInfo]:
        return self.store.sources()

    def entry_ids_of_source(self, source_id: int) -> list[int]:
        return self.store.entry_ids_of_source(source_id)

    def raw_if_unedited(self, entry_id: int) -> tuple[str, str] | None:
        """(format, raw text) only while the entry is as imported: what "Copy BibTeX" may paste verbatim."""
        state = self.store.storage_state([entry_id]).get(entry_id)
        return None if state is None or state[1] else self.store.raw_record(entry_id)

    def raw_record(self, entry_id: int) -> tuple[str, str] | None:
        return self.store.raw_record(entry_id)

    @staticmethod
    def _q(query: str | Node) -> Node:
        return parse_query(query) if isinstance(query, str) else query
