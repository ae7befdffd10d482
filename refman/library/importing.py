"""The import pipeline: decode a file, parse it, and store the result in one transaction
without ever duplicating an entry (see `ImportingMixin._place`)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refman.core.citekeys import is_valid_key, make_key, unique_key
from refman.core.errors import Cancelled, InputError, NotFoundError, RefmanError, StreamRestart
from refman.core.merge import merge_entries
from refman.core.model import Changes, Entry, ImportReport, ParseResult, Problem, RawBlock
from refman.formats import registry
from refman.formats.encoding import decode_bytes, looks_binary
from refman.library.callbacks import CancelCheck, Progress
from refman.library.duplicates import similar_pairs
from refman.library.keys import settle_keys
from refman.library.macros import store_macros
from refman.store import Store, Txn

IMPORT_BATCH = 1000
BULK_IMPORT = 20_000  # entries from which an import rebuilds the browsing indexes at the end
RECORD_BATCH = 5000
MAX_IMPORT_BYTES = 4 << 30  # 4 GiB: a 1 GB .bib passes, /dev/zero-like input stops


@dataclass
class _ImportState:
    """Bookkeeping for one import: keys seen in the file, keys given out, entries already matched
    or inserted by this import (never matched again: a block that appears twice in the file is two
    entries, whether the file is read whole or in pieces), and the current batch's lookups
    (raw text -> entries, key -> entry)."""

    format: str = ""
    keys: set[str] = dataclasses.field(default_factory=set)
    new_keys: set[str] = dataclasses.field(default_factory=set)
    matched: set[int] = dataclasses.field(default_factory=set)
    by_raw: dict[str, list[int]] = dataclasses.field(default_factory=dict)
    by_key: dict[str, int] = dataclasses.field(default_factory=dict)


def read_file(path: str | os.PathLike[str], fmt: str | None = None) -> tuple[ParseResult, str]:
    """Parse a file without any library: (result, encoding). What `import --dry-run` and previews show."""
    text, encoding, problems = ImportingMixin._decode_file(path)
    result = ImportingMixin.parse_text(text, str(path), fmt)
    if problems:
        result = dataclasses.replace(result, problems=tuple(problems) + result.problems)
    return result, encoding


def sniff_file(path: str | os.PathLike[str]) -> str:
    """The format an import of `path` would detect, judged from the file's first 256 KB only."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(256 * 1024)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from exc
    if looks_binary(head):
        return ""
    text, _encoding, _problems = decode_bytes(head, str(path))
    try:
        return registry.detect(text, str(path)).name
    except RefmanError:
        return ""
