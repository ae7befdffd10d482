"""Citations and BibTeX of thousands of entries: fetched, rendered and reported in batches.

One citeproc-js request for 100,000 items ran for minutes, grew to 2.6 GB and then failed, so a
big copy renders `BATCH` entries at a time (entries are fetched per batch too) and checks for a
cancel between batches. Across batches the output is put together as one bibliography would be:
numbered styles (IEEE, Vancouver) keep the order given and are renumbered to run on from batch
to batch; other styles are sorted as a whole by the rendered text, which starts with what the
style sorts by (author, then year). A copy that fits in one batch is exactly one engine request.
For a multi-batch copy the plain-text flavour is taken from the HTML (tags stripped), which
halves the work; a single batch asks the engine for both.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator, Sequence

from refman.core.errors import Cancelled
from refman.core.model import Entry
from refman.library.callbacks import CancelCheck, Progress

BATCH = 250

Fetch = Callable[[Sequence[int]], Sequence[Entry]]
Render = Callable[[Sequence[Entry], bool], list[str]]  # (entries, html) -> one string per entry

_TEXT_NUMBER = re.compile(r"^(\W*)(\d+)")
_HTML_NUMBER = re.compile(r'(<div class="csl-left-margin">\D*?)(\d+)')
_TAG = re.compile(r"<[^>]+>")
_MARGIN = re.compile(r'<div class="csl-left-margin">(.*?)</div>\s*', re.DOTALL)


def batches(ids: Sequence[int], fetch: Fetch, progress: Progress | None, cancelled: CancelCheck | None,
            size: int = BATCH) -> Iterator[Sequence[Entry]]:
    """Entries of `ids` in order, `size` at a time; progress counts entries, a cancel raises."""
    total = len(ids)
    for start in range(0, total, size):
        if cancelled is not None and cancelled():
            raise Cancelled(f"cancelled after {start:,} of {total:,} entries; nothing was copied")
        yield fetch(ids[start : start + size])
        if progress is not None:
            progress(min(start + size, total), total)


def is_numbered(render: Render) -> bool:
    """Whether the style numbers its bibliography (two throwaway items come out as 1 and 2)."""
    probe = [Entry(citekey="refmanprobea", entry_type="book", title="B"),
             Entry(citekey="refmanprobeb", entry_type="book", title="A")]
    out = render(probe, False)
    if len(out) != 2:
        return False
    first, second = (_TEXT_NUMBER.match(t) for t in out)
    return bool(first and second and first.group(2) == "1" and second.group(2) == "2")


def _renumber(entry: str, pattern: re.Pattern[str], local: int, offset: int) -> str:
    match = pattern.search(entry)
    if match is None or int(match.group(2)) != local:
        return entry
    return entry[: match.start(2)] + str(local + offset) + entry[match.end(2) :]


def text_of_html(entry: str) -> str:
    """The plain text of one rendered HTML entry (a numbered style's label kept inline)."""
    entry = _MARGIN.sub(lambda m: m.group(1) + " ", entry)
    return " ".join(html_lib.unescape(_TAG.sub("", entry)).split())


def bibliography_in_batches(ids: Sequence[int], fetch: Fetch, render: Render, progress: Progress | None = None,
                            cancelled: CancelCheck | None = None, size: int = BATCH) -> tuple[list[str], list[str]]:
    """(HTML entries, text entries) of a bibliography of `ids`, rendered `size` at a time."""
    if len(ids) <= size:
        entries = list(next(batches(ids, fetch, progress, cancelled, size), []))
        return render(entries, True), render(entries, False)
    numbered = is_numbered(render)
    pairs: list[tuple[str, str]] = []
    for chunk in batches(ids, fetch, progress, cancelled, size):
        offset = len(pairs)
        for local, entry in enumerate(render(chunk, True), 1):
            if numbered:
                entry = _renumber(entry, _HTML_NUMBER, local, offset)
            pairs.append((entry, text_of_html(entry)))
    if not numbered:
        pairs.sort(key=lambda p: p[1].casefold())
    return [p[0] for p in pairs], [p[1] for p in pairs]
