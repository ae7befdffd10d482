"""Formatted citations: CSL styles run by citeproc-js, the processor Zotero uses.

The whole public surface is here, small enough that the engine behind it can be swapped:

- `CitationEngine().bibliography(items, style, locale, fmt)` -> one entry per item, sorted as the
  style sorts (numeric styles number in the order given); `.citation(...)` -> one in-text cluster;
  `.preload(style, locale)` builds an engine ahead of time (safe from a worker thread).
- `default_engine()` the process-wide shared instance.
- `list_styles(search)`, `resolve_style(id_or_title)`, `StyleInfo`, `ALIASES`, `CORE_STYLES`.
- `list_locales()`, `resolve_locale(tag)`.

Items are CSL-JSON dicts whose "id" is the citekey. Every failure is a RefmanError subclass.
"""

from __future__ import annotations

from refman.cite.engine import FORMATS, CitationEngine, OutputFormat, default_engine
from refman.cite.errors import CitationError, CiteprocMissingError, UnknownLocaleError, UnknownStyleError
from refman.cite.locales import DEFAULT_LOCALE, list_locales, resolve_locale
from refman.cite.styles import ALIASES, CORE_STYLES, StyleInfo, list_styles, resolve_style, style_title

__all__ = [
    "ALIASES",
    "CORE_STYLES",
    "DEFAULT_LOCALE",
    "FORMATS",
    "CitationEngine",
    "CitationError",
    "CiteprocMissingError",
    "OutputFormat",
    "StyleInfo",
    "UnknownLocaleError",
    "UnknownStyleError",
    "default_engine",
    "list_locales",
    "list_styles",
    "resolve_locale",
    "resolve_style",
    "style_title",
]
