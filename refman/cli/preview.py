"""`refman import --dry-run`: what an import would add, printed without touching the library.

A researcher about to import a saved page or a big file wants to see first what refman understood:
the article and each of its references (numbered, as they will be linked), every other entry in a
short form, and each problem with its line, so nothing is imported on trust.
"""

from __future__ import annotations

from typing import TextIO

from refman.core.model import Entry, ParseResult


def _short(entry: Entry) -> str:
    authors = entry.authors_display(3) or "(no authors)"
    year = entry.year if entry.year is not None else "n.d."
    title = entry.title or "(no title)"
    container = f" {entry.container}." if entry.container else ""
    doi = f" doi:{entry.doi}" if entry.doi else ""
    return f"{authors} ({year}). {title}.{container}{doi}"


def print_preview(result: ParseResult, source: str, out: TextIO, err: TextIO) -> int:
    """Print what `result` would import; returns how many entries that is."""
    entries = result.entries
    print(f"{source} ({result.format}): would import {len(entries)} entries", file=out)
    cited = set(result.cited_indexes)
    if result.citing_index is not None and entries:
        article = entries[result.citing_index]
        print(f"article: {_short(article)}", file=out)
        for label, value in (
            ("journal", article.container), ("volume", article.volume), ("issue", article.issue),
            ("pages", article.pages), ("date", article.date), ("publisher", article.publisher),
            ("licence", article.licence), ("keywords", "; ".join(article.keywords)),
        ):
            if value:
                print(f"  {label}: {value}", file=out)
        if article.abstract:
            abstract = " ".join(article.abstract.split())
            print(f"  abstract: {abstract[:160]}{'…' if len(abstract) > 160 else ''}", file=out)
        print(f"references ({len(result.cited_indexes)}):", file=out)
        for n, index in enumerate(result.cited_indexes, start=1):
            print(f"  {n:>3}. {_short(entries[index])}", file=out)
    for index, entry in enumerate(entries):
        if index != result.citing_index and index not in cited:
            key = f"{entry.citekey}: " if entry.citekey else ""
            print(f"  {key}{_short(entry)}", file=out)
    for problem in result.problems:
        print(f"{problem.severity}: {problem}", file=err)
    skipped = sum(1 for p in result.problems if p.severity == "error")
    print(f"dry run: nothing imported ({len(entries)} entries would be, {skipped} skipped)", file=out)
    return len(entries)
