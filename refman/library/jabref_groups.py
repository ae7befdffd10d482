"""JabRef groups in and out of the library, and keywords as automatic tags.

Import (after any BibTeX import whose text has a `jabref-meta: grouping` block): each
StaticGroup becomes a collection at the same place in the tree, keeping its hierarchy mode,
colour, icon and description in `collections.meta`; keyword, search and automatic groups become
saved searches that remember their parent and position (`saved_searches.meta`); entries join
the collections their `groups` field names. A group of another kind that has subgroups becomes
a collection too, so the tree keeps its shape. Re-importing the same file changes nothing.

Export (BibTeX/BibLaTeX): the grouping block is rebuilt from the collections and saved searches
and written where the imported one was, or at the end; when it says exactly what the imported
block said, the imported text is written unchanged. Each entry's `groups` field is rebuilt from
its collections; an entry whose groups did not change keeps its imported text byte for byte.

Keywords (BibTeX keywords, RIS KW, CSL-JSON keyword) become automatic tags of the entries
imported or updated, so the tag selector lists them and can hide them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from refman.core.jabref_groups import (
    MARKER,
    Group,
    is_grouping,
    parse_grouping,
    parse_groups_field,
    serialise_grouping,
)
from refman.core.jabref_search import NEW_SYNTAX_MARKER, keyword_group_to_refman, to_jabref, to_refman
from refman.core.model import Changes, Entry, ImportReport, Problem
from refman.core.organise import join_path
from refman.core.records import ExportRecord
from refman.store import Store

if TYPE_CHECKING:
    from refman.core.query import Node
    from refman.library.callbacks import CancelCheck, Progress

_TEXT_FIELDS = {"keywords": "keyword", "author": "author", "editor": "author", "title": "title",
                "journal": "journal", "journaltitle": "journal", "booktitle": "journal", "abstract": "abstract",
                "publisher": "publisher"}
_OWN_SEARCHES = 1_000_000  # refman's own saved searches go after the groups JabRef placed
_STATIC_DEFAULT = ("2", "1", "", "", "")  # including (as refman's in: shows subcollections), expanded


def grouping_block(text: str) -> str | None:
    """The `@Comment{jabref-meta: grouping: ...}` block of a BibTeX text, braces balanced."""
    start = text.find(MARKER)
    if start < 0:
        return None
    at = text.rfind("@", 0, start)
    depth = 0
    for i in range(text.find("{", at), len(text)):
        ch = text[i]
        if ch == "\\":
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[at : i + 1]
    return text[at:]


def query_for(group: Group, new_syntax: bool = True, collection: Callable[[str], str | None] = lambda _n: None) -> str:
    """A refman query for a keyword or search group, or "" when refman cannot say the same
    (refman.core.jabref_search: the group is then kept for the export only). `new_syntax`: the
    file says JabRef 6's search syntax (`groups-search-syntax-version`); `collection` finds the
    collection a `groups = name` test means."""
    f = group.fields
    flag = lambda i: len(f) > i and f[i].strip() == "1"  # noqa: E731
    if group.kind == "KeywordGroup" and len(f) >= 3:
        field, expr = f[1].lower(), f[2]
        if field == "year" and expr.strip().isdigit():
            return f"year:{expr.strip()}"
        return keyword_group_to_refman(field, expr, flag(3), flag(4), _entry_type, collection) or ""
    if group.kind == "SearchGroup" and len(f) >= 2:
        expr = " ".join(f[1].split())
        # Not JabRef's syntax, but written by hand in some files (and refman's own test file).
        m = re.fullmatch(r"year\s*(>=|<=)\s*(\d{1,4})", expr)
        if m:
            return f"year:{m.group(2)}.." if m.group(1) == ">=" else f"year:..{m.group(2)}"
        return to_refman(expr, new_syntax, flag(2), flag(3), _entry_type, collection) or ""
    return ""


def _entry_type(bibtex_type: str) -> str | None:
    """refman's type for a BibTeX/BibLaTeX entry type named in a search (`entrytype = book`)."""
    from refman.formats.bibtex.mapping import TYPE_TO_CSL

    return TYPE_TO_CSL.get(bibtex_type)


