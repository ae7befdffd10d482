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


class ConflictError(LibraryError):
    """A save based on an entry that someone else changed meanwhile (shared libraries).

    Carries both versions, so that the user can compare them and merge or overwrite; `differences`
    lists (field, yours, theirs) for every field that differs."""

    def __init__(self, mine: object, theirs: object, differences: list[tuple[str, str, str]]) -> None:
        self.mine = mine
        self.theirs = theirs
        self.differences = differences
        key = getattr(theirs, "citekey", "?")
        lines = [f"entry '{key}' was changed by someone else since you opened it "
                 f"(your copy is version {getattr(mine, 'version', '?')}, "
                 f"the library has version {getattr(theirs, 'version', '?')}); nothing was saved"]
        lines += [f"  {name}: yours {a!r}, theirs {b!r}" for name, a, b in differences]
        super().__init__("\n".join(lines))


class Cancelled(RefmanError):
    """The user cancelled long work; whatever it had done was rolled back."""


class StreamRestart(Exception):
    """A reader that yields a file in pieces found that the pieces already given are not what a
    read of the whole file gives (rare, e.g. an `@string` lookalike inside a BibTeX value). The
    consumer drops what it did with them (the import rolls back) and reads the file whole."""
