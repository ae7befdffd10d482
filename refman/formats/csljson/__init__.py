"""CSL-JSON, the interchange format of Zotero, pandoc and citeproc, read and written.

`entry_to_csl` is also what the citation engine is fed, so standard variables are mapped with
care (page ranges as written, dates as `date-parts`, names split into CSL parts).

What CSL-JSON cannot hold is kept in the CSL 1.0.2 `custom` object, under the key `refman`
(the schema's designated place for non-CSL data; citeproc and pandoc ignore it):

- `licence_url`, `copyright_holder`, `copyright_year`: refman-only fields, always trusted.
- `extra`: the order of `Entry.extra` and the values that cannot be top-level CSL keys. A
  string names a top-level key whose (JSON-encoded) value belongs to extra; a `[key, value]`
  pair holds the value itself (non-JSON values from BibTeX, duplicate keys, keys that clash
  with mapped variables). Extra values that are canonical JSON of an unmapped key are written
  as ordinary top-level keys, so `accessed`, `collection-title` and friends reach citeproc.
- `derived`: overrides for fields whose CSL form would read back differently (a date that is
  not ISO, keywords containing commas, contributor order interleaving roles, affiliations,
  the source's own type word). Each is `[value, basis]`: it applies only while the visible
  CSL value it was computed from (`basis`) is unchanged, so a hand edit of the JSON wins.

Reading another tool's CSL-JSON: keys refman has no column for go to `Entry.extra`
verbatim as JSON text; `dropping-particle` is folded into `given` (where Zotero keeps it);
an `id` that is a URI (Zotero's default export) is not used as citekey, a `citation-key` is.
"""

from __future__ import annotations

from refman.core.model import ParseResult
from refman.formats.csljson.reading import FORMAT, csl_to_entry, read, sniff
from refman.formats.csljson.writing import entry_to_csl, write

__all__ = ["FORMAT", "ParseResult", "csl_to_entry", "entry_to_csl", "read", "sniff", "write"]
