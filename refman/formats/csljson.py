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

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from refman.core.model import ENTRY_TYPES, ROLES, Entry, ParseResult, Person, Problem, RawBlock
from refman.core.records import ExportRecord

FORMAT = "csljson"

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


# --------------------------------------------------------------------------------------------
# Entry -> CSL


def _name(person: Person) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, val in (
        ("family", person.family),
        ("given", person.given),
        ("non-dropping-particle", person.particle),
        ("suffix", person.suffix),
        ("literal", person.literal),
    ):
        if val:
            out[key] = val
    return out


def entry_to_csl(entry: Entry) -> dict[str, Any]:
    """The CSL-JSON item for `entry`; `csl_to_entry` of it gives `entry` back field for field."""
    item: dict[str, Any] = {}
    if entry.citekey:
        item["id"] = entry.citekey
        if "://" in entry.citekey:  # the reader takes a URI id for Zotero's, not a citekey
            item["citation-key"] = entry.citekey
    item["type"] = _csl_type_for(entry)
    if entry.title:
        item["title"] = entry.title
    roles_in_order: list[str] = []
    for p in entry.contributors:
        if p.role not in roles_in_order:
            roles_in_order.append(p.role)
        item.setdefault(p.role, []).append(_name(p))
    extra = list(entry.extra)
    issued: Any = None
    issued_from_extra: int | None = None
    for i, (k, v) in enumerate(extra):
        if k == "issued":
            ok, obj = _canonical_json(v)
            if ok:
                d2, y2, keep = _parse_issued(obj)
                if keep and d2 == entry.date and y2 == entry.year:
                    issued, issued_from_extra = obj, i
            break
    if issued_from_extra is None:
        issued = _issued_for(entry)
    if issued is not None or issued_from_extra is not None:
        item["issued"] = issued
    for key, attr in _STRING_FIELDS:
        if key in ("note", "license"):
            continue
        val = getattr(entry, attr)
        if val:
            item[key] = val
    if entry.keywords:
        item["keyword"] = ", ".join(entry.keywords)
    for key, attr in (("note", "note"), ("license", "licence")):
        val = getattr(entry, attr)
        if val:
            item[key] = val

    # Entry.extra: top-level where the reader will give the same text back, else in the sidecar.
    refs: list[Any] = []
    need_refs = False
    for i, (k, v) in enumerate(extra):
        if i == issued_from_extra:
            refs.append("issued")
            continue
        ok, obj = _canonical_json(v)
        plain = k not in _MAPPED
        other_tools_custom = k == "custom" and isinstance(obj, dict) and bool(obj) and _SIDECAR not in obj
        if ok and k not in item and (plain or other_tools_custom):
            item[k] = obj
            refs.append(k)
        else:
            refs.append([k, v])
            need_refs = True
    top_refs = [r for r in refs if isinstance(r, str)]
    if need_refs or [k for k in item if k in set(top_refs)] != top_refs:
        side_extra: list[Any] | None = refs
    else:
        side_extra = None

    sidecar: dict[str, Any] = {}
    if entry.licence_url:
        sidecar["licence_url"] = entry.licence_url
    if entry.copyright_holder:
        sidecar["copyright_holder"] = entry.copyright_holder
    if entry.copyright_year is not None:
        sidecar["copyright_year"] = entry.copyright_year
    if side_extra is not None:
        sidecar["extra"] = side_extra
    derived = _derived_overrides(entry, item, roles_in_order)
    if derived:
        sidecar["derived"] = derived
    if sidecar:
        custom = item.get("custom")
        custom = dict(custom) if isinstance(custom, dict) else {}
        custom[_SIDECAR] = sidecar
        item["custom"] = custom
    return item


def _role_counts(item: dict[str, Any]) -> dict[str, int]:
    return {r: len(item[r]) for r in ROLES if isinstance(item.get(r), list)}


