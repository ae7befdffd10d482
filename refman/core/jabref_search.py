"""JabRef's search expressions (search groups) to refman's query language and back.

JabRef has two syntaxes (jabref/jablib/src/main/antlr/org/jabref/search/Search.g4 and its
history). Files written by JabRef 6 say `@Comment{jabref-meta: groups-search-syntax-version:6.0-alpha_1}`;
without it a file's search groups use the older one (JabRef 3 to 5).

- Both: `field = value` and `field CONTAINS value` (the field contains the value), `field == value`
  and `field MATCHES value` (the whole field is the value), `field != value` (does not contain),
  `and`, `or`, `not` in any case, parentheses, values bare or in double quotes, and bare values
  that search any field. Pseudo-fields: `any`/`anyfield`, `anykeyword`, `key`/`citationkey`,
  `entrytype`; `groups` is the field naming an entry's static groups.
- Older syntax: the group's "regular expression" and "case sensitive" flags apply to every
  comparison; AND and OR bind alike, left to right.
- JabRef 6: the operator says it: `=~` a regular expression, a trailing `!` case sensitive
  (`=!`, `==!`, `=~!`), a leading `!` negated (`!==`, `!=~`, `!=~!`, ...); the flags apply only to
  bare values. AND binds tighter than OR, and juxtaposition (an implicit AND) looser than both.
  `field = ""` means the field is empty, `field != ""` that it is not.

`to_refman` says what refman can say with the same meaning, or None when it cannot (the group
is then kept for the export only): a case-sensitive comparison of text with letters, a regular
expression that is not a plain word, an anchored word or "any/no value", a field refman does
not search, an exact match of a whole text field. Two approximations are accepted: JabRef's
"contains" is a substring test, refman's word search matches words by their beginning, so
`author = smith` finds Smith and Smithson in both but Goldsmith only in JabRef; and JabRef's
"any field" reads every field, refman's the fields it indexes (not, say, `biburl`).

`to_jabref` writes a refman query as a search expression that reads the same in both
syntaxes (only `=`, `!=`, `==`, `and`, `or`, `not`, no flags), or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from refman.core.query import (
    And,
    Exact,
    Flag,
    MatchAll,
    Node,
    Not,
    Or,
    Text,
    YearRange,
    parse_query,
    words_of,
)

NEW_SYNTAX_MARKER = "jabref-meta: groups-search-syntax-version:"

# JabRef field -> refman query field, for the fields refman searches by word.
_WORD_FIELDS = {"author": "author", "editor": "author", "title": "title", "journal": "journal",
                "journaltitle": "journal", "booktitle": "journal", "abstract": "abstract",
                "keywords": "keyword", "anykeyword": "keyword", "publisher": "publisher"}
_ANY = {"any", "anyfield"}
_KEY = {"key", "citationkey", "bibtexkey"}
_NON_EMPTY = {".+", ".", ".+?", "\\S", ".*\\S.*", "^.+$"}
_REGEX_META = re.compile(r"[.^$*+?{}\[\]\\|()]")
# Operators, longest first: (negated, kind, case sensitive).
_OPERATORS = {
    "!==!": (True, "exact", True), "!=~!": (True, "regex", True), "!==": (True, "exact", False),
    "!=~": (True, "regex", False), "!=!": (True, "contains", True), "==!": (False, "exact", True),
    "=~!": (False, "regex", True), "!=": (True, "contains", False), "==": (False, "exact", False),
    "=~": (False, "regex", False), "=!": (False, "contains", True), "=": (False, "contains", False),
}
_WORD_OPERATORS = {"CONTAINS": "=", "MATCHES": "=="}
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<op>!==!|!=~!|!==|!=~|!=!|==!|=~!|!=|==|=~|=!|=)
  | (?P<str>"(?:\\"|[^"])*"?)
  | (?P<term>(?:\\[=!~()]|[^\s=!~()"])+)
""", re.VERBOSE)
_FIELD = re.compile(r"[A-Za-z][A-Za-z_-]*")


