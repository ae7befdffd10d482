"""Read a .bib text: every block kept with its exact raw text, entries decoded for display.

bibtexparser 2.1.0 (with an empty parse stack, i.e. raw values) parses the fields. Its result is
cross-checked block by block against refman's own brace-counting scan (`syntax.Scanner`),
because on real files bibtexparser loses or mangles entries: `@COMMENTED{...}` is taken for a
comment, `@Book-Review{` and `@\\nmisc{` are not seen at all, `%` lines inside an entry become
fields named `% ...`, `{"}` inside a quoted value derails it, and its line numbers drift after a
backslash at a line end. Every entry block the scan finds and bibtexparser did not give back
intact (the same raw text, a key refman would read the same way, well-formed field names and
value expressions) is parsed by `syntax.parse_entry` instead; what neither can parse becomes a
Problem with its line, and the rest of the file still imports.

Values are kept as written (`"a" # jan`); `#`, @string macros and month names are resolved, and
LaTeX decoded, only for the Entry columns shown and searched (see `mapping`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from refman.core.model import Entry, ParseResult, Problem, RawBlock
from refman.formats.bibtex.chunks import CHUNK_CHARS, BpEntries, parse_chunk
from refman.formats.bibtex.mapping import inherit, map_entry
from refman.formats.bibtex.syntax import (
    BibSyntaxError,
    Block,
    Lines,
    RawField,
    Scanner,
    block_label,
    evaluate,
    parse_entry,
    parse_string,
)


@dataclass(slots=True)
class ReadStats:
    """How the entries were obtained: for tests and benchmarks, not for users."""

    scanned_entries: int = 0
    bibtexparser_entries: int = 0
    from_bibtexparser: int = 0
    reparsed: int = 0
    failed: int = 0


@dataclass(slots=True)
class EntryBlock:
    """One entry as read: its block, type word, key and own fields, in file order."""

    block: Block
    type_word: str
    key: str
    fields: list[RawField]
    index: int = 0

    def moved(self, delta: int) -> EntryBlock:
        """The same entry with its offsets moved by delta (a chunk's offsets -> the file's)."""
        b = self.block
        block = Block(b.kind, b.start + delta, b.end + delta, b.type_word, b.body + delta, b.closer, b.error)
        fields = [RawField(f.name, f.value, f.parts, f.offset + delta if f.offset >= 0 else -1) for f in self.fields]
        return EntryBlock(block, self.type_word, self.key, fields, self.index)


@dataclass(slots=True)
class Gap:
    """Text between blocks (skipped entries included), where it starts, and whether a skipped
    block starts in it (then it is not checked for stray fields: the skip was reported)."""

    text: str
    line: int
    has_failed: bool


@dataclass(slots=True)
class PieceInput:
    """One piece of a read: the blocks of `text` that start in [start, stop).

    Picklable, because pieces are read in worker processes. `text` is the whole file (a serial
    read) or one chunk cut from it (then a block that runs to the chunk's end may read differently
    in the whole file, and the piece says it is `suspect`). `macros` are the file's
    @string macros found beforehand, or None to define them from this piece's own blocks (a
    whole-file read). `targets` are keys some entry names in `crossref`: their fields come back.
    """

    text: str
    start: int
    stop: int
    source: str
    base: int = 0  # offset of text[0] in the file
    base_line: int = 0  # newlines in the file before text[0]
    macros: dict[str, str] | None = None
    targets: frozenset[str] = frozenset()


@dataclass(slots=True)
class CrossrefUse:
    """How a piece resolved one entry's crossref chain, for the stream to check against the file.

    chain: (lower-case key, file offset of the block used) for each parent followed. complete:
    every link was found in the piece; if not, `own` carries the entry so that it can be mapped
    again with parents from the rest of the file.
    """

    index: int
    chain: list[tuple[str, int]]
    complete: bool
    own: EntryBlock | None = None


@dataclass(slots=True)
class Piece:
    """What reading one piece gives. Entry indexes and block `entry_index` are local to it."""

    start: int  # file offsets of the text it covers
    end: int
    entries: list[Entry]
    raw_texts: list[str]
    blocks: list[RawBlock]
    problems: list[Problem]
    keys: list[tuple[str, int, int]]  # (key, line, file offset) of each entry
    strings: list[int]  # file offsets of its @string blocks
    crossrefs: list[CrossrefUse]
    crossref_warnings: dict[int, list[Problem]]  # mapping warnings of entries with a crossref
    parents: dict[str, EntryBlock]  # first entry in the piece with each targeted key (file offsets)
    macros: dict[str, str]
    stats: ReadStats
    head: Gap  # text before its first block (all of it if it has none)
    tail: Gap | None  # text after its last block
    suspect: bool = False
    undefined: list[tuple[int, str]] = field(default_factory=list)  # (entry index, lower-case macro name)


@dataclass(slots=True)
class _State:
    inp: PieceInput
    lines_before: int  # newlines in `inp.text` before inp.start
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, message, severity)
    stats: ReadStats = field(default_factory=ReadStats)
    failed_spans: list[tuple[int, int]] = field(default_factory=list)  # skipped blocks, now text
    suspect: bool = False

    @property
    def text(self) -> str:
        return self.inp.text

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
        self.problems.append((offset, message, severity))

    def line_now(self, offset: int) -> int:
        """A line number while scanning, before the piece's line index exists (error paths only)."""
        return self.inp.base_line + self.lines_before + self.inp.text.count("\n", self.inp.start, offset) + 1


