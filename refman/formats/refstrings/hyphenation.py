"""Undo hyphenation that a PDF's line breaks left in a reference, keep the hyphens that belong to words.

"Pem-\\nberantasan" and, once a copy-paste has lost the line break, "Pem-berantasan" are one word;
"Counter-Human", "Galez-Davis", "Inter-governmental", "long-term", "anak-anak" and "2020-2023" are not
broken words. A break hyphen joins two pieces that are not words on their own; a real hyphen joins
words, names, numbers or a known prefix. Words are known from a vocabulary of the bundled AnyStyle
references plus a short list of common hyphen prefixes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refman.formats.refstrings.dataset import dataset_path, load_xml

# Left parts that are prefixes written with a hyphen ("inter-governmental", "e-government").
_PREFIXES = frozenset(
    ["a", "anti", "auto", "bi", "bio", "co", "counter", "cross", "cyber", "de", "e", "eco", "euro", "extra", "geo", "hyper", "infra", "inter", "intra", "macro", "mega", "meta", "micro", "mid", "mini", "multi", "neo", "non", "off", "on", "out", "over", "para", "part", "pan", "poly", "post", "pre", "pro", "pseudo", "quasi", "re", "self", "semi", "socio", "sub", "super", "supra", "trans", "tri", "ultra", "un", "under", "up", "well", "x", "non", "pasca", "pra", "antar"]
)
_COMMON = frozenset(
    ["long", "short", "high", "low", "real", "full", "part", "self", "well", "state", "cross", "time", "case", "based", "data", "user", "peer", "world", "life", "small", "large", "first", "second", "third", "decision", "making", "policy", "evidence", "child", "family", "health"]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "Pem-berantasan": a lower-case piece after a hyphen inside a word.
_INNER = re.compile(r"(?<![\w-])([^\W\d_][^\W\d_'’]*)-([a-zß-ÿ][^\W\d_]*)(?![\w-])")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Lower-case words of the bundled AnyStyle data: enough English, French and German to tell a word."""
    words: set[str] = set(_COMMON)
    for name in ("core", "gold"):
        path = dataset_path(name)
        if not path.exists():
            continue
        for seq in load_xml(path):
            for _, text in seq.segments:
                for w in _WORD.findall(text):
                    if len(w) > 1:
                        words.add(w.lower())
    # A word that the data itself shows hyphenated is not evidence of a whole word.
    return frozenset(words)


def _is_word(piece: str) -> bool:
    return piece.lower() in vocabulary()


def is_break_hyphen(left: str, right: str, at_line_end: bool) -> bool:
    """Whether `left-right` is one word cut by a line break rather than a hyphenated compound."""
    if not left or not right or not right[0].islower() or not left[-1].isalpha():
        return False
    ll, rl = left.lower(), right.lower()
    if ll in _PREFIXES or len(ll) == 1:
        return False
    # Reduplication ("anak-anak", "faktor-faktor", "sehari-hari", "bolak-balik").
    if rl.startswith(ll) or ll.endswith(rl) or rl == ll or (len(ll) > 3 and ll[-3:] == rl[-3:]):
        return False
    if _is_word(ll + rl):
        return True
    left_word, right_word = _is_word(ll), _is_word(rl)
    if at_line_end:
        # At a line end the hyphen is most likely a break unless both sides are words.
        return not (left_word and right_word)
    # Inside a line (a break lost in copy-paste) only join two pieces that are not words.
    return not left_word and not right_word


def repair_inline(text: str) -> str:
    """Join words whose break hyphen survived without the line break: 'Pem-berantasan' -> 'Pemberantasan'."""
    if "-" not in text:
        return text

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        return left + right if is_break_hyphen(left, right, at_line_end=False) else m.group(0)

    return _INNER.sub(fix, text)


def join_lines(first: str, second: str) -> str:
    """Join a wrapped line to the next, repairing a break hyphen at the end of the first."""
    first = first.rstrip()
    second = second.strip()
    if not first:
        return second
    if not second:
        return first
    if first.endswith("-") and not first.endswith("--"):
        m = re.search(r"([^\W\d_]+)-$", first)
        n = re.match(r"([^\W\d_]+)", second)
        if m and n and is_break_hyphen(m.group(1), n.group(1), at_line_end=True):
            return first[:-1] + second
        # A real hyphen or a range cut at the line end ("2020-" / "2023", "Counter-" / "Human").
        return first + second
    if first.endswith(("/", "_")) and re.search(r"(https?://|www\.|doi)\S*$", first):
        return first + second  # a URL or DOI wrapped over two lines
    return first + " " + second
