"""One client of the two-process concurrency test (tests/test_concurrency.py).

    python concurrency_worker.py LOCATION NAME BIBFILE ROUNDS

Imports BIBFILE, then appends "NAME:round;" to the note of every entry whose key starts with
"base" ROUNDS times, re-reading an entry and trying again whenever its save is refused because
the other client saved it first. Prints the number of conflicts it met.
"""

from __future__ import annotations

import dataclasses
import sys

from refman.core.errors import ConflictError
from refman.library import Library


def main(location: str, name: str, bib: str, rounds: int) -> None:
    lib = Library.open(location)
    conflicts = 0
    try:
        lib.import_file(bib)
        ids = lib.search_ids("key:base*")
        for r in range(rounds):
            for entry_id in ids:
                while True:
                    entry = lib.get(entry_id)
                    try:
                        lib.update_entry(dataclasses.replace(entry, note=entry.note + f"{name}:{r};"))
                        break
                    except ConflictError:
                        conflicts += 1
    finally:
        lib.close()
    print(conflicts)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
