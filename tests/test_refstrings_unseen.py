"""The hand-composed unseen-styles set (tests/data/refstrings/styles_eval.json), its scorer, and the rules it drove."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from refman.core.model import Entry, Person
from refman.formats.refstrings import parse_reference
from refman.formats.refstrings.evaluation import ENTRY_FIELDS, Scores, score_entry
from refman.formats.refstrings.names import parse_names

DATA = Path(__file__).parent / "data" / "refstrings" / "styles_eval.json"
STYLES = {"APA", "MLA", "Chicago author-date", "Chicago notes-bibliography", "IEEE", "Vancouver", "Harvard"}


def _refs() -> list[dict[str, object]]:
    refs: list[dict[str, object]] = json.loads(DATA.read_text("utf-8"))["references"]
    return refs


def test_the_set_covers_seven_styles_with_ten_references_each() -> None:
    refs = _refs()
    assert Counter(str(r["style"]) for r in refs) == {s: 10 for s in STYLES}
    for ref in refs:
        assert set(ref) - {"style", "text"} <= set(ENTRY_FIELDS), ref
        assert "title" in ref and "year" in ref and "authors" in ref


def test_scorer_counts_right_wrong_and_spurious_fields() -> None:
    truth: dict[str, object] = {
        "authors": [["Hanahan", "D"], ["Weinberg", "RA"]], "year": 2011, "title": "Hallmarks of cancer",
        "pages": "646-674", "issue": "",
    }
    right = Entry(
        title="Hallmarks of cancer.", year=2011, pages="646-74",
        contributors=(Person(family="Hanahan", given="D."), Person(family="Weinberg", given="R. A.")),
    )
    s = Scores()
    score_entry(s, right, truth)
    assert s.micro() == (1.0, 1.0, 1.0) and s.reference_accuracy == 1.0
    wrong = Entry(title="Hallmarks", year=2011, pages="646-74", issue="5", contributors=right.contributors)
    s = Scores()
    score_entry(s, wrong, truth)
    assert (s.fp["title"], s.fn["title"], s.fp["issue"], s.fn["issue"]) == (1, 1, 1, 0)
    assert s.reference_accuracy == 0.0


def test_unseen_styles_stay_above_a_floor() -> None:
    """A regression floor well under the measured figure (benchmarks/parse_accuracy.py prints it per style)."""
    total = Scores()
    for ref in _refs():
        score_entry(total, parse_reference(str(ref["text"])), ref)
    assert total.micro()[2] >= 0.95


def test_vancouver_single_initial_is_a_given_name_not_a_suffix() -> None:
    people = parse_names("Kumar V, Abbas AK, Aster JC.")
    assert [(p.family, p.given, p.suffix) for p in people] == [
        ("Kumar", "V.", ""), ("Abbas", "A. K.", ""), ("Aster", "J. C.", "")
    ]
    assert [(p.family, p.suffix) for p in parse_names("King, Martin Luther, Jr.")] == [("King", "Jr.")]


def test_vancouver_block_with_month_glued_to_volume() -> None:
    e = parse_reference("Ioannidis JP. Why most published research findings are false. PLoS Med. 2005 Aug;2(8):e124.")
    assert (e.year, e.date, e.volume, e.issue, e.pages, e.container) == (2005, "2005-08", "2", "8", "e124", "PLoS Med")


def test_a_journal_called_proceedings_is_a_journal() -> None:
    e = parse_reference(
        "Y. LeCun, L. Bottou, Y. Bengio, and P. Haffner, “Gradient-based learning applied to document recognition,” "
        "Proc. IEEE, vol. 86, no. 11, pp. 2278–2324, Nov. 1998."
    )
    assert (e.entry_type, e.container, e.volume, e.issue) == ("article-journal", "Proc. IEEE", "86", "11")
    c = parse_reference(
        "K. He, X. Zhang, S. Ren, and J. Sun, “Deep residual learning for image recognition,” in Proc. IEEE Conf. "
        "Comput. Vis. Pattern Recognit. (CVPR), 2016, pp. 770–778."
    )
    assert c.entry_type == "paper-conference"
