"""The `Library` facade, assembled from one mixin per use-case module sharing `self.store`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from refman.library.browsing import BrowsingMixin
from refman.library.duplicates import DuplicatesMixin
from refman.library.editing import EditingMixin
from refman.library.exporting import ExportingMixin
from refman.library.importing import ImportingMixin
from refman.library.jabref_groups import JabrefGroupsMixin
from refman.library.keep_updated import KeepUpdatedMixin
from refman.library.maintenance import MaintenanceMixin
from refman.library.organising import OrganisingMixin
from refman.library.standalone import StandaloneMixin
from refman.store import Store


def default_library_path(data_dir: Path) -> Path:
    """Where the default library lives inside the user's data folder (given by the caller)."""
    return data_dir / "library.sqlite"


class Library(JabrefGroupsMixin, BrowsingMixin, ImportingMixin, ExportingMixin, EditingMixin, MaintenanceMixin,
              StandaloneMixin, DuplicatesMixin, OrganisingMixin, KeepUpdatedMixin):
    """A reference library: the facade over store, formats and citation engine."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, location: str | os.PathLike[str], on_wait: Callable[[float], None] | None = None) -> Library:
        """Open (or create) a library; opening never takes the write lock. `on_wait(seconds)`
        is called when a write must wait for another program's write."""
        return cls(Store.open(str(location), on_wait))

    def data_version(self) -> int:
        """Changes when another program commits to the library (the GUI polls it to refresh)."""
        return self.store.data_version()

    def close(self) -> None:
        self.store.close()

    @property
    def location(self) -> str:
        return self.store.url
