"""The BibTeX grammar at the character level: blocks, entry fields and value expressions.

This is the pre-scan that keeps the import lossless: it finds every `@type{...}` / `@type(...)`
block the way BibTeX does (any identifier after `@`, blanks and newlines allowed before the
opening delimiter, braces counted, quotes tracked in `(...)` blocks) so that its exact raw text
can be kept, and it parses an entry's fields when bibtexparser did not (or did it wrongly).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# BibTeX identifiers: anything but blanks and "#%'(),={} (and not starting with a digit).
ID = r"[^\s\"#%'(),={}@0-9][^\s\"#%'(),={}@]*"
_AT_RE = re.compile(r"@[ \t\n\r]*(" + ID + r")?[ \t\n\r]*([{(])?")
_LINE_AT_RE = re.compile(r"^[ \t]*@[ \t]*" + ID + r"[ \t]*[{(]", re.M)
_BRACE_RE = re.compile(r"[{}]")
_PAREN_RE = re.compile(r'[{}()"]')
_QUOTE_RE = re.compile(r'[{}"]')
_BLANKS_RE = re.compile(r"\s*")
_NUMBER_RE = re.compile(r"[0-9]+")
_MACRO_RE = re.compile(ID)
KEY_RE = {"}": re.compile(r"\s*([^,\s{}\"]*)\s*"), ")": re.compile(r"\s*([^,\s{}()\"]*)\s*")}
NAME_OK_RE = re.compile(r"[^\s\"#%'(),={}]+")  # a field or macro name


class BibSyntaxError(Exception):
    """A grammar error at a character offset of the text being parsed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_NL_RE = re.compile("\n")


class Lines:
    """Offset -> 1-based line number, by bisection over newline positions.

    Covers offsets from `start` to `end` of the text (all of it by default); `first` is the line
    number at `start`, so a piece of a file numbers its lines as the whole file does.
    """

    def __init__(self, text: str, start: int = 0, end: int | None = None, first: int = 1) -> None:
        self._nl = [m.start() for m in _NL_RE.finditer(text, start, len(text) if end is None else end)]
        self._first = first

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._nl, offset) + self._first


@dataclass(slots=True)
class Block:
    """One `@...` block found by the scanner. `end` is the offset just after its closing delimiter."""

    kind: str  # "entry", "string", "preamble", "comment" or "failed"
    start: int
    end: int
    type_word: str = ""
    body: int = 0  # offset just after the opening delimiter
    closer: str = "}"
    error: str = ""


def _match_brace(text: str, pos: int) -> int | None:
    """Offset just after the `}` closing a `{` that ends just before `pos`."""
    depth = 1
    for m in _BRACE_RE.finditer(text, pos):
        if m.group(0) == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _match_paren(text: str, pos: int) -> int | None:
    """Offset just after the `)` closing a `(` block: braces counted, `"..."` skipped at level 0."""
    depth = 0
    in_quote = False
    for m in _PAREN_RE.finditer(text, pos):
        c = m.group(0)
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            if c == '"':
                in_quote = not in_quote
            elif c == ")" and not in_quote:
                return m.end()
    return None


@dataclass(slots=True)
class Scanner:
    """Finds the blocks of a .bib text one at a time, so the reader can resume after a bad one."""

    text: str
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)

    def next_block(self, pos: int) -> Block | None:
        text = self.text
        while True:
            i = text.find("@", pos)
            if i < 0:
                return None
            m = _AT_RE.match(text, i)
            type_word = m.group(1) if m else None
            opener = m.group(2) if m else None
            if m is None or type_word is None or opener is None:
                if type_word is not None and _at_line_start(text, i):
                    self.warnings.append(
                        (i, f"'@{type_word}' is not followed by '{{' or '(': ignored as text between entries")
                    )
                pos = i + 1
                continue
            body = m.end()
            end = _match_brace(text, body) if opener == "{" else _match_paren(text, body)
            closer = "}" if opener == "{" else ")"
            if end is None:
                stop = self.resync(body)
                return Block(
                    "failed",
                    i,
                    stop,
                    type_word,
                    body,
                    closer,
                    f"has no closing '{closer}' (unbalanced braces or quotes); skipped up to the next entry",
                )
            lowered = type_word.lower()
            kind = lowered if lowered in ("comment", "string", "preamble") else "entry"
            return Block(kind, i, end, type_word, body, closer)

    def resync(self, pos: int) -> int:
        """Start of the next line that opens a block (`@type{` at line start) after pos, or EOF."""
        r = _LINE_AT_RE.search(self.text, pos)
        return r.start() + (len(r.group(0)) - len(r.group(0).lstrip())) if r else len(self.text)


