"""Where a BibTeX text is cut into chunks for a read in pieces, and bibtexparser's part of a piece.

bibtexparser is the slowest step of an import (about half of it), so big files are read in pieces
on every core (see `stream`). The text is cut about every CHUNK_CHARS at a line that opens a
block (`@type{`), where the braces since the previous such line balance, so a cut falls between
entries and the chunk starts with a block. The cuts depend only on the text, never on the number
of workers. A cut that still lands inside an entry (such a line inside a value whose braces
happen to balance) leaves the chunk before it with an unclosed block: the stream then reads that
stretch again from the whole text. bibtexparser's entries are vetted (`vet`) where they were
parsed, and an entry it does not give back intact is parsed by refman's own parser.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import sys
import threading

from refman.formats.bibtex.syntax import ID, KEY_RE, NAME_OK_RE, Part, value_parts

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

CHUNK_CHARS = 500_000  # about 800 entries of a typical .bib file
PARALLEL_MIN_CHARS = 3_000_000  # below this, starting workers costs more than it saves
_MAX_TRIES = 200  # line-start '@' candidates tried per cut before giving up on cutting further
# A line that opens a block as the scanner reads it (`@`, a type word, `{` or `(`): a chunk
# starts at its `@`, so when the block before closed, the chunk starts with a block.
_LINE_AT_RE = re.compile(r"^[ \t]*(@)[ \t]*" + ID + r"[ \t]*[{(]", re.M)

# One vetted bibtexparser entry: (citation key, [(field name, raw value, value parts)]), or None
# if it failed vetting. Plain tuples, not RawField: they cross process boundaries several times
# faster (measured: pickling RawFields cost 40% of the parse it saved).
FieldTuple = tuple[str, str, list[Part]]
Vetted = tuple[str, list[FieldTuple]] | None
# Raw entry text -> the vetted entries bibtexparser gave back with exactly that text, in order.
BpEntries = dict[str, list[Vetted]]


def cut_points(text: str, size: int = CHUNK_CHARS) -> list[int]:
    """Chunk starts: 0, then starts of lines that begin with `@`, about `size` apart.

    A line-start `@` is taken when the braces between the line-start `@` before it and it
    balance, i.e. the block before it closed (counted locally, so one unbalanced entry early in
    a file does not stop the cutting for the rest of it).
    """
    cuts = [0]
    n = len(text)
    pos = size
    while pos < n:
        prev = _LINE_AT_RE.search(text, pos)
        found = None
        for _ in range(_MAX_TRIES):
            if prev is None:
                break
            m = _LINE_AT_RE.search(text, prev.end())
            if m is None:
                break
            a, b = prev.start(1), m.start(1)
            if text.count("{", a, b) == text.count("}", a, b):
                found = b
                break
            prev = m
        if found is None:
            break
        cuts.append(found)
        pos = found + size
    return cuts


def vet(bp: tuple[str, str, list[tuple[str, str]]], closer: str) -> Vetted:
    """bibtexparser's key and fields if the key and every name and value are well formed, else None."""
    _, key, bp_fields = bp
    m = KEY_RE[closer].fullmatch(key)
    if not key or m is None or m.group(1) != key:
        return None
    fields: list[FieldTuple] = []
    for name, value in bp_fields:
        if not NAME_OK_RE.fullmatch(name):
            return None
        parts = value_parts(value)
        if parts is None:
            return None
        fields.append((name, value, parts))
    return key, fields


def parse_chunk(chunk: str) -> BpEntries:
    """bibtexparser's entries of one chunk, keyed by raw text and vetted.

    Matched by raw text, not line: bibtexparser's line count drifts after a `\\` at a line end.
    The raw text ends with the block's closing delimiter, which is what the key is checked against.
    """
    import bibtexparser
    from bibtexparser.model import Entry as BpEntry

    try:
        library = bibtexparser.parse_string(chunk, parse_stack=[])
    except Exception:  # a bibtexparser bug must not stop the import: refman's own parser takes over
        return {}
    out: BpEntries = {}
    for blk in library.blocks:
        entry = blk if isinstance(blk, BpEntry) else getattr(blk, "ignore_error_block", None)
        if isinstance(entry, BpEntry) and entry.raw:
            raw = entry.raw
            bp = (entry.entry_type, entry.key, [(f.key, f.value) for f in entry.fields])
            out.setdefault(raw, []).append(vet(bp, ")" if raw[-1] == ")" else "}"))
    return out


def pool_context() -> multiprocessing.context.BaseContext:
    # fork is cheapest, but forking a process with other threads running (the GUI imports on a
    # worker thread) can deadlock the child on a lock some other thread held; spawn cannot.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_workers(text: str) -> int:
    """How many processes a read of this text should use: 1 for small texts or one core."""
    if len(text) < PARALLEL_MIN_CHARS:
        return 1
    if getattr(sys, "frozen", False):  # a frozen app would need multiprocessing.freeze_support() first
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


