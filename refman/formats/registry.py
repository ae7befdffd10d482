"""Format sniffing by score, after Picard's `formats/registry.py`.

Each format module offers `sniff(text, filename) -> float` (0 = surely not, 1 = surely),
`read(text, source) -> ParseResult`, optionally `read_stream(text, source)` (the same read in
pieces) and, where it can be written, `write(records, out, **options) -> int`. Modules are
imported only when used, so `refman --version` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TextIO

from refman.core.errors import UnknownFormatError
from refman.core.model import ParseResult
from refman.core.records import ExportRecord


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    module: str
    extensions: tuple[str, ...]
    description: str
    readable: bool = True
    writable: bool = True
    write_options: tuple[tuple[str, object], ...] = ()

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def sniff(self, text: str, filename: str) -> float:
        fn: Callable[[str, str], float] = self.load().sniff
        return fn(text, filename)

    def read(self, text: str, source: str) -> ParseResult:
        fn: Callable[[str, str], ParseResult] = self.load().read
        return fn(text, source)

    def stream(self, text: str, source: str) -> Iterator[ParseResult]:
        """The read as consecutive ParseResults (see bibtex.stream), for formats that read in
        pieces; one ParseResult for the others. May raise StreamRestart: then use `read`."""
        module = self.load()
        if hasattr(module, "read_stream"):
            fn: Callable[[str, str], Iterator[ParseResult]] = module.read_stream
            return fn(text, source)
        return iter([self.read(text, source)])

    def count_hint(self, text: str) -> int:
        """About how many entries the text has, if the format can tell cheaply (else 0)."""
        module = self.load()
        return int(module.count_hint(text)) if hasattr(module, "count_hint") else 0

    def write(self, records: Iterable[ExportRecord], out: TextIO, **options: object) -> int:
        opts = dict(self.write_options)
        opts.update(options)
        fn: Callable[..., int] = self.load().write
        return fn(records, out, **opts)


FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo("bibtex", "refman.formats.bibtex", (".bib", ".bibtex"), "BibTeX"),
    FormatInfo(
        "biblatex", "refman.formats.bibtex", (".bib",), "BibLaTeX", write_options=(("dialect", "biblatex"),)
    ),
    FormatInfo("csljson", "refman.formats.csljson", (".json", ".csljson"), "CSL-JSON"),
    FormatInfo("ris", "refman.formats.ris", (".ris",), "RIS"),
    FormatInfo("article-page", "refman.formats.article_page", (".txt", ".html"), "Article page (text)", writable=False),
    FormatInfo("references", "refman.formats.refstrings", (".txt",), "Reference list (text)", writable=False),
)


def by_name(name: str) -> FormatInfo:
    for f in FORMATS:
        if f.name == name:
            return f
    names = ", ".join(f.name for f in FORMATS)
    raise UnknownFormatError(f"unknown format '{name}' (known: {names})")


def detect(text: str, filename: str = "") -> FormatInfo:
    """The readable format that scores highest for this text; raises if nothing claims it.

    An HTML document is only ever an article page: a saved publisher page has CSS `@media` rules that
    look like BibTeX entries and reference-like lines in its menus, and reading it as either floods
    the library with junk.
    """
    from refman.formats.article_page.html_text import looks_like_html

    if looks_like_html(text):
        return by_name("article-page")
    best: FormatInfo | None = None
    best_score = 0.0
    for f in FORMATS:
        if not f.readable or f.name == "biblatex":
            continue
        try:
            score = f.sniff(text, filename)
        except ImportError:
            continue
        if score > best_score:
            best, best_score = f, score
    if best is None or best_score < 0.2:
        raise UnknownFormatError("not a format refman reads (BibTeX, CSL-JSON, RIS, article page, reference list)", filename)
    return best
