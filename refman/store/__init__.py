"""The library database (SQLAlchemy; SQLite by default). ORM rows never leave this package."""

from refman.store.backup import Backup
from refman.store.reader import SourceInfo
from refman.store.search import SORT_COLUMNS
from refman.store.store import Store
from refman.store.txn import Txn

__all__ = ["SORT_COLUMNS", "Backup", "SourceInfo", "Store", "Txn"]
