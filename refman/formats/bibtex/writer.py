"""Write BibTeX/BibLaTeX: raw blocks byte for byte, everything else in one canonical form.

Records stream straight to `out`. Between two `@` blocks the writer puts one blank line, which
is what the reader does not store; any other text between blocks came in as a "junk" block and
is written verbatim, so a file read and written back unchanged is byte-identical.

An entry with `raw` is written as read (its citekey is swapped in if the library renamed it). An
entry without `raw` but with `source_raw` (edited since import) is written canonically, except
that each group of fields whose value did not change is taken verbatim from the source, so an
edit to the title does not re-encode the authors' `{\\"o}`. Entries from other formats are
written from their decoded columns, encoded back to LaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from refman.core.model import Entry
from refman.core.records import ExportRecord
from refman.formats.bibtex.mapping import (
    ARTICLE_TYPES,
    GROUPS,
    THESIS_TYPES,
    bibtex_type,
    group_fields,
    group_value,
    map_entry,
    merge_extra,
)
from refman.formats.bibtex.syntax import (
    KEY_RE,
    NAME_OK_RE,
    BibSyntaxError,
    Scanner,
    evaluate,
    parse_entry,
    parse_string,
    value_parts,
)
from refman.formats.latex import encode, to_ascii

_RAW_HEAD_RE = re.compile(r"@[ \t\n\r]*[^\s\"#%'(),={}@]+[ \t\n\r]*([{(])")
_BAD_NAME_CHARS_RE = re.compile(r"[\s\"#%'(),={}@]")
_RENAME = {
    "bibtex": {"journaltitle": "journal", "location": "address"},
    "biblatex": {"journal": "journaltitle", "address": "location"},
}


# entry id -> (its key if written as imported else the entry, its raw or source text,
#              (dialect, ascii, macros in scope), the text written)
Rendered = dict[int, tuple["Entry | str", "str | None", object, str]]


class _Writer:
    def __init__(self, out: TextIO, dialect: str, ascii: bool, rendered: Rendered | None = None) -> None:
        if dialect not in ("bibtex", "biblatex"):
            raise ValueError(f"unknown BibTeX dialect {dialect!r}")
        self.out = out
        self.dialect = dialect
        self.ascii = ascii
        self.count = 0
        self.after_block = False  # the last thing written was an @ block
        self.macros: dict[str, str] = {}
        self.rendered = rendered
        self.scope: object = (dialect, ascii, frozenset())  # what a canonical rendering depends on

    def block(self, text: str) -> None:
        if self.after_block:
            self.out.write("\n\n")
        self.out.write(text)
        self.after_block = True

    def gap(self, text: str) -> None:
        self.out.write(text)
        self.after_block = False

    def finish(self) -> None:
        if self.after_block:
            self.out.write("\n")

    def add(self, rec: ExportRecord) -> None:
        if rec.kind == "entry":
            if rec.entry is None and rec.raw is None:
                return
            self.block(self.entry_text(rec))
            self.count += 1
            return
        raw = rec.raw
        if raw is None:
            return
        if rec.kind == "string":
            self._learn_string(raw)
        if rec.kind in ("string", "preamble", "comment") and raw.lstrip().startswith("@"):
            self.block(to_ascii(raw) if self.ascii else raw)
        else:
            self.gap(to_ascii(raw) if self.ascii else raw)

    def _learn_string(self, raw: str) -> None:
        blk = Scanner(raw).next_block(0)
        if blk is None or blk.kind != "string":
            return
        try:
            name, parts, _ = parse_string(raw, blk)
        except BibSyntaxError:
            return
        self.macros[name.lower()] = evaluate(parts, self.macros)
        self.scope = (self.dialect, self.ascii, frozenset(self.macros.items()))

    def entry_text(self, rec: ExportRecord) -> str:
        entry = rec.entry
        cache = self.rendered
        if cache is None or entry is None or entry.id is None:
            return self._render(rec)
        # As imported: the text depends on the raw text and the key; else on the whole entry.
        basis: Entry | str = entry.citekey if rec.raw is not None else entry
        source = rec.raw if rec.raw is not None else rec.source_raw
        hit = cache.get(entry.id)
        if hit is not None and hit[2] == self.scope and hit[1] == source and (
                hit[0] is basis or (type(hit[0]) is type(basis) and hit[0] == basis)):
            self.scope = hit[2]  # the cached object: the next entries compare by identity
            return hit[3]
        text = self._render(rec)
        cache[entry.id] = (basis, source, self.scope, text)
        return text

    def _render(self, rec: ExportRecord) -> str:
        entry = rec.entry
        if rec.raw is not None:
            raw = rec.raw
            if entry is not None:
                raw = _with_key(raw, entry.citekey)
            return _raw_ascii(raw) if self.ascii else raw
        assert entry is not None
        return self._canonical(entry, rec.source_raw)

    def _canonical(self, entry: Entry, source: str | None) -> str:
        """An entry in the canonical form, its unchanged field groups verbatim from `source`."""
        t = bibtex_type(entry, self.dialect)
        if source:
            reused = self._reuse(entry, source, t)
            if reused is not None:
                type_word, fields = reused
                return _format(type_word, entry.citekey, fields)
        fields = []
        for group in GROUPS:
            fields.extend(group_fields(entry, group, t, self.dialect, self.ascii))
        return _format(t, entry.citekey, merge_extra(fields, self._extra(entry)))

    def _extra(self, entry: Entry) -> tuple[tuple[str, str], ...]:
        """Extra fields as written: verbatim when they are BibTeX already (they came from a .bib
        file), else made into a legal field (values from CSL-JSON or RIS are plain text)."""
        out = []
        for name, value in entry.extra:
            if not NAME_OK_RE.fullmatch(name) or name[:1].isdigit():
                name = "x" + _BAD_NAME_CHARS_RE.sub("-", name)
            if value_parts(value) is None:
                value = "{" + encode(value, self.ascii) + "}"
            elif self.ascii:
                value = to_ascii(value)
            out.append((name, value))
        return tuple(out)

    def _reuse(self, entry: Entry, source: str, t: str) -> tuple[str, list[tuple[str, str]]] | None:
        """Canonical fields, but unchanged groups taken verbatim from the entry's source text."""
        blk = Scanner(source).next_block(0)
        if blk is None or blk.kind != "entry":
            return None
        try:
            parsed = parse_entry(source, blk)
        except BibSyntaxError:
            return None
        before = map_entry(blk.type_word, parsed.key, parsed.fields, self.macros)
        same_type = t == before.entry.original_type and entry.entry_type == before.entry.entry_type
        has_crossref = entry.extra_value("crossref") is not None
        rename = dict(_RENAME[self.dialect])
        if t in THESIS_TYPES:
            rename["school" if self.dialect == "biblatex" else "institution"] = (
                "institution" if self.dialect == "biblatex" else "school"
            )
        if t not in ARTICLE_TYPES:
            rename.pop("journal", None)
            rename.pop("journaltitle", None)
        fields: list[tuple[str, str]] = []
        for group in GROUPS:
            idxs = before.groups.get(group, [])
            now = group_value(entry, group)
            unchanged = now == group_value(before.entry, group)
            if group == "genre" and not same_type:
                unchanged = False
            if group == "date" and self.dialect == "bibtex" and any(
                parsed.fields[i].name.lower() == "date" for i in idxs
            ):
                unchanged = False  # classic BibTeX needs year/month, not date
            if unchanged:
                for i in sorted(idxs):
                    f = parsed.fields[i]
                    value = _raw_ascii(f.value) if self.ascii else f.value
                    fields.append((rename.get(f.name.lower(), f.name), value))
            elif not idxs and has_crossref and _is_empty(group_value(before.entry, group)):
                continue  # shown from the crossref parent; BibTeX and biber inherit it themselves
            else:
                fields.extend(group_fields(entry, group, t, self.dialect, self.ascii))
        type_word = blk.type_word if same_type else t
        return type_word, merge_extra(fields, self._extra(entry))


