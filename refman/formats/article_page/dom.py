"""A saved HTML page as an lxml tree, and the visible text of any element laid out as a browser would.

Publishers' pages are rarely valid HTML (unclosed tags, stray `</div>`s, two `<body>`s); lxml's HTML
parser recovers from all of it the way browsers do, which the standard library's tokenizer does not, and
gives the element structure the reference-list and abstract finders walk (`ol > li`, `id="ref-…"`).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from refman.formats.article_page.lines import normalise

# Elements whose text a reader never sees.
SKIP = frozenset(
    ("script", "style", "noscript", "template", "svg", "math-annotation", "head", "title", "select", "iframe",
     "button", "form", "input", "textarea", "object", "embed", "canvas")
)
# fmt: off
BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "option", "label", "caption",
))
# fmt: on
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def parse(text: str) -> etree._Element | None:
    """The page's root element, or None when there is nothing an HTML parser can make a tree of."""
    if not text.strip():
        return None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input that declares an encoding
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    return root


def tag(el: etree._Element) -> str:
    """The element's lower-case tag name without a namespace ('' for comments and processing instructions)."""
    name = el.tag
    if not isinstance(name, str):
        return ""
    return name.rsplit("}", 1)[-1].lower()


def hidden(el: etree._Element) -> bool:
    name = tag(el)
    if not name or name in SKIP:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def lines_of(el: etree._Element, paragraph_gaps: bool = False) -> list[str]:
    """The element's visible text as lines: block elements and <br> break lines, inline ones do not.

    With `paragraph_gaps`, a paragraph ends with an empty line, as a browser's text copy gives it.
    """
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = normalise("".join(buffer))
        if line:
            out.append(line)
        buffer.clear()

    def walk(node: etree._Element) -> None:
        if hidden(node):
            return
        name = tag(node)
        block = name in BLOCK
        if block:
            flush()
        if node.text:
            buffer.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()
            if paragraph_gaps and name == "p" and out and out[-1]:
                out.append("")

    walk(el)
    flush()
    return out


def text_of(el: etree._Element) -> str:
    """The element's visible text on one line (whitespace collapsed)."""
    return " ".join(lines_of(el))


def classes(el: etree._Element) -> str:
    """The element's id and class attribute as one lower-case string, for matching by name."""
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower()
