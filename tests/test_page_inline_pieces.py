"""A sentence a browser's copy broke around inline math or a chemical formula (refman/formats/
article_page/lines.py: inline_pieces): the page's lines stay as they are, the text taken from them
(an abstract) is one sentence again. On real lines of development-half pages."""

from __future__ import annotations

from pathlib import Path

from refman.formats.article_page.lines import inline_pieces, raw_block, split_lines

PAGES = Path(__file__).parent / "data" / "pages"


def _lines(page: str):  # type: ignore[no-untyped-def]
    return split_lines((PAGES / page / "page.txt").read_text(encoding="utf-8"))


def test_a_formula_on_lines_of_its_own_is_put_back_into_its_sentence() -> None:
    lines = _lines("aps-prl-phonon-magnetochiral")  # "… ferrimagnet " / "Cu" / "2" / "OSeO" / "3" / ". Our …"
    start = next(ln.index for ln in lines if ln.text.startswith("The magnetochiral effect (MCE) of phonons"))
    block = lines[start : start + 6]
    assert [ln.text for ln in block[1:5]] == ["Cu", "2", "OSeO", "3"]
    assert inline_pieces(lines) >= {start + 1, start + 2, start + 3, start + 4}
    text = raw_block(block)
    assert "\n" not in text and "the chiral-lattice ferrimagnet Cu2OSeO3. Our high-resolution" in text


def test_math_between_two_parts_of_a_sentence_is_joined_each_time() -> None:
    lines = _lines("euclid-duke-delocalization")  # "We prove that an " / "𝑛" / "×" / "𝑛" / " random matrix " / "𝐺" / …
    start = next(ln.index for ln in lines if ln.text.startswith("We prove that an"))
    text = raw_block(lines[start : start + 7])
    assert text.startswith("We prove that an 𝑛×𝑛 random matrix 𝐺 with independent entries is completely delocalized.")


def test_short_lines_that_do_not_go_on_mid_sentence_stay_lines() -> None:
    """A menu ("Abstract" / "Authors" / "Figures"), a line ending in a space before a heading, a list
    of numbers: not the pieces of a sentence."""
    lines = split_lines("Read more \nPDF\nHTML\nAbstract\n\nFigures \n1\n2\nReferences\n")
    assert inline_pieces(lines) == set()
    assert raw_block(lines[:4]) == "Read more \nPDF\nHTML\nAbstract"
