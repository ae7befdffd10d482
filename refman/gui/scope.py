"""What part of the library the table shows: a sidebar or organise-panel choice.

Plain data with no Qt, so that the window can hold a scope (ALL at start) before the panels that
offer the choices are built, just after the first paint (refman/gui/window_panels.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refman.core.query_root import MatchAll, Node

# scopes the organise panel offers (collections, the Trash, saved searches), not the sidebar
ORGANISE_KINDS = ("collection", "unfiled", "trash", "saved")


@dataclass(frozen=True, slots=True)
class Scope:
    """A sidebar choice. `node` is ANDed with the search; `ids`, when set, limits and orders the rows."""

    kind: str  # "all", "references" (an article's reference list) or "source" (one import)
    label: str
    node: Node = field(default_factory=MatchAll)
    ids: tuple[int, ...] | None = None
    ref: int | None = None  # article id or source id
    select_id: int | None = None  # an entry to select once shown (a reference clicked in the tree)


ALL = Scope("all", "All entries")
