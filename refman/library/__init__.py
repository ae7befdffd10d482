"""Use-cases: import, export, search, show, cite, edit, delete. The CLI and the GUI call only this.

Every method takes and returns core objects; each write is one transaction, so a failed or
cancelled import leaves the library exactly as it was. `Library` (in `core`) is assembled from
one mixin per use-case module; this package exports what callers import from `refman.library`.
"""

from refman.library.bulk_citing import batches, bibliography_in_batches
from refman.library.callbacks import CancelCheck, Progress
from refman.library.citing import (
    bibliography_entries,
    cite_entries,
    cite_items,
    list_styles,
    preload_style,
    style_ready,
)
from refman.library.core import Library, default_library_path
from refman.library.display import display_text
from refman.library.duplicates import MergeUndo
from refman.library.editing import BULK_DELETE, DeletedEntries
from refman.library.exporting import EXPORT_FORMATS
from refman.library.importing import read_file, sniff_file
from refman.store import Backup, SourceInfo

__all__ = [
    "BULK_DELETE",
    "EXPORT_FORMATS",
    "Backup",
    "CancelCheck",
    "DeletedEntries",
    "Library",
    "MergeUndo",
    "Progress",
    "SourceInfo",
    "batches",
    "bibliography_entries",
    "bibliography_in_batches",
    "cite_entries",
    "cite_items",
    "default_library_path",
    "display_text",
    "list_styles",
    "preload_style",
    "read_file",
    "sniff_file",
    "style_ready",
]
