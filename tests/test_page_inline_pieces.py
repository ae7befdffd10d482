"""A sentence a browser's copy broke around inline math or a chemical formula is one line again
(refman/formats/article_page/lines.py: split_lines), so an abstract or a title with a formula is read
whole. On real lines of development-half pages."""

from __future__ import annotations

from pathlib import Path

from refman.formats.article_page.lines import split_lines

PAGES = Path(__file__).parent / "data" / "pages"


def _text(page: str) -> str:
    return (PAGES / page / "page.txt").read_text(encoding="utf-8")


def test_a_formula_on_lines_of_its_own_is_put_back_into_its_sentence() -> None:
    raw = _text("aps-prl-phonon-magnetochiral")  # "… ferrimagnet " / "Cu" / "2" / "OSeO" / "3" / ". Our …"
    assert "ferrimagnet \nCu\n2\nOSeO\n3\n. Our high-resolution" in raw
    lines = split_lines(raw)
    line = next(ln for ln in lines if ln.text.startswith("The magnetochiral effect (MCE) of phonons"))
    assert "the chiral-lattice ferrimagnet Cu2OSeO3. Our high-resolution" in line.raw
    assert line.number == raw.split("\n").index(line.raw.split("Cu2")[0]) + 1  # numbered as its first line
    assert [ln.index for ln in lines] == list(range(len(lines)))


def test_math_between_two_parts_of_a_sentence_is_joined_each_time() -> None:
    lines = split_lines(_text("euclid-duke-delocalization"))  # "We prove that an " / "𝑛" / "×" / "𝑛" / " random matrix " / "𝐺" / …
    line = next(ln for ln in lines if ln.text.startswith("We prove that an"))
    assert line.text.startswith("We prove that an 𝑛×𝑛 random matrix 𝐺 with independent entries is completely delocalized.")


def test_short_lines_that_do_not_go_on_mid_sentence_stay_lines() -> None:
    """A menu ("Read more " / "PDF" / "HTML" / "Abstract"), a list of numbers before a heading: not the
    pieces of a sentence."""
    text = "Read more \nPDF\nHTML\nAbstract\n\nFigures \n1\n2\nReferences\n"
    assert [ln.raw for ln in split_lines(text)] == text.split("\n")