def _derived_overrides(entry: Entry, item: dict[str, Any], roles_in_order: list[str]) -> dict[str, Any]:
    """Sidecar values for fields the visible CSL would read back differently."""
    out: dict[str, Any] = {}
    key, _ = _citekey_from(item)
    if key != entry.citekey:
        out["citekey"] = [entry.citekey, item.get("id")]
    et, ot, _ = _types_from(item.get("type"))
    if (et, ot) != (entry.entry_type, entry.original_type):
        out["type"] = [[entry.entry_type, entry.original_type], item.get("type")]
    date, year, _ = _parse_issued(item["issued"]) if "issued" in item else ("", None, False)
    if date != entry.date:
        out["date"] = [entry.date, item.get("issued")]
    if year != entry.year:
        out["year"] = [entry.year, item.get("issued")]
    kw = item.get("keyword")
    if (_split_keywords(kw) if isinstance(kw, str) else []) != list(entry.keywords):
        out["keywords"] = [list(entry.keywords), kw]
    counts = _role_counts(item)
    grouped = [p.role for r in roles_in_order if r in ROLES for p in entry.contributors if p.role == r]
    actual = [p.role for p in entry.contributors if p.role in ROLES]
    if grouped != actual:
        out["roles"] = [actual, counts]
    if any(p.affiliations for p in entry.contributors):
        aff: dict[str, list[list[str]]] = {}
        for p in entry.contributors:
            if p.role in ROLES:
                aff.setdefault(p.role, []).append(list(p.affiliations))
        out["affiliations"] = [aff, counts]
    return out


# --------------------------------------------------------------------------------------------
# CSL -> Entry


def _person(obj: object, role: str, where: str, warnings: list[str]) -> Person | None:
    if isinstance(obj, str):
        if "," in obj:
            family, _, given = obj.partition(",")
            return Person(family=family.strip(), given=given.strip(), role=role)
        return Person(literal=obj.strip(), role=role)
    if not isinstance(obj, dict):
        warnings.append(f"{where} is {_kind(obj)}, not a name; kept in extra")
        return None
    parts: dict[str, str] = {}
    for k, v in obj.items():
        s = _scalar(v)
        if k in _NAME_PARTS or k == "dropping-particle":
            if s is None:
                warnings.append(f"{where}: '{k}' is {_kind(v)}, not text; ignored")
            else:
                parts[k] = s
        else:
            warnings.append(f"{where}: name property '{k}' has no place in refman; ignored")
    given = parts.get("given", "")
    if parts.get("dropping-particle"):
        given = f"{given} {parts['dropping-particle']}".strip()
    return Person(
        family=parts.get("family", ""),
        given=given,
        particle=parts.get("non-dropping-particle", ""),
        suffix=parts.get("suffix", ""),
        literal=parts.get("literal", ""),
        role=role,
    )


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def csl_to_entry(item: dict[str, Any]) -> Entry:
    """The Entry for one CSL-JSON item (see the module docstring for what goes where)."""
    return _read_item(item)[0]


