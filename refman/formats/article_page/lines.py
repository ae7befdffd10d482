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


_PIECE = 12  # characters: a piece of a formula a browser's copy puts on a line of its own ("OSeO", "2", "×")
_PIECES = 8  # at most, between two parts of one sentence
_GOES_ON = re.compile(r"^[ \t.,;:)\]]\s*\S")


def _piece(raw: str) -> bool:
    piece = raw.strip()
    return 0 < len(piece) <= _PIECE and piece == raw and " " not in piece


def split_lines(text: str) -> list[PageLine]:
    """The page's lines, numbered as in the text; a sentence a browser's copy broke around inline math
    or a chemical formula is one line again (_pieces), numbered as its first line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    raws = text.split("\n")
    pieces = _pieces(raws)
    out: list[PageLine] = []
    for i, raw in enumerate(raws):
        if i in pieces or i - 1 in pieces:
            last = out[-1]
            out[-1] = PageLine(last.number, last.raw + raw, normalise(last.raw + raw), last.index)
        else:
            out.append(PageLine(i + 1, raw, normalise(raw), len(out)))
    return out


def _pieces(raws: list[str]) -> set[int]:
    """Positions of the pieces of a sentence that a browser's copy broke around inline math or a chemical
    formula: "… the chiral-lattice ferrimagnet " / "Cu" / "2" / "OSeO" / "3" / ". Our high-resolution …"
    (APS), "We prove that an " / "𝑛" / "×" / "𝑛" / " random matrix …" (Project Euclid). Only where the
    line before them ends in a space, the pieces are short and the line after them goes on mid-sentence
    (a space or punctuation first)."""
    found: set[int] = set()
    for k, raw in enumerate(raws):
        if not raw.strip() or not raw.endswith((" ", "\t")):
            continue
        j = k + 1
        while j < len(raws) and j - k - 1 < _PIECES and _piece(raws[j]):
            j += 1
        if j > k + 1 and j < len(raws) and _GOES_ON.match(raws[j]):
            found.update(range(k + 1, j))
    return found


def raw_block(lines: list[PageLine]) -> str:
    """The lines' raw text joined as they stood in the page, trimmed of surrounding whitespace only."""
    return "\n".join(line.raw for line in lines).strip()
