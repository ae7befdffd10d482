"""What keep-updated exports keep between writes, so that a re-export after one edit redoes only
the work that edit caused (issue 18: 20,000 entries re-exported in under a second).

Three parts, each checked against what it was made from, so a stale part is never used:

- the store's entry cache (`Store.entry_cache`): entries read, reused while their `modified`
  stamp is the same (every write of an entry moves it);
- `macros`: the @string macros each raw entry uses, which a partial BibTeX export must define
  first. Finding them parses the entry, three quarters of a 20k re-export before this cache;
  reused while the entry's raw text is the same (its length and hash);
- `rendered`: the text of each entry as written, reused while what it was made from is the
  same (the BibTeX writer checks; see formats/bibtex/writer.py): for an entry written as
  imported its raw text and key, for the others (edited since import, or imported from another
  format, written canonically) the whole entry and its source text; and always the dialect and
  the @string macros in scope. An unchanged entry's text is its raw text itself, not a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refman.core.model import Entry


@dataclass(slots=True)
class ExportCache:
    # entry id -> (length of its raw text, hash of it, lower-case macro names it uses)
    macros: dict[int, tuple[int, int, list[str]]] = field(default_factory=dict)
    # entry id -> (key or entry, raw or source text, dialect/ascii/macros, text): see the BibTeX writer
    rendered: dict[int, tuple[Entry | str, str | None, object, str]] = field(default_factory=dict)

    def clear(self) -> None:
        self.macros.clear()
        self.rendered.clear()
