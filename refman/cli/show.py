"""Plain-text rendering of one entry for `refman show`."""

from __future__ import annotations

from collections.abc import Sequence

from refman.core.model import Entry, EntrySummary

_FIELDS = (
    ("Type", "entry_type"), ("Title", "title"), ("Year", "year"), ("Date", "date"), ("Container", "container"),
    ("Volume", "volume"), ("Issue", "issue"), ("Pages", "pages"), ("Edition", "edition"), ("Genre", "genre"),
    ("Publisher", "publisher"), ("Place", "place"), ("DOI", "doi"), ("URL", "url"), ("ISBN", "isbn"),
    ("ISSN", "issn"), ("Language", "language"), ("Licence", "licence"), ("Licence URL", "licence_url"),
    ("Copyright", "copyright_holder"), ("Note", "note"),
)


def render_entry(entry: Entry, references: Sequence[EntrySummary] = (), cited_by: Sequence[EntrySummary] = ()) -> str:
    lines = [f"{entry.citekey}"]
    for person in entry.contributors:
        aff = f"  [{'; '.join(person.affiliations)}]" if person.affiliations else ""
        lines.append(f"  {person.role.capitalize():<12} {person.display()}{aff}")
    for label, attr in _FIELDS:
        value = getattr(entry, attr)
        if value not in ("", None):
            if attr == "copyright_holder" and entry.copyright_year:
                value = f"{value} ({entry.copyright_year})"
            lines.append(f"  {label:<12} {value}")
    if entry.keywords:
        lines.append(f"  {'Keywords':<12} {'; '.join(entry.keywords)}")
    for name, value in entry.extra:
        lines.append(f"  {name:<12} {value}")
    if entry.abstract:
        lines.append("  Abstract")
        lines.append("    " + entry.abstract)
    if references:
        lines.append(f"  References ({len(references)})")
        lines.extend(f"    {i}. {r.citekey}  {r.authors} ({r.year or 'n.d.'}) {r.title}" for i, r in enumerate(references, 1))
    if cited_by:
        lines.append(f"  Cited by ({len(cited_by)})")
        lines.extend(f"    {r.citekey}  {r.title}" for r in cited_by)
    return "\n".join(lines)