def block_label(text: str, block: Block) -> str:
    """`@article{key` as a person would search for it in the file."""
    m = KEY_RE[block.closer].match(text, block.body, min(block.end, block.body + 200))
    key = m.group(1) if m else ""
    opener = "{" if block.closer == "}" else "("
    return f"@{block.type_word}{opener}{key}"


def _at_line_start(text: str, i: int) -> bool:
    j = text.rfind("\n", 0, i)
    return not text[j + 1 : i].strip()


# ---------------------------------------------------------------- values

# A value part: ("{", inner text), ('"', inner text), ("#", digits) or ("m", macro name).
Part = tuple[str, str]


def parse_value(text: str, pos: int, end: int) -> tuple[list[Part], int]:
    """Parse `part # part # ...` starting at pos; return the parts and the offset after the last one."""
    parts: list[Part] = []
    while True:
        if pos >= end:
            raise BibSyntaxError("a field value is missing", pos)
        c = text[pos]
        if c == "{":
            close = _match_brace(text, pos + 1)
            if close is None or close > end:
                raise BibSyntaxError("unbalanced braces in a field value", pos)
            parts.append(("{", text[pos + 1 : close - 1]))
            pos = close
        elif c == '"':
            close = _match_quote(text, pos + 1, end)
            parts.append(('"', text[pos + 1 : close - 1]))
            pos = close
        else:
            m = _NUMBER_RE.match(text, pos, end)
            if m:
                parts.append(("#", m.group(0)))
                pos = m.end()
            else:
                m = _MACRO_RE.match(text, pos, end)
                if not m:
                    raise BibSyntaxError(f"unexpected {text[pos]!r} where a field value should start", pos)
                parts.append(("m", m.group(0)))
                pos = m.end()
        after = _BLANKS_RE.match(text, pos, end)
        nxt = after.end() if after else pos
        if nxt < end and text[nxt] == "#":
            ws = _BLANKS_RE.match(text, nxt + 1, end)
            pos = ws.end() if ws else nxt + 1
            continue
        return parts, pos


def _match_quote(text: str, pos: int, end: int) -> int:
    depth = 0
    for m in _QUOTE_RE.finditer(text, pos, end):
        c = m.group(0)
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                raise BibSyntaxError("unbalanced '}' inside a quoted value", m.start())
        elif depth == 0:
            return m.end()
    raise BibSyntaxError("a quoted value is not closed", pos - 1)


def value_parts(expr: str) -> list[Part] | None:
    """Parts of a complete value expression, or None if it is not one (used to vet bibtexparser)."""
    if not expr:
        return None
    # Fast paths for the common shapes: "text", {text} without inner braces, a macro, a number.
    first, last = expr[0], expr[-1]
    if first == '"' and last == '"' and len(expr) > 1:
        inner = expr[1:-1]
        if '"' not in inner and "{" not in inner and "}" not in inner:
            return [('"', inner)]
    elif first == "{" and last == "}":
        inner = expr[1:-1]
        if "{" not in inner and "}" not in inner:
            return [("{", inner)]
    elif _NUMBER_RE.fullmatch(expr):
        return [("#", expr)]
    elif _MACRO_RE.fullmatch(expr):
        return [("m", expr)]
    try:
        parts, pos = parse_value(expr, 0, len(expr))
    except BibSyntaxError:
        return None
    return parts if pos == len(expr) else None


MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


def evaluate(parts: list[Part], macros: Mapping[str, str], missing: list[str] | None = None,
             keep_missing: bool = False) -> str:
    """Concatenate the parts, expanding @string macros (case-insensitive) and month names.
    An undefined macro gives "" (as in BibTeX), or its own name with `keep_missing` (what a
    column shows: the user sees `IEEE_J_AC` until its definition is imported, not an empty field)."""
    if len(parts) == 1 and parts[0][0] != "m":
        return parts[0][1]
    out: list[str] = []
    for kind, val in parts:
        if kind == "m":
            key = val.lower()
            if key in macros:
                out.append(macros[key])
            elif key in MONTHS:
                out.append(MONTHS[key])
            else:
                if missing is not None:
                    missing.append(val)
                if keep_missing:
                    out.append(val)
        else:
            out.append(val)
    return "".join(out)


