"""A bibliography found by its numbering alone (numbered.py), on real pasted pages."""

from __future__ import annotations

import json
from pathlib import Path

from refman.formats.article_page.lines import split_lines
from refman.formats.article_page.numbered import numbered_run
from refman.formats.article_page.sections import segment

CORPUS = Path(__file__).resolve().parent / "data" / "pages"


def _page(page_id: str) -> str:
    return (CORPUS / page_id / "page.txt").read_text(encoding="utf-8")


def test_aip_list_in_a_tab_without_a_heading_is_found_by_its_numbers() -> None:
    gold = json.loads((CORPUS / "aip-aplphotonics-sub-thz-esr" / "gold.json").read_text(encoding="utf-8"))
    run = numbered_run(split_lines(_page("aip-aplphotonics-sub-thz-esr")))
    numbers = [ln.text for ln in run if ln.text.rstrip(".").isdigit()]
    assert numbers[0] == "1." and len(numbers) == gold["reference_count"] == 76
    assert any(gold["first_reference"]["text"][:30] in ln.text for ln in run[:3])


def test_a_numbered_table_of_contents_without_years_is_not_a_bibliography() -> None:
    contents = "\n".join(f"{n}. Section {name}" for n, name in enumerate(
        ["Introduction", "Background", "Methods", "Results", "Discussion", "Conclusion"], start=1))
    assert numbered_run(split_lines(contents)) == []


def test_a_numbered_cited_by_list_is_not_taken_for_the_references() -> None:
    # IEEE Xplore's pasted page numbers the articles citing this one under "Cited By"; the reader
    # leaves that part out before looking for a numbered list, and finds the page's own nine.
    lines = split_lines(_page("ieee-fso-rf-hybrid-networks"))
    citing = {ln.index for section in segment(lines) if section.kind == "citedby" for ln in section.lines}
    assert numbered_run(lines)[0].text.startswith("1. An Integer Linear Programming Approach")
    own = numbered_run([ln for ln in lines if ln.index not in citing])
    assert own[0].text == "1. H. Izadpanah,"
    assert sum(1 for ln in own if ln.text[:2].rstrip(".").isdigit() and ln.text[1:3].startswith((".", "."))) >= 9
