"""Use-cases: import, export, search, show, cite, edit, delete. The CLI and the GUI call only this.

Every method takes and returns core objects; each write is one transaction, so a failed or
cancelled import leaves the library exactly as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from refman.core.citekeys import is_valid_key, make_key, unique_key
from refman.core.errors import Cancelled, InputError, LibraryError, NotFoundError, StreamRestart
from refman.core.merge import merge_entries
from refman.core.model import (
    Changes,
    Entry,
    EntrySummary,
    ImportReport,
    ParseResult,
    Problem,
    RawBlock,
    Relation,
)
from refman.core.query import Node, parse_query
from refman.core.records import ExportRecord
from refman.formats import registry
from refman.formats.encoding import decode_bytes, looks_binary
from refman.store import Backup, SourceInfo, Store, Txn

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

EXPORT_FORMATS = ("bibtex", "biblatex", "csljson", "ris")
IMPORT_BATCH = 1000
BULK_IMPORT = 20_000  # entries from which an import rebuilds the browsing indexes at the end
RECORD_BATCH = 5000
BULK_DELETE = 20  # deleting this many entries or more takes an automatic backup first


def default_library_path(data_dir: Path) -> Path:
    """Where the default library lives inside the user's data folder (given by the caller)."""
    return data_dir / "library.sqlite"


@dataclass(frozen=True, slots=True)
class DeletedEntries:
    """What a delete removed, kept so that undo can put it back exactly."""

    entries: tuple[Entry, ...]
    relations: tuple[Relation, ...]
    storage: tuple[tuple[int, int | None, bool], ...]  # (id, raw record id, edited)


class _CancellableWriter(io.TextIOBase):
    """A text stream that raises Cancelled as soon as the user asks (checked on every write)."""

    def __init__(self, out: TextIO, cancelled: CancelCheck) -> None:
        super().__init__()
        self._out = out
        self._cancelled = cancelled

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if self._cancelled():
            raise Cancelled("export cancelled; no file was written")
        return self._out.write(s)


@dataclass
class _ImportState:
    """Bookkeeping for one import: keys seen in the file, keys given out, entries already matched,
    and the current batch's lookups (raw text -> entry, key -> entry)."""

    format: str = ""
    keys: set[str] = dataclasses.field(default_factory=set)
    new_keys: set[str] = dataclasses.field(default_factory=set)
    matched: set[int] = dataclasses.field(default_factory=set)
    by_raw: dict[str, int] = dataclasses.field(default_factory=dict)
    by_key: dict[str, int] = dataclasses.field(default_factory=dict)


