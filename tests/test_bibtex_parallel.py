"""The chunked, parallel half of the BibTeX read gives exactly the serial result (issue 6).

bibtexparser runs on chunks of the text cut between entries (refman.formats.bibtex.chunks),
in worker processes for big files. Whatever the chunk size and the number of workers, the
ParseResult and the read statistics must be the same as reading the text in one piece.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from refman.core.model import ParseResult
from refman.formats.bibtex import chunks
from refman.formats.bibtex.reader import ReadStats, read_with_stats
from refman.formats.encoding import decode_bytes

DATA = Path(__file__).parent / "data" / "bibtex"

# A `(...)` entry whose value holds a line-start `@...{...}`: the braces before it balance, so a
# cut can land inside the entry. bibtexparser then cannot give it back intact, and refman's own
# parser reads it.
TRAP = '''@misc(trap,
  note = "first line
@misc{inside, title = {not an entry}}
last line",
  title = {Trap}
)
'''

ENTRY = '''@article{keyNN,
  author = {M{\\"u}ller, Hans and de la Fontaine, Jean},
  title = {On the {Theory} of Things, part NN},
  journal = jtitle,
  year = {19YY},
  month = jan,
}
'''


def _corpus() -> str:
    """Every test .bib file (bad ones too), the trap, and enough plain entries for many chunks."""
    parts = ['@string{jtitle = "Journal of Tests"}\n']
    for path in sorted(DATA.glob("*.bib")):
        if path.name == "binary.bib":
            continue
        text, _, _ = decode_bytes(path.read_bytes(), str(path))
        parts.append(text)
        parts.append(TRAP)
    parts.extend(ENTRY.replace("NN", str(n)).replace("YY", f"{n % 100:02d}") for n in range(300))
    parts.append(TRAP)
    return "\n".join(parts)


def _read(text: str, workers: int, chunk_chars: int) -> tuple[ParseResult, ReadStats]:
    return read_with_stats(text, "corpus.bib", workers=workers, chunk_chars=chunk_chars)


def test_cut_points_are_line_starts_of_blocks_even_after_unbalanced_entries() -> None:
    text = _corpus()
    cuts = chunks.cut_points(text, 2000)
    assert cuts[0] == 0 and len(cuts) > 10
    assert cuts == sorted(set(cuts))
    assert cuts[-1] > text.index("@article{key0,")  # cutting goes on past the unbalanced test files
    for a, b in itertools.pairwise(cuts):
        assert b - a >= 2000
        assert text[b] == "@" and text[b - 1] == "\n"
    assert chunks.cut_points(text, 10**9) == [0]


def test_a_cut_inside_a_value_only_costs_speed() -> None:
    text = "@misc{a, title = {A}}\n" + TRAP + "@misc{b, title = {B}}\n"
    at = text.index("@misc{inside")
    cuts = chunks.cut_points(text, 20)
    assert at in cuts  # the cut lands inside the trap entry
    whole, whole_stats = _read(text, 1, 10**9)
    cut, cut_stats = _read(text, 1, 20)
    assert cut == whole and cut_stats == whole_stats
    assert [e.citekey for e in cut.entries] == ["a", "trap", "b"]
    assert cut_stats.reparsed == 1  # the trap, by refman's own parser


@pytest.mark.parametrize("chunk_chars", [300, 5000])
def test_chunked_and_parallel_reads_equal_the_whole_read(chunk_chars: int) -> None:
    text = _corpus()
    whole = _read(text, 1, 10**9)
    serial = _read(text, 1, chunk_chars)
    parallel = _read(text, 2, chunk_chars)
    assert serial == whole
    assert parallel == whole
    result, stats = whole
    assert len(result.entries) > 300 and stats.failed > 0 and stats.reparsed > 0
    assert any(p.severity == "error" for p in result.problems)


def test_parallel_read_from_a_thread_uses_spawned_workers() -> None:
    """The GUI imports on a worker thread, where forking is unsafe: spawn must work too."""
    text = _corpus()
    out: dict[str, object] = {}

    def work() -> None:
        out["context"] = chunks._pool_context().get_start_method()
        out["result"] = _read(text, 2, 20_000)

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    assert out["context"] == "spawn"
    assert out["result"] == _read(text, 1, 10**9)


def test_small_texts_stay_in_process() -> None:
    assert chunks.default_workers("@misc{a, title={A}}\n" * 100) == 1
    assert chunks.default_workers("x" * chunks.PARALLEL_MIN_CHARS) >= 1
