"""CSL-JSON's variables and the rules both directions share: types, dates, keywords, citekeys,
canonical JSON. The writer runs the reader's own rules to know what will come back."""

from __future__ import annotations

import json
import re
from typing import Any

from refman.core.model import ENTRY_TYPES, ROLES, Entry

# Every item type of CSL 1.0.2; those outside ENTRY_TYPES are imported as the nearest one and
# the exact word is kept in Entry.original_type, which the writer puts back.
_CSL_TYPE_FALLBACK: dict[str, str] = {
    "bill": "legislation",
    "regulation": "legislation",
    "treaty": "legislation",
    "hearing": "legislation",
    "broadcast": "motion_picture",
    "classic": "book",
    "collection": "book",
    "periodical": "book",
    "pamphlet": "document",
    "entry": "entry-encyclopedia",
    "event": "document",
    "figure": "document",
    "graphic": "document",
    "interview": "document",
    "map": "document",
    "musical_score": "document",
    "performance": "speech",
    "personal_communication": "document",
    "post": "webpage",
    "post-weblog": "webpage",
    "review": "article-journal",
    "review-book": "article-journal",
    "song": "document",
    "standard": "report",
}

# Scalar CSL variables with a column of their own: (CSL key, Entry attribute).
_STRING_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("container-title", "container"),
    ("volume", "volume"),
    ("issue", "issue"),
    ("page", "pages"),
    ("publisher", "publisher"),
    ("publisher-place", "place"),
    ("edition", "edition"),
    ("genre", "genre"),
    ("DOI", "doi"),
    ("ISBN", "isbn"),
    ("ISSN", "issn"),
    ("URL", "url"),
    ("language", "language"),
    ("abstract", "abstract"),
    ("note", "note"),
    ("license", "licence"),
)
_STRING_KEYS = {key: attr for key, attr in _STRING_FIELDS}
# Lower-case spellings some tools write; read only when the proper key is absent.
_ALIASES = {"doi": "DOI", "isbn": "ISBN", "issn": "ISSN", "url": "URL"}

# Keys the reader interprets; an Entry.extra item under one of them never goes top-level.
_MAPPED = frozenset(
    {"id", "type", "issued", "keyword", "citation-key", "custom", *ROLES, *_STRING_KEYS, *_ALIASES}
)
_NAME_PARTS = ("family", "given", "non-dropping-particle", "suffix", "literal")
_SIDECAR = "refman"


# --------------------------------------------------------------------------------------------
# Shared derivations: the writer runs the reader's own rules to know what will come back.


def _types_from(value: object) -> tuple[str, str, str | None]:
    """(entry_type, original_type, warning) for a CSL `type` value."""
    if not isinstance(value, str) or not value:
        return "document", "", "item has no type; imported as document"
    if value in ENTRY_TYPES:
        return value, "", None
    if value in _CSL_TYPE_FALLBACK:
        return _CSL_TYPE_FALLBACK[value], value, None
    return "document", value, f"unknown CSL type '{value}'; imported as document"


def _csl_type_for(entry: Entry) -> str:
    ot = entry.original_type
    if ot and ot not in ENTRY_TYPES and _CSL_TYPE_FALLBACK.get(ot) == entry.entry_type:
        return ot
    return entry.entry_type or "document"


_ISO_PART = re.compile(r"^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _valid_parts(parts: list[int]) -> bool:
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    return not (len(parts) == 3 and not 1 <= parts[2] <= 31)


def _parse_iso(text: str) -> list[list[int]] | None:
    """'2020', '2020-03-05', '2020-03/2021' as CSL date-parts; None if not of that form."""
    sides = text.strip().split("/")
    if len(sides) > 2:
        return None
    out: list[list[int]] = []
    for side in sides:
        m = _ISO_PART.match(side)
        if not m:
            return None
        parts = [int(g) for g in m.groups() if g is not None]
        if not _valid_parts(parts):
            return None
        out.append(parts)
    return out


def _iso(parts: list[int]) -> str:
    y = parts[0]
    out = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
    for p in parts[1:]:
        out += f"-{p:02d}"
    return out


def _int_part(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,6}", value.strip()):
        return int(value)
    return None


def _date_parts(value: object) -> list[list[int]] | None:
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        return None
    out: list[list[int]] = []
    for part in value:
        if not isinstance(part, list) or not 1 <= len(part) <= 3:
            return None
        ints = [_int_part(p) for p in part]
        if any(i is None for i in ints):
            return None
        clean = [i for i in ints if i is not None]
        if not _valid_parts(clean):
            return None
        out.append(clean)
    return out


def _year_in(text: str) -> int | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    return int(m.group(1)) if m else None


def _parse_issued(value: object) -> tuple[str, int | None, bool]:
    """(ISO date, year, keep original): keep when the CSL date says more than ISO can."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value)
        parts = _parse_iso(text)
        if parts:
            return "/".join(_iso(p) for p in parts), parts[0][0], False
        return "", _year_in(text), True
    if isinstance(value, dict):
        extra_keys = set(value) - {"date-parts"}
        parts = _date_parts(value.get("date-parts"))
        if parts:
            return "/".join(_iso(p) for p in parts), parts[0][0], bool(extra_keys)
        raw = value.get("raw", value.get("literal"))
        if isinstance(raw, str):
            parts = _parse_iso(raw)
            if parts and set(value) == {"raw"}:
                return "/".join(_iso(p) for p in parts), parts[0][0], False
            year = parts[0][0] if parts else _year_in(raw)
            return "", year, True
    return "", None, True


def _issued_for(entry: Entry) -> dict[str, Any] | None:
    if entry.date:
        parts = _parse_iso(entry.date)
        if parts:
            return {"date-parts": parts}
        return {"raw": entry.date}
    if entry.year is not None:
        return {"date-parts": [[entry.year]]}
    return None


def _split_keywords(text: str) -> list[str]:
    sep = "," if "," in text else ";" if ";" in text else None
    parts = text.split(sep) if sep else [text]
    return [p.strip() for p in parts if p.strip()]


def _citekey_from(item: dict[str, Any]) -> tuple[str, bool]:
    """(citekey, whether `id` was used for it). A URI id (Zotero's default) is no citekey."""
    ck = item.get("citation-key")
    ident = item.get("id")
    if isinstance(ck, str) and ck.strip() and not re.search(r"\s", ck.strip()):
        return ck.strip(), isinstance(ident, str) and ident == ck.strip()
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return "", False
    key = str(ident)
    if not key or "://" in key:
        return "", False
    return key, True


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _reject_constant(name: str) -> object:
    raise ValueError(name)


def _canonical_json(text: str) -> tuple[bool, Any]:
    """(True, value) when `text` is exactly what the reader's `_dumps` would make of value."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return False, None
    return _dumps(value) == text, value


def _scalar(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None

def _role_counts(item: dict[str, Any]) -> dict[str, int]:
    return {r: len(item[r]) for r in ROLES if isinstance(item.get(r), list)}
