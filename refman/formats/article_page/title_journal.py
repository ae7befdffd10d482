"""The journal a page's <title> names beside the article's title.

Publishers write the browser title as "Article | Journal" (ACS, Annual Reviews, eLife, Springer),
"Journal | Free Full-Text | Article | HTML" (MDPI), "PLOS ONE: Article", "Article [PeerJ]" or
"Article - Author - 2016 - Journal - Wiley Online Library". Atypon journals (ACS, Annual Reviews) state
no journal in any tag and print only its abbreviation in the text, so the title is where the full name
is. The article's own title is cut out first; what is left is split at the separators, and the parts
that are platform words, years, volume statements or single surnames are dropped. A journal is only
named when exactly one candidate is left, and it ranks below everything the page states elsewhere.
"""

from __future__ import annotations

import re

from refman.formats.article_page.lines import match_key

_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s+::\s+|:\s+|\[|\]")
# Platform and page-kind words, not journal names.
_PLATFORM = re.compile(
    r"^(?:free\s+full[\s-]text|full[\s-]text(?:\s+html)?|full\s+article|html|pdf|abstract|article|home"
    r"|springer(?:\s+nature)?\s*link|springer|sciencedirect|science\s+direct|wiley\s+online\s+library|iopscience"
    r"|archive\s+ouverte\s+hal|hal|acl\s+anthology|ieee\s+xplore.*|psycarticles|psycnet|citeseerx|taylor\s*&\s*francis"
    r"|tandfonline|jstor|researchgate|semantic\s+scholar|google\s+scholar|pubmed|pmc|europe\s+pmc|ncbi|oxford\s+academic"
    r"|cambridge\s+core|sage\s+journals|nature|figshare|zenodo|ssrn|arxiv(?:\.org)?|lingbuzz.*|tel|thèses\s+en\s+ligne"
    r"|opus(?:\s+\S+)?|dspace|eprints|acs\s+publications|rsc\s+publishing|mdpi|frontiers|plos|dergipark|garuda|sinta|nber|usenix)$",
    re.I,
)
_ABBREVIATED = re.compile(r"\b[A-Z][a-z]{1,5}\.(?:\s|$)")
_NOT_JOURNAL = re.compile(r"^(?:vol(?:ume)?\.?\s*\d.*|no\.?\s*\d.*|\d{4}|\d+(?:[-–]\d+)?)$", re.I)


def journal_from_title(page_title: str, article_title: str) -> str:
    """The journal named in the page's <title> beside `article_title`, or ''."""
    if not page_title or not article_title:
        return ""
    rest = _without(page_title, article_title)
    if rest is None:
        return ""
    candidates = []
    for part in _SEPARATORS.split(rest):
        part = part.strip(" .,;:|[]-–—")
        if not part or _PLATFORM.match(part) or _NOT_JOURNAL.match(part):
            continue
        words = part.split()
        if _ABBREVIATED.search(part):  # "Phys. Rev. Lett": an abbreviation, not the journal's name
            continue
        if not 1 <= len(words) <= 12 or not any(w[:1].isupper() for w in words) or re.search(r"https?://|@|\.\w{2,3}$", part):
            continue
        candidates.append(part)
    # A one-word part is a journal ("Metabolites", "Trials") unless a longer name is there too: Wiley
    # puts the first author's surname beside it ("… - Yang - 2016 - Advanced Science - …").
    longer = [c for c in candidates if len(c.split()) > 1]
    if longer:
        candidates = longer
    return candidates[0] if len(candidates) == 1 else ""


def _without(page_title: str, article_title: str) -> str | None:
    """The page title with the article's title cut out, or None when the article's title is not in it."""
    want = match_key(article_title)
    if len(want) < 8:
        return None
    # Walk word boundaries for the shortest stretch whose letters and digits are the article title's.
    words = list(re.finditer(r"\S+", page_title))
    for i, first in enumerate(words):
        for j in range(i, len(words)):
            got = match_key(page_title[first.start() : words[j].end()])
            if got == want:
                return page_title[: first.start()] + " | " + page_title[words[j].end() :]
            if len(got) > len(want) or not want.startswith(got):
                break
    # A title the page truncated ("… | Open Sc"): the article's title runs to where the page title stops.
    return None
