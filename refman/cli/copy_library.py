"""`refman copy-library SRC DEST`: a whole library from a file to a server or back (issue 16)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, MutableMapping
from typing import Any, TextIO

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def register(sub: Any, commands: MutableMapping[str, Any]) -> None:
    """Add the subcommand to the parser and its function to the command table."""
    cp = sub.add_parser(
        "copy-library", help="copy a whole library into a new or empty one (SQLite file <-> PostgreSQL URL)",
        description="Copy every entry with its key, relations, raw records, import sources and dates. "
                    "SRC and DEST are library files or URLs such as postgresql+psycopg://user@host/db "
                    "(passwords: ~/.pgpass or PGPASSFILE, never on the command line).")
    cp.add_argument("source", metavar="SRC")
    cp.add_argument("dest", metavar="DEST")
    commands["copy-library"] = cmd_copy_library


def cmd_copy_library(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from refman.cli.location import resolve_library
    from refman.library.maintenance import copy_library

    source = resolve_library(args.source, os.environ)

    live = err.isatty()

    def progress(table: str, n: int) -> None:
        print(f"\r{table}: {n:,}    ", end="", file=err, flush=True)

    counts = copy_library(source, args.dest, progress if live else None)
    if live:
        print("", file=err)
    print("copied " + ", ".join(f"{n:,} {table}" for table, n in counts.items()), file=out)
    return 0
