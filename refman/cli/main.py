"""Argument parsing and dispatch. Heavy modules are imported inside commands so that
`refman --version` and `refman search` start quickly."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from refman import __version__
from refman.cli import duplicates as duplicates_cli
from refman.cli.location import resolve_library
from refman.cli.organise import register as register_organise
from refman.core.errors import NotFoundError, RefmanError
from refman.core.query import __doc__ as QUERY_HELP

if TYPE_CHECKING:
    from refman.core.model import Entry
    from refman.library import Library

SEARCH_HELP = "Query language:\n" + "\n".join((QUERY_HELP or "").split("Syntax (documented in the README and `refman search --help`):")[-1].splitlines())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="refman",
        description="A fast, lossless reference manager. With no command, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"refman {__version__}")
    p.add_argument("--library", "-L", metavar="PATH|URL",
                   help="library file or SQLAlchemy URL (default: $REFMAN_LIBRARY, else the user data folder)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", help="import BibTeX/BibLaTeX, CSL-JSON, RIS, article pages, reference lists")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--as", dest="fmt", metavar="FORMAT",
                     help="bibtex, csljson, ris, article-page or references (default: detected from content)")
    imp.add_argument("--cited-by", metavar="KEY", help="link the imported entries as references of KEY")
    imp.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    imp.add_argument("--dry-run", "-n", action="store_true",
                     help="print what would be imported (the article and its references, each entry, each problem); "
                          "change nothing")

    exp = sub.add_parser("export", help="export entries (all, or those matching QUERY)")
    exp.add_argument("query", nargs="*", metavar="QUERY")
    exp.add_argument("-f", "--format", default="bibtex", choices=["bibtex", "biblatex", "csljson", "ris"])
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    exp.add_argument("--ascii", action="store_true", help="BibTeX: encode non-ASCII characters as LaTeX")
    exp.add_argument("--journals", choices=["abbreviated", "full"],
                     help="write journal names in ISO 4 abbreviated or full form (JabRef's lists)")
    exp.add_argument("--aux", metavar="FILE", help="only what a LaTeX .aux (or biber .bcf) cites, with crossref "
                     "parents and macros; missing keys are listed")
    exp.add_argument("--tex", metavar="FILE", help="only what a .tex cites (\\cite variants; \\input/\\include followed)")

    from refman.cli.keys import add_parser as add_keys_parser

    add_keys_parser(sub)
    exp.add_argument("--keep-updated", action="store_true",
                     help="with -o: write FILE again after each change (see: refman exports)")

    se = sub.add_parser("search", help="search the library", description=SEARCH_HELP,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    se.add_argument("query", nargs="*", metavar="QUERY")
    se.add_argument("--json", action="store_true", help="print a CSL-JSON array")
    se.add_argument("--sort", default=None, help="citekey, authors, year, title, container, type, added")
    se.add_argument("--reverse", action="store_true")
    se.add_argument("--limit", type=_count, default=None, help="print at most this many entries (0 or more)")

    sh = sub.add_parser("show", help="show one entry")
    sh.add_argument("key")
    sh.add_argument("--json", action="store_true", help="print CSL-JSON")

    ci = sub.add_parser("cite", help="format citations with a CSL style")
    ci.add_argument("keys", nargs="+", metavar="KEY")
    ci.add_argument("--style", default="apa", help="style id, alias (apa, chicago, mla, ieee, vancouver, harvard) or title")
    ci.add_argument("--locale", default=None, help="e.g. en-US, en-GB, id-ID (default: the style's own language, else en-US)")
    ci.add_argument("--in-text", action="store_true", help="the in-text citation instead of bibliography entries")
    ci.add_argument("--html", action="store_true", help="HTML instead of plain text")

    st = sub.add_parser("styles", help="list citation styles")
    st.add_argument("search", nargs="?", default="")

    pr = sub.add_parser("parse-refs", help="parse a pasted reference list (no library needed)")
    pr.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    pr.add_argument("-f", "--format", default="csljson", choices=["csljson", "bibtex"])

    ck = sub.add_parser("check", help="verify the library and repair what can be repaired")
    ck.add_argument("--repair", action="store_true",
                    help="rebuild the full-text index, drop dangling relations and raw-record links (after a backup)")
    rs = sub.add_parser("restore", help="list automatic backups, or restore one (the current state is backed up first)")
    rs.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file, or its number in the list (1 = newest)")
    duplicates_cli.register(sub, imp)
    from refman.cli import copy_library

    copy_library.register(sub, COMMANDS)
    sub.add_parser("backup", help="make a verified manual backup (kept apart from the automatic rotation)")
    COMMANDS.update(register_organise(sub))
    return p


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a count (a whole number, 0 or more)")
    return n


def _open(args: argparse.Namespace) -> Library:
    from refman.library import Library

    def waiting(seconds: float) -> None:
        print(f"refman: another program is writing to the library; waiting for it (up to {seconds:.0f} s)…",
              file=sys.stderr, flush=True)

    return Library.open(resolve_library(args.library, os.environ), on_wait=waiting)


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.core.errors import InputError

    if args.dry_run:
        return _dry_run(args, out, err)
    lib = _open(args)
    status = 0
    try:
        for path in args.files:
            try:
                report, _ = lib.import_file(path, fmt=args.fmt, cited_by=args.cited_by)
            except InputError as exc:
                print(f"refman: {exc}", file=err)
                status = 1
                continue
            for problem in report.problems:
                print(f"{problem.severity}: {problem}", file=err)
            if not args.quiet:
                print(report.summary(), file=out)
                if report.citing_key:
                    print(f"  article: {report.citing_key} (references: refman search cited-by:{report.citing_key})",
                          file=out)
            duplicates_cli.after_import(lib, report, args, out)
            if report.skipped:
                status = max(status, 0)
    finally:
        lib.close()
    return status


def _dry_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Read each file as an import would, print what it would add, open no library."""
    from refman.cli.preview import print_preview
    from refman.core.errors import InputError
    from refman.library import read_file

    status = 0
    for path in args.files:
        try:
            result, _encoding = read_file(path, args.fmt)
        except InputError as exc:
            print(f"refman: {exc}", file=err)
            status = 1
            continue
        print_preview(result, path, out, err)
    return status


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.core.query import parse_selection

    # A query that reduces to nothing is an error here, not "everything" (issue 14)
    query = parse_selection(" ".join(args.query)) if args.query else None
    lib = _open(args)
    options: dict[str, Any] = {"ascii": True} if args.ascii else {}
    if args.journals:
        options["journals"] = args.journals
    try:
        if args.aux or args.tex:
            from refman.cli.cited import export_cited

            return export_cited(lib, args, out, err, options)
        if args.keep_updated:
            from refman.cli.organise import register_keep_updated

            # The registry keeps the query as the user typed it (it is parsed again on each rewrite).
            return register_keep_updated(lib, args, " ".join(args.query), options, err)
        if args.output:
            n = lib.export_to_file(args.output, args.format, query, **options)
            print(f"{n} entries written to {args.output}", file=err)
        else:
            lib.export(out, args.format, query, **options)
    finally:
        lib.close()
    return 0


