"""Reading journal abbreviation lists (JabRef's CSV: `full;abbreviation[;shortest;frequency]`,
or comma-separated and quoted as in abbrv.jabref.org's current files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import lru_cache

from refman.resources import resource_path

# JabRef's CC0 lists that ship in resources/journals. A later list wins where two name the same journal
# differently, so the field lists come first and the curated general and IEEE lists last. Left out:
# entrez (NLM's sentence-case names, "The American psychologist"), ubc (mis-encoded), dainst and
# annee-philologique (classics, whose abbreviations clash with the sciences').
BUNDLED = tuple(
    f"journal_abbreviations_{name}.csv"
    for name in (
        "astronomy", "sociology", "meteorology", "medicus", "aea", "geology_physics", "acs", "ams",
        "mathematics", "mechanical", "lifescience", "general", "ieee",
    )
)


def read_pairs(text: str) -> Iterator[tuple[str, str]]:
    """(full name, abbreviation) of each line; lines with fewer than two fields are skipped."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(row) >= 2 and row[0].strip() and not row[0].lstrip().startswith("#"):
            yield row[0], row[1]


@lru_cache(maxsize=1)
def bundled_pairs() -> tuple[tuple[str, str], ...]:
    """(full, abbreviation) from the bundled lists, read once: exports and the page importer both use them."""
    pairs: list[tuple[str, str]] = []
    for name in BUNDLED:
        path = resource_path("journals", name)
        if path.exists():
            pairs.extend(read_pairs(path.read_text(encoding="utf-8")))
    return tuple(pairs)
