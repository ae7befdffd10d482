"""BibTeX and BibLaTeX: lossless read (raw blocks kept) and write (raw or one canonical form).

The format-module contract of refman.formats.registry: `sniff`, `read`, `write`, and for big
files `read_stream` (the read in pieces) with `count_hint`.
"""

from __future__ import annotations

import re

from refman.formats.bibtex.reader import read, read_with_stats
from refman.formats.bibtex.stream import count_hint, read_stream
from refman.formats.bibtex.writer import write

__all__ = ["count_hint", "read", "read_stream", "read_with_stats", "sniff", "write"]

_BLOCK_RE = re.compile(r"^[ \t]*@[ \t]*[A-Za-z][\w:-]*[ \t\n]*[{(]", re.M)


def sniff(text: str, filename: str = "") -> float:
    """0.95 when the text has `@type{` blocks at line starts; 0.5 for an empty .bib file."""
    head = text[:65536]
    has_blocks = _BLOCK_RE.search(head) is not None
    is_bib = filename.lower().endswith((".bib", ".bibtex"))
    if has_blocks:
        stripped = head.lstrip()
        if stripped.startswith(("[", "{")):  # JSON that mentions an @ somewhere
            return 0.3
        return 0.95 if is_bib or stripped.startswith("@") or "\n@" in head else 0.8
    if is_bib:
        return 0.5
    return 0.0
