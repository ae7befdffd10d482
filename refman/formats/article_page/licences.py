"""Creative Commons licences as pages word them, mapped to the canonical short name and deed URL.

Journals write "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License",
"CC BY-NC-SA 4.0", "Lisensi Creative Commons Atribusi-BerbagiSerupa 4.0 Internasional" or just link the
deed; all of them name one licence, which a library should store the one way CC itself names it.
"""

from __future__ import annotations

import re

_URL = re.compile(
    r"creativecommons\.org/(?:licenses|licences)/(?P<code>by(?:-(?:nc|sa|nd))*)(?:/(?P<version>\d\.\d))?"
    r"(?:/(?P<port>[a-z]{2}))?",
    re.I,
)
_ZERO_URL = re.compile(r"creativecommons\.org/publicdomain/zero/(?P<version>\d\.\d)", re.I)
_MARK_URL = re.compile(r"creativecommons\.org/publicdomain/mark/(?P<version>\d\.\d)", re.I)
_SHORT = re.compile(r"\bCC[ -]?(?P<code>BY(?:[ -](?:NC|SA|ND)){0,2})\b(?:[ -]?(?P<version>\d\.\d))?", re.I)
_ZERO = re.compile(r"\bCC0\b|\bCC\s+zero\b|public\s+domain\s+dedication", re.I)
_WORDED = re.compile(r"creative\s*commons", re.I)
_ELEMENTS = (
    ("nc", re.compile(r"non[\s-]?commercial|non[\s-]?komersial", re.I)),
    ("sa", re.compile(r"share[\s-]?alike|berbagi[\s-]?serupa", re.I)),
    ("nd", re.compile(r"no[\s-]?deriv(?:ative)?s?|tanpa[\s-]?turunan", re.I)),
)
_ATTRIBUTION = re.compile(r"attribution|atribusi|\bby\b", re.I)
_VERSION = re.compile(r"\b([1-4]\.0|2\.5)\b")
# Where a worded licence name ends: the sentence or the word "License"/"Lisensi".
_WORDED_END = re.compile(r"licen[sc]e|lisensi|\.\s|\)|$", re.I)


def _name_and_url(code: str, version: str, port: str = "") -> tuple[str, str]:
    code = code.lower()
    name = "CC " + code.upper()
    url = f"https://creativecommons.org/licenses/{code}/"
    if version:
        name += f" {version}"
        url += f"{version}/"
        if port:
            name += f" {port.upper()}"
            url += f"{port.lower()}/"
    return name, url


def _code(elements: set[str]) -> str:
    code = "by"
    if "nc" in elements:
        code += "-nc"
    if "sa" in elements:
        code += "-sa"
    elif "nd" in elements:
        code += "-nd"
    return code


def find_licence(text: str) -> tuple[str, str] | None:
    """(short name, deed URL) of the Creative Commons licence the text names, or None.

    A deed URL in the text wins over the wording (it is what the journal links to); then the short
    form ("CC BY-SA 4.0"), then the long wording in English or Indonesian.
    """
    if m := _URL.search(text):
        return _name_and_url(m.group("code"), m.group("version") or "", m.group("port") or "")
    if m := _ZERO_URL.search(text):
        return (
            f"CC0 {m.group('version')}",
            f"https://creativecommons.org/publicdomain/zero/{m.group('version')}/",
        )
    if m := _MARK_URL.search(text):
        version = m.group("version")
        return f"Public Domain Mark {version}", f"https://creativecommons.org/publicdomain/mark/{version}/"
    if m := _SHORT.search(text):
        parts = set(re.split(r"[ -]", m.group("code").lower())) - {"by"}
        return _name_and_url(_code(parts), m.group("version") or "")
    if _ZERO.search(text):
        return "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"
    if m := _WORDED.search(text):
        tail = text[m.end() : m.end() + 160]
        end = _WORDED_END.search(tail)
        phrase = tail[: end.end()] if end else tail
        if not _ATTRIBUTION.search(phrase):
            return None
        elements = {name for name, pattern in _ELEMENTS if pattern.search(phrase)}
        version = _VERSION.search(phrase)
        return _name_and_url(_code(elements), version.group(1) if version else "")
    return None
