"""Queries for the table and the CLI: count, search, summaries, with the SQLite fast path for
the default (date-added) order."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import case, func, or_, select

from refman.core.errors import LibraryError
from refman.core.model import Entry, EntrySummary
from refman.core.query import And, Flag, MatchAll, Node, Not, Or, Text, YearRange
from refman.store import pg_fts
from refman.store.querysql import (
    fts_expression,
    fts_searchable,
    relation_order_key,
    relation_position,
    visible_where,
)
from refman.store.reader import _Reader
from refman.store.rows import summary_from_row
from refman.store.schema import entries

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
# Sorting by these, entries without a value come last in both directions, as a researcher expects
# (and Zotero does): NULL and '' would otherwise lead an ascending sort. Over the whole library a
# sort is two indexed queries, the filled values in index order and then the empty ones, rather
# than one ORDER BY on an "is empty" expression, which no index serves (a sort of all 100k rows
# for every page of the table).
EMPTY_LAST = frozenset({"authors", "year", "title", "container", "doi", "publisher"})
_SUMMARY_COLS = (
    entries.c.id, entries.c.citekey, entries.c.authors_display, entries.c.year, entries.c.title,
    entries.c.container, entries.c.entry_type, entries.c.doi, entries.c.publisher, entries.c.added,
)

_first = itemgetter(0)
# Up to this many rows a page in the default order is read by id from the hot path's hits; a
# whole listing (the CLI's) is one SQL query, as fast as 200 lookups by id of 500 rows each.
_PAGE_ROWS = 5000


_TRASH = Flag("is", "trashed")


def _fast_shape(q: Node) -> bool:
    """Whether Store._natural_ids can answer q: word and year terms under and/or/not."""
    if isinstance(q, MatchAll | YearRange):
        return True
    if isinstance(q, Not):  # word terms only: NOT of a year test on a NULL year is NULL in SQL
        return _words_only(q.node)
    if isinstance(q, Text):
        return bool(q.words) and fts_searchable(q)
    if isinstance(q, And | Or):
        return bool(q.nodes) and all(_fast_shape(n) for n in q.nodes)
    return False


def _words_only(q: Node) -> bool:
    """Whether q is made of word terms alone (under and/or/not): never NULL in SQL, so its
    negation is exactly the ids it does not match."""
    if isinstance(q, Text):
        return _fast_shape(q)
    if isinstance(q, Not):
        return _words_only(q.node)
    if isinstance(q, And | Or):
        return bool(q.nodes) and all(_words_only(n) for n in q.nodes)
    return False


def _words_and_years(q: And) -> bool:
    """Whether q is one word term and year ranges (`climate year:2000..2010`)."""
    texts = [n for n in q.nodes if isinstance(n, Text)]
    return len(texts) == 1 and all(isinstance(n, Text | YearRange) for n in q.nodes)


class SearchMixin(_Reader):
    """Search and listing queries of `Store` (own read connection)."""

    # (data_version, id -> date-added rank, id -> year, by id): see _order_index
    _rank: tuple[int, dict[int, int], dict[int, int | None], bool] | None

    # --- queries for the table and the CLI -------------------------------------------------

    def count(self, query: Node | None = None) -> int:
        q = query or MatchAll()
        if self.dialect == "postgresql" and not isinstance(q, MatchAll):
            # The FTS rows and the cached years answer without joining the (wide) entries table.
            fast = self._natural_ids(q, False)
            if fast is not None:
                return len(fast)
        stmt = select(func.count()).select_from(entries)
        stmt = stmt.where(visible_where(q, self.dialect, counting=True))
        return int(self._conn().execute(stmt).scalar_one())

    @staticmethod
    def _split_empty(stmt: Any, query: Node, order_by: str | None, descending: bool) -> tuple[Any, Any] | None:
        """(filled rows sorted by the column, empty rows by id) for a column in EMPTY_LAST, when the
        query is the whole library: then each part walks the column's index (a search's or a
        scope's rows are sorted in one query by `_ordered`, which runs the search once)."""
        if order_by not in EMPTY_LAST or not isinstance(query, MatchAll):
            return None
        col = SORT_COLUMNS[order_by]
        if order_by == "year":  # an integer: only NULL is empty
            filled, empty = stmt.where(col.is_not(None)), stmt.where(col.is_(None))
        else:  # `> ''` keeps the column's index usable; NULL and '' both fail it
            filled, empty = stmt.where(col > ""), stmt.where(or_(col.is_(None), col == ""))
        if descending:
            return filled.order_by(col.desc(), entries.c.id.desc()), empty.order_by(entries.c.id.desc())
        return filled.order_by(col, entries.c.id), empty.order_by(entries.c.id)

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
        if order_by in EMPTY_LAST:  # a search's hits are sorted anyway: one query, empty values last
            empty = col.is_(None) if order_by == "year" else or_(col.is_(None), col == "")
            first = case((empty, 1), else_=0)
            if descending:
                return stmt.order_by(first, col.desc(), entries.c.id.desc())
            return stmt.order_by(first, col, entries.c.id)
        if descending:
            return stmt.order_by(col.desc(), entries.c.id.desc())
        return stmt.order_by(col, entries.c.id)

    def search_ids(self, query: Node | None = None, order_by: str | None = None,
                   descending: bool = False) -> list[int]:
        q = query or MatchAll()
        if (self.dialect in ("sqlite", "postgresql") and order_by in (None, "natural", "added")
                and relation_order_key(q) is None):
            fast = self._natural_ids(q, descending)
            if fast is not None:
                return fast
        if self.dialect == "sqlite" and q == _TRASH and order_by in (None, "natural", "added"):
            # Opening the Trash: the same SQL read through the driver, without SQLAlchemy's result
            # processing (a Trash of 100k entries: 60 ms, not 130-150 ms, on the GUI thread).
            order = "DESC" if descending else "ASC"
            rows = self._driver().execute(
                f"SELECT id FROM entries WHERE trashed_at IS NOT NULL ORDER BY added {order}, id {order}"
            )
            return [i for (i,) in rows]
        return self._sql_ids(q, order_by, descending)

    def _sql_ids(self, q: Node, order_by: str | None, descending: bool) -> list[int]:
        """search_ids through SQL alone (also the reference the fast path is tested against)."""
        stmt = select(entries.c.id)
        stmt = stmt.where(visible_where(q, self.dialect))
        parts = self._split_empty(stmt, q, order_by, descending)
        if parts is not None:
            return [i for part in parts for i in self._conn().execute(part).scalars()]
        stmt = self._ordered(stmt, q, order_by, descending)
        return list(self._conn().execute(stmt).scalars())

    # --- the search hot path (SQLite, and PostgreSQL the same way) ---------------------------
    #
    # In the default order ("date added") a search used to cost 8-20x the bare FTS5 MATCH at
    # 100k entries: `ORDER BY added, id` made SQLite look up every hit's row (a B-tree descent
    # each) and sort them, and a year term did the same for its filter. Here the hits of word
    # terms come straight from the FTS table through the driver, year terms are checked against
    # a table of years, and hits are put in date-added order by a rank table; both tables are
    # read in one query and kept until the library changes (PRAGMA data_version, which moves
    # when any other connection commits). About 10 MB at 100k entries.
    # PostgreSQL: the hits come from the GIN-indexed tsvector (pg_fts.rows_sql) and the token is
    # refman_state.changes, counted by triggers; joining the wide entries table to sort by date
    # added cost 70-200 ms at 100k, reading the FTS ids and sorting them here a few ms.

    def _driver(self) -> Any:
        return self._conn().connection.driver_connection

    def _order_index(self) -> tuple[dict[int, int], dict[int, int | None], bool]:
        """(id -> rank in (added, id) order, id -> year, whether that order is plain id order),
        current as of the last commit. Ids are given in insertion order and stamped with the
        insertion time, so the date-added order is id order unless dates came from elsewhere:
        then hits can be sorted as plain ints, 4x faster than through a key function."""
        raw = self._driver()
        if self.dialect == "postgresql":  # counted by the change triggers (store/changes.py)
            version = raw.execute("SELECT changes FROM refman_state").fetchone()[0]
        else:
            version = raw.execute("PRAGMA data_version").fetchone()[0]
        cached = self._rank
        if cached is not None and cached[0] == version:
            return cached[1], cached[2], cached[3]
        # Entries in the Trash are left out here, so no fast-path search can find them.
        rows = raw.execute("SELECT id, year FROM entries WHERE trashed_at IS NULL ORDER BY added, id").fetchall()
        ordered = list(map(_first, rows))
        rank = dict(zip(ordered, range(len(rows)), strict=True))
        years: dict[int, int | None] = dict(rows)
        by_id = all(a < b for a, b in itertools.pairwise(ordered))
        self._rank = (version, rank, years, by_id)
        return rank, years, by_id

    def _fts_rows(self, node: Text) -> list[tuple[int]]:
        if self.dialect == "postgresql":
            found = pg_fts.rows_sql(node)
            if found is None:
                return []
            return self._driver().execute(*found).fetchall()  # type: ignore[no-any-return]
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
        if isinstance(q, Not):
            # Everything but the term's hits (`-model`: 98% of the library): a set difference
            # over the live ids here is a few ms, where SQL looked up and sorted 100k rows
            # (PostgreSQL 400 ms, SQLite 90 ms at 100k entries).
            inner = self._fast_id_set(q.node, years)
            return None if inner is None else years.keys() - inner
        if isinstance(q, And) and q.nodes:
            found: set[int] | None = None
            ranges = [n for n in q.nodes if isinstance(n, YearRange)]
            excluded: list[Node] = []  # `a -b`: b's hits are taken away from a's, not from everything
            for node in q.nodes:
                if isinstance(node, YearRange):
                    continue
                if isinstance(node, Not):
                    excluded.append(node.node)
                    continue
                part = self._fast_id_set(node, years)
                if part is None:
                    return None
                found = part if found is None else found & part
            if found is None:
                found = self._year_filter(years, ranges.pop(), years) if ranges else set(years)
            for node in ranges:  # check the hits' years instead of listing every id in the range
                found = self._year_filter(found, node, years)
            for node in excluded:
                part = self._fast_id_set(node, years)
                if part is None:
                    return None
                found -= part
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
        """One page of table rows, filtered and sorted in SQL; in the default order a word, year
        or negated term takes the page from the search hot path's ids instead (SQL had to look
        up every hit's row to sort them: 50-180 ms at 100k entries, for 200 rows)."""
        q = query or MatchAll()
        if (not isinstance(q, MatchAll) and self.dialect in ("sqlite", "postgresql") and limit <= _PAGE_ROWS
                and order_by in (None, "natural", "added") and relation_order_key(q) is None):
            fast = self._natural_ids(q, descending)
            if fast is not None:
                return self.summaries_by_ids(fast[max(offset, 0) : max(offset, 0) + max(limit, 0)])
        stmt = select(*_SUMMARY_COLS)
        stmt = stmt.where(visible_where(q, self.dialect))
        parts = self._split_empty(stmt, q, order_by, descending)
        if parts is not None:
            filled, empty = parts
            rows = list(self._conn().execute(filled.offset(offset).limit(limit)).mappings())
            if len(rows) < limit:  # the page reaches the empty values
                if rows:
                    skip = 0
                else:
                    n_filled = filled.order_by(None).with_only_columns(func.count(), maintain_column_froms=True)
                    skip = max(offset - int(self._conn().execute(n_filled).scalar_one()), 0)
                rows += self._conn().execute(empty.offset(skip).limit(limit - len(rows))).mappings()
            return [summary_from_row(r) for r in rows]
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
