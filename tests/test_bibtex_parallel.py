"""The chunked, parallel half of the BibTeX read gives exactly the serial result (issue 6).

bibtexparser runs on chunks of the text cut between entries (refman.formats.bibtex.chunks),
in worker processes for big files. Whatever the chunk size and the number of workers, the
ParseResult and the read statistics must be the same as reading the text in one piece.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Crossref children far from their parents (BibTeX wants parents after children), a key used
# twice far apart, and text that looks like a stray field: in a read in pieces these cross cuts.
EARLY = '''@inproceedings{child1,
  author = {Liskov, Barbara},
  title = {Data Abstraction},
  crossref = {Parent1},
  pages = {1--10},
}

@inproceedings{child2, title = {Grandchild}, crossref = {parent2}}

@misc{dupkey, title = {First of two}}
'''
LATE = '''@misc{DupKey, title = {Second of two}}
  year = {2001},
}

@proceedings{parent2, crossref = {parent1}, editor = {Hoare, C. A. R.}, title = {Inner}}

@proceedings{parent1,
  title = {Proceedings of the Parent Conference},
  year = 1999,
  publisher = {Parent Press},
}
'''


def _corpus() -> str:
    """Every test .bib file (bad ones too), the trap, and enough plain entries for many chunks."""
    parts = ['@string{jtitle = "Journal of Tests"}\n', EARLY]
    for path in sorted(DATA.glob("*.bib")):
        if path.name == "binary.bib":
            continue
        text, _, _ = decode_bytes(path.read_bytes(), str(path))
        parts.append(text)
        parts.append(TRAP)
    parts.extend(ENTRY.replace("NN", str(n)).replace("YY", f"{n % 100:02d}") for n in range(300))
    parts.append(TRAP)
    parts.append(LATE)
    return "\n".join(parts)


def _read(text: str, workers: int, chunk_chars: int) -> tuple[ParseResult, ReadStats]:
    return read_with_stats(text, "corpus.bib", workers=workers, chunk_chars=chunk_chars)


def _sources(stats: ReadStats) -> ReadStats:
    """Where the entries came from. bibtexparser's own count depends on where the text was cut:
    a chunk that ends inside an unclosed entry is read again from the whole text."""
    return dataclasses.replace(stats, bibtexparser_entries=0)


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
    assert cut == whole
    assert _sources(cut_stats) == _sources(whole_stats)
    assert [e.citekey for e in cut.entries] == ["a", "trap", "b"]
    assert cut_stats.reparsed == 1  # the trap, by refman's own parser


@pytest.mark.parametrize("chunk_chars", [300, 5000])
def test_chunked_and_parallel_reads_equal_the_whole_read(chunk_chars: int) -> None:
    text = _corpus()
    whole = _read(text, 1, 10**9)
    serial = _read(text, 1, chunk_chars)
    parallel = _read(text, 2, chunk_chars)
    for result, stats in (serial, parallel):
        assert result == whole[0]
        assert _sources(stats) == _sources(whole[1])
    result, stats = whole
    assert len(result.entries) > 300 and stats.failed > 0 and stats.reparsed > 0
    assert any(p.severity == "error" for p in result.problems)
    # What crossed the cuts was read as the whole read reads it.
    by_key = {e.citekey: e for e in result.entries}
    assert by_key["child1"].container == "Proceedings of the Parent Conference"
    assert by_key["child1"].publisher == "Parent Press" and by_key["child1"].year == 1999
    assert by_key["child2"].year == 1999  # through parent2, from parent1
    assert by_key["parent2"].container == "Proceedings of the Parent Conference"
    dup_line = text[: text.index("@misc{DupKey")].count("\n") + 1
    first_line = text[: text.index("@misc{dupkey")].count("\n") + 1
    assert any(p.line == dup_line and f"first at line {first_line}" in p.message for p in result.problems)
    assert any(p.line == dup_line + 1 and "looks like part of an entry" in p.message for p in result.problems)


_WHOLE: dict[str, ParseResult] = {}


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=40, max_value=4000))
def test_any_chunk_size_reads_as_the_whole_read(chunk_chars: int) -> None:
    """Wherever the cuts fall (inside traps, bad entries, crossref chains, stray text), the joined
    pieces are the whole read."""
    text = _corpus()
    if text not in _WHOLE:
        _WHOLE[text] = _read(text, 1, 10**9)[0]
    assert _read(text, 1, chunk_chars)[0] == _WHOLE[text]


def test_an_at_string_inside_a_value_makes_the_read_start_again_whole() -> None:
    """The macros are found before the pieces are read; a lookalike inside a value must not count."""
    filler = "".join(ENTRY.replace("NN", str(n)).replace("YY", "01") for n in range(40))
    text = ('@string{jtitle = "Journal of Tests"}\n' + filler
            + '@misc{quoted, note = {an example:\n@string{jtitle = "Not This"}\n}}\n' + filler)
    assert len(chunks.cut_points(text, 500)) > 5
    whole, _ = _read(text, 1, 10**9)
    for workers in (1, 2):
        cut, _ = _read(text, workers, 500)
        assert cut == whole
    assert all(e.container == "Journal of Tests" for e in whole.entries if e.citekey.startswith("key"))


def test_parallel_read_from_a_thread_uses_spawned_workers() -> None:
    """The GUI imports on a worker thread, where forking is unsafe: spawn must work too."""
    text = _corpus()
    out: dict[str, object] = {}

    def work() -> None:
        out["context"] = chunks.pool_context().get_start_method()
        out["result"] = _read(text, 2, 20_000)

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    assert out["context"] == "spawn"
    assert out["result"][0] == _read(text, 1, 10**9)[0]  # type: ignore[index]


def test_small_texts_stay_in_process() -> None:
    assert chunks.default_workers("@misc{a, title={A}}\n" * 100) == 1
    assert chunks.default_workers("x" * chunks.PARALLEL_MIN_CHARS) >= 1