class JabrefGroupsMixin:
    """Import and export of JabRef groups; automatic keyword tags. First in Library's bases, so
    that its `_import_text` and `export_records` wrap the plain ones."""

    store: Store

    # --- import -----------------------------------------------------------------------------

    def _import_text(self, text: str, source: str, encoding: str, problems: list[Problem], fmt: str | None,
                     cited_by: str | None, progress: Progress | None,
                     cancelled: CancelCheck | None) -> tuple[ImportReport, Changes]:
        report, changes = super()._import_text(  # type: ignore[misc]
            text, source, encoding, problems, fmt, cited_by, progress, cancelled)
        touched = list(changes.added + changes.updated)
        if report.format in ("bibtex", "biblatex") and MARKER in text:
            block = grouping_block(text)
            if block is not None:
                self.import_jabref_groups(block, touched, new_syntax=NEW_SYNTAX_MARKER in text)
        if touched:
            self.tag_keywords(touched)
        return report, changes

    def tag_keywords(self, ids: Sequence[int]) -> int:
        """Give entries automatic tags for their keywords; returns how many tags were given."""
        with self.store.transaction() as txn:
            return txn.tag_keywords(ids)

    def import_jabref_groups(self, block: str, ids: Sequence[int], new_syntax: bool = True) -> int:
        """Make collections and saved searches of a grouping block, and put the entries `ids`
        in the collections their `groups` field names. Returns the number of groups read.
        `new_syntax`: the search groups are in JabRef 6's syntax (core.jabref_search)."""
        groups = parse_grouping(block)
        by_name: dict[str, int] = {}
        paths: dict[str, str] = {}  # group name -> collection path (a `groups = name` search)
        with self.store.transaction() as txn:
            parents: dict[int, tuple[int | None, tuple[str, ...]]] = {0: (None, ())}
            positions: dict[int | None, int] = {}
            for i, g in enumerate(groups):
                if g.level == 0 or g.level - 1 not in parents:
                    continue
                parent_id, parent_path = parents[g.level - 1]
                position = positions.get(parent_id, 0)
                positions[parent_id] = position + 1
                has_children = i + 1 < len(groups) and groups[i + 1].level > g.level
                meta = json.dumps({"jabref": {"kind": g.kind, "fields": list(g.fields)}})
                for deeper in [lv for lv in parents if lv >= g.level]:
                    del parents[deeper]
                if g.kind == "StaticGroup" or has_children:
                    path = (*parent_path, g.name)
                    cid = txn.collection_id(path)
                    if cid is None:
                        cid = txn.add_collection(g.name, parent_id, position, meta)
                    by_name.setdefault(g.name, cid)
                    paths.setdefault(g.name, join_path(path))
                    parents[g.level] = (cid, path)
                    continue
                search_meta = json.dumps({"jabref": {"kind": g.kind, "fields": list(g.fields),
                                                     "parent": parent_id, "position": position}})
                existing = {s.name: s for s in txn.saved_searches()}
                query = query_for(g, new_syntax, lambda n: paths.get(n))
                if g.name in existing and not existing[g.name].meta and existing[g.name].query == query:
                    continue  # refman's own saved search, exported and read back: the same search
                name = g.name
                n = 2
                while name in existing and existing[name].meta != search_meta:
                    name = f"{g.name} ({n})"
                    n += 1
                txn.save_search(name, query, search_meta)
            pairs: list[tuple[int, int]] = []
            for entry in txn.get_many(list(ids)):
                value = entry.extra_value("groups")
                if value and entry.id is not None:
                    pairs.extend((by_name[n], entry.id) for n in parse_groups_field(value) if n in by_name)
            txn.add_memberships(pairs)
        return len(groups)

    # --- export -----------------------------------------------------------------------------

    def jabref_tree(self) -> list[Group]:
        """The library's collections and JabRef-born saved searches as a JabRef group tree."""
        colls = self.store.collections()
        searches = [s for s in self.store.saved_searches() if s.meta]
        for s in self.store.saved_searches():  # refman's own, as search groups where JabRef can say them
            expression = None if s.meta else to_jabref(s.query)
            if expression is not None:
                fields = ["0", expression, "0", "0", "1", "", "", ""]  # independent, no flags, expanded
                meta = json.dumps({"jabref": {"kind": "SearchGroup", "fields": fields, "position": _OWN_SEARCHES}})
                searches.append(dataclasses.replace(s, meta=meta))
        if not colls and not searches:
            return []
        children: dict[int | None, list[tuple[int, str, Any]]] = {}
        for c in colls:
            children.setdefault(c.parent_id, []).append((c.position, c.name, c))
        for s in searches:
            info = json.loads(s.meta).get("jabref", {})
            children.setdefault(info.get("parent"), []).append((int(info.get("position", 0)), s.name, s))
        out = [Group(0, "AllEntriesGroup", "")]

        def walk(parent: int | None, level: int) -> None:
            for _pos, _name, item in sorted(children.get(parent, []), key=lambda t: (t[0], t[1].lower())):
                info = json.loads(item.meta).get("jabref", {}) if item.meta else {}
                kind = info.get("kind") or ("StaticGroup" if hasattr(item, "parent_id") else "SearchGroup")
                fields = tuple(info.get("fields") or (_STATIC_DEFAULT if kind == "StaticGroup" else ()))
                name = item.name if hasattr(item, "parent_id") else _jabref_name(item.name, info)
                out.append(Group(level, kind, name, fields))
                if hasattr(item, "parent_id"):
                    walk(item.id, level + 1)

        walk(None, 1)
        return out

    def export_records(self, fmt: str, query: str | Node | None = None,
                       ids: Sequence[int] | None = None) -> Iterable[ExportRecord]:
        records = super().export_records(fmt, query, ids)  # type: ignore[misc]
        if fmt not in ("bibtex", "biblatex"):
            return records  # type: ignore[no-any-return]
        whole = ids is None and (query is None or query == "")
        return self._with_groups(records if whole else _batched(records, self.store.collections_of), whole)

    def _with_groups(self, records: Iterable[ExportRecord | _Batch], whole: bool = True) -> Iterator[ExportRecord]:
        """The records with each entry's `groups` field saying its collections, and the group
        tree. The whole library reads every membership in one query; a partial export (a
        collection, a search) reads only those of its entries, a batch at a time."""
        tree = self.jabref_tree()
        names = {c.id: c.name for c in self.store.collections()}
        member_of = self.store.all_memberships() if whole else {}
        # Records already regrouped, reused while the entry, its text and its groups are the
        # same (keep-updated exports write the same entries again and again).
        cache: dict[int, tuple[object, ExportRecord]] = self.__dict__.setdefault("_regroup_cache", {})
        emitted = False
        for rec in records:
            if isinstance(rec, _Batch):
                member_of = rec.memberships
                continue
            if rec.kind == "comment" and rec.raw is not None and is_grouping(rec.raw):
                if emitted or len(tree) <= 1:
                    continue
                emitted = True
                if parse_grouping(rec.raw) == tree:
                    yield rec
                else:
                    yield ExportRecord(kind="comment", raw=serialise_grouping(
                        tree, "\r\n" if "\r\n" in rec.raw else "\n"))
                continue
            if rec.kind == "entry" and rec.entry is not None and rec.entry.id is not None:
                entry, entry_id = rec.entry, rec.entry.id
                groups = [names[c] for c in member_of.get(entry_id, ()) if c in names]
                key = (entry.modified, entry.citekey, hash(rec.raw), hash(rec.source_raw), tuple(groups))
                hit = cache.get(entry_id)
                if hit is not None and hit[0] == key:
                    yield hit[1]
                    continue
                out = _regrouped(rec, entry, groups)
                cache[entry_id] = (key, out)
                yield out
                continue
            yield rec
        if not emitted and len(tree) > 1:
            yield ExportRecord(kind="comment", raw=serialise_grouping(tree))


