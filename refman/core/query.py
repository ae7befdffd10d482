"""The search language shared by the CLI and the GUI search box, parsed to a small AST.

Parsing is pure and total: any string yields a query (unbalanced quotes close at the end, a
lone operator is ignored). Only a value that cannot mean anything, such as `year:abc`, or a
query of more than MAX_TERMS terms raises `QuerySyntaxError`. The store compiles the AST to SQL; nothing here knows about SQL.

Syntax (documented in the README and `refman search --help`):
    word            any text field, prefix match, case- and accent-insensitive
    "a phrase"      the words in this order
    author:smith    title:, journal:, abstract:, keyword:, publisher: likewise
    year:2020       year:2020..2024   year:..2010   year:2015..
    type:book       key:smith2020     doi:10.1000/x
    cited-by:KEY    the entries KEY cites (its reference list, in order)
    cites:KEY       the entries that cite KEY
    in:"Parent/Child"   entries in a collection or any of its subcollections
    in-only:"A/B"   entries directly in that collection
    tag:name        entries with that tag;  note:word  entries whose notes have the word
    is:unfiled      entries in no collection;  is:trashed  entries in the Trash
    has:note  has:doi  has:tag  has:abstract
    Entries in the Trash match only queries that say is:trashed.
    -term           negation;  a OR b   alternatives;  ( ... ) grouping
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refman.core.errors import QuerySyntaxError
from refman.core.query_root import MatchAll as MatchAll  # re-exported: defined apart for the first paint
from refman.core.query_root import Node as Node

TEXT_FIELDS = {
    "author": "contributors",
    "authors": "contributors",
    "editor": "contributors",
    "title": "title",
    "journal": "container",
    "container": "container",
    "booktitle": "container",
    "abstract": "abstract",
    "keyword": "keywords",
    "keywords": "keywords",
    "publisher": "publisher",
}
EXACT_FIELDS = {"type": "entry_type", "key": "citekey", "citekey": "citekey", "doi": "doi"}
RELATION_FIELDS = {"cited-by": "cited-by", "citedby": "cited-by", "cites": "cites"}
ORGANISE_FIELDS = ("in", "in-only", "tag", "note", "is", "has")
IS_FLAGS = ("unfiled", "trashed")
HAS_FLAGS = ("note", "doi", "tag", "abstract")
# Parentheses nest at most this deep; an opening parenthesis beyond it is ignored (its closing
# one then counts as unbalanced), so a query of 5,000 "(" parses instead of overflowing the stack,
# and the SQL stays far below SQLite's expression-depth limit of 1,000.
MAX_NESTING = 32
# More terms than this raise QuerySyntaxError: each is one more level of SQL expression.
MAX_TERMS = 256


@dataclass(frozen=True, slots=True)
class Text(Node):
    """Words to find; `column` None means any text column. `phrase` keeps word order."""

    words: tuple[str, ...]
    column: str | None = None
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Exact(Node):
    column: str
    value: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class YearRange(Node):
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class RelationTo(Node):
    """kind "cited-by": entries that `key` cites; kind "cites": entries that cite `key`."""

    kind: str
    key: str


@dataclass(frozen=True, slots=True)
class InCollection(Node):
    """Entries in the collection at `path` (names from the root), and in its subcollections
    when `recursive`."""

    path: tuple[str, ...]
    recursive: bool = True


@dataclass(frozen=True, slots=True)
class HasTag(Node):
    name: str


@dataclass(frozen=True, slots=True)
class NoteText(Node):
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Flag(Node):
    """is:unfiled, is:trashed (kind "is"); has:note, has:doi, has:tag, has:abstract (kind "has")."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Not(Node):
    node: Node


