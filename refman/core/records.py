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
    `source_raw` is the text the entry was imported from even when it was edited since (and so
    `raw` is None): the BibTeX writer takes the unchanged fields from it verbatim rather than
    re-encoding decoded text.
    """

    kind: str
    entry: Entry | None = None
    raw: str | None = None
    source_raw: str | None = None
