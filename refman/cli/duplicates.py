"""`refman duplicates`, `refman merge` and the duplicate options of `refman import`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from refman.core.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from refman.core.model import Entry, ImportReport
    from refman.library import Library

Opener = Callable[[argparse.Namespace], "Library"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], imp: argparse.ArgumentParser) -> None:
    dup = sub.add_parser("duplicates", help="list entries that look like the same work (clusters, oldest first)")
    dup.add_argument("--json", action="store_true", help="print the clusters as JSON")
    dup.add_argument("--dismiss", nargs="+", metavar="KEY",
                     help="mark these entries as not duplicates of each other (remembered)")
    mg = sub.add_parser("merge", help="merge entries into KEEP (undo: refman restore, or Undo in the app)")
    mg.add_argument("keep", metavar="KEEP")
    mg.add_argument("others", nargs="+", metavar="OTHER")
    mg.add_argument("--take", action="append", default=[], metavar="FIELD=KEY",
                    help="take FIELD's value from entry KEY (default: the richer value; repeatable)")
    group = imp.add_mutually_exclusive_group()
    group.add_argument("--merge-duplicates", action="store_true",
                       help="merge imported entries into the existing ones they look like (the existing one is kept)")
    group.add_argument("--keep-duplicates", action="store_true",
                       help="keep imported look-alikes as separate entries without listing them")


def _line(e: Entry) -> str:
    return f"{e.citekey}\t{e.year or 'n.d.'}\t{e.authors_display()}\t{e.title}"


def _oldest_first(entries: Sequence[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.added is None, e.added, e.id or 0))


def cmd_duplicates(args: argparse.Namespace, out: TextIO, err: TextIO, open_library: Opener) -> int:
    lib = open_library(args)
    try:
        if args.dismiss:
            ids = [lib.by_key(k).id for k in args.dismiss]
            lib.dismiss_duplicates([i for i in ids if i is not None])
            print(f"marked {len(set(args.dismiss))} entries as not duplicates of each other", file=out)
            return 0
        clusters = [_oldest_first(lib.get_many(c)) for c in lib.find_duplicates()]
        if args.json:
            data = [[{"id": e.id, "citekey": e.citekey, "year": e.year, "authors": e.authors_display(),
                      "title": e.title, "doi": e.doi, "added": e.added.isoformat() if e.added else None}
                     for e in c] for c in clusters]
            print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        else:
            for n, c in enumerate(clusters, 1):
                print(f"{n}. " + "\n   ".join(_line(e) for e in c), file=out)
        print(f"{len(clusters)} groups of duplicates ({sum(len(c) for c in clusters)} entries)", file=err)
        return 0
    finally:
        lib.close()


def cmd_merge(args: argparse.Namespace, out: TextIO, err: TextIO, open_library: Opener) -> int:
    lib = open_library(args)
    try:
        keys = [args.keep, *args.others]
        entries = [lib.by_key(k) for k in keys]
        if len({e.id for e in entries}) != len(entries):
            raise InputError("each entry may be named once")
        choice: dict[str, int] = {}
        for item in args.take:
            field, _, key = item.partition("=")
            if key not in keys:
                raise InputError(f"--take {item}: '{key}' is not one of the merged entries")
            choice[field.strip()] = keys.index(key)
        from refman.core.merging import CHOOSABLE

        unknown = [f for f in choice if f not in CHOOSABLE]
        if unknown:
            raise InputError(f"--take: unknown field {unknown[0]!r} (fields: {', '.join(CHOOSABLE)})")
        keep = entries[0]
        assert keep.id is not None
        lib.backup(f"before-merge-{keep.citekey}")  # what `refman restore` brings back
        lib.merge_entries(keep.id, [e.id for e in entries[1:] if e.id is not None], choice)
        print(f"merged {', '.join(args.others)} into {keep.citekey} (moved to the Trash: refman restore-entry)",
              file=out)
        return 0
    finally:
        lib.close()


def after_import(lib: Library, report: ImportReport, args: argparse.Namespace, out: TextIO) -> None:
    """Report the imported entries that look like existing ones, or merge them (--merge-duplicates)."""
    if not report.similar or args.keep_duplicates:
        return
    if args.merge_duplicates:
        groups: dict[str, list[str]] = {}
        for new, old in report.similar:
            groups.setdefault(old, []).append(new)
        lib.backup("before-merge-duplicates")
        for old, news in groups.items():
            keep = lib.by_key(old)
            others = []
            for k in news:
                try:
                    others.append(lib.by_key(k))
                except NotFoundError:
                    continue
            if keep.id is None or not others:
                continue
            lib.merge_entries(keep.id, [e.id for e in others if e.id is not None])
            print(f"  merged {', '.join(news)} into {old}", file=out)
        return
    print(f"  {len(report.similar)} imported entries look like entries already in the library:", file=out)
    for new, old in report.similar:
        print(f"    {new} ~ {old}   (refman merge {old} {new})", file=out)
    print("  merge them with --merge-duplicates, or see: refman duplicates", file=out)


def commands(open_library: Opener) -> dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]]:
    return {
        "duplicates": lambda a, o, e: cmd_duplicates(a, o, e, open_library),
        "merge": lambda a, o, e: cmd_merge(a, o, e, open_library),
    }
