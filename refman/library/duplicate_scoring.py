"""Scoring candidate pairs (rapidfuzz) and joining accepted pairs into clusters.

Candidates come from the store's blocking keys (see `refman.core.duplicates.blocking_keys`), so
the work grows with the number of entries that share a key, never with the square of the
library (JabRef's finder compares every pair).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from refman.core.duplicates import STOP_WORDS as _STOP
from refman.core.duplicates import DupFacts, book_and_part, journals_match, same_identifier, veto

WEAK_TITLE = 0.9  # a short title that is only the start of the other: all else must agree
MAX_BLOCK = 60  # a fuzzy block bigger than this ('introduction', 'smith|') is too generic to compare all pairs


def _title_similarity(a: DupFacts, b: DupFacts) -> float:
    """How alike two titles are (0..1), read as a person would: a typo or two, a subtitle there or
    not, a title cut short by a parser are one title; words added in front or in the middle
    ('Handbook of …', 'On …') make another."""
    t = Indel.normalized_similarity(a.title, b.title)
    if t >= 0.97:
        return t
    wa, wb = a.title.split(), b.title.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    significant = [w for w in short if w not in _STOP]
    if significant and len(short) < len(long_):
        head = " ".join(long_[:len(short)])
        if len(significant) >= 3 and Indel.normalized_similarity(" ".join(short), head) >= 0.93:
            return max(t, 0.95)  # a missing subtitle, or a title cut short
        if short == long_[:len(short)] and (a.main == b.main):
            return max(t, WEAK_TITLE)  # 'MATE' and 'MATE: The Army of Francis Joseph': more evidence needed
    a_short, b_short = a.main == a.title, b.main == b.title
    if a_short != b_short and len(a.main) >= 8 and Indel.normalized_similarity(a.main, b.main) >= 0.93:
        return max(t, 0.95)  # one has a subtitle, the other not
    if _unmatched_words(long_, short):
        return min(t, 0.79)  # words added: another work ('Handbook of X' is not 'X')
    return t


def _unmatched_words(longer: list[str], shorter: list[str]) -> int:
    """Significant words of the longer title with no counterpart (typo allowed) in the shorter."""
    pool = set(shorter)
    return sum(1 for w in longer if w not in _STOP and w not in pool
               and not any(fuzz.ratio(w, o) >= 66 for o in shorter))


def _author_similarity(a: DupFacts, b: DupFacts) -> float | None:
    """Share of the shorter author list found in the other (a typo allowed), None when one has none.
    Initials against full given names agree; a different first initial of the same first author counts half."""
    fa, fb = a.families, b.families
    if not fa or not fb:
        return None
    if len(fa) > len(fb):
        fa, fb = fb, fa
    found = 0
    for name in fa:
        if name in fb or any(fuzz.ratio(name, other) >= 85 for other in fb):
            found += 1
    share = found / len(fa)
    if a.families and b.families and a.families[0] == b.families[0] and a.initials and b.initials:
        ia, ib = a.initials[0], b.initials[0]
        if ia and ib and ia != ib:
            share *= 0.5
    return share


def score(a: DupFacts, b: DupFacts) -> float:
    """Confidence (0..1) that two records are one work; 0 when a veto applies or evidence is short."""
    if veto(a, b):
        return 0.0
    if same_identifier(a, b):
        return 1.0
    if not a.title or not b.title:
        return 0.0
    t = _title_similarity(a, b)
    if t < 0.8 or (t < 0.97 and book_and_part(a, b)):
        return 0.0  # a book and a chapter or article of a like title are two works unless the titles agree
    auth = _author_similarity(a, b)
    if auth is not None and auth < 0.5:
        return 0.0
    evidence = 0.0
    if auth is not None:
        evidence += 1
    if a.year is not None and a.year == b.year:
        evidence += 1
    if a.container and b.container and journals_match(a.container, b.container):
        evidence += 1
    if a.start_page and a.start_page == b.start_page:
        evidence += 1
    short = len(a.title.split()) < 3
    needed = 3 if t == WEAK_TITLE else 2 if (short or t < 0.9) else 1
    if evidence < needed:
        return 0.0
    return min(1.0, 0.5 * t + 0.5 * min(1.0, evidence / 3))


STEP_PAIRS = 2000  # pairs scored between two progress reports


def candidate_pairs(blocks: Iterable[Sequence[int]], max_block: int = MAX_BLOCK) -> set[tuple[int, int]]:
    """All pairs within each block (ids ascending); blocks bigger than max_block are skipped."""
    out: set[tuple[int, int]] = set()
    for block in blocks:
        if len(block) < 2 or len(block) > max_block:
            continue
        s = sorted(set(block))
        for i, x in enumerate(s):
            for y in s[i + 1:]:
                out.add((x, y))
    return out


def clusters(pairs: Iterable[tuple[int, int]], facts: Mapping[int, DupFacts],
             dismissed: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
             identical: Iterable[Sequence[int]] = (),
             step: Callable[[int, int], None] | None = None) -> list[list[int]]:
    """Join accepted pairs into clusters (ids ascending, clusters by first id).

    A union is refused when it would put together two records with a veto between them (A~B and
    B~C must not join A and C of different DOIs) or a pair the user marked as not duplicates.
    `identical`: blocks of a shared identifier, scored pair by pair like the rest.
    `step(pairs scored, pairs)` is called every STEP_PAIRS pairs (a scan's progress; it may raise
    to cancel).
    """
    accepted: list[tuple[float, int, int]] = []
    todo = set(pairs) | {p for block in identical for p in _all_pairs(block)}
    for n, (x, y) in enumerate(todo):
        if step is not None and n % STEP_PAIRS == 0:
            step(n, len(todo))
        if (x, y) in dismissed or x not in facts or y not in facts:
            continue
        s = score(facts[x], facts[y])
        if s > 0:
            accepted.append((s, x, y))
    accepted.sort(key=lambda t: (-t[0], t[1], t[2]))  # strongest first
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(i: int) -> int:
        root = i
        while parent.get(root, root) != root:
            root = parent[root]
        parent[i] = root
        return root

    for _, x, y in accepted:
        rx, ry = find(x), find(y)
        if rx == ry:
            continue
        mx, my = members.get(rx, [rx]), members.get(ry, [ry])
        if any((min(p, q), max(p, q)) in dismissed or veto(facts[p], facts[q]) for p in mx for q in my):
            continue
        parent[ry] = rx
        members[rx] = mx + my
        members.pop(ry, None)
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda c: c[0])


def _all_pairs(block: Sequence[int]) -> list[tuple[int, int]]:
    s = sorted(set(block))
    return [(x, y) for i, x in enumerate(s) for y in s[i + 1:]]