def field_offset(text: str, block: Block, fields: list[RawField], f: RawField) -> int:
    """Where a field is, for a message's line number (bibtexparser's fields are located lazily)."""
    if f.offset < 0:
        _locate_fields(text, block, fields)
    return f.offset if f.offset >= 0 else block.start


def _locate_fields(text: str, block: Block, fields: list[RawField]) -> None:
    pos = block.body
    for f in fields:
        at = text.find(f.name, pos, block.end)
        if at < 0:
            f.offset = block.start
            continue
        f.offset = at
        value_at = text.find(f.value, at + len(f.name), block.end)
        pos = value_at + len(f.value) if value_at >= 0 else at + len(f.name)


def read(text: str, source: str = "") -> ParseResult:
    result, _ = read_with_stats(text, source)
    return result


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a read builds millions of small acyclic objects: each
    collection would walk the whole growing heap (measured: a quarter of a 10k-entry read)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_with_stats(text: str, source: str = "", workers: int | None = None,
                    chunk_chars: int = CHUNK_CHARS) -> tuple[ParseResult, ReadStats]:
    """read(), plus how many entries came from bibtexparser and how many were re-parsed.

    The text is read in pieces (see `stream`) and the pieces are joined: the result is the same
    for every chunk size and number of worker processes. `workers`: processes (None: all cores
    for big texts, see `chunks.default_workers`). `chunk_chars`: the piece size; tests make it small.
    """
    from refman.core.errors import StreamRestart
    from refman.formats.bibtex.stream import join, read_stream

    with gc_paused():
        try:
            stats = ReadStats()
            pieces = list(read_stream(text, source, workers, chunk_chars, stats))
        except StreamRestart:
            stats = ReadStats()
            pieces = list(read_stream(text, source, 1, len(text) + 1, stats))
    return join(pieces), stats


def read_piece(inp: PieceInput) -> Piece:
    """Read the blocks of one piece (in a worker process for big files)."""
    with gc_paused():
        return _read_piece(inp)


def _read_piece(inp: PieceInput) -> Piece:
    text = inp.text
    st = _State(inp, text.count("\n", 0, inp.start))
    whole_text = inp.start == 0 and inp.stop >= len(text)
    bp_entries = parse_chunk(text if whole_text else text[inp.start : inp.stop])
    st.stats.bibtexparser_entries = sum(len(v) for v in bp_entries.values())
    scanner = Scanner(text)
    kept: list[tuple[Block, EntryBlock | None]] = []
    own_macros: dict[str, str] = {}
    strings: list[int] = []
    pos = inp.start
    end = len(text)
    while True:
        blk = scanner.next_block(pos)
        if blk is None:
            break
        if blk.start >= inp.stop:
            end = blk.start
            break
        if blk.kind == "failed":
            st.suspect = True
            st.stats.failed += 1
            st.problem(blk.start, f"entry '{block_label(text, blk)}' {blk.error}")
            st.failed_spans.append((blk.start, blk.end))
            pos = blk.end
            continue
        if blk.kind == "entry":
            st.stats.scanned_entries += 1
            eb = _entry_block(st, blk, bp_entries)
            if eb is None:
                # Resume at the next line that opens a block inside the bad one: an unclosed brace
                # can make one "entry" swallow the entries after it.
                stop = scanner.resync(blk.body)
                st.suspect = st.suspect or stop >= len(text)
                pos = stop if stop < blk.end else blk.end
                st.stats.failed += 1
                st.failed_spans.append((blk.start, pos))
                continue
            kept.append((blk, eb))
        else:
            if blk.kind == "string":
                strings.append(blk.start + inp.base)
                if inp.macros is None:
                    _define_string(st, blk, own_macros)
            kept.append((blk, None))
        pos = blk.end
    del bp_entries  # its raw-text keys are a second copy of the text: free them before mapping
    for offset, message in scanner.warnings:
        if offset < end:
            st.problem(offset, message, "warning")
    lines = Lines(text, inp.start, end, inp.base_line + st.lines_before + 1)
    macros = own_macros if inp.macros is None else inp.macros
    piece = _build(st, kept, macros, lines, end)
    piece.strings = strings
    return piece