@dataclass(frozen=True, slots=True)
class _Batch:
    """Marks where the next batch of a partial export starts: the collections of its entries."""

    memberships: dict[int, list[int]]


_BATCH = 1000


def _batched(records: Iterable[ExportRecord],
             collections_of: Callable[[Sequence[int]], dict[int, list[int]]]) -> Iterator[ExportRecord | _Batch]:
    """The records, each batch of entries led by a `_Batch` with their memberships (one query)."""
    buffer: list[ExportRecord] = []

    def flush() -> Iterator[ExportRecord | _Batch]:
        ids = [r.entry.id for r in buffer if r.entry is not None and r.entry.id is not None]
        yield _Batch(collections_of(ids))
        yield from buffer
        buffer.clear()

    for rec in records:
        buffer.append(rec)
        if len(buffer) >= _BATCH:
            yield from flush()
    if buffer:
        yield from flush()


def _jabref_name(name: str, info: dict[str, Any]) -> str:
    return str(info.get("name", name))


_GROUPS_FIELD = re.compile(r'^([ \t]*groups[ \t]*=[ \t]*)(\{[^{}]*\}|"[^"]*")([ \t]*,?)[ \t]*\r?\n?',
                           re.IGNORECASE | re.MULTILINE)
_FIELD_LINE = re.compile(r"^([ \t]+)[A-Za-z][\w:.+-]*([ \t]*)=", re.MULTILINE)


