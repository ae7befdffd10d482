"""What an exporter is handed: entries in order, with the raw text of those that can be written back as read."""

from __future__ import annotations

from dataclasses import dataclass

from refman.core.model import Entry


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One item to write.

    For kind "entry", `entry` is set; `raw` is the record's original text when it came from the
    same format and has not been edited since, and then the writer emits it byte for byte.
    For "string", "preamble", "comment" (BibTeX only), `raw` holds the block's text.
    """

    kind: str
    entry: Entry | None = None
    raw: str | None = None
