"""JabRef's group tree (`@Comment{jabref-meta: grouping: ...}`), read and written as JabRef does.

The block holds one unit per group, each ended by ';' at the metadata level; inside a unit,
'N Type:' is followed by the group's own fields, each ended by ';'. Both levels escape ';' and
'\\' with a backslash (JabRef's StringUtil.quote, applied twice: GroupSerializer then
MetaDataSerializer), so a group named `a;b\\c` is written `a\\\\\\;b\\\\\\\\c`. The first unit is
always `0 AllEntriesGroup:`. For StaticGroup, KeywordGroup and SearchGroup the field after the
name is the hierarchy mode: 0 independent, 1 refining (intersection with the parent),
2 including (union with the subgroups). Entries name their static groups in a `groups` field,
separated by commas.

Pure: no I/O. See refman/library/jabref_groups.py for what the library makes of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = "jabref-meta: grouping:"
HIERARCHY = {"0": "independent", "1": "refining", "2": "including"}
_HEAD = re.compile(r"^\s*(\d+)\s+([A-Za-z]+):(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Group:
    """One group: its depth (0 is AllEntriesGroup), type, name and its other fields as written."""

    level: int
    kind: str
    name: str
    fields: tuple[str, ...] = ()

    @property
    def hierarchy(self) -> str:
        return HIERARCHY.get(self.fields[0], "independent") if self.fields else "independent"


def is_grouping(raw: str) -> bool:
    return MARKER in raw[:200]


def _units(body: str) -> list[str]:
    """Split the metadata value at unescaped ';', removing one level of escaping (JabRef's
    MetaDataParser.getNextUnit: only '\\;' and '\\\\' are escapes, other backslashes stay)."""
    units: list[str] = []
    current: list[str] = []
    escape = False
    for ch in body:
        if escape:
            if ch not in (";", "\\"):
                current.append("\\")
            current.append(ch)
            escape = False
        elif ch == "\\":
            escape = True
        elif ch == ";":
            units.append("".join(current))
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        units.append("".join(current))
    return [u.strip() for u in units if u.strip()]


def _fields(text: str) -> list[str]:
    """Split a group's text at unescaped ';' and unquote ('\\x' -> 'x'), as GroupsParser does."""
    out: list[str] = []
    current: list[str] = []
    escape = False
    for ch in text:
        if escape:
            current.append(ch)
            escape = False
        elif ch == "\\":
            escape = True
        elif ch == ";":
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def parse_grouping(raw: str) -> list[Group]:
    """The groups of a `@Comment{jabref-meta: grouping: ...}` block, in tree (pre-)order.

    A unit that cannot be read is skipped; the result never raises on bad input."""
    start = raw.find(MARKER)
    if start < 0:
        return []
    body = raw[start + len(MARKER):]
    end = body.rfind("}")
    if end >= 0:
        body = body[:end]
    groups: list[Group] = []
    for unit in _units(body):
        m = _HEAD.match(unit)
        if not m:
            continue
        level, kind, rest = int(m.group(1)), m.group(2), m.group(3)
        parts = _fields(rest)
        if parts and parts[-1] == "" and len(parts) > 1:
            parts.pop()  # each field ends with ';'
        name = parts[0] if parts else ""
        groups.append(Group(level, kind, name, tuple(parts[1:])))
    return groups


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;")


def serialise_grouping(groups: list[Group], newline: str = "\n") -> str:
    """The `@Comment{jabref-meta: grouping: ...}` block JabRef writes for these groups."""
    lines = [f"@Comment{{{MARKER}"]
    for g in groups:
        if g.kind == "AllEntriesGroup":
            unit = f"{g.level} AllEntriesGroup:"
        else:
            unit = f"{g.level} {g.kind}:" + "".join(_quote(p) + ";" for p in (g.name, *g.fields))
        lines.append(_quote(unit) + ";")
    lines.append("}")
    return newline.join(lines)


def parse_groups_field(value: str) -> list[str]:
    """Group names of an entry's `groups` field ('A, B')."""
    value = value.strip()
    if len(value) >= 2 and value[0] + value[-1] in ("{}", '""'):
        value = value[1:-1]  # the field as written in the .bib file
    return [n.strip() for n in value.split(",") if n.strip()]
