"""A BibTeX read in pieces, in file order, so that an import never holds all of a big file's entries.

The text is cut into chunks at `@type{` lines where the block before closed (`chunks.cut_points`),
and each chunk is read as a piece (`reader.read_piece`: bibtexparser, the block scan, mapping) on
a worker process for big files, while the caller stores the pieces already read. Only a little
look-ahead is kept, so memory holds a few pieces, not the file's 100k entries.

Pieces read apart must give exactly what one read of the whole file gives. What crosses a cut is
handled here:
- @string macros: found in the whole text first (`_strings`; a serial read also resolves every
  entry with the file's final macros), given to every piece, and checked against the @string
  blocks the pieces really found. A lookalike inside a value breaks the check and raises
  `StreamRestart`: the caller reads the file whole instead.
- a piece that may read differently in the whole file (a block without its closing brace runs to
  the chunk's end) is `suspect`: it is read again here, from the whole text, as far as its last
  block goes, and chunks it swallowed are dropped.
- duplicate keys are found here, over all pieces, with the line of the first.
- crossref parents are usually after their children, often in a later piece: a child whose chain
  left its piece is mapped again at the end, and the last ParseResult `replaces` it.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from refman.core.errors import InputError, StreamRestart
from refman.core.model import Entry, ParseResult, Problem, RawBlock
from refman.formats.bibtex import chunks
from refman.formats.bibtex.chunks import cut_points, default_workers, pool_context
from refman.formats.bibtex.mapping import inherit, map_entry
from refman.formats.bibtex.reader import (
    STRAY_MESSAGE,
    CrossrefUse,
    EntryBlock,
    Gap,
    Piece,
    PieceInput,
    ReadStats,
    define_string,
    entry_at,
    field_offset,
    gap_block,
    read_piece,
    stray_offset,
)
from refman.formats.bibtex.syntax import RawField, Scanner, evaluate
from refman.formats.encoding import looks_binary

_STRING_RE = re.compile(r"@[ \t\n\r]*string[ \t\n\r]*[{(]", re.I)
_CROSSREF_RE = re.compile(r"crossref\s*=\s*[{\"]?\s*([^\s,{}\"#]+)")  # on lower-cased text: a literal start is fast


def read_stream(text: str, source: str = "", workers: int | None = None, chunk_chars: int | None = None,
                stats: ReadStats | None = None) -> Iterator[ParseResult]:
    """ParseResults of consecutive pieces of `text`; `join` of them equals a read of the whole text.

    Entry indexes (`RawBlock.entry_index`) are local to each ParseResult; `replaces` indexes count
    all entries of the stream. `stats` (if given) gets the read statistics added up. Raises
    StreamRestart (before or after some pieces) if the file must be read whole instead.
    `chunk_chars`: the piece size (None: `chunks.CHUNK_CHARS`, looked up now so that tests can
    make the pieces of a library import small).
    """
    if chunk_chars is None:
        chunk_chars = chunks.CHUNK_CHARS
    if "\x00" in text[:8192] or looks_binary(text[:8192].encode("utf-8", "replace")):
        raise InputError("binary data, not a BibTeX file", source, 1)
    joiner = _Joiner(text, source, stats if stats is not None else ReadStats())
    cuts = cut_points(text, chunk_chars)
    if len(cuts) == 1:
        yield joiner.take(read_piece(PieceInput(text, 0, len(text), source)))
        yield from joiner.finish()
        return
    macros, string_offsets, string_problems = _strings(text)
    joiner.macros = macros
    joiner.carry = [Problem(source, joiner.line(off), message, severity) for off, message, severity in string_problems]
    targets = frozenset(m.group(1) for m in _CROSSREF_RE.finditer(text.lower()))
    bounds = list(zip(cuts, [*cuts[1:], len(text)], strict=True))

    def jobs() -> Iterator[PieceInput]:
        newlines = 0
        prev = 0
        for a, b in bounds:
            newlines += text.count("\n", prev, a)
            prev = a
            yield PieceInput(text[a:b], 0, b - a, source, a, newlines, macros, targets)

    n = default_workers(text) if workers is None else workers
    cursor = 0
    for (_, b), piece in zip(bounds, _in_order(read_piece, jobs(), n), strict=True):
        if b <= cursor:
            continue  # read already, by a piece that ran past its chunk
        if piece.start != cursor or piece.suspect:
            piece = read_piece(PieceInput(text, cursor, b, source, macros=macros, targets=targets))
        lo = bisect.bisect_left(string_offsets, piece.start)
        hi = bisect.bisect_left(string_offsets, piece.end)
        if piece.strings != string_offsets[lo:hi]:
            raise StreamRestart(f"{source}: an '@string' inside a value")
        cursor = piece.end
        yield joiner.take(piece)
    yield from joiner.finish()


_NOT_ENTRIES = ("string", "preamble", "comment")


def count_hint(text: str) -> int:
    """About how many entries the text has (for a progress bar before the read knows): blocks
    that open a line, less @string, @preamble and @comment blocks, which are not entries."""
    blocks = text.count("\n@") + text.startswith("@")
    lower = text.lower()
    for word in _NOT_ENTRIES:
        blocks -= lower.count("\n@" + word) + lower.startswith("@" + word)
    return max(blocks, 0)


def join(pieces: Iterable[ParseResult]) -> ParseResult:
    """One ParseResult from a stream's pieces, as a read of the whole text gives it."""
    entries: list[Entry] = []
    raw_texts: list[str] = []
    blocks: list[RawBlock] = []
    problems: list[Problem] = []
    undefined: list[tuple[int, str]] = []
    for p in pieces:
        offset = len(entries)
        undefined.extend((i + offset, name) for i, name in p.undefined_macros)
        entries.extend(p.entries)
        raw_texts.extend(p.raw_texts)
        if offset:
            blocks.extend(b if b.entry_index is None else RawBlock(b.kind, b.text, b.line, b.entry_index + offset)
                          for b in p.blocks)
        else:
            blocks.extend(p.blocks)
        problems.extend(p.problems)
        for i, entry in p.replaces:
            entries[i] = entry
    problems.sort(key=lambda p: p.line or 0)
    return ParseResult(format="bibtex", entries=tuple(entries), blocks=tuple(blocks), problems=tuple(problems),
                       raw_texts=tuple(raw_texts), undefined_macros=tuple(undefined))


