"""The callbacks long use-cases take: progress reports and the user's request to cancel."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
