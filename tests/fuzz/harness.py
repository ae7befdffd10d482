"""atheris harness for one input path: `harness.py TARGET CORPUS_DIR [libFuzzer flags]`.

TARGET is one of tests/fuzz/targets.py's TARGETS (what is checked lives there). Run through
tests/fuzz/run.py, or directly:
    .venv/bin/python tests/fuzz/harness.py bibtex CORPUS_DIR -max_total_time=60
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz import instrument

_FORMATS = ("refman.formats.bibtex", "refman.formats.ris", "refman.formats.csljson", "refman.formats.article_page",
            "refman.formats.refstrings")
# The modules each target instruments (imported before the targets, so that their edges are traced).
INSTRUMENTED: dict[str, tuple[str, ...]] = {
    "bibtex": ("refman.formats.bibtex",),
    "ris": ("refman.formats.ris",),
    "csljson": ("refman.formats.csljson",),
    "article_page": ("refman.formats.article_page",),
    "refstrings": ("refman.formats.refstrings",),
    "query": ("refman.core.query", "refman.store.querysql", "refman.library"),
    "sniff": ("refman.formats.registry", *_FORMATS),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in INSTRUMENTED:
        sys.exit(f"usage: harness.py {{{','.join(INSTRUMENTED)}}} CORPUS_DIR [libFuzzer flags]")
    target = sys.argv.pop(1)
    instrument.load(*INSTRUMENTED[target], "tests.fuzz.targets")
    from tests.fuzz import targets

    atheris.Setup(sys.argv, targets.TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
