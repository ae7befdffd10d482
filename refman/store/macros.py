"""@string macros kept as library data (issue 20): their definitions per source, and the macros
entries use that their own file did not define. Reads for `Store` and `Txn`, writes for `Txn`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, select

from refman.core.macros import Macro
from refman.store.reader import _Reader
from refman.store.schema import entries, macro_uses, macros, records, sources


class MacroReadMixin(_Reader):
    def macro_rows(self, names: Iterable[str] | None = None) -> list[Macro]:
        """Definitions in import order (a later source's definition of a name wins), all or by name."""
        stmt = select(macros.c.source_id, macros.c.position, macros.c.name, macros.c.value, macros.c.raw)
        if names is not None:
            wanted = sorted(set(names))
            if not wanted:
                return []
            stmt = stmt.where(macros.c.name.in_(wanted))
        stmt = stmt.order_by(macros.c.source_id, macros.c.position)
        return [Macro(*row) for row in self._conn().execute(stmt)]

    def macro_count(self) -> int:
        return len(self._conn().execute(select(macros.c.id)).all())

    def macro_uses_of(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """entry id -> names of macros it uses that its own file did not define."""
        out: dict[int, list[str]] = {}
        for start in range(0, len(ids), 500):
            stmt = select(macro_uses.c.entry_id, macro_uses.c.name).where(
                macro_uses.c.entry_id.in_(list(ids[start : start + 500])))
            for entry_id, name in self._conn().execute(stmt):
                out.setdefault(entry_id, []).append(name)
        return out

    def entries_using_macros(self, names: Iterable[str]) -> list[int]:
        wanted = sorted(set(names))
        if not wanted:
            return []
        stmt = select(macro_uses.c.entry_id).where(macro_uses.c.name.in_(wanted)).distinct()
        return sorted(r[0] for r in self._conn().execute(stmt))

    def record_sources(self, ids: Sequence[int]) -> dict[int, tuple[int, str, bool]]:
        """entry id -> (source id, raw text, edited) of its current BibTeX record."""
        out: dict[int, tuple[int, str, bool]] = {}
        for start in range(0, len(ids), 500):
            stmt = (select(entries.c.id, records.c.source_id, records.c.raw, entries.c.edited)
                    .select_from(entries.join(records, records.c.id == entries.c.raw_record_id)
                                 .join(sources, sources.c.id == records.c.source_id))
                    .where(entries.c.id.in_(list(ids[start : start + 500])),
                           sources.c.format.in_(("bibtex", "biblatex"))))
            for entry_id, source_id, raw, edited in self._conn().execute(stmt):
                out[entry_id] = (source_id, raw, bool(edited))
        return out

    def preambles_of(self, source_ids: Iterable[int]) -> list[str]:
        """The @preamble blocks of these sources in import order, each text once (BibTeX copies
        them into the .bbl, so an export of some entries needs them as much as the whole does)."""
        wanted = sorted(set(source_ids))
        if not wanted:
            return []
        stmt = (select(records.c.raw).where(records.c.kind == "preamble", records.c.source_id.in_(wanted))
                .order_by(records.c.source_id, records.c.position))
        return list(dict.fromkeys(self._conn().execute(stmt).scalars()))

    def sources_without_macros(self) -> list[int]:
        """BibTeX sources with @string records but no stored macros: imported before macros were
        library data (revision 0002_issue20)."""
        done = select(macros.c.source_id).distinct()
        stmt = (select(records.c.source_id).distinct()
                .where(records.c.kind == "string", records.c.source_id.not_in(done)).order_by(records.c.source_id))
        return list(self._conn().execute(stmt).scalars())

    def string_records(self, source_id: int) -> list[tuple[int, str]]:
        stmt = (select(records.c.position, records.c.raw)
                .where(records.c.source_id == source_id, records.c.kind == "string").order_by(records.c.position))
        return [(p, r) for p, r in self._conn().execute(stmt)]


class MacroWriteMixin(MacroReadMixin):
    def add_macros(self, source_id: int, rows: Sequence[tuple[int, str, str, str]]) -> None:
        """(position, name, value, raw) of each definition a source gives."""
        if rows:
            self._conn().execute(insert(macros), [
                {"source_id": source_id, "position": p, "name": n, "value": v, "raw": r} for p, n, v, r in rows])

    def set_macro_uses(self, pairs: Sequence[tuple[int, str]], reset: Iterable[int] = ()) -> None:
        """Record (entry id, macro name) uses; the previous uses of those entries and of `reset` go."""
        ids = sorted({e for e, _ in pairs} | set(reset))
        for start in range(0, len(ids), 500):
            self._conn().execute(delete(macro_uses).where(macro_uses.c.entry_id.in_(ids[start : start + 500])))
        rows = sorted(set(pairs))
        if rows:
            self._conn().execute(insert(macro_uses), [{"entry_id": e, "name": n} for e, n in rows])

