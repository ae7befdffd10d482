"""Errors the citation engine raises: all RefmanError, so the CLI prints them as one line."""

from __future__ import annotations

from collections.abc import Sequence

from refman.core.errors import RefmanError


class CitationError(RefmanError):
    """Formatting failed: a broken style, an item the processor rejects, a missing engine."""


class CiteprocMissingError(CitationError):
    """citeproc.js (fetched at build time, git-ignored) is not where the package expects it."""


class UnknownStyleError(CitationError):
    """No shipped style has that id, alias or title; `suggestions` holds close ids to offer instead."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"unknown citation style {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        message += " (`refman styles SEARCH` lists styles)"
        super().__init__(message)


class UnknownLocaleError(CitationError):
    """No CSL locale file for that language tag; `suggestions` holds the closest tags."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"unknown citation locale {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)
