"""What a use-case changed (refman.core.model re-exports it: `refman.core.model.Changes` is this class).

Apart so that the desktop app can build its window and paint it without importing the other domain
classes (~7 ms); they come with the library layer just after the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """What a use-case changed, so views can refresh exactly that."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    deleted: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.updated or self.deleted)
