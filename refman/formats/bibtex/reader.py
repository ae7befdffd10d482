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

from refman.core.errors import InputError
from refman.core.model import Entry, ParseResult, Problem, RawBlock
from refman.formats.bibtex.chunks import CHUNK_CHARS, BpEntries, parse_chunks
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
from refman.formats.encoding import looks_binary


@dataclass(slots=True)
class ReadStats:
    """How the entries were obtained: for tests and benchmarks, not for users."""

    scanned_entries: int = 0
    bibtexparser_entries: int = 0
    from_bibtexparser: int = 0
    reparsed: int = 0
    failed: int = 0


@dataclass(slots=True)
class _EntryBlock:
    block: Block
    type_word: str
    key: str
    fields: list[RawField]
    index: int = 0


@dataclass(slots=True)
class _State:
    text: str
    source: str
    lines: Lines
    problems: list[Problem] = field(default_factory=list)
    stats: ReadStats = field(default_factory=ReadStats)
    failed_spans: list[tuple[int, int]] = field(default_factory=list)  # skipped blocks, now text

    def problem(self, offset: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.source, self.lines.line(offset), message, severity))


def _field_offset(text: str, block: Block, fields: list[RawField], f: RawField) -> int:
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

    `workers`: processes for bibtexparser's part (None: all cores for big texts, see
    `chunks.default_workers`); the result is the same for every value. `chunk_chars`: the
    size of the pieces bibtexparser is given (see `chunks`); tests make it small.
    """
    if "\x00" in text[:8192] or looks_binary(text[:8192].encode("utf-8", "replace")):
        raise InputError("binary data, not a BibTeX file", source, 1)
    with gc_paused():
        return _read(text, source, workers, chunk_chars)


def _read(text: str, source: str, workers: int | None, chunk_chars: int) -> tuple[ParseResult, ReadStats]:
    st = _State(text, source, Lines(text))
    bp_entries: BpEntries = {}
    for chunk_entries in parse_chunks(text, workers, chunk_chars):
        for raw, found in chunk_entries.items():
            bp_entries.setdefault(raw, []).extend(found)
    st.stats.bibtexparser_entries = sum(len(v) for v in bp_entries.values())
    scanner = Scanner(text)
    kept: list[tuple[Block, _EntryBlock | None]] = []
    macros: dict[str, str] = {}
    pos = 0
    while True:
        blk = scanner.next_block(pos)
        if blk is None:
            break
        if blk.kind == "failed":
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
                pos = stop if stop < blk.end else blk.end
                st.stats.failed += 1
                st.failed_spans.append((blk.start, pos))
                continue
            kept.append((blk, eb))
        else:
            if blk.kind == "string":
                _define_string(st, blk, macros)
            kept.append((blk, None))
        pos = blk.end
    del bp_entries  # its raw-text keys are a second copy of the file: free them before mapping
    for offset, message in scanner.warnings:
        st.problem(offset, message, "warning")

    entries, raw_texts, blocks = _build(st, kept, macros)
    if not entries:
        if not text.strip():
            st.problems.append(Problem(source, None, "empty file: no BibTeX entries", "warning"))
        elif not any(p.severity == "error" for p in st.problems):
            st.problems.append(Problem(source, None, "no BibTeX entries found", "warning"))
    st.problems.sort(key=lambda p: p.line or 0)
    result = ParseResult(
        format="bibtex",
        entries=tuple(entries),
        blocks=tuple(blocks),
        problems=tuple(st.problems),
        raw_texts=tuple(raw_texts),
    )
    return result, st.stats


def _entry_block(st: _State, blk: Block, bp_entries: BpEntries) -> _EntryBlock | None:
    raw = st.text[blk.start : blk.end]
    line = st.lines.line(blk.start)
    candidates = bp_entries.get(raw)
    vetted = candidates.pop(0) if candidates else None
    if candidates is not None and not candidates:
        del bp_entries[raw]  # frees bibtexparser's copy of the text and fields as the read goes on
    if vetted is not None:
        key = vetted[0]
        fields = [RawField(name, value, parts) for name, value, parts in vetted[1]]
        st.stats.from_bibtexparser += 1
        return _EntryBlock(blk, blk.type_word, key, fields)
    try:
        parsed = parse_entry(st.text, blk)
    except BibSyntaxError as exc:
        st.problem(
            exc.offset, f"entry '{block_label(st.text, blk)}' (line {line}): {exc.message}; entry skipped"
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
    return _EntryBlock(blk, blk.type_word, parsed.key, parsed.fields)


def _define_string(st: _State, blk: Block, macros: dict[str, str]) -> None:
    try:
        name, parts, _ = parse_string(st.text, blk)
    except BibSyntaxError as exc:
        st.problem(exc.offset, f"@string: {exc.message}; macro not defined", "warning")
        return
    missing: list[str] = []
    macros[name.lower()] = evaluate(parts, macros, missing)
    for m in missing:
        st.problem(blk.start, f"@string '{name}' uses undefined macro '{m}'", "warning")


_STRAY_FIELD_RE = re.compile(r"^[ \t]*[A-Za-z][\w:-]*[ \t]*=[ \t]*[{\"\w]", re.M)


def _check_stray(st: _State, start: int, gap: str) -> None:
    """Warn when text after an entry looks like the rest of it: BibTeX would silently ignore it."""
    if any(start <= a < start + len(gap) for a, _ in st.failed_spans):
        return  # a skipped block, already reported
    body = gap.lstrip()
    if not body:
        return
    lines = [ln for ln in gap.splitlines() if not ln.lstrip().startswith("%")]
    if body[0] in ",}" or _STRAY_FIELD_RE.search("\n".join(lines)):
        offset = start + (len(gap) - len(body))
        st.problem(
            offset,
            "text between entries looks like part of an entry (an extra '}' closing the entry before "
            "it early?); BibTeX ignores it",
            "warning",
        )


def _gap_block(text: str, start: int, end: int, line: int, leading: bool, trailing: bool) -> RawBlock | None:
    """Text between blocks, kept unless it is the writer's own separator ("\\n\\n", final "\\n")."""
    gap = text[start:end]
    if leading:
        keep = bool(gap)
    elif trailing:
        keep = gap not in ("", "\n")
    else:
        keep = gap != "\n\n"
    return RawBlock("junk", gap, line) if keep else None