def _strings(text: str) -> tuple[dict[str, str], list[int], list[tuple[int, str, str]]]:
    """The file's @string macros, defined in file order as a serial read defines them, with
    the blocks' offsets (for the pieces to confirm) and their problems."""
    scanner = Scanner(text)
    macros: dict[str, str] = {}
    offsets: list[int] = []
    problems: list[tuple[int, str, str]] = []
    for m in _STRING_RE.finditer(text):
        blk = scanner.next_block(m.start())
        if blk is None or blk.start != m.start() or blk.kind != "string":
            continue
        offsets.append(blk.start)
        problems.extend(define_string(text, blk, macros))
    return macros, offsets, problems


def _in_order(fn: Callable[[PieceInput], Piece], jobs: Iterator[PieceInput], n: int) -> Iterator[Piece]:
    """fn over jobs, results in order, on n processes with at most n + 1 jobs in flight (so a slow
    consumer holds a few results, not all of them); in this process if n is 1 or processes
    cannot be started."""
    if n <= 1:
        yield from map(fn, jobs)
        return
    try:
        pool = pool_context().Pool(n)
    except (OSError, ValueError, RuntimeError):
        yield from map(fn, jobs)
        return
    try:
        pending: deque = deque()  # type: ignore[type-arg]
        for job in jobs:
            pending.append(pool.apply_async(fn, (job,)))
            if len(pending) > n:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    finally:
        pool.terminate()
        pool.join()


