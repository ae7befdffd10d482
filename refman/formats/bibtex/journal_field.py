"""Switch the journal of a raw BibTeX entry between full and abbreviated forms for an export,
changing only that value (issue 20): the rest of the block stays byte for byte."""

from __future__ import annotations

from collections.abc import Callable

from refman.formats.bibtex.syntax import BibSyntaxError, Scanner, evaluate, parse_entry
from refman.formats.latex import decode, encode

JOURNAL_FIELDS = ("journal", "journaltitle")


def replace_journal(raw: str, convert: Callable[[str], str | None]) -> str:
    """`raw` with its journal value replaced by convert(decoded value) where that gives another
    name. A value written with a macro (`journal = IEEE_J_AC`) is left alone: the macro file
    chooses the form (IEEEabrv.bib or IEEEfull.bib)."""
    blk = Scanner(raw).next_block(0)
    if blk is None or blk.kind != "entry":
        return raw
    try:
        parsed = parse_entry(raw, blk)
    except BibSyntaxError:
        return raw
    for f in parsed.fields:
        if f.name.lower() not in JOURNAL_FIELDS or any(kind == "m" for kind, _ in f.parts):
            continue
        current = decode(evaluate(f.parts, {}))
        new = convert(current)
        if new is None or new == current:
            return raw
        at = raw.find(f.value, f.offset)
        if at < 0:
            return raw
        return raw[:at] + "{" + encode(new, False) + "}" + raw[at + len(f.value):]
    return raw