def _read_item(source_item: dict[str, Any]) -> tuple[Entry, list[str]]:
    warnings: list[str] = []
    item = dict(source_item)
    sidecar: dict[str, Any] = {}
    custom = item.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get(_SIDECAR), dict):
        custom = dict(custom)
        sidecar = custom.pop(_SIDECAR)
        if custom:
            item["custom"] = custom
        else:
            del item["custom"]

    fields: dict[str, Any] = {}
    fall: set[str] = set()
    people: dict[str, list[Person]] = {}
    for key, value in item.items():
        if key == "type":
            et, ot, warn = _types_from(value)
            fields["entry_type"], fields["original_type"] = et, ot
            if not isinstance(value, str):
                warn = f"'type' is {_kind(value)}, not text; imported as document, value kept in extra"
                fall.add(key)
            if warn:
                warnings.append(warn)
        elif key in ROLES:
            if not isinstance(value, list):
                warnings.append(f"'{key}' is {_kind(value)}, not a list of names; kept in extra")
                fall.add(key)
                continue
            got = [_person(v, key, f"{key}[{i}]", warnings) for i, v in enumerate(value)]
            people[key] = [p for p in got if p is not None]
            if len(people[key]) != len(got):
                fall.add(key)
        elif key == "issued":
            date, year, keep = _parse_issued(value)
            fields["date"], fields["year"] = date, year
            if keep:
                fall.add(key)
                if year is None:
                    warnings.append("'issued' is not a date refman understands; kept in extra")
        elif key in _STRING_KEYS or (key in _ALIASES and _ALIASES[key] not in item):
            s = _scalar(value)
            if s is None:
                warnings.append(f"'{key}' is {_kind(value)}, not text; kept in extra")
                fall.add(key)
            else:
                fields[_STRING_KEYS[_ALIASES.get(key, key)]] = s
        elif key == "keyword":
            if isinstance(value, str):
                fields["keywords"] = tuple(_split_keywords(value))
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                fields["keywords"] = tuple(v for v in value if v.strip())
            else:
                warnings.append(f"'keyword' is {_kind(value)}, not text; kept in extra")
                fall.add(key)
        elif key in ("id", "citation-key"):
            pass
        else:
            fall.add(key)
    if "type" not in item:
        fields["entry_type"], fields["original_type"], warn = _types_from(None)
        warnings.append(warn or "")
    citekey, id_used = _citekey_from(item)
    if "id" in item and not id_used:
        fall.add("id")
    ck = item.get("citation-key")
    if "citation-key" in item and not (isinstance(ck, str) and ck.strip() == citekey):
        fall.add("citation-key")

    contributors = [p for ps in people.values() for p in ps]
    refs = sidecar.get("extra")
    derived = sidecar.get("derived")
    if isinstance(derived, dict) and "issued" in fall:
        # A non-ISO Entry.date written as {"raw": ...}: the date override accounts for it.
        pair = derived.get("date")
        explained = isinstance(pair, list) and len(pair) == 2 and pair[1] == item.get("issued")
        if explained and not (isinstance(refs, list) and "issued" in refs):
            fall.discard("issued")
    extra = _extra_from(item, fall, refs)
    entry = Entry(citekey=citekey, contributors=tuple(contributors), extra=tuple(extra), **fields)
    return _apply_sidecar(entry, item, people, sidecar), warnings


def _extra_from(item: dict[str, Any], fall: set[str], refs: object) -> list[tuple[str, str]]:
    fall_list = [(k, _dumps(item[k])) for k in item if k in fall]
    if not isinstance(refs, list):
        return fall_list
    available = dict(fall_list)
    out: list[tuple[str, str]] = []
    for r in refs:
        if isinstance(r, str):
            if r in available:
                out.append((r, available.pop(r)))
        elif isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r):
            out.append((r[0], r[1]))
    out.extend((k, v) for k, v in fall_list if k in available)
    return out


