"""Features of one line of a pasted article page, for the line-zoning CRF.

A page copied with select-all is a column of lines whose roles (menu, sidebar, title, author names,
abstract, body text, bibliography, footer) depend on the site; what tells them apart is the shape of
each line and of its neighbours: length, case, numbering, years and DOIs, the page's own labels
("Abstract", "References"), known site-furniture words, where the line sits and whether the page
repeats it. Word identities are used only for short lines, where they name menus and headings.
"""

from __future__ import annotations

import re
from collections import Counter

from refman.formats.article_page.labels import heading, line_fact
from refman.formats.article_page.lines import PageLine, match_key
from refman.formats.article_page.references import only_links

_YEAR = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20[0-3]\d)(?!\d)")
_PAREN_YEAR = re.compile(r"\((?:1[6-9]\d\d|20[0-3]\d)[a-z]?\)")
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_URL = re.compile(r"https?://|www\.", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_NUMBERED = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]\s|\d{1,4}\s+[A-Z])")
_AUTHOR_START = re.compile(r"^[A-Z][\w'’-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+)")
_INITIALS = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.)?")
_VOL_PAGES = re.compile(r"\b\d+\s*\(\d+\)|\b\d+\s*[-–]\s*\d+\b|\bpp?\.\s*\d")
_INSTITUTION = re.compile(r"universit|institut|college|school|department|faculty|fakultas|centre|center|hospital|laborator", re.I)
_CAPTION = re.compile(r"^(?:fig(?:ure)?|table|tabel|gambar|chart|scheme)\s*\.?\s*\d", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _case(words: list[str]) -> str:
    letters = [w for w in words if w[:1].isalpha()]
    if not letters:
        return "none"
    upper = sum(1 for w in letters if w.isupper() and len(w) > 1)
    if upper == len(letters):
        return "upper"
    capital = sum(1 for w in letters if w[:1].isupper())
    share = capital / len(letters)
    return "title" if share >= 0.7 else ("mixed" if share >= 0.3 else "lower")


def _own(line: PageLine, repeats: Counter[str]) -> dict[str, float]:
    """What the line says about itself."""
    text = line.text
    words = text.split()
    f: dict[str, float] = {
        "len=" + _bucket(len(words), (1, 2, 3, 5, 8, 12, 20, 35, 60, 120)): 1.0,
        "case=" + _case(words): 1.0,
        "end=" + (text[-1] if text[-1] in ".:,;)?!" else ("digit" if text[-1].isdigit() else "other")): 1.0,
    }
    found = heading(text, counted=_COUNTED_KINDS)
    if found is not None and found[0] not in _UNSEEN_KINDS:
        f["heading=" + found[0]] = 1.0
        if found[1]:
            f["heading-inline"] = 1.0
    fact = line_fact(text) if len(text) < 400 else None
    if fact is not None:
        f["fact=" + fact] = 1.0
    flags = (
        ("year", _YEAR.search(text)),
        ("paren-year", _PAREN_YEAR.search(text)),
        ("doi", _DOI.search(text)),
        ("url", _URL.search(text)),
        ("email", _EMAIL.search(text)),
        ("numbered", _NUMBERED.match(text)),
        ("author-start", _AUTHOR_START.match(text)),
        ("vol-pages", _VOL_PAGES.search(text)),
        ("institution", _INSTITUTION.search(text)),
        ("caption", _CAPTION.match(text)),
        ("et-al", "et al" in text),
        ("ampersand", " & " in text),
        ("quote", any(q in text for q in "\"“”")),
        ("digit-start", text[:1].isdigit()),
        ("lower-start", text[:1].islower()),
    )
    for name, hit in flags:
        if hit:
            f[name] = 1.0
    initials = len(_INITIALS.findall(text))
    if initials:
        f["initials=" + _bucket(initials, (1, 3, 6))] = 1.0
    commas = text.count(",")
    f["commas=" + _bucket(commas, (0, 1, 3, 6))] = 1.0
    if repeats[text.casefold()] > 1:
        f["repeated"] = 1.0
    if len(words) <= 4:  # menus and headings are named by their words
        for word in _WORD.findall(text.casefold())[:4]:
            f["w=" + word] = 1.0
    return f


# Heading kinds the reader knows but the model does not use: measured by 5-fold CV on the development
# half (tools/pages/zones_cv.py), giving the model these kinds lowered its article fields 0.534 → 0.509.
_UNSEEN_KINDS = frozenset({"body", "backmatter", "history"})
# Only a references heading counts its items for the model: reading "Cited by (15)" as a heading too (as
# the rules now do) lowered the CV's article fields 0.893 -> 0.881 (2026-12-06).
_COUNTED_KINDS = ("references",)


def line_features(lines: list[PageLine]) -> tuple[list[int], list[dict[str, float]]]:
    """The indexes of the page's non-blank lines and one feature dict for each: its own shape, its
    neighbours' shapes, blank lines around it, its place in the page and the last heading above it."""
    repeats = Counter(ln.text.casefold() for ln in lines if ln.text)
    # Link-button lines ("View Article", "PubMed/NCBI") are left out like blank lines: between two
    # references they say nothing, and read as lines they cut a bibliography into pieces.
    content = [i for i, ln in enumerate(lines) if ln.text and not only_links(ln.text)]
    own = [_own(lines[i], repeats) for i in content]
    _page_evidence(lines, content, own)
    total = max(1, len(content))
    out: list[dict[str, float]] = []
    last_heading = "none"
    since_heading = 0
    seen: dict[str, None] = {}  # ordered, so features (and the trained model) do not depend on hashing
    for k, i in enumerate(content):
        f = dict(own[k])
        if i > 0 and not lines[i - 1].text:
            f["blank-before"] = 1.0
        if i + 1 < len(lines) and not lines[i + 1].text:
            f["blank-after"] = 1.0
        f["pos=" + str(min(9, k * 10 // total))] = 1.0
        for key in own[k]:
            if key.startswith("heading="):
                last_heading = key[8:]
                seen[last_heading] = None
                since_heading = 0
        f["after=" + last_heading] = 1.0
        f["since=" + _bucket(since_heading, (0, 1, 3, 10, 30, 100))] = 1.0
        for kind in seen:
            f["seen=" + kind] = 1.0
        since_heading += 1
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < len(content):
                for key in own[j]:
                    if key.startswith(_NEIGHBOUR_KEYS):
                        f[f"{offset}:{key}"] = 1.0
            else:
                f[f"{offset}:edge"] = 1.0
        out.append(f)
    return content, out



def _page_evidence(lines: list[PageLine], content: list[int], own: list[dict[str, float]]) -> None:
    """What the rest of the page says about each line: is it quoted inside a longer line (a title is,
    in "How to cite" blocks and citation exports); do names follow it; how far is the "Abstract" label."""
    from refman.formats.article_page.zones.authors import names_from_lines

    keys = [match_key(lines[i].text) for i in content]
    long_keys = [(k, key) for k, key in enumerate(keys) if len(key) > 60]
    abstract_at = [k for k, f in enumerate(own) if "heading=abstract" in f]
    names = [len(names_from_lines([lines[i]], site_forms=False)) if len(lines[i].text) < 300 else 0 for i in content]
    for k, key in enumerate(keys):
        f = own[k]
        if 20 <= len(key) <= 400 and any(j != k and key in other and len(other) > len(key) + 15 for j, other in long_keys):
            f["quoted-elsewhere"] = 1.0
        if names[k]:
            f["names=" + _bucket(names[k], (1, 3, 8))] = 1.0
        following = [n for n in names[k + 1 : k + 4] if n]
        if following:
            f["names-follow"] = 1.0
        after = [a - k for a in abstract_at if a > k]
        if after:
            f["abstract-in=" + _bucket(after[0], (1, 3, 8, 20))] = 1.0


_NEIGHBOUR_KEYS = ("len=", "heading=", "fact=", "numbered", "year", "author-start", "case=", "vol-pages", "doi",
                   "caption", "paren-year", "institution", "names=", "quoted-elsewhere")
