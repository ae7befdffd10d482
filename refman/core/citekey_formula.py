"""Citation keys by formula (issue 20), in the manner of Better BibTeX and JabRef.

A formula is one or more alternatives separated by `|`; the first alternative whose every field
term gives something is used (`auth + year | title(2) + year` falls back to the title for an
entry without people). An alternative is terms joined by `+`; a term is a field, a function call
or a quoted literal, followed by any number of `.modifier`s:

Fields and functions
    auth            family name of the first author (editor, other contributor if none)
    auth(n)         the first n characters of it
    authors(n)      family names of the first n authors, joined (all if n is omitted)
    authetal        `auth` for one author, `auth`+`auth2` for two, `auth`+"EtAl" for more
    year            four-digit year; shortyear: its last two digits
    title           every title word, capitalised and joined
    shorttitle(n,m) the first n title words that are not function words, each cut to m letters
                    (m = 0: whole words); veryshorttitle = shorttitle(1,0)
    journal         initials of the container title's significant words ("Phys. Rev. Lett." -> PRL)
    container       the container title, words capitalised and joined
    type            the entry type (article-journal, book, ...); volume, pages (first page)
    "text"          the text itself (`"_"`, `":"`)

Modifiers
    .lower .upper .capitalize   case
    .prefix(n)                  the first n characters
    .ascii                      ASCII-fold (already done to the whole key unless folding is off)

Every key is cleaned of characters BibTeX and biber do not accept in a key (spaces, `,{}()"#%'=\\~`)
and, by default, folded to ASCII ('Müller' -> 'Muller'). Postfixes a, b, c ... are added by the
caller (see `assign_postfixes`) so that the same entries get the same keys whatever the order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from refman.core.citekeys import _STOP, ascii_fold, unique_key
from refman.core.errors import InputError
from refman.core.model import Entry, Person

EXAMPLE = "auth.lower + shorttitle(3,3) + year"


class FormulaError(InputError):
    """A formula that cannot be parsed; the message says where."""


@dataclass(frozen=True, slots=True)
class _Term:
    name: str  # field or function name; "" for a literal
    args: tuple[int, ...]
    literal: str
    modifiers: tuple[tuple[str, tuple[int, ...]], ...]


_TOKEN = re.compile(r'\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<str>"[^"]*")|(?P<punct>[+|.(),])|(?P<num>\d+))')
_FIELDS = {"auth", "authors", "authetal", "year", "shortyear", "title", "shorttitle", "veryshorttitle", "journal",
           "container", "type", "volume", "pages"}
_MODIFIERS = {"lower", "upper", "capitalize", "prefix", "ascii"}
_BAD = re.compile(r"[\s,{}()\"#%'=\\~]")


def _tokens(formula: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(formula):
        if formula[pos:].strip() == "":
            break
        m = _TOKEN.match(formula, pos)
        if m is None or m.end() == pos:
            raise FormulaError(f"key formula: unexpected '{formula[pos:].strip()[:10]}' at character {pos + 1}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class Formula:
    """A parsed formula; `Formula(text)` raises FormulaError with the place of the problem."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        if not self.text:
            raise FormulaError("key formula: empty")
        self._toks = _tokens(self.text)
        self._i = 0
        self.alternatives: list[list[_Term]] = [self._alternative()]
        while self._peek("|"):
            self._i += 1
            self.alternatives.append(self._alternative())
        if self._i < len(self._toks):
            raise FormulaError(f"key formula: unexpected '{self._toks[self._i][1]}' at character "
                               f"{self._toks[self._i][2] + 1}")

    def _peek(self, punct: str) -> bool:
        return self._i < len(self._toks) and self._toks[self._i][0] == "punct" and self._toks[self._i][1] == punct

    def _expect_end(self, what: str) -> tuple[str, str, int]:
        if self._i >= len(self._toks):
            raise FormulaError(f"key formula: {what} expected at the end")
        tok = self._toks[self._i]
        self._i += 1
        return tok

    def _args(self) -> tuple[int, ...]:
        if not self._peek("("):
            return ()
        self._i += 1
        args: list[int] = []
        while True:
            kind, val, at = self._expect_end("a number")
            if kind != "num":
                raise FormulaError(f"key formula: a number expected at character {at + 1}, not '{val}'")
            args.append(int(val))
            kind, val, at = self._expect_end("')'")
            if val == ")":
                return tuple(args)
            if val != ",":
                raise FormulaError(f"key formula: ',' or ')' expected at character {at + 1}")

    def _term(self) -> _Term:
        kind, val, at = self._expect_end("a field")
        args: tuple[int, ...] = ()
        if kind == "str":
            name, args, literal = "", (), val[1:-1]
        elif kind == "name":
            if val not in _FIELDS:
                raise FormulaError(f"key formula: unknown field '{val}' at character {at + 1} "
                                   f"(known: {', '.join(sorted(_FIELDS))})")
            name, args, literal = val, self._args(), ""
        else:
            raise FormulaError(f"key formula: a field expected at character {at + 1}, not '{val}'")
        mods: list[tuple[str, tuple[int, ...]]] = []
        while self._peek("."):
            self._i += 1
            kind, val, at = self._expect_end("a modifier")
            if kind != "name" or val not in _MODIFIERS:
                raise FormulaError(f"key formula: unknown modifier '{val}' at character {at + 1} "
                                   f"(known: {', '.join(sorted(_MODIFIERS))})")
            mods.append((val, self._args()))
        return _Term(name, args, literal, tuple(mods))

    def _alternative(self) -> list[_Term]:
        terms = [self._term()]
        while self._peek("+"):
            self._i += 1
            terms.append(self._term())
        return terms

    def base(self, entry: Entry, fold: bool = True) -> str:
        """The key before any postfix: the first alternative whose fields all give something."""
        for alt in self.alternatives:
            parts = [_apply(t, entry) for t in alt]
            if all(p for t, p in zip(alt, parts, strict=True) if t.name):
                return clean("".join(parts), fold)
        return "anon"