def _edit_raw(raw: str, value: str | None) -> str | None:
    """The entry's text with only its groups field changed (added, replaced or removed), keeping
    every other byte; None when the text is not laid out so that this is safe."""
    m = _GROUPS_FIELD.search(raw)
    if m is not None:
        if value is None:
            return raw[: m.start()] + raw[m.end():]
        return raw[: m.start(2)] + value + raw[m.end(2):]
    if value is None:
        return raw
    end = raw.rstrip().rfind("}")
    if end < 0:
        return None
    body = raw[:end].rstrip()
    lines = _FIELD_LINE.findall(raw)
    indent, pad = lines[-1] if lines else ("  ", " ")
    newline = "\r\n" if "\r\n" in raw else "\n"
    sep = "" if body.endswith(",") else ","
    trailing = "," if body.endswith(",") else ""
    return body + sep + newline + f"{indent}groups{pad}= {value}{trailing}" + newline + raw[end:]


def _regrouped(rec: ExportRecord, entry: Entry, groups: list[str]) -> ExportRecord:
    """The record with its `groups` field saying `groups`; unchanged when it already does."""
    current = entry.extra_value("groups")
    before = parse_groups_field(current or "")
    if set(before) == set(groups):
        return rec
    ordered = [g for g in before if g in groups] + [g for g in groups if g not in before]
    value = "{" + ", ".join(ordered) + "}" if ordered else None
    if rec.raw is not None:  # unedited: change only the groups field in the text as imported
        edited = _edit_raw(rec.raw, value)
        if edited is not None:
            return ExportRecord(kind="entry", entry=entry, raw=edited)  # the writer needs only its key
    extra: list[tuple[str, str]] = []
    placed = False
    for name, v in entry.extra:
        if name.lower() == "groups":
            if value is not None and not placed:
                extra.append((name, value))
                placed = True
            continue
        extra.append((name, v))
    if value is not None and not placed:
        extra.append(("groups", value))
    changed = dataclasses.replace(entry, extra=tuple(extra))
    return ExportRecord(kind="entry", entry=changed, source_raw=rec.raw or rec.source_raw)
