"""How the reader uses the zoning model: where the article starts, and which lines are its bibliography.

The rules in sections.py read an OJS page well once they start at the article; what they cannot do is
tell a sidebar's "Abstract" link or a menu's "Submissions" from the article's own title when the site
prints its chrome first. The model's title zone says where the article starts; its ref zone says where
the bibliography begins and ends when the page gives no heading, or gives the heading to a notes list.
"""

from __future__ import annotations

import re

from refman.formats.article_page.journal_names import is_journal_name
from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.references import ITEM_LABEL, link_line
from refman.formats.article_page.zones.tagger import Zones
from refman.formats.article_page.zones.title_evidence import people_follow, title_weights, with_by_line

_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20[0-3]\d)(?!\d)|\bn\.\s?d\.", re.I)


# A BibTeX field ("author = {Eugenio Moggi},"), a link ("[http://www.iucnredlist.org webcite]"):
# lines a page prints that are never its title, however the model scores them.
_NOT_A_TITLE = re.compile(r"^\s*[a-z]+\s*=\s*[{\"]|https?://|\bwww\.\w", re.I)

TITLE_THRESHOLD = 0.01
MODEL_EXPONENT = 0.5
SHORTLIST = 30  # the model's likeliest title lines, weighed by the page's evidence
MAX_GAP = 2  # lines the model calls something else inside one bibliography (a wrapped DOI, a note)


def title_start(lines: list[PageLine], zones: Zones) -> int | None:
    """Index of the first line of the article's title: the line the model finds likeliest to be the
    title (a page has one), when it is likely enough; then back to where a title run over lines begins."""
    candidates = [
        i for i, line in enumerate(lines)
        if line.text and len(line.text.split()) >= 2 and heading(line.text) is None and line_fact(line.text) is None
        and not _NOT_A_TITLE.search(line.text) and not link_line(line.text)
    ]
    if not candidates:
        return None
    # The model's likeliest lines, weighed by what the page says about each (title_evidence.py).
    shortlist = sorted(candidates, key=lambda i: zones.title_probability[i], reverse=True)[:SHORTLIST]
    if zones.title_probability[shortlist[0]] < TITLE_THRESHOLD:
        # Nothing on the page reads as a title to the model (a site it never saw, ACS's): the first
        # sizeable line a by-line follows, if any, as a person would read the page.
        return next((i for i in candidates if len(lines[i].text.split()) >= 4 and people_follow(lines, i) and not is_journal_name(lines[i].text)), None)
    weights = title_weights(lines, shortlist)
    # The model's probability is dampened (its square root): on a site it never saw, its confidence in a
    # menu line is no better than the page's evidence for the real title (5-fold CV on the dev half).
    best = with_by_line(lines, max(shortlist, key=lambda i: zones.title_probability[i] ** MODEL_EXPONENT * weights[i]))
    while best > 0 and lines[best - 1].text and zones.labels[best - 1] == "title":
        best -= 1
    return best


def reference_block(lines: list[PageLine], zones: Zones) -> list[PageLine]:
    """The longest run of lines the model calls references (blank lines and one stray line allowed inside)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    last = -1
    gap = 0
    for i, line in enumerate(lines):
        if not line.text or link_line(line.text):  # link buttons between references break nothing
            continue
        if zones.labels[i] == "ref" or (start is not None and _inside_list(lines, i)):
            if start is None:
                start = i
            last, gap = i, 0
        elif start is not None:
            gap += 1
            if gap > MAX_GAP:
                runs.append((start, last))
                start, gap = None, 0
    if start is not None:
        runs.append((start, last))

    def weight(run: tuple[int, int]) -> int:
        return sum(1 for ln in lines[run[0] : run[1] + 1] if ln.text and _YEAR.search(ln.text))

    if not runs:
        return []
    best = max(runs, key=weight)
    if weight(best) < 2:
        return []
    return [
        ln for ln in lines[best[0] : best[1] + 1]
        if not ln.text or zones.labels[ln.index] == "ref" or link_line(ln.text) or _inside_list(lines, ln.index)
    ]



def _inside_list(lines: list[PageLine], i: int) -> bool:
    """A line the model misreads inside a list whose references carry link buttons (Wiley, 2015): an
    item's label on a line of its own ("4b"), or a line with a year that the buttons follow."""
    text = lines[i].text
    if ITEM_LABEL.match(text):
        return True
    after = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    return bool(_YEAR.search(text) and after and link_line(after))


def abstract_lines(lines: list[PageLine], zones: Zones, begin: int) -> list[PageLine]:
    """The first run of lines from `begin` that the model calls the abstract (blank lines inside kept)."""
    run: list[PageLine] = []
    for line in lines[begin:]:
        if not line.text:
            if run:
                run.append(line)
            continue
        if zones.labels[line.index] == "abstract":
            run.append(line)
        elif run:
            break
    while run and not run[-1].text:
        run.pop()
    return run
