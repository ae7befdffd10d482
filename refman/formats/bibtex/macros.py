"""@string macros across files (issue 20): define a source's macros with the library's others
behind them, name the macros a block uses, and map an entry again once a macro it uses is defined.

A strings-only file (IEEEabrv.bib, archaeologie-lstabbrv.bib) and the .bib that uses its macros
are usually imported apart and in either order; BibTeX joins them through
`\\bibliography{IEEEabrv,refs}`, refman through these functions and the library's macro table.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, Sequence

from refman.core.model import Entry
from refman.formats.bibtex.mapping import map_entry
from refman.formats.bibtex.reader import entry_at
from refman.formats.bibtex.syntax import BibSyntaxError, Part, Scanner, evaluate, parse_string


def _string_parts(raw: str) -> tuple[str, list[Part]] | None:
    blk = Scanner(raw).next_block(0)
    if blk is None or blk.kind != "string":
        return None
    try:
        name, parts, _ = parse_string(raw, blk)
    except BibSyntaxError:
        return None
    return name.lower(), parts


def define_macros(raws: Sequence[str], known: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """(index in `raws`, lower-case name, value) of each @string block that defines a macro,
    evaluated in file order as BibTeX does, the file's own earlier macros before `known` (the
    library's other sources). Blocks that are not a well-formed @string are skipped: the read
    already reported them."""
    own: dict[str, str] = {}
    scope = ChainMap(own, dict(known))
    out: list[tuple[int, str, str]] = []
    for i, raw in enumerate(raws):
        parsed = _string_parts(raw)
        if parsed is None:
            continue
        name, parts = parsed
        value = evaluate(parts, scope)
        own[name] = value
        out.append((i, name, value))
    return out


def used_macros(raw: str) -> list[str]:
    """Lower-case names of the macros an entry or @string block uses, in order (month names too:
    a library may define `jan` itself)."""
    blk = Scanner(raw).next_block(0)
    if blk is None:
        return []
    parts: list[Part] = []
    if blk.kind == "string":
        parsed = _string_parts(raw)
        if parsed is not None:
            parts = parsed[1]
    elif blk.kind == "entry":
        eb = entry_at(raw, 0, "")
        if eb is not None:
            for f in eb.fields:
                parts.extend(f.parts)
    return list(dict.fromkeys(val.lower() for kind, val in parts if kind == "m"))


def remap(raw: str, macros: dict[str, str]) -> tuple[Entry, list[str]] | None:
    """An entry block mapped again with `macros` (own fields only: crossref-inherited columns
    stay as they were), with the macros still undefined; None if it is not an entry block."""
    eb = entry_at(raw, 0, "")
    if eb is None:
        return None
    mapped = map_entry(eb.type_word, eb.key, eb.fields, macros)
    return mapped.entry, mapped.undefined
