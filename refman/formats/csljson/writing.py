"""Entry -> CSL-JSON: the item the citation engine is fed, and the file `refman export` writes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from refman.core.model import ROLES, Entry, Person
from refman.core.records import ExportRecord
from refman.formats.csljson.fields import (
    _MAPPED,
    _SIDECAR,
    _STRING_FIELDS,
    _canonical_json,
    _citekey_from,
    _csl_type_for,
    _dumps,
    _issued_for,
    _parse_issued,
    _role_counts,
    _split_keywords,
    _types_from,
)

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
