"""`refman keys`: show or set the library's citation-key formula, and regenerate unpinned keys (issue 20)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from refman.library import Library

HELP = """Citation-key formula (per library). Alternatives are separated by '|', terms joined by '+':
  auth, auth(n), authors(n), authetal, year, shortyear, title, shorttitle(n,m), veryshorttitle,
  journal, container, type, volume, pages, "literal"; modifiers .lower .upper .capitalize
  .prefix(n) .ascii.  Example: refman keys --formula 'auth.lower + shorttitle(3,3) + year'
Keys from files or set by you are pinned and never regenerated; keys refman made follow the formula."""


def add_parser(sub: Any) -> None:
    k = sub.add_parser("keys", help="show/set the citation-key formula; regenerate keys refman made",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    k.add_argument("--formula", metavar="FORMULA", help="set the formula ('' for refman's built-in key)")
    k.add_argument("--no-ascii", action="store_true", help="keep non-ASCII letters in keys (default: fold to ASCII)")
    k.add_argument("--regenerate", nargs="*", metavar="QUERY",
                   help="give unpinned entries (those matching QUERY, or all) keys by the formula")


def cmd_keys(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.library.keys import key_formula, regenerate_keys, set_key_formula

    if args.formula is not None or args.no_ascii:
        formula = args.formula if args.formula is not None else key_formula(lib.store)
        set_key_formula(lib.store, formula or None, fold=not args.no_ascii)
    print(f"key formula: {key_formula(lib.store) or '(built-in: author + year + title word)'}", file=out)
    if args.regenerate is not None:
        query = " ".join(args.regenerate)
        ids = lib.search_ids(query) if query else None
        done = regenerate_keys(lib.store, ids)
        for _, old, new in done.changes:
            print(f"{old} -> {new}", file=out)
        print(f"{len(done.changes)} keys changed", file=err)
    return 0
