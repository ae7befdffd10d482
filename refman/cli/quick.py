"""`refman search QUERY` answered without importing SQLAlchemy when it can be (refman.store.quick).

A search from the shell should feel instant: this path imports argparse, the query parser and
sqlite3, and prints exactly what the ordinary path prints (tests/test_quick_search.py compares them).
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from refman.cli.location import resolve_library


def search_without_sqlalchemy(args: argparse.Namespace, out: TextIO, err: TextIO) -> bool:
    """Print the rows and the count line and return True, or return False (nothing printed) when
    the ordinary path must answer: --json, a sort column, a query or library the quick path declines."""
    if args.json or args.sort is not None:
        return False
    from refman.store.quick import quick_search

    found = quick_search(resolve_library(args.library, os.environ), " ".join(args.query), args.reverse,
                         1_000_000 if args.limit is None else args.limit)
    if found is None:
        return False
    rows, total = found
    for r in rows:
        year = str(r.year) if r.year else "n.d."
        print(f"{r.citekey}\t{year}\t{r.authors}\t{r.title}", file=out)
    print(f"{len(rows)} of {total} entries", file=err)
    return True
