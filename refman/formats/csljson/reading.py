"""CSL-JSON -> Entry: another tool's items, refman's own sidecar, and the registry's sniff and read."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

from refman.core.model import ROLES, Entry, ParseResult, Person, Problem, RawBlock
from refman.formats.csljson.fields import (
    _ALIASES,
    _NAME_PARTS,
    _SIDECAR,
    _STRING_KEYS,
    _citekey_from,
    _dumps,
    _parse_issued,
    _role_counts,
    _scalar,
    _split_keywords,
    _types_from,
)

FORMAT = "csljson"

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


