"""Normalisations shared by search, duplicate detection and display."""

from __future__ import annotations

import re

from refman.core.citekeys import ascii_fold


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for matching: 'Stöckl' -> 'stockl'."""
    return text.lower() if text.isascii() else ascii_fold(text).casefold()


def normalize_doi(doi: str) -> str:
    """'https://doi.org/10.1/ABC' and 'doi:10.1/abc' both become '10.1/abc'."""
    d = doi.strip()
    d = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/", "", d, flags=re.I)
    d = re.sub(r"^doi:\s*", "", d, flags=re.I)
    return d.strip().rstrip(".").lower()


def normalize_title(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(title)))


def identity_key(first_author: str, year: int | None, title: str) -> str:
    """The key under which two records are taken to be the same work when no DOI says so."""
    return f"{fold(first_author).strip()}|{year or ''}|{normalize_title(title)}"
