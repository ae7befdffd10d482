"""Citations: formatted bibliography entries and in-text citations, via refman.cite."""

from __future__ import annotations

from collections.abc import Sequence

from refman.core.model import Entry
from refman.library.standalone import StandaloneMixin


def cite_entries(entries: Sequence[Entry], style: str = "apa", locale: str | None = None, html: bool = False,
                 in_text: bool = False) -> str:
    """Formatted bibliography entries (one per line) or one in-text citation, via refman.cite."""
    items = [_without_others(item) for item in StandaloneMixin.to_csl(entries)]
    return cite_items(items, style, locale, html, in_text)


def bibliography_entries(entries: Sequence[Entry], style: str = "apa", html: bool = False) -> list[str]:
    """One formatted bibliography entry per entry (HTML entries span several lines)."""
    from refman.cite import default_engine

    items = [_without_others(item) for item in StandaloneMixin.to_csl(entries)]
    return default_engine().bibliography(items, style=style, fmt="html" if html else "text")


def _without_others(item: dict[str, object]) -> dict[str, object]:
    """Drop BibTeX's `and others` marker from name lists: the engine would print it as a name."""
    out = dict(item)
    for role in ("author", "editor", "translator"):
        names = out.get(role)
        if isinstance(names, list):
            out[role] = [n for n in names if not (isinstance(n, dict) and n.get("literal", "").casefold() == "others"
                                                  and "family" not in n)]
    return out


def cite_items(items: list[dict[str, object]], style: str = "apa", locale: str | None = None, html: bool = False,
               in_text: bool = False) -> str:
    from refman.cite import default_engine

    engine = default_engine()
    fmt = "html" if html else "text"
    if in_text:
        return engine.citation(items, style=style, locale=locale, fmt=fmt)
    return "\n".join(engine.bibliography(items, style=style, locale=locale, fmt=fmt))


def list_styles(search: str = "") -> list:  # type: ignore[type-arg]
    from refman.cite import list_styles as _list

    return list(_list(search))


def preload_style(style: str) -> None:
    """Build the engine for `style` now (call from a worker), so the first copy does not wait."""
    from refman.cite import default_engine

    default_engine().preload(style)


def style_ready(style: str) -> bool:
    """Whether citing in `style` will start at once (its engine is already built)."""
    from refman.cite import default_engine

    return default_engine().is_built(style)
