"""What a pasted page says about which line is its title, beyond the zoning model's reading of the line.

The model scores each line from its look and its neighbours; on a site it was not trained on it may
prefer a menu's "SAVE TO MY LIBRARY", a button's "Submit manuscript", a figure caption or a title in the
reference list. The page itself tells them apart: an article's title is printed again (inside a citation
of the article with its year, or as the same line elsewhere), its by-line of names comes right under it,
it has a few words, and it is neither a caption nor shouted in capitals like a button.
"""

from __future__ import annotations

import re
from itertools import islice

from refman.formats.article_page.journal_names import is_journal_name
from refman.formats.article_page.line_facts import ISSUE_STATEMENT, LEADING_DATE
from refman.formats.article_page.lines import PageLine, match_key
from refman.formats.article_page.people import has_institution_word
from refman.formats.article_page.zones.authors import MARK_CHARS, name_like
from refman.formats.refstrings.lexicon import name_tags

_MARK = re.escape(MARK_CHARS)

_CAPTION = re.compile(r"^(?:fig(?:ure)?|table|scheme|chart|plate|video|movie|supplementary)\s*\.?\s*[\dIVXS]+\b", re.I)
_NOT_TITLE_START = re.compile(r"^(?:\d{1,3}\s|[,;:)\]*†‡§])")
# What a site's buttons and links say: an imperative, then what it acts on.
_UI_PHRASE = re.compile(
    r"^(?:add|send|download|share|view|sign|log|subscribe|cite|export|save|print|e-?mail|request|submit|follow"
    r"|buy|purchase|search|browse|recommend|register|access|get|rent|read|track|set up|create|manage)\s+"
    r"(?:to|a|an|the|this|my|your|all|me|in|up|on|for|pdf|article|citation|alert|rights|permissions|access)\b",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20[0-3]\d)(?!\d)")
# What an article's notes label ("Contribution: Conception and design, …", eLife; PLOS's "Competing
# interests: …", "Funding: …"): a note about the article, never its title.
_NOTE_LABEL = re.compile(
    r"^(?:(?:author\s+)?contributions?|competing\s+interests?|conflicts?\s+of\s+interests?|funding|for\s+correspondence"
    r"|data\s+availability|ethics(?:\s+statement)?|editor|reviewing\s+editor|copyright|citation|present\s+address"
    r"|corresponding\s+author)\s*:\s+\S",
    re.I,
)
# A reference: authors, then the year as a reference list prints it ("Sascha Cohen, 2018. “How gay …",
# "Smith J (2003) Title …"), then more.
_REFERENCE_SHAPE = re.compile(
    r"^[A-Z][\w'’.-]+(?:[ ,]+[\w'’.-]+){0,12}?"
    r"(?:,\s*(?:1[6-9]|20)\d\d[a-z]?[.,:]|[ ,]+(?:[A-Z]{1,3}\.?|et al\.)\s+\((?:1[6-9]|20)\d\d[a-z]?\)[.,:]?)\s+\S")
_NAME_SEPARATORS = re.compile(r"[,;]|\band\b|&")
_BY_LINE_REACH = 6  # lines under a title within which its by-line starts

CITED = 4.0  # printed again inside a citation of the article (a longer line with a year)
REPEATED = 1.5  # printed again as the same line (a breadcrumb, a heading over the full text)
BY_LINE_NEXT = 3.0  # names on the next line
BY_LINE_NEAR = 1.5  # names a few lines under it
CAPTION = 0.05
NOT_A_TITLE = 0.1
SHOUTED = 0.3  # all capitals, a few words: a button or a menu
UNDER_ISSUE = 3.0  # right under the issue line ("Volume 1144, 15 November 2018, Pages 50-55": ScienceDirect)


