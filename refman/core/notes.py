"""Note text kept safe: HTML notes are reduced to an allow-list of formatting tags (no scripts,
styles, frames, images or any other element that runs code or loads something remote), and
every note has a plain-text form that `note:` searches."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "hr", "span", "div", "table", "thead",
    "tbody", "tr", "td", "th",
})
# Elements whose content is dropped along with them, not kept as text.
_DROP_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg",
                           "math", "head", "title"})
_VOID = frozenset({"br", "hr"})
_SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in ("p", "br", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.text.append("\n")
        if tag not in ALLOWED_TAGS:
            return
        kept = ""
        if tag == "a":
            href = next((v for k, v in attrs if k == "href" and v), "")
            href = "".join(href.split())  # 'java\nscript:' is still javascript:
            if _SAFE_LINK.match(href):
                kept = f' href="{html.escape(href, quote=True)}"'
        self.out.append(f"<{tag}{kept}>")
        if tag not in _VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID and not self._skip:
            self.out.append(f"<{tag}>")
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip or tag not in self._open:
            return
        while self._open:  # close what was left open inside it, so the output stays balanced
            last = self._open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(html.escape(data, quote=False))
            self.text.append(data)

    def result(self) -> tuple[str, str]:
        while self._open:
            self.out.append(f"</{self._open.pop()}>")
        return "".join(self.out), " ".join("".join(self.text).split())


def sanitise_html(body: str) -> str:
    """The note's HTML with only formatting kept: no scripts, event handlers, styles or remote loads."""
    parser = _Sanitiser()
    parser.feed(body)
    parser.close()
    return parser.result()[0]


_MD_MARKUP = re.compile(r"[*_`#>\[\]()!~|-]+")


def plain_text(body: str, fmt: str) -> str:
    """The words of a note, for searching and for one-line previews."""
    if fmt == "html":
        parser = _Sanitiser()
        parser.feed(body)
        parser.close()
        return parser.result()[1]
    return " ".join(_MD_MARKUP.sub(" ", body).split())


def check_format(fmt: str) -> None:
    from refman.core.errors import InputError
    from refman.core.organise import NOTE_FORMATS

    if fmt not in NOTE_FORMATS:
        raise InputError(f"a note is {' or '.join(NOTE_FORMATS)}, not '{fmt}'")


def clean_note(body: str, fmt: str) -> tuple[str, str]:
    """(body to store, plain text): HTML is sanitised on the way in, Markdown is kept as written
    (it is rendered without raw HTML, see the GUI's note view)."""
    if fmt == "html":
        safe = sanitise_html(body)
        return safe, plain_text(safe, "html")
    return body, plain_text(body, "markdown")