def clean(key: str, fold: bool = True) -> str:
    key = ascii_fold(key) if fold else key
    return _BAD.sub("", key) or "anon"


def _people(entry: Entry) -> tuple[Person, ...]:
    return entry.authors or entry.editors or entry.contributors


def _family(p: Person) -> str:
    name = p.family or p.literal or p.given
    return re.sub(r"[^\w]", "", name.replace(" ", ""))


def _words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]", "", w) for w in re.split(r"[\s\-–—:/]+", text)) if w]


def _significant(text: str) -> list[str]:
    return [w for w in _words(text) if ascii_fold(w).lower() not in _STOP]


def _field(t: _Term, e: Entry) -> str:
    n = t.args[0] if t.args else 0
    people = _people(e)
    if t.name == "auth":
        v = _family(people[0]) if people else ""
        return v[:n] if n else v
    if t.name == "authors":
        chosen = people[:n] if n else people
        return "".join(_family(p) for p in chosen)
    if t.name == "authetal":
        if len(people) <= 2:
            return "".join(_family(p) for p in people)
        return _family(people[0]) + "EtAl"
    if t.name == "year":
        return str(e.year) if e.year else ""
    if t.name == "shortyear":
        return str(e.year)[-2:] if e.year else ""
    if t.name == "title":
        return "".join(w[:1].upper() + w[1:] for w in _words(e.title))
    if t.name in ("shorttitle", "veryshorttitle"):
        words_n, cut = (t.args + (3, 0)[len(t.args):])[:2] if t.name == "shorttitle" else (1, 0)
        words = _significant(e.title)[:words_n]
        return "".join((w[:cut] if cut else w)[:1].upper() + (w[:cut] if cut else w)[1:] for w in words)
    if t.name == "journal":
        return "".join(w[0].upper() for w in _significant(e.container))
    if t.name == "container":
        return "".join(w[:1].upper() + w[1:] for w in _words(e.container))
    if t.name == "type":
        return e.entry_type
    if t.name == "volume":
        return e.volume
    if t.name == "pages":
        return re.split(r"[-–—,]", e.pages, maxsplit=1)[0].strip() if e.pages else ""
    raise AssertionError(t.name)  # every name in _FIELDS is handled above


def _apply(t: _Term, e: Entry) -> str:
    value = t.literal if not t.name else _field(t, e)
    for mod, args in t.modifiers:
        if mod == "lower":
            value = value.lower()
        elif mod == "upper":
            value = value.upper()
        elif mod == "capitalize":
            value = value[:1].upper() + value[1:]
        elif mod == "prefix":
            value = value[: args[0]] if args else value
        elif mod == "ascii":
            value = ascii_fold(value)
    return value


def _order(entry: Entry) -> tuple[object, ...]:
    """A content order for the entries that share a base key: not the order they arrived in."""
    people = tuple((p.family, p.given, p.literal) for p in _people(entry))
    return (entry.year or 0, entry.title.casefold(), people, entry.container.casefold(), entry.doi.casefold(),
            entry.volume, entry.pages, entry.entry_type, entry.date, entry.publisher)


def assign_postfixes(bases: dict[int, str], entries: dict[int, Entry], taken: Callable[[str], bool]) -> dict[int, str]:
    """Keys for entries (by id) from their base keys: the entries sharing a base get base, base+a,
    base+b ... in content order (ties by id), skipping keys `taken` says are used by others."""
    groups: dict[str, list[int]] = {}
    for entry_id, base in bases.items():
        groups.setdefault(base, []).append(entry_id)
    out: dict[int, str] = {}
    given: set[str] = set()
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda i: (_order(entries[i]), i))
        for entry_id in members:
            key = unique_key(base, lambda k: k in given or taken(k))
            given.add(key)
            out[entry_id] = key
    return out


def validate(formula: str) -> Formula:
    """The parsed formula (raises FormulaError)."""
    return Formula(formula)


def base_keys(formula: Formula | None, entries: Sequence[Entry], fold: bool = True) -> list[str]:
    """Base keys of entries: by formula, or refman's built-in readable key when there is none."""
    from refman.core.citekeys import base_key

    if formula is None:
        return [base_key(e) for e in entries]
    return [formula.base(e, fold) for e in entries]
