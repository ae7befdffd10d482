"""A page that holds its reference list twice (a References tab and the full text, a list and its
pop-up copies) imports each reference once (page_references.kept_references). Real development-half
pages' reference lists, given twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.formats.article_page.references import Reference
from refman.formats.refstrings import parse_reference

PAGES = Path(__file__).parent / "data" / "pages"


def _dom_references(page: str) -> list[Reference]:
    """A real page's reference list as its saved HTML holds it, each item parsed."""
    from refman.formats.article_page.html_facts import read_html
    from refman.formats.article_page.page_references import dom_references

    return dom_references(read_html((PAGES / page / "page.html").read_text(encoding="utf-8", errors="replace")))


@pytest.mark.parametrize("page", ["elife-drosophila-circuit-rewiring", "plos-one-fanged-frog"])
def test_a_list_held_twice_imports_each_reference_once(page: str) -> None:
    from refman.formats.article_page.page_references import kept_references
    from refman.formats.article_page.page_state import PageState

    refs = _dom_references(page)
    assert len(refs) >= 25
    once = PageState("page.html")
    alone = kept_references(once, refs)
    state = PageState("page.html")
    kept = kept_references(state, refs + refs)  # the list, then its copy (a tab and the full text)
    assert [r.text for r in kept] == [r.text for r in alone]
    said = [p.message for p in state.problems if "printed again word for word" in p.message]
    assert len(said) == 1 and said[0].startswith(f"{len(alone)} references printed again")


def test_short_references_that_repeat_are_each_kept() -> None:
    """"Ibid." and "Id. at 12" say too little to be told from another reference: never dropped as repeats."""
    from refman.formats.article_page.page_references import _printed_as

    assert _printed_as(Reference("12. Ibid.", 1, parse_reference("Ibid."))) == ""
    long = "Smith J, Jones K. A study of things that matter. Vaccine. 2013;31:5339-48."
    assert _printed_as(Reference(f"3. {long}", 1, parse_reference(long))) == _printed_as(
        Reference(f"[17] {long}", 9, parse_reference(long)))