def _build(
    st: _State, kept: list[tuple[Block, _EntryBlock | None]], macros: dict[str, str]
) -> tuple[list[Entry], list[str], list[RawBlock]]:
    text = st.text
    entry_blocks = [eb for _, eb in kept if eb is not None]
    by_key: dict[str, _EntryBlock] = {}
    for i, eb in enumerate(entry_blocks):
        eb.index = i
        lk = eb.key.lower()
        if lk in by_key:
            first = by_key[lk]
            st.problem(
                eb.block.start,
                f"duplicate citation key '{eb.key}' (first at line {st.lines.line(first.block.start)}; "
                "BibTeX keys ignore case); entry kept",
                "warning",
            )
        else:
            by_key[lk] = eb
        if not eb.key:
            st.problem(eb.block.start, f"'@{eb.type_word}' entry has no citation key", "warning")

    entries: list[Entry] = []
    raw_texts: list[str] = []
    resolved: dict[int, list[RawField]] = {}

    def with_parents(eb: _EntryBlock, seen: tuple[int, ...] = ()) -> list[RawField]:
        """Own fields followed by those inherited along the crossref chain (as biber does;
        BibTeX itself follows one level), cycles cut."""
        if eb.index in resolved:
            return resolved[eb.index]
        fields = eb.fields
        crossref = next((f for f in fields if f.name.lower() == "crossref"), None)
        if crossref is not None:
            parent = by_key.get(evaluate(crossref.parts, macros).strip().lower())
            if parent is not None and parent.index not in seen and parent is not eb:
                parent_fields = with_parents(parent, (*seen, eb.index))
                fields = fields + inherit(fields, parent_fields, eb.type_word.lower())
        resolved[eb.index] = fields
        return fields

    for eb in entry_blocks:
        inherited = with_parents(eb)[len(eb.fields) :]
        mapped = map_entry(eb.type_word, eb.key, eb.fields, macros, inherited)
        for fld, message in mapped.warnings:
            st.problem(_field_offset(text, eb.block, eb.fields, fld), f"{eb.key}: {message}", "warning")
        seen: set[str] = set()
        for f in eb.fields:
            lname = f.name.lower()
            if lname in seen:
                st.problem(
                    _field_offset(text, eb.block, eb.fields, f),
                    f"{eb.key}: field '{f.name}' given twice; the first value is shown",
                    "warning",
                )
            seen.add(lname)
        entries.append(mapped.entry)
        raw_texts.append(text[eb.block.start : eb.block.end])

    blocks: list[RawBlock] = []
    prev_end = 0
    for n, (blk, owner) in enumerate(kept):
        gap = _gap_block(text, prev_end, blk.start, st.lines.line(prev_end), n == 0, False)
        if gap is not None:
            blocks.append(gap)
            if n > 0:
                _check_stray(st, prev_end, gap.text)
        kind = "entry" if owner is not None else blk.kind
        index = owner.index if owner is not None else None
        raw = raw_texts[index] if index is not None else text[blk.start : blk.end]  # one copy per block
        blocks.append(RawBlock(kind, raw, st.lines.line(blk.start), index))
        prev_end = blk.end
    tail = _gap_block(text, prev_end, len(text), st.lines.line(prev_end), not kept, True)
    if tail is not None:
        blocks.append(tail)
        if kept:
            _check_stray(st, prev_end, tail.text)
    return entries, raw_texts, blocks