class _Joiner:
    """Turns pieces into ParseResults in order, with what needs the whole file: duplicate keys,
    crossref chains that leave a piece, the empty-file warnings."""

    def __init__(self, text: str, source: str, stats: ReadStats) -> None:
        self.text = text
        self.source = source
        self.stats = stats
        self.macros: dict[str, str] = {}
        self.carry: list[Problem] = []  # problems for the next ParseResult out
        self.first: dict[str, tuple[int, int]] = {}  # lower-case key -> (line, offset) of its first entry
        self.parents: dict[str, EntryBlock] = {}
        self.todo: list[tuple[int, int, CrossrefUse, list[Problem]]] = []  # (index, offset, use, warnings)
        self.count = 0
        self.has_error = False
        self.gap: Gap | None = None  # text after the last block so far, still growing
        self.any_block = False

    def _gap(self, gap: Gap, trailing: bool) -> tuple[list[RawBlock], list[Problem]]:
        """The block and warning for a whole gap, judged as a read of the whole file judges it."""
        block = gap_block(gap.text, gap.line, not self.any_block, trailing)
        if block is None:
            return [], []
        problems = []
        if self.any_block and not gap.has_failed:
            at = stray_offset(gap.text)
            if at is not None:
                line = gap.line + gap.text.count("\n", 0, at)
                problems.append(Problem(self.source, line, STRAY_MESSAGE, "warning"))
        return [block], problems

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def take(self, piece: Piece) -> ParseResult:
        st = self.stats
        for name in ("scanned_entries", "bibtexparser_entries", "from_bibtexparser", "reparsed", "failed"):
            setattr(st, name, getattr(st, name) + getattr(piece.stats, name))
        if not self.macros:
            self.macros = piece.macros
        problems = self.carry
        self.carry = []
        for key, line, offset in piece.keys:
            lk = key.lower()
            first = self.first.get(lk)
            if first is None:
                self.first[lk] = (line, offset)
            else:
                problems.append(Problem(
                    self.source, line,
                    f"duplicate citation key '{key}' (first at line {first[0]}; BibTeX keys ignore case); entry kept",
                    "warning"))
        for lk, eb in piece.parents.items():
            self.parents.setdefault(lk, eb)
        for use in piece.crossrefs:
            warnings = piece.crossref_warnings.get(use.index, [])
            offset = piece.keys[use.index][2]
            if use.complete and all(self.first[k][1] == off for k, off in use.chain):
                problems.extend(warnings)
            else:
                self.todo.append((self.count + use.index, offset, use, warnings))
        problems.extend(piece.problems)
        self.has_error = self.has_error or any(p.severity == "error" for p in piece.problems)
        self.count += len(piece.entries)
        head = piece.head
        if self.gap is not None:
            head = Gap(self.gap.text + head.text, self.gap.line, self.gap.has_failed or head.has_failed)
        blocks = piece.blocks
        if piece.tail is None:  # no block in this piece: the gap goes on
            self.gap = head
        else:
            gap_blocks, gap_problems = self._gap(head, False)
            blocks = gap_blocks + blocks
            problems.extend(gap_problems)
            self.any_block = True
            self.gap = piece.tail
        return ParseResult(format="bibtex", entries=tuple(piece.entries), blocks=tuple(blocks),
                           problems=tuple(problems), raw_texts=tuple(piece.raw_texts),
                           undefined_macros=tuple(piece.undefined))

    def finish(self) -> Iterator[ParseResult]:
        problems = self.carry
        blocks: list[RawBlock] = []
        if self.gap is not None:
            blocks, gap_problems = self._gap(self.gap, True)
            problems.extend(gap_problems)
        replaces: list[tuple[int, Entry]] = []
        for index, offset, use, warnings in self.todo:
            eb = use.own if use.own is not None else entry_at(self.text, offset, self.source)
            if eb is None:
                problems.extend(warnings)
                continue
            fields, chain = self._resolve(eb, ())
            if chain == use.chain:
                problems.extend(warnings)
                continue
            mapped = map_entry(eb.type_word, eb.key, eb.fields, self.macros, fields[len(eb.fields):])
            replaces.append((index, mapped.entry))
            for fld, message in mapped.warnings:
                at = field_offset(self.text, eb.block, eb.fields, fld)
                problems.append(Problem(self.source, self.line(at), f"{eb.key}: {message}", "warning"))
        if not self.count:
            if not self.text.strip():
                problems.append(Problem(self.source, None, "empty file: no BibTeX entries", "warning"))
            elif not self.has_error and not self.macros:  # a strings-only file is a normal import
                problems.append(Problem(self.source, None, "no BibTeX entries found", "warning"))
        if problems or replaces or blocks:
            yield ParseResult(format="bibtex", blocks=tuple(blocks), problems=tuple(problems), replaces=tuple(replaces))

    def _resolve(self, eb: EntryBlock, seen: tuple[int, ...]) -> tuple[list[RawField], list[tuple[str, int]]]:
        """Own fields plus those inherited along the crossref chain over the whole file, as a
        piece does within itself (first entry with a key wins; cycles cut)."""
        crossref = next((f for f in eb.fields if f.name.lower() == "crossref"), None)
        if crossref is None:
            return eb.fields, []
        pkey = evaluate(crossref.parts, self.macros).strip().lower()
        first = self.first.get(pkey)
        if first is None or first[1] in seen or first[1] == eb.block.start:
            return eb.fields, []
        parent = self.parents.get(pkey)
        if parent is None or parent.block.start != first[1]:
            parent = entry_at(self.text, first[1], self.source)
            if parent is None:
                return eb.fields, []
        parent_fields, parent_chain = self._resolve(parent, (*seen, eb.block.start))
        return eb.fields + inherit(eb.fields, parent_fields, eb.type_word.lower()), [(pkey, first[1]), *parent_chain]