def _entry_block(st: _State, blk: Block, bp_entries: BpEntries) -> EntryBlock | None:
    raw = st.text[blk.start : blk.end]
    candidates = bp_entries.get(raw)
    vetted = candidates.pop(0) if candidates else None
    if candidates is not None and not candidates:
        del bp_entries[raw]  # frees bibtexparser's copy of the text and fields as the read goes on
    if vetted is not None:
        key = vetted[0]
        fields = [RawField(name, value, parts) for name, value, parts in vetted[1]]
        st.stats.from_bibtexparser += 1
        return EntryBlock(blk, blk.type_word, key, fields)
    try:
        parsed = parse_entry(st.text, blk)
    except BibSyntaxError as exc:
        st.problem(
            exc.offset,
            f"entry '{block_label(st.text, blk)}' (line {st.line_now(blk.start)}): {exc.message}; entry skipped",
        )
        return None
    st.stats.reparsed += 1
    for off in parsed.comment_offsets:
        st.problem(
            off,
            f"'%' comment inside entry '{parsed.key}': kept as a comment (biber ignores it; BibTeX stops "
            "reading the entry there)",
            "warning",
        )
    return EntryBlock(blk, blk.type_word, parsed.key, parsed.fields)


def _define_string(st: _State, blk: Block, macros: dict[str, str]) -> None:
    st.problems.extend(define_string(st.text, blk, macros))


def define_string(text: str, blk: Block, macros: dict[str, str]) -> list[tuple[int, str, str]]:
    """Add the macro of an `@string` block to `macros`; the problems as (offset, message, severity)."""
    try:
        name, parts, _ = parse_string(text, blk)
    except BibSyntaxError as exc:
        return [(exc.offset, f"@string: {exc.message}; macro not defined", "warning")]
    missing: list[str] = []
    macros[name.lower()] = evaluate(parts, macros, missing)
    return [(blk.start, f"@string '{name}' uses undefined macro '{m}'", "warning") for m in missing]


def entry_at(text: str, offset: int, source: str) -> EntryBlock | None:
    """The entry whose block starts at `offset`, read as a piece would read it (bibtexparser's
    fields if it gives them back intact, else refman's parser): for crossref parents and
    children that the stream resolves after their pieces have gone."""
    blk = Scanner(text).next_block(offset)
    if blk is None or blk.start != offset or blk.kind != "entry":
        return None
    st = _State(PieceInput(text, offset, blk.end, source), 0)
    return _entry_block(st, blk, parse_chunk(text[blk.start : blk.end]))


_STRAY_FIELD_RE = re.compile(r"^[ \t]*[A-Za-z][\w:-]*[ \t]*=[ \t]*[{\"\w]", re.M)
STRAY_MESSAGE = ("text between entries looks like part of an entry (an extra '}' closing the entry before "
                 "it early?); BibTeX ignores it")


def _failed_in(st: _State, start: int, end: int) -> bool:
    return any(start <= a < end for a, _ in st.failed_spans)


def stray_offset(gap: str) -> int | None:
    """Where text after an entry looks like the rest of it (BibTeX would silently ignore it), or None."""
    body = gap.lstrip()
    if not body:
        return None
    lines = [ln for ln in gap.splitlines() if not ln.lstrip().startswith("%")]
    if body[0] in ",}" or _STRAY_FIELD_RE.search("\n".join(lines)):
        return len(gap) - len(body)
    return None


def gap_block(gap: str, line: int, leading: bool, trailing: bool) -> RawBlock | None:
    """Text between blocks, kept unless it is the writer's own separator ("\\n\\n", final "\\n")."""
    if leading:
        keep = bool(gap)
    elif trailing:
        keep = gap not in ("", "\n")
    else:
        keep = gap != "\n\n"
    return RawBlock("junk", gap, line) if keep else None


def _with_parents(eb: EntryBlock, by_key: dict[str, EntryBlock], macros: dict[str, str], base: int,
                  resolved: dict[int, tuple[list[RawField], list[tuple[str, int]], bool]],
                  seen: tuple[int, ...]) -> tuple[list[RawField], list[tuple[str, int]], bool]:
    """Own fields followed by those inherited along the crossref chain (as biber does; BibTeX
    itself follows one level), cycles cut; with the chain followed (key, file offset of the
    parent) and whether every parent was in this piece. Not a closure: a recursive inner
    function is a reference cycle, and with the collector paused it kept every piece's fields."""
    if eb.index in resolved:
        return resolved[eb.index]
    fields = eb.fields
    chain: list[tuple[str, int]] = []
    complete = True
    crossref = next((f for f in fields if f.name.lower() == "crossref"), None)
    if crossref is not None:
        pkey = evaluate(crossref.parts, macros).strip().lower()
        parent = by_key.get(pkey)
        if parent is None:
            complete = False
        elif parent.index not in seen and parent is not eb:
            parent_fields, parent_chain, complete = _with_parents(parent, by_key, macros, base, resolved,
                                                                  (*seen, eb.index))
            fields = fields + inherit(fields, parent_fields, eb.type_word.lower())
            chain = [(pkey, parent.block.start + base), *parent_chain]
    resolved[eb.index] = (fields, chain, complete)
    return resolved[eb.index]


