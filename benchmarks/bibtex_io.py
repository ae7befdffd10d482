"""BibTeX read and write speed on a 10,000-entry file built from real TeX Live entries.

Run: .venv/bin/python benchmarks/bibtex_io.py [N_ENTRIES]

The file is made by repeating the entries of tugboat.bib, biblatex-examples.bib and xampl.bib
(found with kpsewhich) under new keys, after all their @string blocks, so its mix of quoted,
braced, macro and concatenated values, accents and TeX logos is that of real bibliographies.
Prints CPU seconds (median of 3): the time to read it (refman.formats.bibtex.read, with bibtexparser's own share), and
to write it back raw (unedited library), from source (every entry edited) and canonically
(entries from another format).
"""

from __future__ import annotations

import functools
import io
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from refman.core.model import ParseResult
from refman.core.records import ExportRecord
from refman.formats import bibtex
from refman.formats.bibtex.records import records_from_result

_KEY_RE = re.compile(r"(@[^{(]*[{(]\s*)([^,\s]+)")


def build(n_entries: int) -> str:
    names = ("tugboat.bib", "biblatex-examples.bib", "xampl.bib")
    paths = [subprocess.run(["kpsewhich", n], capture_output=True, text=True).stdout.strip() for n in names]
    strings: list[str] = []
    entries: list[str] = []
    for path in paths:
        if not path:
            continue
        result = bibtex.read(Path(path).read_text(), path)
        strings.extend(b.text for b in result.blocks if b.kind in ("string", "preamble"))
        entries.extend(result.raw_texts)
    if not entries:
        sys.exit("no TeX Live .bib files found (kpsewhich tugboat.bib); install texlive-bibtex-extra")
    out = list(strings)
    for i in range(n_entries):
        m = _KEY_RE.search(entries[i % len(entries)])
        assert m is not None
        raw = m.string
        out.append(f"{raw[: m.end(2)]}-{i}{raw[m.end(2) :]}")
    return "\n\n".join(out) + "\n"


def records(result: ParseResult, mode: str) -> list[ExportRecord]:
    return records_from_result(result, mode)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median CPU time of `repeat` runs (steadier than wall time on a shared machine; the work is
    single-threaded, so on an idle machine the two agree)."""
    runs = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        runs.append(time.process_time() - t0)
    return statistics.median(runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = build(n)
    print(f"file: {n} entries, {len(text) / 1e6:.1f} MB, {text.count(chr(10)) + 1} lines")

    import bibtexparser

    bp = timed(lambda: bibtexparser.parse_string(text, parse_stack=[]))
    bp_default = timed(lambda: bibtexparser.parse_string(text), repeat=1)
    result, stats = bibtex.read_with_stats(text, "bench.bib")
    assert len(result.entries) == n, (len(result.entries), n)
    read = timed(lambda: bibtex.read(text, "bench.bib"))
    print(
        f"read:  {read:6.2f} s  ({read / n * 1e6:.0f} µs/entry, {read / bp:.1f}x bibtexparser's raw parse; "
        f"{len(result.problems)} problems)"
    )
    print(f"       of which bibtexparser 2.1 raw parse (empty parse stack): {bp:.2f} s")
    print(f"       bibtexparser 2.1 with its default middleware, for comparison: {bp_default:.2f} s")
    print(
        f"       entries: {stats.scanned_entries} scanned, {stats.from_bibtexparser} from bibtexparser, "
        f"{stats.reparsed} re-parsed by refman, {stats.failed} failed"
    )
    modes = (
        ("raw", "unedited (raw text)"),
        ("source", "all edited (source_raw: unchanged fields verbatim)"),
        ("canonical", "canonical (no raw: from decoded columns)"),
    )
    for mode, label in modes:
        recs = records(result, mode)
        out = io.StringIO()
        t = timed(functools.partial(bibtex.write, recs, io.StringIO()))
        bibtex.write(recs, out)
        same = " - byte-identical to the input" if out.getvalue() == text else ""
        print(f"write: {t:6.2f} s  {label}{same}")


if __name__ == "__main__":
    main()
