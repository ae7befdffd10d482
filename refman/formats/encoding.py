"""Turn file bytes into text without ever failing: detect BOMs, try UTF-8, fall back and say so."""

from __future__ import annotations

import codecs

from refman.core.model import Problem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """A NUL byte outside a UTF-16/32 BOM file, or mostly control bytes, means not a text file."""
    sample = data[:8192]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.1


def decode_bytes(data: bytes, source: str = "") -> tuple[str, str, list[Problem]]:
    """Return (text, encoding used, problems). Line endings are normalised to '\\n'."""
    problems: list[Problem] = []
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            data = data[len(bom) :]
            if name == "utf-8-sig":
                encoding = "utf-8"
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fallback = "cp1252"
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            fallback = "latin-1"
            text = data.decode(fallback)
        problems.append(
            Problem(
                source,
                line,
                f"not valid {encoding} (first bad byte at line {line}); read as {fallback}",
                "warning",
            )
        )
        encoding = fallback
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, problems
