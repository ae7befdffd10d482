"""What links entries to each other and to where they came from: citation relations, import
sources, and the raw records an export writes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import case, func, select

from refman.core.model import Entry
from refman.core.query import MatchAll, Node
from refman.core.records import ExportRecord
from refman.store.reader import SourceInfo
from refman.store.schema import entries, records, relations, sources
from refman.store.search import SearchMixin

_BATCH = 1000  # entries read per query while exporting (memory stays small, queries few)


class LinksMixin(SearchMixin):
    """Relations, sources and export records of `Store`."""

    # Entries kept between exports when set (keep-updated exports): id -> entry. An entry is
    # reused while its `modified` stamp is unchanged (every write of an entry moves it), so a
    # re-export after one edit reads one entry instead of all of them.
    entry_cache: dict[int, Entry] | None = None

    def _entries_for_export(self, ids: Sequence[int], stamps: dict[int, datetime] | None = None) -> list[Entry]:
        """The entries of ids (in order), from the entry cache where their `modified` stamp (read
        here, or given by the caller who read it already) is what the cached entry says."""
        cache = self.entry_cache
        if cache is None:
            return self.get_many(ids)
        if stamps is None:
            stamps = dict(self._conn().execute(select(entries.c.id, entries.c.modified)
                                               .where(entries.c.id.in_(list(ids)))).all())
        stale = [i for i in ids if i in stamps and ((e := cache.get(i)) is None or e.modified != stamps[i])]
        for entry in self.get_many(stale):
            if entry.id is not None:
                cache[entry.id] = entry
        return [cache[i] for i in ids if i in stamps and i in cache]

    def _export_rows(self, ids: Sequence[int], formats: tuple[str, ...]) -> dict[int, tuple[bool, datetime, str | None]]:
        """entry id -> (edited, modified, raw text of its record if that is in one of `formats`).

        One query for both what the writer needs and the stamps the entry cache is checked
        against; on SQLite straight through the driver with the ids as one JSON parameter (a
        re-export of 20k entries spent a third of its time building 200 chunked queries)."""
        conn = self._conn()
        out: dict[int, tuple[bool, datetime, str | None]] = {}
        if conn.dialect.name == "sqlite":
            driver = conn.connection.driver_connection
            assert driver is not None
            sql = ("SELECT e.id, e.edited, e.modified, r.raw, s.format FROM entries e "
                   "LEFT JOIN records r ON r.id = e.raw_record_id LEFT JOIN sources s ON s.id = r.source_id "
                   "WHERE e.id IN (SELECT value FROM json_each(?))")
            parse = datetime.fromisoformat
            for eid, edited, modified, raw, fmt in driver.execute(sql, (json.dumps(list(ids)),)):
                out[eid] = (bool(edited), parse(modified) if isinstance(modified, str) else modified,
                            raw if fmt in formats else None)
            return out
        stmt = (select(entries.c.id, entries.c.edited, entries.c.modified, records.c.raw, sources.c.format)
                .select_from(entries.outerjoin(records, records.c.id == entries.c.raw_record_id)
                             .outerjoin(sources, sources.c.id == records.c.source_id))
                .where(entries.c.id.in_(list(ids))))
        for eid, edited, modified, raw, fmt in conn.execute(stmt):
            out[eid] = (bool(edited), modified, raw if fmt in formats else None)
        return out

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
            strings_only = self._strings_only_sources()
            owners.update(strings_only)
            macros_written: set[str] = set()
            # The text of entry records is read with the entries (_records_for): here only that of
            # the blocks between them, so a whole-library export reads each entry's text once.
            block_raw = case((records.c.kind != "entry", records.c.raw), else_=None)
            stmt = (select(records.c.kind, block_raw, records.c.entry_id, entries.c.raw_record_id, records.c.id,
                           records.c.source_id)
                    .select_from(records.join(sources, sources.c.id == records.c.source_id)
                                 .outerjoin(entries, entries.c.id == records.c.entry_id))
                    .where(sources.c.format.in_(("bibtex", "biblatex")))
                    .order_by(records.c.source_id, records.c.position))
            pending: list[int] = []
            rows = self._conn().execute(stmt).all()
            if strings_only:  # macro files first: BibTeX needs a definition before its use
                first = set(strings_only)
                rows = [r for r in rows if r[5] in first] + [r for r in rows if r[5] not in first]
            for kind, raw, entry_id, raw_record_id, record_id, source_id in rows:
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
                if len(pending) >= _BATCH:
                    yield from self._records_for(pending, family)
                    pending = []
            yield from self._records_for(pending, family)
        rest = [i for i in ids if i not in emitted]
        for start in range(0, len(rest), _BATCH):
            yield from self._records_for(rest[start : start + _BATCH], family)

    def records_for(self, ids: Sequence[int], fmt: str) -> Iterator[ExportRecord]:
        """Records of these entries, raw where unedited and from the same format family."""
        family = "bibtex" if fmt in ("bibtex", "biblatex") else fmt
        for start in range(0, len(ids), _BATCH):
            yield from self._records_for(ids[start : start + _BATCH], family)

    def _strings_only_sources(self) -> list[int]:
        """Sources that gave macros and no entry (IEEEabrv.bib): all their blocks are exported,
        once for each different file content (importing the same file again adds nothing)."""
        from refman.store.schema import macros

        with_entries = select(records.c.source_id).where(records.c.kind == "entry").distinct()
        candidates = self._conn().execute(
            select(macros.c.source_id).distinct().where(macros.c.source_id.not_in(with_entries))
            .order_by(macros.c.source_id)).scalars().all()
        seen: set[tuple[str, ...]] = set()
        out: list[int] = []
        for source_id in candidates:
            content = tuple(self._conn().execute(select(records.c.digest).where(records.c.source_id == source_id)
                                                 .order_by(records.c.position)).scalars())
            if content not in seen:
                seen.add(content)
                out.append(source_id)
        return out

    def _records_for(self, ids: Sequence[int], family: str) -> Iterator[ExportRecord]:
        if not ids:
            return
        formats = ("bibtex", "biblatex") if family == "bibtex" else (family,)
        rows = self._export_rows(ids, formats)
        stamps = {i: r[1] for i, r in rows.items()}
        for entry in self._entries_for_export(ids, stamps):
            assert entry.id is not None
            edited, _, raw = rows[entry.id]
            if raw is None:
                yield ExportRecord(kind="entry", entry=entry)
            elif edited:
                yield ExportRecord(kind="entry", entry=entry, source_raw=raw)
            else:
                yield ExportRecord(kind="entry", entry=entry, raw=raw)
