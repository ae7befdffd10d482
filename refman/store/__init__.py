"""The library database (SQLAlchemy; SQLite by default). ORM rows never leave this package.

The names below are loaded on first use (PEP 562), so that `refman.store.quick` (the CLI's
search without SQLAlchemy) can be imported without importing SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refman.store.backup import Backup
    from refman.store.reader import SourceInfo
    from refman.store.search import SORT_COLUMNS
    from refman.store.store import Store
    from refman.store.txn import Txn

_WHERE = {
    "Backup": "refman.store.backup",
    "SourceInfo": "refman.store.reader",
    "SORT_COLUMNS": "refman.store.search",
    "Store": "refman.store.store",
    "Txn": "refman.store.txn",
}

__all__ = ["SORT_COLUMNS", "Backup", "SourceInfo", "Store", "Txn"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'refman.store' has no attribute {name!r}")
    return getattr(import_module(module), name)
