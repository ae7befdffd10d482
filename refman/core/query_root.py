"""The root of the query AST (refman.core.query): the base class and the query that matches everything.

Apart so that the desktop app can build its first view (the whole library) and paint it without
importing the parser and its dozen node classes (~7 ms); refman.core.query re-exports both, so
`refman.core.query.MatchAll` is this same class.
"""

from __future__ import annotations

from dataclasses import dataclass


class Node:
    """Base of query nodes."""


@dataclass(frozen=True, slots=True)
class MatchAll(Node):
    pass
