"""Reading journal abbreviation lists (JabRef's CSV: `full;abbreviation[;shortest;frequency]`,
or comma-separated and quoted as in abbrv.jabref.org's current files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


def read_pairs(text: str) -> Iterator[tuple[str, str]]:
    """(full name, abbreviation) of each line; lines with fewer than two fields are skipped."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(row) >= 2 and row[0].strip() and not row[0].lstrip().startswith("#"):
            yield row[0], row[1]
