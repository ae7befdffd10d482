"""Text for display: values kept verbatim (BibTeX fields without a column) shown as a reader reads them.

`Entry.extra` keeps fields exactly as imported, so an export gives them back unchanged; from a
BibTeX file that means raw LaTeX (`{…}`, `\\texttt{…}`, `\\hyphen`). Whatever shows them (the
detail pane's "Other fields") decodes them here. Only values that look like LaTeX are decoded:
an extra from RIS or CSL-JSON is plain text already, where `%` or `~` mean themselves.
"""

from __future__ import annotations

import re

from refman.formats.latex import decode

_LATEXISH = re.compile(r"\\[A-Za-z@]|\\[^A-Za-z\s]|[{}]|\$")


def display_text(value: str) -> str:
    """`value` as a reader should see it: LaTeX markup decoded, plain text unchanged."""
    if not _LATEXISH.search(value):
        return value
    try:
        return decode(value)
    except Exception:
        return value
