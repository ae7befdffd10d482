"""A saved article page (HTML) as the lines a browser shows, plus the page's bibliographic <meta> tags.

Each text line keeps the source line it starts on, so problems point into the HTML file. Journal sites
(OJS, most publishers) also describe the article in Highwire `citation_*` and Dublin Core `DC.*` meta
tags; those are collected as (name, content) pairs in page order for the reader to prefer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from refman.formats.article_page.labels import heading
from refman.formats.article_page.lines import PageLine, normalise

_LOOKS_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<\?xml[^>]*>\s*<html\b)", re.I)
_OTHER_RECORD = re.compile(r"^\s*(?:@[A-Za-z]+\s*[{(]|TY  -|%0 |PMID-)", re.M)
_ANY_TAG = re.compile(r"<(?:html|head|body|div|p|meta|span|a)\b[^>]*>", re.I)

# fmt: off
_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "option", "label", "button", "caption",
))
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head", "title", "select", "iframe"))
_CELL = frozenset(("td", "th"))
# fmt: on


def looks_like_html(text: str) -> bool:
    """A document that is HTML: it opens as one, or is tag soup with no record of another format.

    A BibTeX or RIS file may carry a few HTML tags inside an abstract; it is still BibTeX or RIS.
    """
    head = text[:4000]
    if _LOOKS_HTML.match(head):
        return True
    return len(_ANY_TAG.findall(head)) >= 5 and not _OTHER_RECORD.search(head)


@dataclass(slots=True)
class HtmlPage:
    lines: list[PageLine] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)  # ("citation_author", "Lestari, Dewi"), …


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self._buffer: list[str] = []
        self._line = 0
        self._skip: list[str] = []
        self._rows = 0  # open <tr> elements

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        text = normalise(raw)
        if text:
            self.page.lines.append(PageLine(self._line, " ".join(raw.split()), text, len(self.page.lines)))
        self._buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            name = values.get("name") or values.get("property") or ""
            if name.lower().startswith(("citation_", "dc.", "prism.")) and values.get("content", "").strip():
                self.page.meta.append((name.lower(), " ".join(values["content"].split())))
            return
        if tag == "img" and not self._skip:
            self._image_heading(attrs)
            return
        if tag == "body":  # a page that never closed its <head>
            self._skip = [t for t in self._skip if t not in ("head", "title")]
        if tag in _SKIP:
            self._skip.append(tag)
            return
        if tag in _CELL and self._rows:
            if "".join(self._buffer).strip():
                self._buffer.append("\t")  # a row's cells share one line, tab-separated, as a browser copies them
            return
        if tag == "tr":
            self._rows += 1
        if tag in _BLOCK:
            self._flush()

    def _image_heading(self, attrs: list[tuple[str, str | None]]) -> None:
        """Old-style pages (First Monday, early D-Lib) set their headings as images: "Abstract" in alt text.

        Only an alt text that is a heading word becomes a line: other images' alt texts are not shown.
        """
        alt = " ".join((dict(attrs).get("alt") or "").split())
        if alt and len(alt) < 40 and heading(alt) is not None:
            self._flush()
            self._line = self.getpos()[0]
            self._buffer.append(alt)
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not self._skip:
            self._image_heading(attrs)
        elif tag == "meta":
            self.handle_starttag(tag, attrs)
        elif tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in _CELL and self._rows:
            return
        if tag == "tr" and self._rows:
            self._rows -= 1
        if tag in _BLOCK:
            self._flush()
            if tag == "p":  # a paragraph ends with a blank line, as when the page is copied as text
                self.page.lines.append(PageLine(self._line, "", "", len(self.page.lines)))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._buffer or not "".join(self._buffer).strip():
            self._line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._buffer.append(data)


def html_page(text: str) -> HtmlPage:
    """The visible text lines and the bibliographic meta tags of an HTML page; never raises on bad HTML."""
    parser = _Extractor()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's own complaints about hopeless markup
        pass
    parser._flush()
    return parser.page
