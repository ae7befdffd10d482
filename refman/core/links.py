"""Which links from imported text may be opened: only web pages (http, https) and DOIs.

Imported text is inert. A `url` or `file` field can hold `javascript:`, `file:`, `data:` or a
scheme a desktop registers for itself (`ms-msdt:`, `vscode:`); opening one could run code or read
local files. Every place that turns a field into something clickable asks `safe_link` first.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

WEB_SCHEMES = ("http", "https")
_UNSAFE_CHARS_RE = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"`]")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")


def doi_url(doi: str) -> str:
    """https://doi.org/ link for a DOI given bare, as `doi:...`, or already as a resolver URL."""
    doi = doi.strip()
    for prefix in _DOI_PREFIXES:
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
            break
    return "https://doi.org/" + quote(doi, safe="/:;()._-[]")


def safe_link(url: str) -> str | None:
    """The link to open for `url` when it is an http(s) URL with a host or a `doi:` DOI; else None.

    Rejected: every other scheme (javascript:, file:, data:, ...), scheme-less text, and URLs with
    whitespace, control characters, backslashes or quotes, which browsers "repair" in surprising ways.
    """
    url = url.strip()
    low = url.lower()
    if low.startswith("doi:"):
        doi = url[4:].strip()
        if not doi.startswith("10.") or _UNSAFE_CHARS_RE.search(doi.replace(" ", "")):
            return None
        return doi_url(doi)
    if not low.startswith(("http://", "https://")) or _UNSAFE_CHARS_RE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced '[' in the host
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


def is_safe_link(url: str) -> bool:
    return safe_link(url) is not None
