"""Export records for a parsed file, without a library: what converting or re-writing a file needs."""

from __future__ import annotations

from refman.core.model import ParseResult
from refman.core.records import ExportRecord

MODES = ("raw", "source", "canonical")


def records_from_result(result: ParseResult, mode: str = "raw", kinds: frozenset[str] | None = None) -> list[ExportRecord]:
    """Every block in file order. Entries are written from their raw text (`raw`), as if edited
    (`source`: untouched fields verbatim) or from decoded fields alone (`canonical`). `kinds`
    limits the non-entry blocks kept (e.g. without unparsable "junk")."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    out: list[ExportRecord] = []
    for block in result.blocks:
        if block.kind != "entry":
            if kinds is None or block.kind in kinds:
                out.append(ExportRecord(block.kind, raw=block.text))
            continue
        if block.entry_index is None:
            continue
        entry = result.entries[block.entry_index]
        if mode == "raw":
            out.append(ExportRecord("entry", entry, raw=block.text))
        elif mode == "source":
            out.append(ExportRecord("entry", entry, source_raw=block.text))
        else:
            out.append(ExportRecord("entry", entry))
    return out
