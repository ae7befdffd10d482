"""Conversions between core dataclasses and table rows. ORM-free: plain dicts for Core inserts."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from refman.core.model import Entry, EntrySummary, Person
from refman.core.normalize import fold, identity_key, normalize_doi

ENTRY_COLUMNS = (
    "citekey", "entry_type", "original_type", "title", "year", "date", "container", "volume", "issue",
    "pages", "publisher", "place", "edition", "genre", "doi", "url", "isbn", "issn", "abstract",
    "licence", "licence_url", "copyright_holder", "copyright_year", "language", "note",
)


def first_name_for_identity(entry: Entry) -> str:
    people = entry.authors or entry.editors or entry.contributors
    if not people:
        return ""
    p = people[0]
    return p.literal or p.family or p.given


def entry_row(entry: Entry, now: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {c: getattr(entry, c) for c in ENTRY_COLUMNS}
    row["keywords"] = json.dumps(list(entry.keywords), ensure_ascii=False) if entry.keywords else ""
    row["authors_display"] = entry.authors_display()
    people = entry.authors or entry.editors
    row["sort_author"] = fold(people[0].sort_name()) if people else ""
    row["sort_title"] = fold(entry.title)
    row["doi_norm"] = normalize_doi(entry.doi) if entry.doi else ""
    row["identity"] = identity_key(first_name_for_identity(entry), entry.year, entry.title)
    row["added"] = entry.added or now
    row["modified"] = now
    return row


def contributor_rows(entry_id: int, people: Sequence[Person]) -> list[dict[str, Any]]:
    return [
        {
            "entry_id": entry_id,
            "position": i,
            "role": p.role,
            "family": p.family,
            "given": p.given,
            "particle": p.particle,
            "suffix": p.suffix,
            "literal": p.literal,
            "affiliations": json.dumps(list(p.affiliations), ensure_ascii=False) if p.affiliations else "",
        }
        for i, p in enumerate(people)
    ]


def extra_rows(entry_id: int, extra: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"entry_id": entry_id, "position": i, "name": k, "value": v} for i, (k, v) in enumerate(extra)]


def fts_row(entry: Entry) -> dict[str, Any]:
    names = " ".join(
        " ".join(x for x in (p.given, p.particle, p.family, p.suffix, p.literal) if x) for p in entry.contributors
    )
    return {
        "title": entry.title,
        "contributors": names,
        "container": entry.container,
        "abstract": entry.abstract,
        "keywords": " ".join(entry.keywords),
    }


def person_from_row(r: Mapping[Any, Any]) -> Person:
    return Person(
        family=r["family"],
        given=r["given"],
        particle=r["particle"],
        suffix=r["suffix"],
        literal=r["literal"],
        role=r["role"],
        affiliations=tuple(json.loads(r["affiliations"])) if r["affiliations"] else (),
    )


def entry_from_row(
    r: Mapping[Any, Any], people: Sequence[Person], extra: Sequence[tuple[str, str]]
) -> Entry:
    values = {c: r[c] for c in ENTRY_COLUMNS}
    return Entry(
        **values,
        contributors=tuple(people),
        keywords=tuple(json.loads(r["keywords"])) if r["keywords"] else (),
        extra=tuple(extra),
        id=r["id"],
        added=r["added"],
        modified=r["modified"],
        version=r["version"],
    )


def summary_from_row(r: Mapping[Any, Any]) -> EntrySummary:
    return EntrySummary(
        id=r["id"],
        citekey=r["citekey"],
        authors=r["authors_display"],
        year=r["year"],
        title=r["title"],
        container=r["container"],
        entry_type=r["entry_type"],
        doi=r["doi"],
        publisher=r["publisher"],
        added=r["added"],
    )