def read_capped(path: Path, cap: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of a regular file of at most `cap` bytes. A device (/dev/zero), FIFO or socket
    is refused before it is opened: reading one may never end, or never start."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO (pipe)" if stat.S_ISFIFO(info.st_mode) \
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise InputError(f"this is {what}, not a file to import (nothing imported)", str(path))
    if info.st_size > cap:
        raise InputError(f"the file is {info.st_size / 2**30:.1f} GiB; refman imports files of up to "
                         f"{cap / 2**30:.0f} GiB (nothing imported)", str(path))
    try:
        with path.open("rb") as fh:
            data = fh.read(cap + 1)  # a file that grows while it is read still stops at the cap
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from exc
    if len(data) > cap:
        raise InputError(f"the file grew past {cap / 2**30:.0f} GiB while it was read (nothing imported)", str(path))
    return data


class ImportingMixin:
    """The import use-cases of `Library`."""

    store: Store

    def read_file(self, path: str | os.PathLike[str], fmt: str | None = None) -> tuple[ParseResult, str]:
        """Parse a file without touching the library: (result, encoding)."""
        return read_file(path, fmt)

    @staticmethod
    def _decode_file(path: str | os.PathLike[str]) -> tuple[str, str, list[Problem]]:
        p = Path(path)
        data = read_capped(p)
        if looks_binary(data):
            raise InputError("this is a binary file, not a bibliography (nothing imported)", str(p), 1)
        text, encoding, problems = decode_bytes(data, str(p))
        return text, encoding, list(problems)

    @staticmethod
    def parse_text(text: str, source: str = "<text>", fmt: str | None = None) -> ParseResult:
        if not text.strip():
            return ParseResult(format=fmt or "empty", problems=(Problem(source, None, "empty input: nothing to import", "warning"),))
        info = registry.by_name(fmt) if fmt else registry.detect(text, source)
        return info.read(text, source)

    def import_file(self, path: str | os.PathLike[str], fmt: str | None = None, cited_by: str | None = None,
                    progress: Progress | None = None, cancelled: CancelCheck | None = None) -> tuple[ImportReport, Changes]:
        """Import a file in one transaction. A format that reads in pieces (BibTeX) is stored piece
        by piece while the next pieces are read on the other cores, so a big file's entries are
        never all in memory at once (issue 6: 100k entries)."""
        text, encoding, problems = self._decode_file(path)
        return self._import_text(text, str(path), encoding, problems, fmt, cited_by, progress, cancelled)

    def import_text(self, text: str, source: str = "<pasted>", fmt: str | None = None, cited_by: str | None = None,
                    progress: Progress | None = None, cancelled: CancelCheck | None = None) -> tuple[ImportReport, Changes]:
        return self._import_text(text, source, "utf-8", [], fmt, cited_by, progress, cancelled)

    def _import_text(self, text: str, source: str, encoding: str, problems: list[Problem], fmt: str | None,
                     cited_by: str | None, progress: Progress | None,
                     cancelled: CancelCheck | None) -> tuple[ImportReport, Changes]:
        if not text.strip():
            return self._import_pieces(iter([self.parse_text(text, source, fmt)]), source, encoding, problems,
                                       cited_by, progress, cancelled, 0)
        info = registry.by_name(fmt) if fmt else registry.detect(text, source)
        try:
            return self._import_pieces(info.stream(text, source), source, encoding, problems, cited_by, progress,
                                       cancelled, info.count_hint(text))
        except StreamRestart:  # the transaction was rolled back: read the file whole
            result = info.read(text, source)
            return self._import_pieces(iter([result]), source, encoding, problems, cited_by, progress, cancelled,
                                       len(result.entries))

    def import_result(self, result: ParseResult, source: str, encoding: str = "utf-8", cited_by: str | None = None,
                      progress: Progress | None = None, cancelled: CancelCheck | None = None) -> tuple[ImportReport, Changes]:
        """Store a parse result in one transaction. Never duplicates: see `_place` for the rules."""
        return self._import_pieces(iter([result]), source, encoding, [], cited_by, progress, cancelled,
                                   len(result.entries))

    def _import_pieces(self, pieces: Iterator[ParseResult], source: str, encoding: str, problems: list[Problem],
                       cited_by: str | None, progress: Progress | None, cancelled: CancelCheck | None,
                       hint: int) -> tuple[ImportReport, Changes]:
        """Store consecutive parse results of one source in one transaction.

        Entries are handled in batches: one lookup query per batch for re-imported records and
        known keys, and one bulk insert per table for the new entries. Cyclic garbage collection
        is paused meanwhile: with a big parse result in memory every collection walks all of it,
        and at 100k entries that was half the import's time (nothing here makes cycles).
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            report, changes = self._store_pieces(pieces, source, encoding, problems, cited_by, progress, cancelled,
                                                 hint)
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()  # a reader's worker processes stop now, not when the generator is collected
            if was_enabled:
                gc.enable()
        return self._with_similar(report, changes), changes

    def _with_similar(self, report: ImportReport, changes: Changes) -> ImportReport:
        """The report with the imported entries that look like ones already there (issue 19):
        only the blocks holding the new entries are scored, so a small import into a big library
        stays cheap; an import into an empty library has nothing to compare with."""
        if not changes.added or len(changes.added) >= self.store.count():
            return report
        pairs = similar_pairs(self.store, changes.added)
        if not pairs:
            return report
        keys = {e.id: e.citekey for e in self.store.get_many(sorted({i for p in pairs for i in p}))}
        return dataclasses.replace(report, similar=tuple((keys[n], keys[o]) for n, o in pairs
                                                         if n in keys and o in keys))

    def _store_pieces(self, pieces: Iterator[ParseResult], source: str, encoding: str, problems: list[Problem],
                      cited_by: str | None, progress: Progress | None, cancelled: CancelCheck | None,
                      hint: int) -> tuple[ImportReport, Changes]:
        citing_id: int | None = None
        if cited_by is not None:
            citing_id = self.store.id_for_key(cited_by)
            if citing_id is None:
                raise NotFoundError(f"--cited-by: no entry with key '{cited_by}'")
        outcomes: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": [], "linked": []}
        renamed: list[tuple[str, str]] = []
        read_problems: list[Problem] = []
        own_problems: list[Problem] = []
        new_ids: list[int] = []
        upd_ids: list[int] = []
        ids: list[int | None] = []  # over all pieces
        added: set[int] = set()  # indexes (over all pieces) of the entries this import inserted
        citing_key = None
        n_pieces = 0
        strings: list[tuple[int, str]] = []  # (position, @string block) of the source
        uses: list[tuple[int, str]] = []  # (entry id, macro) its file does not define
        n_macros, resolved = 0, list[str]()
        generated: list[int] = []
        # A big import rebuilds the browsing indexes once at the end instead of updating them
        # row by row (see Txn.browse_indexes_deferred); not worth it for a few entries into a
        # big library, where the rebuild would cost more than the updates.
        bulk = hint >= BULK_IMPORT and hint >= self.store.count() // 2
        with self.store.transaction() as txn, contextlib.ExitStack() as stack:
            if bulk:
                stack.enter_context(txn.browse_indexes_deferred())
            source_id: int | None = None
            state = _ImportState()
            positions = 0
            for result in pieces:
                n_pieces += 1
                if source_id is None:
                    source_id = txn.add_source(source, result.format, encoding)
                    state.format = result.format
                read_problems.extend(result.problems)
                base = len(ids)
                entry_lines: dict[int, int | None] | None = None
                strings.extend((positions + n, b.text) for n, b in enumerate(result.blocks) if b.kind == "string")
                total = len(result.entries)
                ids.extend([None] * total)
                raws = [result.raw_texts[i] if i < len(result.raw_texts) else None for i in range(total)]
                record_of: dict[int, int] = {}
                # Records written after their entries, already linked (see Txn.reserve_records),
                # when every entry has its own key: keyless entries look earlier records up.
                reserved = (txn.reserve_records(len(result.blocks))
                            if result.blocks and all(is_valid_key(e.citekey.strip()) for e in result.entries)
                            else None)
                entry_blocks: dict[int, tuple[int, RawBlock, int]] = {}  # entry index -> (position, block, id)
                if reserved is not None:
                    others = []
                    for pos, (block, rid) in enumerate(zip(result.blocks, reserved, strict=True), positions):
                        if block.kind == "entry" and block.entry_index is not None:
                            record_of[block.entry_index] = rid
                            entry_blocks[block.entry_index] = (pos, block, rid)
                        else:
                            others.append((pos, block, rid))
                    txn.add_records(source_id, [(pos, b.kind, b.line, b.text) for pos, b, _ in others],
                                    ids=[rid for _, _, rid in others])
                    positions += len(result.blocks)
                elif result.blocks:
                    # In slices: one parameter row per block for a 100k-entry file at once was ~100 MB.
                    for at in range(0, len(result.blocks), RECORD_BATCH):
                        part = result.blocks[at:at + RECORD_BATCH]
                        rids = txn.add_records(source_id, [(positions + pos, b.kind, b.line, b.text)
                                                           for pos, b in enumerate(part, at)])
                        for block, rid in zip(part, rids, strict=True):
                            if block.kind == "entry" and block.entry_index is not None:
                                record_of[block.entry_index] = rid
                    positions += len(result.blocks)
                elif result.raw_texts:
                    rids = txn.add_records(source_id, [(positions + i, "entry", None, r)
                                                       for i, r in enumerate(result.raw_texts)])
                    record_of = dict(enumerate(rids))
                    positions += len(rids)
                for start in range(0, total, IMPORT_BATCH):
                    if cancelled is not None and cancelled():
                        raise Cancelled("import cancelled; the library is unchanged")
                    batch = range(start, min(total, start + IMPORT_BATCH))
                    state.by_raw = txn.ids_by_raw([r for r in (raws[i] for i in batch) if r is not None])
                    state.by_key = txn.ids_by_keys([k for k in (result.entries[i].citekey.strip() for i in batch) if k])
                    pending: list[tuple[int, Entry, int | None, str]] = []
                    for i in batch:
                        entry = result.entries[i]
                        outcome, entry_id, key, given = self._place(txn, entry, record_of.get(i), raws[i], state)
                        if given and given != key and outcome != "unchanged":
                            renamed.append((given, key))
                            if entry_lines is None:  # once per piece: a scan per rename was quadratic
                                entry_lines = self._entry_lines(result)
                            own_problems.append(Problem(source, entry_lines.get(i),
                                                        f"key '{given}' already used; stored as '{key}'", "warning"))
                        if outcome == "insert":
                            keyed = entry if entry.citekey == key else dataclasses.replace(entry, citekey=key)
                            pending.append((i, keyed, record_of.get(i), key))
                            continue
                        ids[base + i] = entry_id
                        outcomes[outcome].append(key)
                        if outcome == "added":
                            new_ids.append(entry_id)
                            added.add(base + i)
                            generated.append(entry_id)  # keyless: refman made its key
                        elif outcome == "updated":
                            upd_ids.append(entry_id)
                    inserted = txn.insert_entries([(e, rid) for _, e, rid, _ in pending])
                    state.matched.update(inserted)
                    for (i, _, _, key), entry_id in zip(pending, inserted, strict=True):
                        ids[base + i] = entry_id
                        outcomes["added"].append(key)
                        new_ids.append(entry_id)
                        added.add(base + i)
                    if reserved is not None:
                        mine = [entry_blocks[i] for i in batch if i in entry_blocks]
                        txn.add_records(source_id, [(pos, "entry", b.line, b.text) for pos, b, _ in mine],
                                        ids=[rid for _, _, rid in mine])
                    if progress is not None:
                        done = base + batch.stop
                        progress(done, max(hint, done))
                for index, entry in result.replaces:
                    target = ids[index] if index < len(ids) else None
                    if target is not None and index in added:
                        stored = txn.get(target)
                        txn.update_entry(target, dataclasses.replace(entry, citekey=stored.citekey, added=stored.added),
                                         as_read=True)
                for i, name in result.undefined_macros:
                    if (user := ids[base + i]) is not None:
                        uses.append((user, name))
                if result.citing_index is not None and ids[base + result.citing_index] is not None:
                    src = ids[base + result.citing_index]
                    assert src is not None
                    txn.set_relations(src, [t for t in (ids[base + k] for k in result.cited_indexes) if t is not None])
                    citing_key = txn.get(src).citekey
            if source_id is None:
                source_id = txn.add_source(source, "empty", encoding)
            for _, old_key, new_key in settle_keys(txn, generated):
                outcomes["added"] = [new_key if k == old_key else k for k in outcomes["added"]]
            if strings or uses or state.format in ("bibtex", "biblatex"):
                n_macros, resolved = store_macros(txn, source_id, strings, uses, upd_ids)
            if citing_id is not None:
                txn.add_relations(citing_id, [t for t in ids if t is not None])
        if n_pieces > 1:
            read_problems.sort(key=lambda p: p.line or 0)
        report = ImportReport(source, state.format, tuple(outcomes["added"]), tuple(outcomes["updated"]),
                              tuple(outcomes["unchanged"]), tuple(outcomes["linked"]), tuple(renamed),
                              tuple(problems + read_problems + own_problems), encoding, citing_key,
                              n_macros, tuple(resolved))
        if progress is not None and ids:
            progress(len(ids), len(ids))
        return report, Changes(added=tuple(new_ids), updated=tuple(upd_ids))

    @staticmethod
    def _entry_lines(result: ParseResult) -> dict[int, int | None]:
        """Line of each entry's block, by entry index."""
        return {b.entry_index: b.line for b in result.blocks if b.entry_index is not None}

    def _place(self, txn: Txn, entry: Entry, record_id: int | None, raw: str | None,
               state: _ImportState) -> tuple[str, int, str, str]:
        """Decide what one incoming entry becomes. Returns (outcome, id, key, key as given).

        outcome "insert" means: store it under `key` (done in bulk by the caller, id 0 here).
        - A record whose raw text is already in the library (the same file imported again):
          unchanged.
        - An entry with its own key (BibTeX, CSL-JSON id) that matches a library key: updated
          when it is the same work (DOI or title agree), else stored under a fresh key.
        - An entry without a key (article pages, reference lists, RIS without ID): reused when
          the library has the same DOI or the same first author + year + title.
        """
        given = entry.citekey.strip()
        if given and not is_valid_key(given):
            given = ""
        if raw is not None:
            same = next((i for i in state.by_raw.get(raw, ()) if i not in state.matched), None)
            if same is None and not given:
                same = txn.find_by_raw(raw)  # keyless entries are inserted one by one, see below
            if same is not None and same not in state.matched:
                state.matched.add(same)
                if record_id is not None:
                    txn.link_record(record_id, same)
                if given:
                    state.keys.add(given)
                key = txn.get(same).citekey
                return "unchanged", same, key, key

        def taken(k: str) -> bool:
            return k in state.new_keys or txn.key_exists(k)

        if given:
            duplicate_in_file = given in state.keys
            state.keys.add(given)
            existing = state.by_key.get(given)
            if existing is not None and not duplicate_in_file and existing not in state.matched:
                old = txn.get(existing)
                if self._same_work(old, entry):
                    state.matched.add(existing)
                    txn.update_entry(existing, self._updated(txn, old, entry, state.format), raw_record_id=record_id)
                    return "updated", existing, given, given
            key = unique_key(given, taken) if (existing is not None or duplicate_in_file or given in state.new_keys) else given
            state.new_keys.add(key)
            return "insert", 0, key, given
        match = txn.find_by_doi(entry.doi) if entry.doi else None
        if match is None and entry.title:
            people = entry.authors or entry.editors or entry.contributors
            first = (people[0].literal or people[0].family or people[0].given) if people else ""
            match = txn.find_by_identity(first, entry.year, entry.title)
        if match is not None:
            old = txn.get(match)
            state.matched.add(match)
            if self._richer_or_equal(entry, old):
                merged = self._updated(txn, old, entry, state.format)
                if merged != old:
                    txn.update_entry(match, merged, raw_record_id=record_id)
                    return "updated", match, old.citekey, ""
            if record_id is not None:
                txn.link_record(record_id, match)
            return "linked", match, old.citekey, ""
        # Keyless entries go in at once, so that a later duplicate in the same list finds them.
        key = make_key(entry, taken)
        (new_id,) = txn.insert_entries([(dataclasses.replace(entry, citekey=key), record_id)])
        state.matched.add(new_id)
        return "added", new_id, key, ""

    @staticmethod
    def _updated(txn: Txn, old: Entry, new: Entry, fmt: str) -> Entry:
        """The stored entry after `new` arrives for it: a re-import from the same format replaces
        it (the new record is the truth, and export will write its raw text); from another
        format it is merged, so fields only the old record had are kept."""
        previous = txn.raw_record(old.id) if old.id is not None else None
        if previous is not None and previous[0] == fmt:
            return dataclasses.replace(new, citekey=old.citekey, added=old.added, id=old.id, modified=old.modified)
        return merge_entries(old, new)

    @staticmethod
    def _same_work(old: Entry, new: Entry) -> bool:
        from refman.core.normalize import normalize_doi, normalize_title

        if old.doi and new.doi:
            return normalize_doi(old.doi) == normalize_doi(new.doi)
        return normalize_title(old.title) == normalize_title(new.title)

    @staticmethod
    def _richer_or_equal(new: Entry, old: Entry) -> bool:
        """Whether an incoming keyless record may replace the stored one (it has no fewer fields)."""
        def filled(e: Entry) -> int:
            return sum(1 for f in dataclasses.fields(e) if f.name not in ("id", "added", "modified", "citekey")
                       and getattr(e, f.name) not in ("", (), None))
        return filled(new) >= filled(old)
