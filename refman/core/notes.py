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


# --- Markdown shown read-only (the detail pane) ------------------------------------------------
#
# A small, safe subset of Markdown rendered to HTML without Qt: the text is escaped first, so the
# only markup is what these rules add; raw HTML in a note stays text; an image is shown as its
# alternative text (nothing is ever loaded); links are kept only when http(s) or mailto. The
# result goes through `sanitise_html` as well, so whatever a rule might let through, the allow-list
# has the last word. The notes editor's preview uses Qt's own Markdown (without HTML) instead.

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;[^)]*&quot;)?\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_AUTOLINK = re.compile(r"&lt;(https?://[^\s&]+)&gt;")


def _inline(text: str) -> str:
    """One line or paragraph of Markdown as HTML, escaped first."""
    out = html.escape(text, quote=True)
    codes: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        codes.append(m.group(1))
        return f"\x00{len(codes) - 1}\x00"

    out = _CODE_SPAN.sub(keep_code, out)
    out = _IMAGE.sub(lambda m: m.group(1), out)

    def link(m: re.Match[str]) -> str:
        href = html.unescape(m.group(2))
        if _SAFE_LINK.match(href) and not href.startswith("#"):
            return f'<a href="{html.escape(href, quote=True)}">{m.group(1)}</a>'
        return m.group(1)

    out = _LINK.sub(link, out)
    out = _AUTOLINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<b>\2</b>", out)
    out = _ITALIC.sub(r"<i>\2</i>", out)
    out = _STRIKE.sub(r"<s>\1</s>", out)
    return re.sub("\x00(\\d+)\x00", lambda m: f"<code>{codes[int(m.group(1))]}</code>", out)


def markdown_html(body: str) -> str:
    """A Markdown note as safe HTML: headings, paragraphs, lists, quotes, code, emphasis, links."""
    out: list[str] = []
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + _inline(" ".join(s.strip() for s in para)) + "</p>")
            para.clear()

    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line.strip()):
            flush()
            fence = line.strip()[:3]
            code: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                code.append(lines[i])
                i += 1
            out.append("<pre>" + html.escape("\n".join(code), quote=False) + "</pre>")
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = min(6, len(heading.group(1)) + 3)  # inside the pane's own <h3> sections
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif _BULLET.match(line) or _NUMBERED.match(line):
            flush()
            numbered = bool(_NUMBERED.match(line))
            rule = _NUMBERED if numbered else _BULLET
            items: list[str] = []
            while i < len(lines) and (m := rule.match(lines[i])):
                items.append(f"<li>{_inline(m.group(1))}</li>")
                i += 1
            tag = "ol" if numbered else "ul"
            out.append(f"<{tag}>" + "".join(items) + f"</{tag}>")
            continue
        elif _QUOTE.match(line):
            flush()
            quoted: list[str] = []
            while i < len(lines) and (m := _QUOTE.match(lines[i])):
                quoted.append(m.group(1))
                i += 1
            out.append("<blockquote>" + markdown_html("\n".join(quoted)) + "</blockquote>")
            continue
        elif re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            flush()
            out.append("<hr>")
        elif not line.strip():
            flush()
        else:
            para.append(line)
        i += 1
    flush()
    return sanitise_html("".join(out))


def note_html(body: str, fmt: str) -> str:
    """A note ready to show read-only: Markdown rendered safely, HTML sanitised again (a library
    written elsewhere may hold notes that were never through `clean_note`)."""
    return sanitise_html(body) if fmt == "html" else markdown_html(body)
