"""atheris harness: the 'sniff' input path (see tests/fuzz/targets.py for what is checked).

Run through tests/fuzz/run.py, or directly: .venv/bin/python tests/fuzz/fuzz_sniff.py CORPUS_DIR -max_total_time=60
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz import instrument

instrument.load("refman.formats.registry", "refman.formats.bibtex", "refman.formats.ris", "refman.formats.csljson", "refman.formats.article_page", "refman.formats.refstrings", "tests.fuzz.targets")

from tests.fuzz import targets  # noqa: E402


def main() -> None:
    atheris.Setup(sys.argv, targets.TARGETS["sniff"])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