def _csl_json(entries: Sequence[Entry]) -> str:
    from refman.library import Library

    return json.dumps(Library.to_csl(entries), ensure_ascii=False, indent=2)


def cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.cli.quick import search_without_sqlalchemy

    if search_without_sqlalchemy(args, out, err):  # word/year queries on a SQLite file: no SQLAlchemy import
        return 0
    lib = _open(args)
    try:
        query = " ".join(args.query)
        if args.json:
            ids = lib.search_ids(query, args.sort, args.reverse)
            if args.limit is not None:
                ids = ids[: args.limit]
            print(_csl_json(lib.get_many(ids)), file=out)
            return 0
        rows = lib.search(query, args.sort, args.reverse, limit=1_000_000 if args.limit is None else args.limit)
        for r in rows:
            year = str(r.year) if r.year else "n.d."
            print(f"{r.citekey}\t{year}\t{r.authors}\t{r.title}", file=out)
        print(f"{len(rows)} of {lib.count()} entries", file=err)
    finally:
        lib.close()
    return 0


def cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.cli.show import render_entry

    lib = _open(args)
    try:
        entry = lib.by_key(args.key)
        if args.json:
            print(_csl_json([entry]), file=out)
        else:
            assert entry.id is not None
            refs = lib.references_of(entry.id)
            citing = lib.cited_by(entry.id)
            print(render_entry(entry, refs, citing), file=out)
    finally:
        lib.close()
    return 0


