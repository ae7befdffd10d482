"""A page as numbered lines: the raw text (for what must be kept exactly) and a normalised copy (for matching).

Pages copied out of a browser carry no-break spaces, zero-width characters and doubled spaces that mean
nothing; matching works on `text`, while the abstract is taken from `raw` so it stays exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[\W_]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass(frozen=True, slots=True)
class PageLine:
    number: int  # 1-based line number in the page, for problems
    raw: str  # the line as in the page, without its newline
    text: str  # whitespace collapsed to single spaces, invisible characters removed, trimmed
    index: int = -1  # position in the page's list of lines (an HTML source line may hold several)

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def key(self) -> str:
        """Case-folded text without a trailing colon: what a label or menu word is compared by."""
        return self.text.rstrip(":：").strip().casefold()


def match_key(text: str) -> str:
    """Letters and digits only, case-folded: how two printings of one string (a title in a heading and
    in a citation line, a reference on the page and in a gold file) are compared."""
    return _NOT_WORD.sub("", text).casefold()


def normalise(raw: str) -> str:
    return " ".join(raw.translate(_INVISIBLE).split())


def split_lines(text: str) -> list[PageLine]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return [PageLine(i + 1, raw, normalise(raw), i) for i, raw in enumerate(text.split("\n"))]


def raw_block(lines: list[PageLine]) -> str:
    """The lines' raw text joined as they stood in the page, trimmed of surrounding whitespace only."""
    return "\n".join(line.raw for line in lines).strip()
