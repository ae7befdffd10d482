"""Citation keys by formula (issue 20): the library's formula, keys for entries that came
without one, and "Regenerate keys" (undoable).

A key a file or the user set is pinned and never changes here. A key refman made is unpinned:
it follows the library's formula (`refman.core.citekey_formula`), and entries that share a base
key get their a, b, c postfixes in content order, so the same entries get the same keys whatever
order they were imported in (an import may therefore move a postfix between unpinned entries of
the same base).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from refman.core.citekey_formula import Formula, assign_postfixes, base_keys
from refman.core.model import Changes
from refman.store import Store, Txn

FORMULA_SETTING = "key_formula"
FOLD_SETTING = "key_ascii"


@dataclass(frozen=True, slots=True)
class KeyChanges:
    """Keys changed by a regeneration, as (entry id, old key, new key): what undo puts back."""

    changes: tuple[tuple[int, str, str], ...] = ()

    def as_changes(self) -> Changes:
        return Changes(updated=tuple(i for i, _, _ in self.changes))


def key_formula(store: Store | Txn) -> str | None:
    """The library's key formula, or None for refman's built-in readable key."""
    return store.setting(FORMULA_SETTING)


def key_folding(store: Store | Txn) -> bool:
    return store.setting(FOLD_SETTING) != "0"


def set_key_formula(store: Store, formula: str | None, fold: bool | None = None) -> None:
    """Set (None: clear) the formula; raises FormulaError, naming the place, if it does not parse."""
    if formula is not None:
        Formula(formula)
    with store.transaction() as txn:
        txn.set_setting(FORMULA_SETTING, formula)
        if fold is not None:
            txn.set_setting(FOLD_SETTING, "1" if fold else "0")


def _formula(txn: Txn) -> Formula | None:
    text = key_formula(txn)
    return Formula(text) if text else None


def settle_keys(txn: Txn, new_ids: Sequence[int]) -> list[tuple[int, str, str]]:
    """Keys made by refman for `new_ids` (just inserted) are unpinned; they and the unpinned entries
    sharing their base keys are given keys by formula with content-ordered postfixes."""
    if not new_ids:
        return []
    txn.mark_unpinned(new_ids)
    formula = _formula(txn)
    fold = key_folding(txn)
    new = txn.get_many(list(new_ids))
    bases = set(base_keys(formula, new, fold))
    unpinned = txn.unpinned_keys()
    candidates = [i for i, key in unpinned.items() if _has_base(key, bases)]
    return _reassign(txn, sorted(set(candidates) | set(new_ids)), formula, fold, unpinned)


def _has_base(key: str, bases: set[str]) -> bool:
    """Whether key is one of `bases` followed by a postfix of lower-case letters."""
    if key in bases:
        return True
    end = len(key)
    while end > 0 and "a" <= key[end - 1] <= "z":
        end -= 1
        if key[:end] in bases:
            return True
    return False


def _reassign(txn: Txn, ids: Sequence[int], formula: Formula | None, fold: bool,
              unpinned: dict[int, str]) -> list[tuple[int, str, str]]:
    entries = {e.id: e for e in txn.get_many(list(ids)) if e.id is not None}
    bases = dict(zip(entries, base_keys(formula, list(entries.values()), fold), strict=True))
    group = set(entries)

    def taken(key: str) -> bool:
        owner = txn.id_for_key(key)
        return owner is not None and owner not in group

    keys = assign_postfixes(bases, entries, taken)
    changed = {i: k for i, k in keys.items() if entries[i].citekey != k}
    txn.set_citekeys(changed)
    return [(i, entries[i].citekey, k) for i, k in sorted(changed.items())]


def regenerate_keys(store: Store, ids: Sequence[int] | None = None) -> KeyChanges:
    """Give the unpinned entries among `ids` (all unpinned entries if None) keys by the library's
    formula, with the unpinned entries that share their new base keys; pinned keys never change."""
    with store.transaction() as txn:
        unpinned = txn.unpinned_keys()
        chosen = sorted(unpinned) if ids is None else [i for i in ids if i in unpinned]
        if not chosen:
            return KeyChanges()
        formula = _formula(txn)
        fold = key_folding(txn)
        bases = set(base_keys(formula, txn.get_many(chosen), fold))
        group = sorted(set(chosen) | {i for i, key in unpinned.items() if _has_base(key, bases)})
        return KeyChanges(tuple(_reassign(txn, group, formula, fold, unpinned)))


def undo_regenerate(store: Store, done: KeyChanges) -> Changes:
    """Put back the keys a regeneration changed."""
    with store.transaction() as txn:
        txn.set_citekeys({i: old for i, old, _ in done.changes})
    return done.as_changes()


def redo_regenerate(store: Store, done: KeyChanges) -> Changes:
    """Apply a regeneration's keys again (after an undo)."""
    with store.transaction() as txn:
        txn.set_citekeys({i: new for i, _, new in done.changes})
    return done.as_changes()
