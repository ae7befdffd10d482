"""Duplicates: find clusters of entries that are one work, remember pairs the user says are not,
check an import against the library, and merge a cluster into one entry (one transaction, undoable).

Detection is in two tiers (see `refman.core.duplicates` and `duplicate_scoring`): a shared
identifier, or a similar work among the entries sharing an indexed blocking key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from refman.core.errors import Cancelled, InputError
from refman.core.merging import merged_entry, ordered_union
from refman.core.model import Changes, Entry, Relation
from refman.core.organise import OrganisationUnion
from refman.library.callbacks import CancelCheck, Progress
from refman.library.duplicate_scoring import MAX_BLOCK, candidate_pairs, clusters, score
from refman.library.organising import separate_organisation, unite_organisation
from refman.store import Store
from refman.store.dupkeys import IDENTIFIER_KINDS


@dataclass(frozen=True, slots=True)
class MergeUndo:
    """Everything a merge changed, so that undo puts the library back exactly."""

    keep_before: Entry
    keep_edited: bool
    merged: tuple[int, ...]  # the others, in the order given
    trashed: tuple[int, ...]  # those the merge moved to the Trash (others were there already)
    organisation: OrganisationUnion  # collections, tags and notes the kept entry gained
    relations_before: tuple[Relation, ...]
    sources: tuple[int, ...]  # entries whose relation lists the merge rewrote
    record_links: tuple[tuple[int, int], ...]  # (raw record, entry) before the merge


def _outside_trash(store: Store, blocks: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    """The blocks without entries in the Trash (merged-away duplicates wait there): trashed
    entries never match elsewhere. The Trash is small and indexed, so this is one cheap query."""
    trashed = set(store.trashed_ids())
    if not trashed:
        return blocks
    kept = ((kind, [m for m in members if m not in trashed]) for kind, members in blocks)
    return [(kind, members) for kind, members in kept if len(members) > 1]


def similar_pairs(store: Store, new_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(imported entry, existing entry it looks like) for the entries of an import: its check.

    Only the blocks holding the new entries are read and scored, so the cost follows the import,
    not the library. Each imported entry is paired with its best match; pairs dismissed before
    are left out."""
    if not new_ids:
        return []
    new = set(new_ids)
    blocks = _outside_trash(store, store.blocks_touching(list(new_ids)))
    pairs: set[tuple[int, int]] = set()
    for kind, members in blocks:
        olds = [m for m in members if m not in new]
        if not olds or (kind not in IDENTIFIER_KINDS and len(members) > MAX_BLOCK):
            continue
        pairs.update((n, o) for n in members if n in new for o in olds)
    if not pairs:
        return []
    facts = store.duplicate_facts({i for p in pairs for i in p})
    dismissed = store.not_duplicate_pairs()
    best: dict[int, tuple[float, int]] = {}
    for n, o in pairs:
        if (min(n, o), max(n, o)) in dismissed or n not in facts or o not in facts:
            continue
        s = score(facts[n], facts[o])
        if s > 0 and (n not in best or (s, -o) > (best[n][0], -best[n][1])):
            best[n] = (s, o)
    return sorted((n, o) for n, (_, o) in best.items())


