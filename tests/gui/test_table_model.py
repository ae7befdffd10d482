"""The paged table model: Qt's model tester, SQL sorting, searching, and the bounded page cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from refman.core.model import Entry, Person
from refman.core.query import MatchAll, RelationTo, parse_query
from refman.gui.table_model import COLUMN_KEYS, ID_ROLE, MAX_PAGES, PAGE_SIZE, EntryTableModel
from refman.library import Library

from .conftest import ARTICLE_KEY, REFERENCES, TOTAL

DISPLAY = Qt.ItemDataRole.DisplayRole


def test_modeltester_on_all_entries(qtmodeltester, filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    assert model.rowCount() == TOTAL
    qtmodeltester.check(model, force_py=True)


def test_modeltester_while_searching_and_sorting(qtmodeltester, filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(parse_query("smith"))
    model.sort(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    model.set_filter(parse_query("trafficking"))
    model.set_filter(MatchAll())


def test_search_filters_rows(filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    model.set_filter(parse_query("author:smith"))
    assert model.rowCount() == 26
    assert model.uses_id_list
    keys = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert all(k.startswith("smith") for k in keys)
    model.set_filter(parse_query("nothing-matches-this-zzz"))
    assert model.rowCount() == 0
    model.set_filter(MatchAll())
    assert model.rowCount() == TOTAL
    assert not model.uses_id_list


def test_sort_on_every_column_matches_sql_order(filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    for col, key in enumerate(COLUMN_KEYS):
        for order, desc in ((Qt.SortOrder.AscendingOrder, False), (Qt.SortOrder.DescendingOrder, True)):
            model.sort(col, order)
            expected = [s.id for s in filled_library.search("", key, desc)]
            got = [model.data(model.index(r, 0), ID_ROLE) for r in range(model.rowCount())]
            assert got == expected, key
    model.sort(COLUMN_KEYS.index("year"), Qt.SortOrder.AscendingOrder)
    years = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    numeric = [int(y) for y in years if y]
    assert numeric == sorted(numeric)


def test_reference_list_keeps_its_order(filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    model.set_filter(RelationTo("cited-by", ARTICLE_KEY))
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [r["id"] for r in REFERENCES]


def test_scope_ids_limit_and_order(filled_library: Library) -> None:
    ids = filled_library.search_ids("author:smith")[:5]
    model = EntryTableModel(filled_library)
    model.set_filter(MatchAll(), list(reversed(ids)))
    assert [model.id_at(r) for r in range(model.rowCount())] == list(reversed(ids))
    model.set_filter(parse_query("year:2001..2002"), ids)
    assert model.rowCount() == 2
    assert model.row_of_id(ids[0]) is None


def test_display_cells_and_invalid_index(filled_library: Library) -> None:
    model = EntryTableModel(filled_library)
    model.set_filter(parse_query(f"key:{ARTICLE_KEY}"))
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(6)]
    assert row == [ARTICLE_KEY, "Putra; Sari", "2024",
                   "The Challenges of Intergovernmental Organizations in Combating Transnational Crime",
                   "Journal of Government Studies", "article-journal"]
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.headerData(3, Qt.Orientation.Horizontal, DISPLAY) == "Title"


SMALL_PAGE, FEW_PAGES = 20, 5


@pytest.fixture
def big_library(tmp_path: Path) -> Library:
    """More pages than the cache may hold (small pages keep the test fast), inserted in bulk."""
    lib = Library.open(tmp_path / "big.sqlite")
    n = SMALL_PAGE * (FEW_PAGES + 10)
    with lib.store.transaction() as txn:
        txn.insert_entries([
            (Entry(citekey=f"k{i:06d}", title=f"Title {i:06d}", year=1900 + i % 120,
                   contributors=(Person(family=f"Author{i % 97}"),)), None)
            for i in range(n)
        ])
    return lib


def test_default_page_size_and_bound() -> None:
    assert PAGE_SIZE == 200 and PAGE_SIZE * MAX_PAGES <= 10_000


def test_page_cache_is_bounded_and_rows_are_right(big_library: Library) -> None:
    model = EntryTableModel(big_library, page_size=SMALL_PAGE, max_pages=FEW_PAGES)
    n = model.rowCount()
    assert n == SMALL_PAGE * (FEW_PAGES + 10)
    for row in range(0, n, 7):
        assert model.data(model.index(row, 0)) == f"k{row:06d}"
        assert model.cached_pages() <= FEW_PAGES
    assert model.cached_pages() == FEW_PAGES
    assert model.data(model.index(0, 3)) == "Title 000000"  # an evicted page is fetched again
    assert model.row_of_id(model.id_at(n - 1)) == n - 1
    assert model.ids_at(list(range(n))) == big_library.search_ids()  # select-all: one query
    model.sort(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    assert model.cached_pages() == 0
    assert [model.data(model.index(r, 0), ID_ROLE) for r in range(n)] == big_library.search_ids("", "year", True)
    big_library.close()


def test_flags_come_from_qt_not_python(filled_library) -> None:  # type: ignore[no-untyped-def]
    """Qt asks every cell's flags when a big selection changes: they must not cost a Python call."""
    from PySide6.QtCore import QAbstractTableModel, Qt

    from refman.gui.table_model import EntryTableModel

    assert EntryTableModel.flags is QAbstractTableModel.flags
    model = EntryTableModel(filled_library)
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert flags & Qt.ItemFlag.ItemNeverHasChildren


def test_ids_of_a_few_thousand_rows_come_per_run_of_rows(filled_library) -> None:  # type: ignore[no-untyped-def]
    """Copying 1,000 citations must not first fetch the ordered ids of the whole library."""
    from refman.gui.table_model import EntryTableModel

    model = EntryTableModel(filled_library)
    model.page_size = 5
    model.sort(3)  # by title, paged
    rows = [*range(0, 9), *range(20, 25)]
    got = model.ids_at(rows)
    assert model._lazy_ids is None  # the whole ordered list was not needed
    everything = model.all_ids()
    assert got == [everything[r] for r in rows]


def test_ids_of_a_big_selection_are_resolved_by_the_worker(filled_library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from refman.gui import table_model
    from refman.gui.table_model import EntryTableModel

    monkeypatch.setattr(table_model, "RANGE_ROWS", 3)
    model = EntryTableModel(filled_library)
    model.sort(1)  # by authors, paged
    rows = list(range(2, 20))
    resolve = model.ids_later(rows)
    assert model._lazy_ids is None  # nothing was looked up on the GUI thread
    assert resolve(filled_library) == [model.all_ids()[r] for r in rows]