def _names_line(text: str) -> bool:
    """Names, two or more, or one with a footnote mark: a menu's "Library Resources" is neither."""
    parts = [p.strip(" .") for p in _NAME_SEPARATORS.split(text) if p.strip(" .")]
    if text[:1].isdigit() or has_institution_word(text):
        return False  # an affiliation line
    if is_journal_name(text):
        return False  # a publisher's list of its journals ("Environmental Science & Technology Letters")
    names = [p for p in parts if name_like(_unmarked(p))]
    marked = bool(re.search(rf"[^\W\d_][\d{_MARK}]", text))
    return (len(names) >= 2 or (len(names) == 1 and marked)) and len(names) >= len(parts) // 2


# Words a title never follows inside a citation: after them the line is the tail of a longer title
# ("… comb. nov. and emended description of the genus Sulfurimonas" holds a section heading).
_INSIDE_TITLE = frozenset({"and", "or", "of", "the", "a", "an", "in", "on", "for", "with", "to", "by", "from", "at"})


def _unmarked(name: str) -> str:
    """A name without its footnote marks ("Labrenz1,†" -> "Labrenz")."""
    return re.sub(rf"[\d{_MARK}]+", " ", name).strip()


def _cites(longer: str, title: str) -> bool:
    """`title` stands in `longer` as a whole title, not as the end of another one's."""
    words, want = _words(longer), _words(title)
    for at in range(len(words) - len(want) + 1):
        if words[at : at + len(want)] != want:
            continue
        after = words[at + len(want) : at + len(want) + 1]
        if not after or (at == 0 and _YEAR.fullmatch(after[0])):
            continue  # a reference's author or publisher ("(1997). … Wayne, PA: National Committee for …")
        if at == 0 or words[at - 1] not in _INSIDE_TITLE:
            return True
    return False


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", text.casefold()).split()


# A name's affiliation numbers printed as a list after it: ",1, 2, 3, 4," (nature.com, 2011).
_AFFILIATION_NUMBERS = re.compile(r"(?<=[^\W\d_]),?(?:\s*\d{1,2}\s*,)+\s*\d{0,2}$")


def _one_name(text: str) -> bool:
    """One name and the separator that continues a by-line printed a name per line (HighWire's
    "L. SantaCruz-Calvo," / "J. González-López and" / "M. Manzanera")."""
    text = _AFFILIATION_NUMBERS.sub(",", text.strip())  # nature.com's "Weian Zhao,1, 2, 3, 4,"
    m = re.fullmatch(r"(.+?)\s*(?:,|\band|&)", text)
    return m is not None and not has_institution_word(text) and name_like(_unmarked(m.group(1)))


# One author with initials ("A. El-Khadra", "J. R. R. Tolkien"): a menu item is not written so.
_INITIALLED_NAME = re.compile(r"(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?")


def _lone_name(text: str) -> bool:
    """A whole line that is one person's name, nothing else ("Rachida Ghailane"; ACS prints a name a line),
    led by a given name the names lexicon knows: a menu's "Materials Science" is two capitalised words too."""
    if has_institution_word(text) or re.search(r"[,;:]", text) or not name_like(_unmarked(text)):
        return False
    return "g" in name_tags(text.split()[0].strip(".").casefold())


def people_follow(lines: list[PageLine], index: int) -> bool:
    """The line under `index` names people by their given names ("Rachida Ghailane", "Nava Ashraf, Oriana
    Bandiera, …"): stricter than the by-line evidence, for a page where the model found no title at all."""
    after = next((line.text for line in islice(lines, index + 1, index + 3) if line.text), "")
    if _lone_name(after):
        return True
    following = [line.text for line in islice(lines, index + 1, index + 5) if line.text][:2]
    if len(following) == 2 and following[0] == after and all(_one_name(text) for text in following):
        return True  # a name a line, each with its affiliation marks ("Weian Zhao,1, 2, 3, 4,": nature.com, 2011)
    parts = [p.strip(" .") for p in _NAME_SEPARATORS.split(after) if p.strip(" .")]
    named = [p for p in parts if name_like(_unmarked(p)) and "g" in name_tags(p.split()[0].strip(".").casefold())]
    return _names_line(after) and len(named) >= 2


