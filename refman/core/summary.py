"""One row of the entry table (refman.core.model re-exports it: `refman.core.model.EntrySummary` is this class).

Apart so that the desktop app's first paint, which shows summaries, does not import the other
domain classes (~7 ms); they come with the library layer just after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class EntrySummary:
    """The few columns the table shows: what a page query returns, cheap to build by the thousand."""

    id: int
    citekey: str
    authors: str
    year: int | None
    title: str
    container: str
    entry_type: str
    doi: str = ""
    publisher: str = ""
    added: datetime | None = None