def _build(st: _State, kept: list[tuple[Block, EntryBlock | None]], macros: dict[str, str], lines: Lines,
           end: int) -> Piece:
    inp = st.inp
    text, base = inp.text, inp.base
    entry_blocks = [eb for _, eb in kept if eb is not None]
    by_key: dict[str, EntryBlock] = {}
    keys: list[tuple[str, int, int]] = []
    for i, eb in enumerate(entry_blocks):
        eb.index = i
        by_key.setdefault(eb.key.lower(), eb)
        keys.append((eb.key, lines.line(eb.block.start), eb.block.start + base))
        if not eb.key:
            st.problem(eb.block.start, f"'@{eb.type_word}' entry has no citation key", "warning")

    resolved: dict[int, tuple[list[RawField], list[tuple[str, int]], bool]] = {}
    entries: list[Entry] = []
    raw_texts: list[str] = []
    crossrefs: list[CrossrefUse] = []
    crossref_warnings: dict[int, list[Problem]] = {}
    undefined: list[tuple[int, str]] = []
    for eb in entry_blocks:
        all_fields, chain, complete = _with_parents(eb, by_key, macros, base, resolved, ())
        inherited = all_fields[len(eb.fields) :]
        mapped = map_entry(eb.type_word, eb.key, eb.fields, macros, inherited)
        has_crossref = any(f.name.lower() == "crossref" for f in eb.fields)
        if has_crossref:
            crossrefs.append(CrossrefUse(eb.index, chain, complete, None if complete else eb.moved(base)))
            crossref_warnings[eb.index] = [
                Problem(inp.source, lines.line(field_offset(text, eb.block, eb.fields, fld)), f"{eb.key}: {message}",
                        "warning")
                for fld, message in mapped.warnings
            ]
        else:
            for fld, message in mapped.warnings:
                st.problem(field_offset(text, eb.block, eb.fields, fld), f"{eb.key}: {message}", "warning")
        seen: set[str] = set()
        for f in eb.fields:
            lname = f.name.lower()
            if lname in seen:
                st.problem(
                    field_offset(text, eb.block, eb.fields, f),
                    f"{eb.key}: field '{f.name}' given twice; the first value is shown",
                    "warning",
                )
            seen.add(lname)
        undefined.extend((eb.index, name) for name in mapped.undefined)
        entries.append(mapped.entry)
        raw_texts.append(text[eb.block.start : eb.block.end])
    parents = {}
    if inp.targets:
        for lkey, eb in by_key.items():
            if lkey in inp.targets:
                parents[lkey] = eb.moved(base)

    # The gaps before the first block and after the last one may go on in the next or previous
    # piece: they are passed on whole, for the stream to join and judge (see `gap_block`).
    blocks: list[RawBlock] = []
    prev_end = inp.start
    head = Gap(text[inp.start : kept[0][0].start if kept else end], lines.line(inp.start),
               _failed_in(st, inp.start, kept[0][0].start if kept else end))
    for n, (blk, owner) in enumerate(kept):
        if n > 0:
            gap = gap_block(text[prev_end : blk.start], lines.line(prev_end), False, False)
            if gap is not None:
                blocks.append(gap)
                if not _failed_in(st, prev_end, blk.start):
                    stray = stray_offset(gap.text)
                    if stray is not None:
                        st.problem(prev_end + stray, STRAY_MESSAGE, "warning")
        kind = "entry" if owner is not None else blk.kind
        index = owner.index if owner is not None else None
        raw = raw_texts[index] if index is not None else text[blk.start : blk.end]  # one copy per block
        blocks.append(RawBlock(kind, raw, lines.line(blk.start), index))
        prev_end = blk.end
    tail = Gap(text[prev_end:end], lines.line(prev_end), _failed_in(st, prev_end, end)) if kept else None
    problems = [Problem(inp.source, lines.line(off), message, severity) for off, message, severity in st.problems]
    return Piece(inp.start + base, end + base, entries, raw_texts, blocks, problems, keys,
                 [], crossrefs, crossref_warnings, parents, macros, st.stats, head, tail, st.suspect, undefined)