# ---------------------------------------------------------------- entries


@dataclass(slots=True)
class RawField:
    """A field as written: its name, its value expression verbatim, and where it is."""

    name: str
    value: str
    parts: list[Part]
    offset: int = -1  # -1: not located yet (bibtexparser's fields are located only when needed)


@dataclass(slots=True)
class ParsedEntry:
    key: str
    fields: list[RawField]
    comment_offsets: list[int] = field(default_factory=list)  # `%` lines inside the entry


def parse_entry(text: str, block: Block) -> ParsedEntry:
    """Parse `key, name = value, ...` of an entry block; raises BibSyntaxError with an offset."""
    end = block.end - 1  # the closing delimiter
    m = KEY_RE[block.closer].match(text, block.body, end)
    assert m is not None
    key = m.group(1)
    pos = m.end()
    if pos < end and text[pos] not in ",":
        if text[pos] == "=":
            raise BibSyntaxError("the entry has no citation key (a field starts right after the '{')", block.body)
        raise BibSyntaxError(f"expected ',' after the citation key '{key}', found {text[pos]!r}", pos)
    fields: list[RawField] = []
    comments: list[int] = []
    pos += 1
    while True:
        pos = _skip_ws_comments(text, pos, end, comments)
        if pos >= end:
            break
        if text[pos] == ",":
            pos += 1
            continue
        nm = NAME_OK_RE.match(text, pos, end)
        if not nm:
            raise BibSyntaxError(f"expected a field name, found {text[pos]!r}", pos)
        name_at = pos
        pos = _skip_ws_comments(text, nm.end(), end, comments)
        if pos >= end or text[pos] != "=":
            raise BibSyntaxError(f"expected '=' after field name '{nm.group(0)}'", pos)
        pos = _skip_ws_comments(text, pos + 1, end, comments)
        value_at = pos
        parts, pos = parse_value(text, pos, end)
        fields.append(RawField(nm.group(0), text[value_at:pos], parts, name_at))
        pos = _skip_ws_comments(text, pos, end, comments)
        if pos < end and text[pos] != ",":
            raise BibSyntaxError(
                f"expected ',' or '{block.closer}' after the value of field '{nm.group(0)}', found {text[pos]!r}",
                pos,
            )
    return ParsedEntry(key, fields, comments)


_BLANK_RUN_RE = re.compile(r"[ \t\n\r]*")


def _skip_ws_comments(text: str, pos: int, end: int, comments: list[int]) -> int:
    """Skip blanks and `%` comment lines (biber's reading; BibTeX has no comments in entries)."""
    while True:
        m = _BLANK_RUN_RE.match(text, pos, end)
        pos = m.end() if m else pos
        if pos < end and text[pos] == "%":
            comments.append(pos)
            nl = text.find("\n", pos, end)
            pos = end if nl < 0 else nl + 1
        else:
            return pos


def parse_string(text: str, block: Block) -> tuple[str, list[Part], str]:
    """`@string{name = value}` -> (name, parts, raw value)."""
    end = block.end - 1
    pos = _BLANKS_RE.match(text, block.body, end)
    p = pos.end() if pos else block.body
    nm = NAME_OK_RE.match(text, p, end)
    if not nm:
        raise BibSyntaxError("expected a macro name in @string", p)
    ws = _BLANKS_RE.match(text, nm.end(), end)
    p = ws.end() if ws else nm.end()
    if p >= end or text[p] != "=":
        raise BibSyntaxError(f"expected '=' after @string name '{nm.group(0)}'", p)
    ws = _BLANKS_RE.match(text, p + 1, end)
    p = ws.end() if ws else p + 1
    value_at = p
    parts, p = parse_value(text, p, end)
    raw_value = text[value_at:p]
    ws = _BLANKS_RE.match(text, p, end)
    p = ws.end() if ws else p
    if p < end and text[p] == ",":
        p = _BLANKS_RE.match(text, p + 1, end).end()  # type: ignore[union-attr]
    if p < end:
        raise BibSyntaxError(f"unexpected {text[p]!r} after the @string value", p)
    return nm.group(0), parts, raw_value