def cmd_cite(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib = _open(args)
    try:
        entries = [lib.by_key(k) for k in args.keys]
        from refman.library import cite_entries

        text = cite_entries(entries, style=args.style, locale=args.locale, html=args.html, in_text=args.in_text)
        print(text, file=out)
    finally:
        lib.close()
    return 0


def cmd_styles(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.library import list_styles

    styles = list_styles(args.search)
    for s in styles:
        parent = f"  (uses {s.parent})" if getattr(s, "parent", None) else ""
        print(f"{s.id}\t{s.title}{parent}", file=out)
    print(f"{len(styles)} styles", file=err)
    return 0


def cmd_parse_refs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.library import Library

    if args.file == "-":
        text = sys.stdin.read()
    else:
        from pathlib import Path

        from refman.formats.encoding import decode_bytes
        from refman.library.importing import read_capped

        text, _enc, problems = decode_bytes(read_capped(Path(args.file)), args.file)
        for p in problems:
            print(f"warning: {p}", file=err)
    entries = Library.parse_references_keyed(text)
    if args.format == "csljson":
        print(_csl_json(entries), file=out)
    else:
        Library.write_entries(entries, out, "bibtex")
    print(f"{len(entries)} references parsed", file=err)
    return 0


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.store.backup import DamagedLibrary

    try:
        lib = _open(args)
    except DamagedLibrary as exc:  # too damaged to open: that is check's finding, said in words
        print(f"integrity: {exc}", file=out)
        print("1 problems", file=out)
        return 1
    try:
        found, done, problems = lib.check(repair=args.repair)
        for p in found:
            print(p, file=out)
        if found and args.repair:
            for line in done or ["nothing could be repaired automatically"]:
                print(f"repaired: {line}", file=out)
            for p in problems:
                print(f"still: {p}", file=out)
        print("library OK" if not problems else f"{len(problems)} problems", file=out)
        return 0 if not problems else 1
    finally:
        lib.close()


def cmd_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List or restore backups without opening the library: a damaged library must be restorable."""
    from pathlib import Path

    from refman.library.maintenance import library_backups, restore_library

    location = resolve_library(args.library, os.environ)
    backups = library_backups(location)
    if not args.backup:
        for i, b in enumerate(backups, 1):
            print(f"{i}\t{b.describe()}\t{b.path}", file=out)
        print(f"{len(backups)} backups", file=err)
        return 0
    if args.backup.isdigit() and 1 <= int(args.backup) <= len(backups):
        chosen = backups[int(args.backup) - 1].path
    else:
        chosen = Path(args.backup)
        if not chosen.is_file():
            raise NotFoundError(f"no backup '{args.backup}' (see: refman restore)")
    safety = restore_library(location, chosen)
    print(f"restored {chosen}; the previous state is in {safety}", file=out)
    return 0


def cmd_backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.library.maintenance import backup_library

    lib = _open(args)  # refuses what is not a refman library before anything is copied
    lib.close()
    made = backup_library(resolve_library(args.library, os.environ))
    print(f"backed up to {made}" if made else "nothing to back up", file=out)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "search": cmd_search,
    "show": cmd_show,
    "cite": cmd_cite,
    "styles": cmd_styles,
    "parse-refs": cmd_parse_refs,
    "check": cmd_check,
    "restore": cmd_restore,
    "keys": lambda args, out, err: _with_library(args, out, err, "refman.cli.keys", "cmd_keys"),
    **duplicates_cli.commands(lambda args: _open(args)),
    "backup": cmd_backup,
}


def _with_library(args: argparse.Namespace, out: TextIO, err: TextIO, module: str, name: str) -> int:
    """Run `module.name(library, args, out, err)` with the library open (commands in their own modules)."""
    import importlib

    lib = _open(args)
    try:
        result: int = getattr(importlib.import_module(module), name)(lib, args, out, err)
        return result
    finally:
        lib.close()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None,
         gui: Callable[[str], int] | None = None) -> int:
    """Run one command. With no command, `gui(library location)` starts the desktop app; the
    launcher (refman.launcher) passes it in, so the CLI never imports the GUI layer."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            if gui is None:
                _parser().print_help(out)
                return 0
            return gui(resolve_library(args.library, os.environ))
        return COMMANDS[args.command](args, out, err)
    except RefmanError as exc:
        print(f"refman: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("refman: interrupted", file=err)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the disk, the file system, the driver: one line; a bug keeps its traceback
        from refman.cli.errors import explain

        line = explain(exc, resolve_library(args.library, os.environ))
        if line is None:
            raise
        print(f"refman: {line}", file=err)
        return 1
