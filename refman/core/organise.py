"""Organising objects: collections (a tree), tags, notes, saved searches, and the snapshots that
let undo put back exactly what a change removed. Pure data; the store fills them in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The colours Zotero offers for its nine keyed tags, in key order; a tag may use any colour.
TAG_COLOURS = ("#ff6666", "#ff8c19", "#999999", "#5fb236", "#009980", "#2ea8e5", "#576dd9", "#a28ae5", "#a6507b")
NOTE_FORMATS = ("markdown", "html")


@dataclass(frozen=True, slots=True)
class Collection:
    """One node of the collections tree. `path` is the names from the root down."""

    id: int
    name: str
    parent_id: int | None
    path: tuple[str, ...]
    count: int = 0  # entries directly in it (not in the Trash)
    position: int = 0  # among its siblings
    meta: str = ""  # JSON kept for round trips (a JabRef group's hierarchy mode, colour, icon...)

    @property
    def path_text(self) -> str:
        return join_path(self.path)


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    name: str
    colour: str = ""
    position: int | None = None  # 1-9: the key that toggles it on the selection
    automatic: bool = False  # made from imported keywords, not by the user
    count: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    id: int | None
    entry_id: int
    body: str
    format: str = "markdown"
    created: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str
    meta: str = ""  # JSON kept for round trips (where it sat in a JabRef group tree)


@dataclass(frozen=True, slots=True)
class KeepUpdated:
    """An export written again after each change to the library."""

    id: int
    path: str
    format: str
    query: str  # "" = the whole library
    options: str = ""  # JSON, e.g. {"ascii": true}
    written: datetime | None = None


@dataclass(frozen=True, slots=True)
class TagChange:
    """(entry id, tag name) pairs a change really added and removed: its undo reverses exactly these."""

    added: tuple[tuple[int, str], ...] = ()
    removed: tuple[tuple[int, str], ...] = ()
    created_tags: tuple[str, ...] = ()  # tags that did not exist before (undo deletes them again)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed)


@dataclass(frozen=True, slots=True)
class OrganisationUnion:
    """What giving one entry the collections, tags and notes of others changed (merging
    duplicates): undo takes away exactly these memberships and tags and moves the notes back."""

    memberships: tuple[tuple[int, int], ...] = ()  # (collection id, entry id) added
    tags: tuple[tuple[int, str], ...] = ()  # (entry id, tag name) added
    notes: tuple[tuple[int, int], ...] = ()  # (note id, entry id it belonged to before)


@dataclass(frozen=True, slots=True)
class CollectionSnapshot:
    """A deleted collection subtree: rows (id, parent id, name, position) parents first, and its
    memberships (collection id, entry id), so that undo restores ids, tree and contents."""

    rows: tuple[tuple[int, int | None, str, int, str], ...]
    items: tuple[tuple[int, int], ...]


def split_path(text: str) -> tuple[str, ...]:
    """'Parent/Child' -> ('Parent', 'Child'); a name containing '/' writes it as '\\/'."""
    parts: list[str] = []
    current: list[str] = []
    it = iter(text)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            current.append(nxt if nxt in ("/", "\\") else "\\" + nxt)
        elif ch == "/":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return tuple(p for p in parts if p)


def join_path(path: tuple[str, ...]) -> str:
    return "/".join(p.replace("\\", "\\\\").replace("/", "\\/") for p in path)