class DuplicatesMixin:
    """The duplicate use-cases of `Library`."""

    store: Store

    def find_duplicates(self, progress: Progress | None = None,
                        cancelled: CancelCheck | None = None) -> list[list[int]]:
        """Clusters of entry ids that look like one work (each ascending; dismissed pairs never together).

        `progress(done, total)` counts in entries of the library (reading the blocks is the first
        tenth, the facts of the candidates up to a third, scoring the pairs the rest); a true
        `cancelled()` stops the scan with Cancelled (it only reads, so nothing is left behind)."""
        total = max(1, self.store.count()) if progress is not None else 1

        def at(fraction: float) -> None:
            if cancelled is not None and cancelled():
                raise Cancelled("the duplicate scan was cancelled")
            if progress is not None:
                progress(int(total * fraction), total)

        at(0.0)
        blocks = _outside_trash(self.store, self.store.duplicate_blocks())
        at(0.1)
        identical = [m for kind, m in blocks if kind in IDENTIFIER_KINDS]
        pairs = candidate_pairs(m for kind, m in blocks if kind not in IDENTIFIER_KINDS)
        # Years first (one small query): pairs more than a year apart are vetoed anyway, and
        # normalising the entries of those pairs was most of a big scan.
        years = self.store.entry_years({i for p in pairs for i in p})
        pairs = {(x, y) for x, y in pairs
                 if (yx := years.get(x)) is None or (yy := years.get(y)) is None or abs(yx - yy) <= 1}
        ids = {i for p in pairs for i in p} | {i for m in identical for i in m}
        at(0.15)
        facts = self.store.duplicate_facts(ids)
        at(0.33)
        found = clusters(pairs, facts, self.store.not_duplicate_pairs(), identical,
                         step=lambda done, n: at(0.33 + 0.67 * done / max(n, 1)))
        at(1.0)
        return found

    def similar_to_existing(self, new_ids: Sequence[int]) -> list[tuple[int, int]]:
        return similar_pairs(self.store, new_ids)

    def dismiss_duplicates(self, ids: Sequence[int]) -> None:
        """'Not a duplicate': no two of these entries are offered as duplicates again."""
        uniq = sorted(set(ids))
        if len(uniq) < 2:
            raise InputError("give at least two different entries")
        with self.store.transaction() as txn:
            txn.mark_not_duplicates((a, b) for i, a in enumerate(uniq) for b in uniq[i + 1:])

    def undismiss_duplicates(self, ids: Sequence[int]) -> None:
        uniq = sorted(set(ids))
        with self.store.transaction() as txn:
            txn.unmark_not_duplicates((a, b) for i, a in enumerate(uniq) for b in uniq[i + 1:])

    def merge_entries(self, keep_id: int, other_ids: Sequence[int],
                      choice: Mapping[str, int] | None = None) -> tuple[MergeUndo, Changes]:
        """Merge `other_ids` into `keep_id` in one transaction.

        Fields: `choice` maps a field to the index (0 = kept entry, then others in order) whose
        value is taken; unnamed fields take the richer value. Every relation to or from a merged
        entry is re-pointed to the kept one, each list keeping its order, without self-citations
        or repeats. The raw records of all stay (linked to the kept entry), the kept entry gets
        the others' collections, tags and notes, a `replaces` relation and the merge log record
        what was merged, and the others go to the Trash (restorable like any trashed entry).
        """
        others = list(dict.fromkeys(i for i in other_ids if i != keep_id))
        if not others:
            raise InputError("nothing to merge: give the entry to keep and at least one other")
        entries = self.store.get_many([keep_id, *others])
        if len(entries) != len(others) + 1:
            found = {e.id for e in entries}
            missing = [i for i in [keep_id, *others] if i not in found]
            raise InputError(f"no entry with id {', '.join(map(str, missing))}")
        state = self.store.trashed_state([keep_id, *others])
        if state.get(keep_id) is not None:
            raise InputError(f"'{entries[0].citekey}' is in the Trash: restore it before merging into it")
        to_trash = [i for i in others if state.get(i) is None]
        keep_before = entries[0]
        group = [keep_id, *others]
        # Snapshots for undo, taken before the transaction (reads only).
        keep_state = self.store.storage_state([keep_id])[keep_id]
        touching = self.store.relations_touching(group)
        sources = sorted({r.source_id for r in touching} | set(group))
        before = tuple(r for r in self.store.relations_touching(sources) if r.source_id in sources)
        links = tuple(self.store.record_links(group))
        merged = merged_entry(entries, choice)
        mapping = dict.fromkeys(others, keep_id)
        lists: dict[tuple[int, str], list[int]] = {}
        for r in sorted(before, key=lambda r: (r.source_id, r.kind, r.position)):
            lists.setdefault((r.source_id, r.kind), []).append(r.target_id)
        with self.store.transaction() as txn:
            txn.update_entry(keep_id, merged)
            for src in sources:
                if src in others:
                    continue  # a merged-away entry keeps its own lists in the Trash
                for kind in sorted({k for s, k in lists if s in (src, *(others if src == keep_id else ()))}):
                    parts = [lists.get((src, kind), [])]
                    if src == keep_id:
                        parts += [lists.get((o, kind), []) for o in others]
                    txn.set_relations(src, ordered_union(parts, mapping, src), kind)
            txn.relink_records((rid, keep_id) for rid, eid in links if eid in mapping)
            txn.add_relations(keep_id, others, "replaces")
            txn.log_merge(keep_id, entries[1:])
            union = unite_organisation(txn, keep_id, others)
            txn.set_trashed(to_trash, txn.now)
        undo = MergeUndo(keep_before, keep_state[1], tuple(others), tuple(to_trash), union, before,
                         tuple(sources), links)
        return undo, Changes(updated=(keep_id,), deleted=tuple(to_trash))

    def undo_merge(self, undo: MergeUndo) -> Changes:
        """Put the library back as it was before the merge (one transaction): the merged entries
        out of the Trash, the kept entry's fields, relations, records, collections, tags and notes."""
        keep_id = undo.keep_before.id
        assert keep_id is not None
        with self.store.transaction() as txn:
            txn.set_trashed(undo.trashed, None)
            separate_organisation(txn, undo.organisation)
            if undo.keep_edited:
                txn.update_entry(keep_id, undo.keep_before)
            else:
                txn.update_entry(keep_id, undo.keep_before, as_read=True)
            kinds = {r.kind for r in undo.relations_before} | {"cites", "replaces"}
            for src in undo.sources:
                for kind in sorted(kinds):
                    txn.set_relations(src, [], kind)
            txn.insert_relations(undo.relations_before)
            txn.relink_records(undo.record_links)
            txn.unlog_merge(keep_id, undo.merged)
        return Changes(added=undo.trashed, updated=(keep_id,))
