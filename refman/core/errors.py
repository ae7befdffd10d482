"""Typed errors: the only exceptions a parser or use-case lets escape.

Each carries what a person needs to act: which file, which line, what is wrong.
"""

from __future__ import annotations


class RefmanError(Exception):
    """Base of every error refman raises on purpose; the CLI prints it as one line."""


class InputError(RefmanError):
    def __init__(self, message: str, source: str = "", line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = source + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)


class UnknownFormatError(InputError):
    pass


class QuerySyntaxError(RefmanError):
    pass


class NotFoundError(RefmanError):
    pass


class LibraryError(RefmanError):
    pass


class Cancelled(RefmanError):
    """The user cancelled long work; whatever it had done was rolled back."""


class StreamRestart(Exception):
    """A reader that yields a file in pieces found that the pieces already given are not what a
    read of the whole file gives (rare, e.g. an `@string` lookalike inside a BibTeX value). The
    consumer drops what it did with them (the import rolls back) and reads the file whole."""