def _apply_sidecar(
    entry: Entry, item: dict[str, Any], people: dict[str, list[Person]], sidecar: dict[str, Any]
) -> Entry:
    changes: dict[str, Any] = {}
    for key in ("licence_url", "copyright_holder"):
        if isinstance(sidecar.get(key), str):
            changes[key] = sidecar[key]
    cy = sidecar.get("copyright_year")
    if isinstance(cy, int) and not isinstance(cy, bool):
        changes["copyright_year"] = cy
    derived = sidecar.get("derived")
    if not isinstance(derived, dict):
        return _replace(entry, changes)

    def current(name: str, basis: object) -> Any:
        """The override's value when its basis still matches the visible CSL, else None."""
        pair = derived.get(name)
        if isinstance(pair, list) and len(pair) == 2 and pair[1] == basis:
            return pair
        return None

    if (p := current("citekey", item.get("id"))) and isinstance(p[0], str):
        changes["citekey"] = p[0]
    if (p := current("type", item.get("type"))) and isinstance(p[0], list) and len(p[0]) == 2:
        et, ot = p[0]
        if isinstance(et, str) and isinstance(ot, str):
            changes["entry_type"], changes["original_type"] = et, ot
    if (p := current("date", item.get("issued"))) and isinstance(p[0], str):
        changes["date"] = p[0]
    if (p := current("year", item.get("issued"))) and (
        p[0] is None or (isinstance(p[0], int) and not isinstance(p[0], bool))
    ):
        changes["year"] = p[0]
    if (
        (p := current("keywords", item.get("keyword")))
        and isinstance(p[0], list)
        and all(isinstance(k, str) for k in p[0])
    ):
        changes["keywords"] = tuple(p[0])
    counts = _role_counts(item)
    lists = {r: list(ps) for r, ps in people.items()}
    if all(len(lists.get(r, [])) == n for r, n in counts.items()):
        aff = current("affiliations", counts)
        if aff and isinstance(aff[0], dict):
            for role, affs in aff[0].items():
                ps = lists.get(role)
                if ps is None or not isinstance(affs, list) or len(affs) != len(ps):
                    continue
                for i, a in enumerate(affs):
                    if isinstance(a, list) and all(isinstance(x, str) for x in a):
                        ps[i] = _with_affiliations(ps[i], tuple(a))
        ordered = [p for ps in lists.values() for p in ps]
        order = current("roles", counts)
        if order and isinstance(order[0], list) and sorted(map(str, order[0])) == sorted(p.role for p in ordered):
            queues = {r: iter(ps) for r, ps in lists.items()}
            ordered = [next(queues[r]) for r in order[0]]
        if ordered != list(entry.contributors):
            changes["contributors"] = tuple(ordered)
    return _replace(entry, changes)


def _with_affiliations(p: Person, affiliations: tuple[str, ...]) -> Person:
    return Person(p.family, p.given, p.particle, p.suffix, p.literal, p.role, affiliations)


def _replace(entry: Entry, changes: dict[str, Any]) -> Entry:
    return dataclasses.replace(entry, **changes) if changes else entry


# --------------------------------------------------------------------------------------------
# Registry contract


def sniff(text: str, filename: str) -> float:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    score = 0.0
    if head.startswith(("[", "{")):
        score = 0.4
        if '"type"' in head and ('"title"' in head or '"id"' in head or '"author"' in head):
            score = 0.95
        elif head.startswith("[") and head[1:].lstrip().startswith(("{", "]")):
            score = 0.6
    if ext in ("json", "csljson") and score:
        score = min(1.0, score + 0.05)
    return score