class Library:
    """A reference library: the facade over store, formats and citation engine."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, location: str | os.PathLike[str]) -> Library:
        return cls(Store.open(str(location)))

    def close(self) -> None:
        self.store.close()

    @property
    def location(self) -> str:
        return self.store.url

    # --- reading ----------------------------------------------------------------------------

    def count(self, query: str | Node = "") -> int:
        return self.store.count(self._q(query))

    def search(self, query: str | Node = "", order_by: str | None = None, descending: bool = False,
               offset: int = 0, limit: int = 1_000_000) -> list[EntrySummary]:
        return self.store.summaries(self._q(query), order_by, descending, offset, limit)

    def search_ids(self, query: str | Node = "", order_by: str | None = None, descending: bool = False) -> list[int]:
        return self.store.search_ids(self._q(query), order_by, descending)

    def search_entries(self, query: str | Node = "", order_by: str | None = None) -> list[Entry]:
        return self.store.get_many(self.store.search_ids(self._q(query), order_by))

    def get(self, entry_id: int) -> Entry:
        return self.store.get(entry_id)

    def get_many(self, ids: Sequence[int]) -> list[Entry]:
        return self.store.get_many(ids)

    def by_key(self, key: str) -> Entry:
        entry = self.store.get_by_key(key)
        if entry is None:
            raise NotFoundError(f"no entry with key '{key}'")
        return entry

    def references_of(self, entry_id: int) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.cited_ids(entry_id))

    def cited_by(self, entry_id: int) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.citing_ids(entry_id))

    def articles_with_references(self) -> list[EntrySummary]:
        return self.store.summaries_by_ids(self.store.citing_entry_ids())

    def sources(self) -> list[SourceInfo]:
        return self.store.sources()

    def entry_ids_of_source(self, source_id: int) -> list[int]:
        return self.store.entry_ids_of_source(source_id)

    def raw_if_unedited(self, entry_id: int) -> tuple[str, str] | None:
        """(format, raw text) only while the entry is as imported: what "Copy BibTeX" may paste verbatim."""
        state = self.store.storage_state([entry_id]).get(entry_id)
        return None if state is None or state[1] else self.store.raw_record(entry_id)

    def raw_record(self, entry_id: int) -> tuple[str, str] | None:
        return self.store.raw_record(entry_id)

    @staticmethod
    def _q(query: str | Node) -> Node:
        return parse_query(query) if isinstance(query, str) else query

    # --- import -----------------------------------------------------------------------------

    def read_file(self, path: str | os.PathLike[str], fmt: str | None = None) -> tuple[ParseResult, str]:
        """Parse a file without touching the library: (result, encoding)."""
        text, encoding, problems = self._decode_file(path)
        result = self.parse_text(text, str(path), fmt)
        if problems:
            result = dataclasses.replace(result, problems=tuple(problems) + result.problems)
        return result, encoding

    @staticmethod
    def _decode_file(path: str | os.PathLike[str]) -> tuple[str, str, list[Problem]]:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", str(p)) from exc
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
            return self._store_pieces(pieces, source, encoding, problems, cited_by, progress, cancelled, hint)
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()  # a reader's worker processes stop now, not when the generator is collected
            if was_enabled:
                gc.enable()

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
                            own_problems.append(Problem(source, self._line_of(result, i),
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
                        elif outcome == "updated":
                            upd_ids.append(entry_id)
                    inserted = txn.insert_entries([(e, rid) for _, e, rid, _ in pending])
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
                if result.citing_index is not None and ids[base + result.citing_index] is not None:
                    src = ids[base + result.citing_index]
                    assert src is not None
                    txn.set_relations(src, [t for t in (ids[base + k] for k in result.cited_indexes) if t is not None])
                    citing_key = txn.get(src).citekey
            if source_id is None:
                source_id = txn.add_source(source, "empty", encoding)
            if citing_id is not None:
                txn.add_relations(citing_id, [t for t in ids if t is not None])
        if n_pieces > 1:
            read_problems.sort(key=lambda p: p.line or 0)
        report = ImportReport(source, state.format, tuple(outcomes["added"]), tuple(outcomes["updated"]),
                              tuple(outcomes["unchanged"]), tuple(outcomes["linked"]), tuple(renamed),
                              tuple(problems + read_problems + own_problems), encoding, citing_key)
        if progress is not None and ids:
            progress(len(ids), len(ids))
        return report, Changes(added=tuple(new_ids), updated=tuple(upd_ids))

    @staticmethod
    def _line_of(result: ParseResult, index: int) -> int | None:
        for block in result.blocks:
            if block.entry_index == index:
                return block.line
        return None

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
            same = state.by_raw.get(raw)
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

    # --- export -----------------------------------------------------------------------------

    def export_records(self, fmt: str, query: str | Node | None = None,
                       ids: Sequence[int] | None = None) -> Iterable[ExportRecord]:
        if ids is not None:
            return (ExportRecord(kind="entry", entry=e, raw=None) for e in self.store.get_many(ids))
        q = None if query is None or query == "" else self._q(query)
        return self.store.export_records(q, fmt)

    def export(self, out: TextIO, fmt: str = "bibtex", query: str | Node | None = None, *,
               ids: Sequence[int] | None = None, progress: Progress | None = None, **options: object) -> int:
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"cannot export to '{fmt}' (choose from {', '.join(EXPORT_FORMATS)})")
        info = registry.by_name(fmt)
        records = self.export_records(fmt, query, ids)
        if progress is not None:
            total = len(ids) if ids is not None else self.count(query if query is not None else "")
            records = _counted(records, total, progress)
        return info.write(records, out, **options)

    def export_to_file(self, path: str | os.PathLike[str], fmt: str = "bibtex", query: str | Node | None = None, *,
                       ids: Sequence[int] | None = None, cancelled: CancelCheck | None = None,
                       progress: Progress | None = None, **options: object) -> int:
        """Write atomically: a temporary file in the same folder, renamed over the target only
        when complete, so a failed or cancelled export never destroys the previous file."""
        target = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                sink: TextIO = out if cancelled is None else _CancellableWriter(out, cancelled)  # type: ignore[assignment]
                n = self.export(sink, fmt, query, ids=ids, progress=progress, **options)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return n

    # --- editing ----------------------------------------------------------------------------

    def update_entry(self, entry: Entry) -> Changes:
        if entry.id is None:
            raise LibraryError("cannot update an entry that is not in the library")
        if not is_valid_key(entry.citekey):
            raise InputError(f"'{entry.citekey}' is not a valid citekey (no spaces, commas or braces)")
        with self.store.transaction() as txn:
            other = txn.id_for_key(entry.citekey)
            if other is not None and other != entry.id:
                raise InputError(f"the key '{entry.citekey}' is already used by another entry")
            txn.update_entry(entry.id, entry)
        return Changes(updated=(entry.id,))

    def add_entry(self, entry: Entry) -> tuple[Entry, Changes]:
        with self.store.transaction() as txn:
            key = entry.citekey if entry.citekey and not txn.key_exists(entry.citekey) else make_key(entry, txn.key_exists)
            new_id = txn.insert_entry(dataclasses.replace(entry, citekey=key, id=None))
        return self.store.get(new_id), Changes(added=(new_id,))

    def delete(self, ids: Sequence[int]) -> tuple[DeletedEntries, Changes]:
        entries = tuple(self.store.get_many(ids))
        rels = tuple(self.store.relations_touching(ids))
        state = self.store.storage_state(ids)
        storage = tuple((i, *state[i]) for i in ids if i in state)
        if len(ids) >= BULK_DELETE:
            self.store.backup(f"before-delete-{len(ids)}")
        with self.store.transaction() as txn:
            txn.delete_entries(ids)
        return DeletedEntries(entries, rels, storage), Changes(deleted=tuple(ids))

    def undelete(self, deleted: DeletedEntries) -> Changes:
        """Put deleted entries back with their ids, keys and relations (undo of `delete`)."""
        state = {i: (rid, edited) for i, rid, edited in deleted.storage}
        with self.store.transaction() as txn:
            for e in deleted.entries:
                rid, edited = state.get(e.id or -1, (None, True))
                txn.restore_entry(e, rid, edited)
            txn.insert_relations(deleted.relations)
        return Changes(added=tuple(e.id for e in deleted.entries if e.id is not None))

    # --- maintenance ----------------------------------------------------------------------------

    def check(self, repair: bool = False) -> tuple[list[str], list[str], list[str]]:
        """Verify the library; with `repair`, back it up and fix what can be fixed.

        Returns (problems found, repairs made, problems left) for `refman check` and the GUI."""
        found = self.store.integrity_problems()
        if not (found and repair):
            return found, [], found
        self.backup("before-repair")
        done = self.store.repair()
        return found, done, self.store.integrity_problems()

    # --- backups ------------------------------------------------------------------------------

    def backups(self) -> list[Backup]:
        return self.store.backups()

    def backup(self, reason: str = "manual") -> Path | None:
        return self.store.backup(reason)

    def restore(self, backup: Path) -> Path | None:
        """Replace the library's content with a backup; the current state is backed up first."""
        from refman.store.backup import restore_backup

        path = self.store.file_path
        if path is None:
            raise LibraryError("backups are for library files; a server library is backed up by its administrator")
        location = str(path)
        self.store.close()
        try:
            return restore_backup(Path(backup), path)
        finally:
            self.store = Store.open(location)

    # --- reference strings (no library needed) -----------------------------------------------

    @staticmethod
    def parse_references(text: str) -> list[Entry]:
        from refman.formats.refstrings import parse_references

        return parse_references(text)

    @staticmethod
    def parse_references_keyed(text: str) -> list[Entry]:
        """Parse a reference list and give each entry a citekey unique within the list."""
        from refman.formats.refstrings import parse_references

        taken: set[str] = set()
        out = []
        for entry in parse_references(text):
            key = make_key(entry, taken.__contains__)
            taken.add(key)
            out.append(dataclasses.replace(entry, citekey=key))
        return out

    @staticmethod
    def write_entries(entries: Iterable[Entry], out: TextIO, fmt: str = "bibtex", **options: object) -> int:
        """Write entries that need not be in a library (e.g. parsed references)."""
        info = registry.by_name(fmt)
        return info.write((ExportRecord(kind="entry", entry=e) for e in entries), out, **options)

    @staticmethod
    def to_csl(entries: Iterable[Entry]) -> list[dict[str, object]]:
        from refman.formats.csljson import entry_to_csl

        return [entry_to_csl(e) for e in entries]