@dataclass(frozen=True, slots=True)
class And(Node):
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    nodes: tuple[Node, ...]


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def words_of(text: str) -> tuple[str, ...]:
    """Split user text into index words, the way the FTS tokenizer will."""
    return tuple(w for w in _WORD_RE.findall(text) if w.strip("_"))


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<nlp>-\()
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<term>-?(?:[\w-]+:)?(?:"[^"]*(?:"|$)|[^\s()"]+))
  | (?P<other>.)
    """,
    re.VERBOSE | re.UNICODE,
)


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "other":
            if m.group() == '"':  # a lone opening quote: the rest is a phrase
                out.append('"' + text[m.end() :])
                break
            continue
        out.append(m.group())
    return out


def _parse_year(value: str, original: str) -> YearRange:
    def year(s: str) -> int | None:
        s = s.strip()
        if not s:
            return None
        if not s.isdigit() or len(s) > 4:
            raise QuerySyntaxError(f"'{original}': a year is a number like 2020 or a range like 2020..2024")
        return int(s)

    if ".." in value:
        lo, hi = value.split("..", 1)
        return YearRange(year(lo), year(hi))
    if "-" in value.strip("-") and value.replace("-", "").isdigit():
        lo, hi = value.split("-", 1)
        return YearRange(year(lo), year(hi))
    y = year(value)
    if y is None:
        raise QuerySyntaxError(f"'{original}': year needs a value")
    return YearRange(y, y)


def _term(token: str) -> Node | None:
    negate = token.startswith("-") and len(token) > 1
    if negate:
        token = token[1:]
    field = None
    value = token
    m = re.match(r"^([\w-]+):(.*)$", token, re.UNICODE | re.DOTALL)
    if m and (m.group(1).lower() in TEXT_FIELDS or m.group(1).lower() in EXACT_FIELDS
              or m.group(1).lower() in RELATION_FIELDS or m.group(1).lower() == "year"
              or m.group(1).lower() in ORGANISE_FIELDS):
        field, value = m.group(1).lower(), m.group(2)
    phrase = value.startswith('"')
    if phrase:
        value = value[1:-1] if value.endswith('"') and len(value) > 1 else value[1:]
    node: Node | None
    if field == "year":
        node = _parse_year(value, token)
    elif field in EXACT_FIELDS:
        if not value:
            return None
        column = EXACT_FIELDS[field]
        prefix = value.endswith("*")
        node = Exact(column, value.rstrip("*") if prefix else value, prefix)
    elif field in RELATION_FIELDS:
        if not value:
            return None
        node = RelationTo(RELATION_FIELDS[field], value)
    elif field in ORGANISE_FIELDS:
        node = _organise_term(field, value, token)
        if node is None:
            return None
    else:
        words = words_of(value)
        if not words:
            return None
        node = Text(words, TEXT_FIELDS.get(field) if field else None, phrase and len(words) > 1)
    return Not(node) if negate else node


_PREFIXED = re.compile(r"^-?([A-Za-z][\w-]*):([^/].*)$", re.UNICODE | re.DOTALL)


def known_fields() -> list[str]:
    """Every field prefix the query language understands, for messages."""
    return sorted({*TEXT_FIELDS, *EXACT_FIELDS, *RELATION_FIELDS, "year"})


def unknown_prefixes(text: str) -> list[str]:
    """Tokens that look like `field:value` with a field the language does not know ('foo:bar',
    'tag:x'): they are searched as plain words, and the user should be told so."""
    known = set(known_fields())
    out: list[str] = []
    for token in _tokens(text):
        m = _PREFIXED.match(token)
        if m and m.group(1).lower() not in known and token not in out:
            out.append(token.lstrip("-"))
    return out
def _organise_term(field: str, value: str, original: str) -> Node | None:
    from refman.core.organise import split_path

    if field in ("in", "in-only"):
        path = split_path(value)
        return InCollection(path, field == "in") if path else None
    if field == "tag":
        return HasTag(value.strip()) if value.strip() else None
    if field == "note":
        words = words_of(value)
        return NoteText(words) if words else None
    flags = IS_FLAGS if field == "is" else HAS_FLAGS
    name = value.strip().lower()
    if name not in flags:
        raise QuerySyntaxError(f"'{original}': {field}: takes one of {', '.join(flags)}")
    return Flag(field, name)


def mentions_trash(node: Node) -> bool:
    """Whether the query asks about the Trash (is:trashed anywhere); other queries never see it."""
    if isinstance(node, Flag):
        return node.kind == "is" and node.name == "trashed"
    if isinstance(node, Not):
        return mentions_trash(node.node)
    if isinstance(node, And | Or):
        return any(mentions_trash(n) for n in node.nodes)
    return False


def parse_query(text: str) -> Node:
    """Parse a query string. Never raises on punctuation or unbalanced quotes or parentheses."""
    bad = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
    if bad is not None:  # bytes that were not UTF-8 (surrogate-escaped by the command line)
        raise QuerySyntaxError(f"the query contains bytes that are not valid text ({_shown(text)}); "
                               "type it in UTF-8")
    tokens = _tokens(text)
    terms = sum(1 for t in tokens if t not in ("(", "-(", ")", "AND", "OR"))
    if terms > MAX_TERMS:
        raise QuerySyntaxError(f"the query has {terms} terms; at most {MAX_TERMS} can be searched at once")
    pos = 0
    depth = 0

    def parse_or() -> Node | None:
        nonlocal pos
        alternatives: list[Node] = []
        current = parse_and()
        if current is not None:
            alternatives.append(current)
        while pos < len(tokens) and tokens[pos] == "OR":
            pos += 1
            nxt = parse_and()
            if nxt is not None:
                alternatives.append(nxt)
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))

    def parse_and() -> Node | None:
        nonlocal pos, depth
        parts: list[Node] = []
        while pos < len(tokens) and tokens[pos] not in ("OR", ")"):
            tok = tokens[pos]
            pos += 1
            if tok == "AND":
                continue
            if tok in ("(", "-("):
                if depth >= MAX_NESTING:
                    continue  # deeper groups add nothing a person means; recursing further would crash
                depth += 1
                inner = parse_or()
                depth -= 1
                if pos < len(tokens) and tokens[pos] == ")":
                    pos += 1
                if inner is not None:
                    parts.append(Not(inner) if tok == "-(" else inner)
                continue
            node = _term(tok)
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    result: list[Node] = []
    while pos < len(tokens):
        node = parse_or()
        if node is not None:
            result.append(node)
        if pos < len(tokens) and tokens[pos] == ")":
            pos += 1  # unbalanced closing parenthesis: skip it
    if not result:
        return MatchAll()
    return result[0] if len(result) == 1 else And(tuple(result))


def parse_selection(text: str) -> Node:
    """Parse a query that chooses entries for a bulk command (export, delete): one that reduces
    to nothing (`title:`, `cited-by:`, `""`) is an error there, never "every entry"."""
    node = parse_query(text)
    if isinstance(node, MatchAll):
        raise QuerySyntaxError(f"the query {_shown(text)} selects nothing specific; "
                               "give a word or field:value (or no query at all for every entry)")
    return node


def _shown(text: str) -> str:
    return repr(text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