class _Scan:
    """Walk a JSON array item by item, so each item keeps its own text and line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder()
        self.ws = re.compile(r"[ \t\n\r]*")

    def skip(self, pos: int) -> int:
        m = self.ws.match(self.text, pos)
        return m.end() if m else pos

    def array(self, pos: int) -> Iterator[tuple[int, int, Any]]:
        """Yield (start, end, value) of each element of the array whose '[' is at pos."""
        text = self.text
        pos = self.skip(pos + 1)
        if text.startswith("]", pos):
            return
        while True:
            value, end = self.decoder.raw_decode(text, pos)
            yield pos, end, value
            pos = self.skip(end)
            if text.startswith(",", pos):
                pos = self.skip(pos + 1)
                continue
            return

    def member(self, pos: int, name: str) -> int | None:
        """Position of the value of member `name` in the object whose '{' is at pos."""
        text = self.text
        pos = self.skip(pos + 1)
        while text.startswith('"', pos):
            key, end = self.decoder.raw_decode(text, pos)
            pos = self.skip(end)
            pos = self.skip(pos + 1)  # ':'
            if key == name:
                return pos
            _, end = self.decoder.raw_decode(text, pos)
            pos = self.skip(end)
            if text.startswith(",", pos):
                pos = self.skip(pos + 1)
        return None


def read(text: str, source: str) -> ParseResult:
    text = text.lstrip("\ufeff")
    problems: list[Problem] = []
    if not text.strip():
        return ParseResult(FORMAT, problems=(Problem(source, None, "empty file: no CSL-JSON items"),))
    scan = _Scan(text)
    start = scan.skip(0)
    elements: list[tuple[int, int, Any]] = []
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        salvaged = 0
        if text.startswith("[", start):
            try:
                for element in scan.array(start):
                    elements.append(element)
                    salvaged += 1
            except (ValueError, RecursionError):
                pass
        more = f"; the {salvaged} item(s) before it were read, the rest skipped" if salvaged else ""
        problems.append(
            Problem(source, exc.lineno, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}){more}")
        )
    except RecursionError:
        return ParseResult(FORMAT, problems=(Problem(source, 1, "invalid JSON: nested too deeply"),))
    except ValueError as exc:  # e.g. an integer literal longer than Python converts
        return ParseResult(FORMAT, problems=(Problem(source, None, f"invalid JSON: {exc}"),))
    else:
        if isinstance(whole, list):
            elements = list(scan.array(start))
        elif isinstance(whole, dict) and isinstance(whole.get("items"), list) and "type" not in whole:
            at = scan.member(start, "items")
            elements = list(scan.array(at)) if at is not None and text.startswith("[", at) else []
            if len(elements) != len(whole["items"]):  # duplicate "items" keys: trust json's answer
                elements = [(start, start, v) for v in whole["items"]]
        elif isinstance(whole, dict):
            elements = [(start, len(text.rstrip()), whole)]
        else:
            problems.append(
                Problem(source, 1, f"the file holds {_kind(whole)}, not CSL-JSON items (an array of objects)")
            )
    entries: list[Entry] = []
    raws: list[str] = []
    blocks: list[RawBlock] = []
    line, last = 1, 0
    for n, (pos, end, value) in enumerate(elements, 1):
        line += text.count("\n", last, pos)
        last = pos
        if not isinstance(value, dict):
            problems.append(Problem(source, line, f"item {n} is {_kind(value)}, not an object; skipped"))
            continue
        if not value:
            problems.append(Problem(source, line, f"item {n} is an empty object; skipped"))
            continue
        entry, warnings = _read_item(value)
        label = f"item {n}" + (f" ('{entry.citekey}')" if entry.citekey else "")
        problems.extend(Problem(source, line, f"{label}: {w}", "warning") for w in warnings)
        raw = text[pos:end] if end > pos else _dumps(value)
        blocks.append(RawBlock("entry", raw, line, len(entries)))
        entries.append(entry)
        raws.append(raw)
    return ParseResult(FORMAT, tuple(entries), tuple(blocks), tuple(problems), raw_texts=tuple(raws))


def _raw_if_current(record: ExportRecord) -> str | None:
    """The record's original item text, when it is CSL-JSON and still carries the entry's key."""
    if record.raw is None or record.entry is None:
        return None
    try:
        obj = json.loads(record.raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict) or _citekey_from(obj)[0] != record.entry.citekey:
        return None
    return record.raw.strip()


def _pretty(item: dict[str, Any], pad: str) -> str:
    """One key per line, each value on its line in compact form.

    Readable in a diff, and ~5x faster than `json.dumps(indent=...)`, which falls back to the
    pure-Python encoder.
    """
    if not pad:
        return _dumps(item)
    inner = pad * 2
    body = ",\n".join(f"{inner}{_dumps(k)}: {_dumps(v)}" for k, v in item.items())
    return f"{pad}{{\n{body}\n{pad}}}" if body else f"{pad}{{}}"


def write(records: Iterable[ExportRecord], out: TextIO, **options: object) -> int:
    """Write a JSON array of CSL items, one at a time. Returns the number of items written.

    Options: `indent` (int, default 2; 0 for one item per line).
    """
    indent = options.get("indent", 2)
    step = indent if isinstance(indent, int) and not isinstance(indent, bool) and indent > 0 else 0
    pad = " " * step
    count = 0
    out.write("[")
    for record in records:
        if record.kind != "entry" or record.entry is None:
            continue
        text = _raw_if_current(record)
        if text is None:
            text = _pretty(entry_to_csl(record.entry), pad)
        elif pad:
            text = pad + text
        out.write(",\n" if count else "\n")
        out.write(text)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