# --- citations -------------------------------------------------------------------------------


def _counted(records: Iterable[ExportRecord], total: int, progress: Progress,
             every: int = 500) -> Iterator[ExportRecord]:
    """The records, reporting progress(entries so far, total) every `every` entries and at the end."""
    done = 0
    for record in records:
        yield record
        if record.kind == "entry":
            done += 1
            if done % every == 0:
                progress(done, max(total, done))
    progress(done, max(total, done))


def cite_entries(entries: Sequence[Entry], style: str = "apa", locale: str | None = None, html: bool = False,
                 in_text: bool = False) -> str:
    """Formatted bibliography entries (one per line) or one in-text citation, via refman.cite."""
    items = [_without_others(item) for item in Library.to_csl(entries)]
    return cite_items(items, style, locale, html, in_text)


def _without_others(item: dict[str, object]) -> dict[str, object]:
    """Drop BibTeX's `and others` marker from name lists: the engine would print it as a name."""
    out = dict(item)
    for role in ("author", "editor", "translator"):
        names = out.get(role)
        if isinstance(names, list):
            out[role] = [n for n in names if not (isinstance(n, dict) and n.get("literal", "").casefold() == "others"
                                                  and "family" not in n)]
    return out


def cite_items(items: list[dict[str, object]], style: str = "apa", locale: str | None = None, html: bool = False,
               in_text: bool = False) -> str:
    from refman.cite import default_engine

    engine = default_engine()
    fmt = "html" if html else "text"
    if in_text:
        return engine.citation(items, style=style, locale=locale, fmt=fmt)
    return "\n".join(engine.bibliography(items, style=style, locale=locale, fmt=fmt))


def list_styles(search: str = "") -> list:  # type: ignore[type-arg]
    from refman.cite import list_styles as _list

    return list(_list(search))
