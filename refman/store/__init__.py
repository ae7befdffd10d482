"""The library database (SQLAlchemy; SQLite by default). ORM rows never leave this package."""

from refman.store.backup import Backup
from refman.store.store import SORT_COLUMNS, SourceInfo, Store, Txn

__all__ = ["SORT_COLUMNS", "Backup", "SourceInfo", "Store", "Txn"]