def _by_line_distance(lines: list[PageLine], index: int) -> int | None:
    texts = list(islice((line.text for line in islice(lines, index + 1, None) if line.text), _BY_LINE_REACH + 1))
    for seen, text in enumerate(texts[:_BY_LINE_REACH], start=1):
        if _names_line(text) or _INITIALLED_NAME.fullmatch(text.strip()) or (
            _one_name(text) and seen < len(texts) and (_one_name(texts[seen]) or name_like(texts[seen]))
        ) or (_lone_name(text) and (seen == 1 or (seen < len(texts) and _lone_name(texts[seen])))):
            return seen
    return None


def with_by_line(lines: list[PageLine], index: int) -> int:
    """Where the page prints the title at `index` again with its by-line under it, that line (the head
    of the article: nature.com repeats the title over the full text, names only under the first);
    else `index`."""
    if _by_line_distance(lines, index) is not None:
        return index
    key = match_key(lines[index].text)
    if len(key) < 10:
        return index
    return next((i for i, line in enumerate(lines) if i != index and line.text and match_key(line.text) == key
                 and _by_line_distance(lines, i) is not None), index)


def title_weights(lines: list[PageLine], shortlist: list[int]) -> dict[int, float]:
    """A weight for each shortlisted line (1.0 when the page says nothing either way)."""
    keys = [match_key(line.text) if line.text else "" for line in lines]
    out: dict[int, float] = {}
    for i in shortlist:
        text = LEADING_DATE.sub("", lines[i].text.strip())  # "1 October 2015 Delocalization of …" (Project Euclid)
        words = len(text.split())
        weight = min(1.0, words / 5)  # "Submit manuscript", "Advanced Search": too short for most titles
        if _CAPTION.match(text):
            weight *= CAPTION
        elif text.isupper() and words <= 5:
            weight *= SHOUTED
        affiliation = has_institution_word(text) and ("," in text or text[:1].isdigit())
        if text[:1].islower() or _UI_PHRASE.match(text) or " | " in text or re.search(r"[^\W\d_]:[^\W\d_]", text):
            # a sentence's continuation ("with independent entries is completely delocalized. Suppose …"),
            # a button or a link ("Add to Collection", "Send a mail to the author of this document"), a
            # menu ("Advanced Search Include Citations | Disambiguate"), a label run into its value
            # ("Submission Status:under review")
            weight *= NOT_A_TITLE
        if _NOTE_LABEL.match(text):
            weight *= NOT_A_TITLE
        if (
            _NOT_TITLE_START.match(text) or "@" in text or "[at]" in text or affiliation or _names_line(text) or _one_name(text)
            or _REFERENCE_SHAPE.match(text)
        ):
            # an affiliation ("6 Consumer Representative, …"), a by-line or its continuation (", R. K. Li, …"),
            # one name of a by-line printed a name per line ("Cheryl H. Cui,1, 2, 3, 4,"), a reference
            weight *= NOT_A_TITLE
        key = match_key(text)
        if words >= 3 and len(key) >= 10:
            longer = [j for j, k in enumerate(keys) if j != i and len(k) > len(key) + 15 and key in k]
            longer = [j for j in longer if _cites(lines[j].text, text)]
            if any(_YEAR.search(lines[j].text) for j in longer):
                weight *= CITED
            elif any(j != i and k == key for j, k in enumerate(keys)):
                weight *= REPEATED
        above = next((line.text for line in reversed(lines[:i]) if line.text), "")
        if ISSUE_STATEMENT.match(above) and _YEAR.search(above):
            weight *= UNDER_ISSUE
        elif above.endswith(" et al."):
            weight *= NOT_A_TITLE  # a reference's title under its authors (ScienceDirect's preview list)
        distance = _by_line_distance(lines, i)
        if distance == 1:
            weight *= BY_LINE_NEXT
        elif distance is not None:
            weight *= BY_LINE_NEAR
        out[i] = weight
    return out