def _is_empty(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_is_empty(v) for v in value)
    return value in (None, "", ())


def _key_span(raw: str) -> tuple[int, int] | None:
    """Where the citekey is in an entry's raw text (the reader's own rule for reading it)."""
    m = _RAW_HEAD_RE.match(raw)
    if m is None:
        return None
    k = KEY_RE["}" if m.group(1) == "{" else ")"].match(raw, m.end())
    return (k.start(1), k.end(1)) if k else None


def _with_key(raw: str, key: str) -> str:
    span = _key_span(raw)
    if span is None or not key or raw[span[0] : span[1]] == key:
        return raw
    return raw[: span[0]] + key + raw[span[1] :]


def _raw_ascii(raw: str) -> str:
    """Raw text with non-ASCII as LaTeX, except in the citekey (which is an identifier, not text)."""
    span = _key_span(raw)
    if span is None:
        return to_ascii(raw)
    return to_ascii(raw[: span[0]]) + raw[span[0] : span[1]] + to_ascii(raw[span[1] :])


def _format(type_word: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{type_word}{{{key},"]
    lines.extend(f"  {name} = {value}," for name, value in fields)
    if len(lines) > 1:
        lines[-1] = lines[-1][:-1]
    else:
        lines[0] = lines[0][:-1]
    return "\n".join(lines) + "\n}"


def write(records: Iterable[ExportRecord], out: TextIO, *, dialect: str = "bibtex", ascii: bool = False,
          rendered: Rendered | None = None) -> int:
    """Write records to `out` as they come; returns the number of entries written.

    `rendered` (kept between exports by keep-updated files): canonical texts of entries, reused
    while the entry, its source text, the dialect and the @string macros in scope are the same."""
    w = _Writer(out, dialect, ascii, rendered)
    for rec in records:
        w.add(rec)
    w.finish()
    return w.count
