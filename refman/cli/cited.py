"""`refman export --aux paper.aux` / `--tex paper.tex`: only what a document cites (issue 20)."""

from __future__ import annotations

import argparse
import io
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from refman.library import Library


def export_cited(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO, options: dict[str, Any]) -> int:
    """Write the cited entries to --output (atomically) or stdout; missing keys go to stderr, one
    a line, and make the exit status 1 (the file is still written: LaTeX runs with what there is)."""
    from refman.library.cited import export_cited as run

    kind, path = ("aux", args.aux) if args.aux else ("tex", args.tex)
    buf = io.StringIO()
    result = run(lib, buf, path, kind, args.format, **options)
    if args.output:
        from refman.library.exporting import write_atomically

        write_atomically(args.output, buf.getvalue())
        where = args.output
    else:
        out.write(buf.getvalue())
        where = "stdout"
    what = "all entries (\\nocite{*})" if result.star else f"{len(result.written)} entries"
    print(f"{what} for {len(result.cited)} cited keys of {path} written to {where}", file=err)
    for key in result.missing:
        print(f"refman: {path}: cited key '{key}' is not in the library", file=err)
    return 1 if result.missing else 0