class JabrefSearchError(ValueError):
    """A search expression JabRef would not parse either."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """One test: field None for a bare value (any field); kind contains, exact or regex."""

    field: str | None
    kind: str
    negated: bool
    case_sensitive: bool
    value: str


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and", "or", "not"
    parts: tuple[Comparison | BoolOp, ...]


Expr = Comparison | BoolOp


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise JabrefSearchError(f"cannot read {text[pos:pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind == "ws":
            continue
        value = m.group()
        if kind == "str":
            if len(value) < 2 or not value.endswith('"'):
                raise JabrefSearchError("a quoted value is not closed")
            value = value[1:-1].replace('\\"', '"')
        elif kind == "term":
            upper = value.upper()
            if upper in ("AND", "OR", "NOT"):
                kind = upper.lower()
            elif upper in _WORD_OPERATORS:
                kind, value = "op", _WORD_OPERATORS[upper]
            else:
                value = re.sub(r"\\([=!~()])", r"\1", value)
        out.append((kind, value))
    return out


def parse(text: str, new_syntax: bool = True, case_sensitive: bool = False, regex: bool = False) -> Expr:
    """A search expression as comparisons joined by and/or/not, with the group's flags applied
    as the syntax says (see the module's docstring). Raises JabrefSearchError."""
    tokens = _tokens(text)
    pos = 0

    def peek(kind: str) -> bool:
        return pos < len(tokens) and tokens[pos][0] == kind

    def comparison() -> Expr:
        nonlocal pos
        kind, value = tokens[pos]
        if kind not in ("term", "str"):
            raise JabrefSearchError(f"expected a value, found {value!r}")
        pos += 1
        if kind == "term" and _FIELD.fullmatch(value) and peek("op"):
            op = tokens[pos][1]
            pos += 1
            if pos >= len(tokens) or tokens[pos][0] not in ("term", "str"):
                raise JabrefSearchError(f"'{value} {op}' needs a value")
            operand = tokens[pos][1]
            pos += 1
            negated, how, case = _OPERATORS[op]
            if not new_syntax:  # the group's flags decide; only =, == and != exist
                how, case = ("regex" if regex else how), case_sensitive
            return Comparison(value.lower(), how, negated, case, operand)
        return Comparison(None, "regex" if regex else "contains", False, case_sensitive, value)

    def unary() -> Expr:
        nonlocal pos
        if peek("not"):
            pos += 1
            return BoolOp("not", (unary(),))
        if peek("lp"):
            pos += 1
            inner = sequence()
            if not peek("rp"):
                raise JabrefSearchError("a parenthesis is not closed")
            pos += 1
            return inner
        if pos >= len(tokens):
            raise JabrefSearchError("the expression ends too early")
        return comparison()

    def binary(ops: tuple[str, ...], operand: Callable[[], Expr]) -> Expr:
        nonlocal pos
        left = operand()
        while pos < len(tokens) and tokens[pos][0] in ops:
            op = tokens[pos][0]
            pos += 1
            right = operand()
            # a or b or c: one n-ary node (and/or are associative), so years can be folded back
            parts = left.parts if isinstance(left, BoolOp) and left.op == op else (left,)
            left = BoolOp(op, (*parts, right))
        return left

    def sequence() -> Expr:
        if new_syntax:  # juxtaposition looser than OR, which is looser than AND
            parts = [binary(("or",), lambda: binary(("and",), unary))]
            while pos < len(tokens) and not peek("rp"):
                parts.append(binary(("or",), lambda: binary(("and",), unary)))
        else:  # AND and OR alike, left to right; juxtaposed words all must match
            parts = [binary(("and", "or"), unary)]
            while pos < len(tokens) and not peek("rp"):
                parts.append(binary(("and", "or"), unary))
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    if not tokens:
        raise JabrefSearchError("the expression is empty")
    result = sequence()
    if pos != len(tokens):
        raise JabrefSearchError(f"unexpected {tokens[pos][1]!r}")
    return result


# --- JabRef -> refman ---------------------------------------------------------------------------

def _quoted(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'


def _literal(regex: str) -> tuple[str, str] | None:
    """A regular expression that is a plain value: ("contains", text) or ("exact", text)."""
    anchored = regex.startswith("^") and regex.endswith("$") and not regex.endswith("\\$")
    body = regex[1:-1] if anchored else regex
    if _REGEX_META.search(body):
        return None
    return ("exact" if anchored else "contains"), body


def _presence(field: str, present: bool) -> str | None:
    """refman's words for "the field has a value" (or has none)."""
    if field == "groups":
        return "-is:unfiled" if present else "is:unfiled"
    if field in ("doi", "abstract"):
        return f"has:{field}" if present else f"-has:{field}"
    return None


def _term(c: Comparison, entry_type: Callable[[str], str | None],
          collection: Callable[[str], str | None]) -> str | None:
    value, kind, negated = c.value, c.kind, c.negated
    if c.case_sensitive and value.lower() != value.upper():
        return None  # refman's search ignores case: it would find more
    field = c.field
    if kind == "regex":
        if value in _NON_EMPTY:
            found = _presence(field or "", not negated)
            return found
        plain = _literal(value)
        if plain is None:
            return None
        kind, value = plain
    if field is not None and value == "" and kind in ("contains", "exact"):
        return _presence(field, negated)  # `field = ""`: empty; `field != ""`: not empty
    sign = "-" if negated else ""
    words = words_of(value)
    if field is None or field in _ANY:
        return sign + _quoted(words) if words and kind == "contains" else None
    if field in _WORD_FIELDS:
        if not words or (kind == "exact" and _WORD_FIELDS[field] != "keyword"):
            return None
        return f"{sign}{_WORD_FIELDS[field]}:{_quoted(words)}"
    if field == "year":
        return f"{sign}year:{value}" if re.fullmatch(r"\d{4}", value.strip()) else None
    if field == "entrytype":
        csl = entry_type(value.strip().lower())
        return f"{sign}type:{csl}" if csl else None
    if field in _KEY:
        ok = kind == "exact" and value and not re.search(r"[\s\"()]", value)
        return f"{sign}key:{value}" if ok else None
    if field == "doi":
        return f"{sign}doi:{value.strip()}" if value.strip() and " " not in value.strip() else None
    if field == "groups":
        path = collection(value.strip())
        return f'{sign}in-only:"{path}"' if path and '"' not in path else None
    return None


def _refman(e: Expr, entry_type: Callable[[str], str | None],
            collection: Callable[[str], str | None]) -> tuple[str, str] | None:
    """(text, its kind: 'term', 'and', 'or') or None."""
    if isinstance(e, Comparison):
        t = _term(e, entry_type, collection)
        return (t, "term") if t is not None else None
    parts = [_refman(p, entry_type, collection) for p in e.parts]
    if any(p is None for p in parts):
        return None
    done = [p for p in parts if p is not None]
    if e.op == "not":
        text, kind = done[0]
        if kind == "term":
            return (text[1:] if text.startswith("-") else "-" + text), "term"
        return f"-({text})", "term"
    if e.op == "and":
        return " ".join(f"({t})" if k == "or" else t for t, k in done), "and"
    alternatives = list(dict.fromkeys(t for t, _ in done))  # author OR editor: both are refman's author:
    years = [int(t[5:]) for t in alternatives if re.fullmatch(r"year:\d{4}", t)]
    if len(years) == len(alternatives) > 1 and sorted(years) == list(range(min(years), max(years) + 1)):
        return f"year:{min(years)}..{max(years)}", "term"  # what to_jabref spells out year by year
    if len(alternatives) == 1:
        return alternatives[0], "term" if len(done) == 1 or done[0][1] == "term" else done[0][1]
    return " OR ".join(alternatives), "or"


def keyword_group_to_refman(field: str, keyword: str, case_sensitive: bool = False, regex: bool = False,
                            entry_type: Callable[[str], str | None] = lambda _t: None,
                            collection: Callable[[str], str | None] = lambda _n: None) -> str | None:
    """A KeywordGroup (entries whose `field` contains `keyword`) as a refman query, or None."""
    c = Comparison(field.strip().lower(), "regex" if regex else "contains", False, case_sensitive, keyword.strip())
    return _term(c, entry_type, collection) if c.field else None


def to_refman(expression: str, new_syntax: bool = True, case_sensitive: bool = False, regex: bool = False,
              entry_type: Callable[[str], str | None] = lambda _t: None,
              collection: Callable[[str], str | None] = lambda _n: None) -> str | None:
    """The refman query that means what the search group means, or None (see the docstring).
    `entry_type` maps a BibTeX type to refman's, `collection` a group name to a collection path."""
    try:
        tree = parse(expression, new_syntax, case_sensitive, regex)
    except JabrefSearchError:
        return None
    found = _refman(tree, entry_type, collection)
    if found is None:
        return None
    parse_query(found[0])  # what this module writes must read back (raises on a bug here)
    return found[0]


# --- refman -> JabRef ---------------------------------------------------------------------------

_JABREF_FIELDS = {"contributors": ("author", "editor"), "title": ("title",),
                  "container": ("journal", "journaltitle", "booktitle"), "abstract": ("abstract",),
                  "keywords": ("keywords",), "publisher": ("publisher",)}
_MAX_YEARS = 30  # a range of more years than this is not spelled out year by year


def _jabref(node: Node) -> tuple[str, bool] | None:
    """(expression, whether it needs parentheses inside an AND) or None."""
    if isinstance(node, Text):
        groups = [node.words] if node.phrase else [(w,) for w in node.words]
        fields = _JABREF_FIELDS.get(node.column, ()) if node.column else ("anyfield",)
        if not fields:
            return None
        tests = []
        for g in groups:
            value = '"' + " ".join(g) + '"'
            alternatives = [f"{f} = {value}" for f in fields]
            tests.append(alternatives[0] if len(alternatives) == 1 else "(" + " or ".join(alternatives) + ")")
        return " and ".join(tests), False
    if isinstance(node, YearRange):
        if node.low is None or node.high is None or not 0 <= node.high - node.low <= _MAX_YEARS:
            return None
        years = [f"year = {y}" for y in range(node.low, node.high + 1)]
        return (years[0], False) if len(years) == 1 else ("(" + " or ".join(years) + ")", False)
    if isinstance(node, Exact):
        if node.prefix or '"' in node.value:
            return None
        if node.column == "citekey":
            return f'citationkey == "{node.value}"', False
        if node.column == "doi":
            return f'doi = "{node.value}"', False
        return None
    if isinstance(node, Not):
        inner = _jabref(node.node)
        return (f"not ({inner[0]})", False) if inner else None
    if isinstance(node, And | Or):
        parts = [_jabref(n) for n in node.nodes]
        if any(p is None for p in parts):
            return None
        done = [p for p in parts if p is not None]
        if isinstance(node, And):
            return " and ".join(f"({t})" if paren else t for t, paren in done), False
        return " or ".join(t for t, _ in done), True
    return None  # collections, tags, notes, relations, flags: JabRef has no such field


def to_jabref(query: str) -> str | None:
    """A JabRef search expression (no flags) for a refman query, or None when it has terms
    JabRef cannot say (collections, tags, notes, citations, open year ranges...)."""
    node = parse_query(query)
    if isinstance(node, MatchAll | Flag):
        return None
    found = _jabref(node)
    return found[0] if found else None
