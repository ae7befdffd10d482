"""CLI commands for organising: collections, tags, notes, saved searches, the Trash.

    refman collection ls | add PATH [KEY...] | rm PATH [KEY...] | mv PATH NEWPATH
    refman tag KEY... +a -b        (no +/-: print the entries' tags);  refman tag --list
    refman note KEY [--add TEXT|- [--html]] [--delete N]
    refman saved [NAME QUERY...] [--rm NAME]
    refman trash [KEY...] [--empty];  refman restore-entry KEY...
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from refman.cli.location import resolve_library
from refman.core.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from refman.library import Library

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def register(sub: argparse._SubParsersAction) -> dict[str, Command]:  # type: ignore[type-arg]
    """Add the organising sub-commands to the parser; returns their handlers by name."""
    co = sub.add_parser("collection", help="collections: ls, add PATH [KEY...], rm PATH [KEY...], mv PATH NEWPATH")
    co.add_argument("action", choices=["ls", "add", "rm", "mv"])
    co.add_argument("args", nargs="*", metavar="ARG",
                    help="a collection path such as Thesis/Chapter\\ 2 ('/' separates levels), then keys or a new path")

    tg = sub.add_parser("tag", help="add (+name) and remove (-name) tags on entries, or print their tags",
                        prefix_chars="\x00")  # '-name' is a tag to remove, not an option
    tg.add_argument("items", nargs="*", metavar="KEY|+TAG|-TAG")

    no = sub.add_parser("note", help="print an entry's notes, add one, or delete one")
    no.add_argument("key")
    no.add_argument("--add", metavar="TEXT|-", help="add a note (Markdown; '-' reads standard input)")
    no.add_argument("--html", action="store_true", help="the added note is HTML (kept sanitised)")
    no.add_argument("--delete", type=int, metavar="N", help="delete note N (as numbered when printed)")

    sa = sub.add_parser("saved", help="list saved searches, save one (NAME QUERY...), or remove one")
    sa.add_argument("name", nargs="?")
    sa.add_argument("query", nargs="*")
    sa.add_argument("--rm", metavar="NAME", help="remove a saved search")

    tr = sub.add_parser("trash", help="move entries to the Trash, list it (no KEY), or empty it")
    tr.add_argument("keys", nargs="*", metavar="KEY")
    tr.add_argument("--empty", action="store_true", help="delete the entries in the Trash for good (backed up first)")

    re_ = sub.add_parser("restore-entry", help="take entries out of the Trash")
    re_.add_argument("keys", nargs="+", metavar="KEY")

    ex = sub.add_parser("exports", help="list the exports kept up to date, stop one, or write them again now")
    ex.add_argument("--rm", metavar="FILE", help="stop keeping FILE up to date (the file stays)")
    ex.add_argument("--refresh", action="store_true", help="write every kept-updated file whose content changed")
    return {"collection": cmd_collection, "tag": cmd_tag, "note": cmd_note, "saved": cmd_saved,
            "trash": cmd_trash, "restore-entry": cmd_restore_entry, "exports": cmd_exports}


def register_keep_updated(lib: Library, args: argparse.Namespace, query: str, options: dict[str, object],
                          err: TextIO) -> int:
    """`refman export -o FILE --keep-updated`: write FILE now and keep it up to date."""
    if not args.output:
        raise InputError("--keep-updated needs -o FILE (the file to keep up to date)")
    spec, written = lib.keep_updated(args.output, args.format, query, **options)
    print(f"{spec.path} {'written' if written else 'already up to date'}; kept up to date "
          "(refman exports lists them)", file=err)
    return 0


def cmd_exports(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        if args.rm:
            lib.stop_keep_updated(args.rm)
            print(f"{args.rm} is no longer kept up to date", file=err)
        elif args.refresh:
            for path, written in lib.refresh_keep_updated():
                print(f"{path}\t{'written' if written else 'unchanged'}", file=out)
        else:
            specs = lib.keep_updated_exports()
            for s in specs:
                when = f"{s.written:%Y-%m-%d %H:%M:%S}" if s.written else "never"
                print(f"{s.path}\t{s.format}\t{s.query or '(all)'}\t{when}", file=out)
            print(f"{len(specs)} kept-updated exports", file=err)
        return 0
    finally:
        lib.close()


def _open(args: argparse.Namespace) -> Library:
    from refman.library import Library

    return Library.open(resolve_library(args.library, os.environ))


def _ids(lib: Library, keys: list[str]) -> list[int]:
    ids: list[int] = []
    for key in keys:
        entry = lib.by_key(key)
        assert entry.id is not None
        ids.append(entry.id)
    return ids


def cmd_collection(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        if args.action == "ls":
            for c in lib.collections():
                print(f"{'  ' * (len(c.path) - 1)}{c.name}\t{c.count}\t{c.path_text}", file=out)
            return 0
        if not args.args:
            raise InputError(f"collection {args.action} needs a collection path")
        path, rest = args.args[0], args.args[1:]
        if args.action == "add":
            coll, created = lib.create_collection_path(path)
            if created:
                print(f"created {coll.path_text}", file=err)
            if rest:
                added = lib.add_to_collection(coll.id, _ids(lib, rest))
                print(f"{len(added)} entries added to {coll.path_text}", file=err)
        elif args.action == "rm":
            coll = lib.collection_by_path(path)
            if rest:
                removed = lib.remove_from_collection(coll.id, _ids(lib, rest))
                print(f"{len(removed)} entries removed from {coll.path_text}", file=err)
            else:
                snap = lib.delete_collection(coll.id)
                print(f"deleted {coll.path_text} ({len(snap.rows)} collections; entries stay in the library)",
                      file=err)
        else:
            _move(lib, path, rest, err)
        return 0
    finally:
        lib.close()


def _move(lib: Library, path: str, rest: list[str], err: TextIO) -> None:
    from refman.core.organise import split_path

    if len(rest) != 1:
        raise InputError("collection mv takes a path and a new path, e.g. mv Drafts Thesis/Drafts")
    coll = lib.collection_by_path(path)
    target = split_path(rest[0])
    if not target:
        raise InputError(f"'{rest[0]}' is not a collection path")
    parent_id = lib.collection_by_path(target[:-1]).id if len(target) > 1 else None
    if parent_id != coll.parent_id:
        lib.move_collection(coll.id, parent_id)
    if target[-1] != coll.name:
        lib.rename_collection(coll.id, target[-1])
    print(f"moved {coll.path_text} to {lib.collection_by_path(target).path_text}", file=err)


def cmd_tag(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        items = list(args.items)
        if items in (["--list"], []):
            for t in lib.tags():
                extra = ("\tautomatic" if t.automatic else "") + (f"\tkey {t.position}" if t.position else "")
                print(f"{t.name}\t{t.count}{extra}", file=out)
            return 0
        add = [i[1:] for i in items if i.startswith("+") and len(i) > 1]
        remove = [i[1:] for i in items if i.startswith("-") and len(i) > 1]
        keys = [i for i in items if not i.startswith(("+", "-"))]
        if not keys:
            raise InputError("tag needs at least one entry key (refman tag KEY... +add -remove)")
        ids = _ids(lib, keys)
        if add or remove:
            change = lib.change_tags(ids, add, remove)
            print(f"{len(change.added)} tags added, {len(change.removed)} removed", file=err)
        tags = lib.tags_of(ids)
        for key, i in zip(keys, ids, strict=True):
            print(f"{key}\t{', '.join(tags.get(i, []))}", file=out)
        return 0
    finally:
        lib.close()


def cmd_note(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        entry = lib.by_key(args.key)
        assert entry.id is not None
        if args.add is not None:
            text = sys.stdin.read() if args.add == "-" else args.add
            lib.add_note(entry.id, text, "html" if args.html else "markdown")
            print(f"note added to {entry.citekey}", file=err)
            return 0
        notes = lib.notes(entry.id)
        if args.delete is not None:
            if not 1 <= args.delete <= len(notes):
                raise NotFoundError(f"{entry.citekey} has no note {args.delete} (it has {len(notes)})")
            lib.delete_note(notes[args.delete - 1].id or 0)
            print(f"note {args.delete} of {entry.citekey} deleted", file=err)
            return 0
        for n, note in enumerate(notes, 1):
            stamp = f"{note.modified:%Y-%m-%d %H:%M}" if note.modified else ""
            print(f"--- note {n} ({note.format}, {stamp})\n{note.body}", file=out)
        print(f"{len(notes)} notes", file=err)
        return 0
    finally:
        lib.close()


def cmd_saved(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        if args.rm:
            lib.delete_saved_search(args.rm)
            print(f"removed saved search '{args.rm}'", file=err)
        elif args.name:
            if not args.query:
                raise InputError(f"saved {args.name} needs a query, e.g. refman saved {args.name} tag:toread")
            s = lib.save_search(args.name, " ".join(args.query))
            print(f"saved '{s.name}': {s.query} ({lib.count(s.query)} entries now)", file=err)
        else:
            for s in lib.saved_searches():
                print(f"{s.name}\t{lib.count(s.query)}\t{s.query}", file=out)
        return 0
    finally:
        lib.close()


def cmd_trash(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        if args.empty:
            n, backup = lib.empty_trash()
            print(f"{n} entries deleted for good" + (f"; backup: {backup}" if backup else ""), file=err)
        elif args.keys:
            changes = lib.trash(_ids(lib, args.keys))
            print(f"{len(changes.deleted)} entries moved to the Trash (refman restore-entry KEY brings one back)",
                  file=err)
        else:
            for s in lib.search("is:trashed"):
                print(f"{s.citekey}\t{s.year or 'n.d.'}\t{s.authors}\t{s.title}", file=out)
            print(f"{len(lib.trashed_ids())} entries in the Trash", file=err)
        return 0
    finally:
        lib.close()


def cmd_restore_entry(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        changes = lib.restore_entries(_ids(lib, args.keys))
        print(f"{len(changes.added)} entries restored from the Trash", file=err)
        return 0
    finally:
        lib.close()
