"""The detail pane: one entry rendered as HTML that is safe to show whatever was imported.

Safety rules (issue 4): every imported string goes through `html.escape`; the browser never
follows a link itself (`setOpenLinks(False)`), never fetches a resource (`loadResource` returns
nothing), and our anchor handler opens only http, https and DOI links in the system browser.
Internal links (`refman:entry/ID`, `refman:keyword/WORD`) navigate inside the app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from refman.core.links import doi_url, safe_link

if TYPE_CHECKING:  # QUrl (and its enums) is made at the first link clicked, not before the first paint
    from PySide6.QtCore import QUrl

    from refman.core.model import Entry, EntrySummary, Person
    from refman.core.organise import Note, Tag


def display_text(value: str) -> str:
    """refman.library's display_text, imported when the first entry is shown: the window paints
    before the library layer (and SQLAlchemy) is imported."""
    from refman.library import display_text as shown

    return shown(value)


INTERNAL_SCHEME = "refman"
_AFFILIATION_RE = re.compile(r"affiliation(-?\d+)?$", re.IGNORECASE)
_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_METRIC_RE = re.compile(r"(views?|downloads?|citations?|cited|metrics?|altmetric|readers?|reads)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Colors:
    """Palette colours the HTML needs; taken from the widget so light and dark themes both work."""

    muted: str = "#666666"
    heading: str = "#000000"
    rule: str = "#cccccc"


def esc(value: object) -> str:
    from html import escape  # html (with its entity tables) loads at the first entry shown, not at start

    return escape(str(value), quote=True)


def safe_href(url: str) -> str | None:
    """The URL as an href when it is http(s) or a DOI; None for anything else (javascript:, file:, ...).

    The rule lives in refman.core.links so that every layer opens links by the same rule.
    """
    return safe_link(url)


def person_name(p: Person) -> str:
    """Reading order ('Given Family'), as an article's byline prints it."""
    if p.literal:
        return p.literal
    return " ".join(x for x in (p.given, p.particle, p.family) if x) + (f", {p.suffix}" if p.suffix else "")


def _summary_line(s: EntrySummary) -> str:
    year = s.year if s.year is not None else "n.d."
    bits = []
    if s.authors:
        bits.append(esc(s.authors))
    bits.append(f"({esc(year)})")
    title = esc(s.title) if s.title else f"<i>{esc(s.citekey)}</i>"
    line = " ".join(bits) + f" <a href=\"{INTERNAL_SCHEME}:entry/{s.id}\">{title}</a>"
    if s.container:
        line += f". <i>{esc(s.container)}</i>"
    return line


def is_metric(name: str) -> bool:
    return bool(_METRIC_RE.search(name.replace("-", " ").replace("_", " ")))


def _byline(people: Sequence[Person], loose: Sequence[str] = ()) -> str:
    """Names with superscript affiliation numbers, then the numbered affiliations.

    `loose` are affiliations known without their authors (a page that lists them but no names).
    """
    affiliations: list[str] = list(loose)
    names = []
    for p in people:
        marks = []
        for a in p.affiliations:
            if a not in affiliations:
                affiliations.append(a)
            marks.append(str(affiliations.index(a) + 1))
        role = "" if p.role == "author" else f" ({esc(p.role)})"
        sup = f"<sup>{','.join(marks)}</sup>" if marks else ""
        names.append(f"{esc(person_name(p))}{sup}{role}")
    out = f"<p class=\"authors\">{', '.join(names)}</p>" if names else ""
    if affiliations:
        items = "".join(f"<sup>{i}</sup>&nbsp;{esc(a)}<br>" for i, a in enumerate(affiliations, 1))
        out += f"<p class=\"muted\">{items}</p>"
    return out


def _row(label: str, value_html: str) -> str:
    return f"<tr><td class=\"label\">{esc(label)}</td><td>{value_html}</td></tr>"


def _tags_html(tags: Sequence[Tag]) -> str:
    """Tags as links that search for them; a coloured tag with a dot in its colour (a colour
    that is not a plain #rgb/#rrggbb value is not used: it goes into a style attribute)."""
    out = []
    for t in tags:
        href = f"{INTERNAL_SCHEME}:tag/{quote(t.name, safe='')}"
        dot = f"<span style=\"color: {t.colour};\">\u25cf</span>&nbsp;" if _COLOUR_RE.fullmatch(t.colour) else ""
        name = f"<span class=\"muted\">{esc(t.name)}</span>" if t.automatic else esc(t.name)
        out.append(f"{dot}<a href=\"{href}\">{name}</a>")
    return " &nbsp; ".join(out)


def _notes_html(notes: Sequence[Note]) -> str:
    """The notes, oldest first, each under its date and rendered safely (core.notes.note_html:
    Markdown without raw HTML, HTML through the allow-list; the pane loads nothing either way)."""
    from refman.core.notes import note_html  # with html.parser: when notes are first shown, not at start

    shown = []
    for n in notes:
        when = n.modified or n.created
        stamp = f"<p class=\"muted\">{esc(when.strftime('%Y-%m-%d %H:%M'))}</p>" if when else ""
        shown.append(f"{stamp}<div>{note_html(n.body, n.format)}</div>")
    return f"<h3>Notes ({len(notes)})</h3>" + "<hr>".join(shown)


def entry_html(entry: Entry, references: Sequence[EntrySummary] = (), cited_by: Sequence[EntrySummary] = (),
               colors: Colors | None = None, tags: Sequence[Tag] = (), notes: Sequence[Note] = ()) -> str:
    """The whole pane for one entry. Pure: easy to test that nothing imported is left unescaped.
    `tags` and `notes` are the entry's own (refman.library: entry_tags, notes)."""
    c = colors or Colors()
    parts: list[str] = [
        "<html><head><style>"
        f"body {{ margin: 6px; }} .muted {{ color: {c.muted}; }} .label {{ color: {c.muted}; padding-right: 10px; }}"
        f" h2 {{ margin-bottom: 4px; }} h3 {{ color: {c.heading}; margin-top: 14px; margin-bottom: 4px; }}"
        " .authors { margin-top: 2px; margin-bottom: 2px; }"
        "</style></head><body>"
    ]
    parts.append(f"<h2>{esc(entry.title) if entry.title else '<i>(untitled)</i>'}</h2>")
    loose = [] if any(p.affiliations for p in entry.contributors) else \
        [display_text(v) for k, v in entry.extra if _AFFILIATION_RE.match(k)]
    parts.append(_byline(entry.contributors, loose))

    container = []
    if entry.container:
        container.append(f"<i>{esc(entry.container)}</i>")
    vol = esc(entry.volume) if entry.volume else ""
    if entry.issue:
        vol += f"({esc(entry.issue)})"
    if vol:
        container.append(vol)
    if entry.pages:
        container.append(f"pp. {esc(entry.pages)}")
    rows: list[str] = []
    if container:
        rows.append(_row("In", ", ".join(container)))
    if entry.year is not None or entry.date:
        when = esc(entry.date) if entry.date and entry.date != str(entry.year) else esc(entry.year)
        rows.append(_row("Year", when))
    type_text = esc(entry.entry_type) + (f" <span class=\"muted\">({esc(entry.original_type)})</span>"
                                         if entry.original_type and entry.original_type != entry.entry_type else "")
    rows.append(_row("Type", type_text))
    if entry.publisher or entry.place:
        rows.append(_row("Publisher", esc(", ".join(x for x in (entry.publisher, entry.place) if x))))
    if entry.edition:
        rows.append(_row("Edition", esc(entry.edition)))
    if entry.doi:
        rows.append(_row("DOI", f"<a href=\"{esc(doi_url(entry.doi))}\">{esc(entry.doi)}</a>"))
    if entry.url:
        href = safe_href(entry.url)
        rows.append(_row("URL", f"<a href=\"{esc(href)}\">{esc(entry.url)}</a>" if href else esc(entry.url)))
    for label, value in (("ISBN", entry.isbn), ("ISSN", entry.issn), ("Language", entry.language),
                         ("Genre", entry.genre)):
        if value:
            rows.append(_row(label, esc(value)))
    rows.append(_row("Key", f"<code>{esc(entry.citekey)}</code>"))
    if tags:
        rows.append(_row("Tags", _tags_html(tags)))
    parts.append("<table cellspacing=\"0\" cellpadding=\"1\">" + "".join(rows) + "</table>")

    if entry.abstract:
        parts.append("<h3>Abstract</h3>")
        paragraphs = [p for p in re.split(r"\n\s*\n", entry.abstract) if p.strip()]
        parts.extend(f"<p>{esc(p.strip())}</p>" for p in paragraphs)

    if entry.licence or entry.licence_url or entry.copyright_holder or entry.copyright_year:
        parts.append("<h3>Licence</h3><p>")
        name = entry.licence or entry.licence_url
        href = safe_href(entry.licence_url) if entry.licence_url else None
        if name:
            parts.append(f"<a href=\"{esc(href)}\">{esc(name)}</a>" if href else esc(name))
        if entry.copyright_holder or entry.copyright_year:
            holder = " ".join(esc(x) for x in (entry.copyright_year, entry.copyright_holder) if x)
            parts.append(("<br>" if name else "") + f"© {holder}")
        parts.append("</p>")

    if entry.keywords:
        links = [f"<a href=\"{INTERNAL_SCHEME}:keyword/{quote(k, safe='')}\">{esc(k)}</a>" for k in entry.keywords]
        parts.append("<h3>Keywords</h3><p>" + " · ".join(links) + "</p>")

    metrics = [(k, v) for k, v in entry.extra if is_metric(k)]
    others = [(k, v) for k, v in entry.extra if not is_metric(k) and not (loose and _AFFILIATION_RE.match(k))]
    if metrics:
        parts.append("<h3>Metrics</h3><table cellspacing=\"0\" cellpadding=\"1\">"
                     + "".join(_row(k.replace("-", " ").replace("_", " ").capitalize(), esc(display_text(v)))
                               for k, v in metrics)
                     + "</table>")
    if entry.note:
        parts.append(f"<h3>Note</h3><p>{esc(entry.note)}</p>")
    if notes:
        parts.append(_notes_html(notes))
    if others:
        parts.append("<h3>Other fields</h3><table cellspacing=\"0\" cellpadding=\"1\">"
                     + "".join(_row(k, esc(display_text(v))) for k, v in others) + "</table>")

    if references:
        parts.append(f"<h3>References ({len(references)})</h3><ol>")
        parts.extend(f"<li>{_summary_line(s)}</li>" for s in references)
        parts.append("</ol>")
    if cited_by:
        parts.append(f"<h3>Cited by ({len(cited_by)})</h3><ul>")
        parts.extend(f"<li>{_summary_line(s)}</li>" for s in cited_by)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def message_html(text: str, colors: Colors | None = None) -> str:
    c = colors or Colors()
    return f"<html><body><p style=\"color: {c.muted}; margin: 12px;\">{esc(text)}</p></body></html>"


class DetailView(QTextBrowser):
    """A QTextBrowser that fetches nothing and opens only web links, and only in the system browser."""

    entry_requested = Signal(int)
    keyword_requested = Signal(str)
    tag_requested = Signal(str)
    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAcceptDrops(False)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self._on_anchor)
        self._html_source: tuple[Entry, Sequence[EntrySummary], Sequence[EntrySummary],
                                 Sequence[Tag], Sequence[Note]] | None = None
        self._message = ""
        self.opened_urls: list[str] = []  # what we handed to the system browser (tests read it)
        self.open_external = True

    def colors(self) -> Colors:
        pal = self.palette()
        return Colors(
            muted=pal.color(QPalette.ColorRole.PlaceholderText).name(),
            heading=pal.color(QPalette.ColorRole.Text).name(),
            rule=pal.color(QPalette.ColorRole.Mid).name(),
        )

    def show_entry(self, entry: Entry, references: Sequence[EntrySummary] = (),
                   cited_by: Sequence[EntrySummary] = (), tags: Sequence[Tag] = (),
                   notes: Sequence[Note] = ()) -> None:
        self._html_source = (entry, references, cited_by, tags, notes)
        self._message = ""
        self.setHtml(entry_html(entry, references, cited_by, self.colors(), tags, notes))

    def show_message(self, text: str) -> None:
        self._html_source = None
        self._message = text
        self.setHtml(message_html(text, self.colors()))

    @property
    def entry(self) -> Entry | None:
        return self._html_source[0] if self._html_source else None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light/dark switch: re-render with new colours
            if self._html_source is not None:
                self.show_entry(*self._html_source)
            elif self._message:
                self.show_message(self._message)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Never fetch anything: no remote images, no style sheets, no local files."""
        return None

    def _on_anchor(self, url: QUrl) -> None:
        from PySide6.QtCore import QUrl

        scheme = url.scheme().lower()
        text = url.toString()
        if scheme == INTERNAL_SCHEME:
            path = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
            kind, _, value = path.partition("/")
            if kind == "entry" and value.isdigit():
                self.entry_requested.emit(int(value))
            elif kind == "keyword" and value:
                self.keyword_requested.emit(unquote(value))
            elif kind == "tag" and value:
                self.tag_requested.emit(unquote(value))
            return
        target = safe_href(text) if scheme in ("http", "https", "doi") else None
        if target is None:
            self.link_refused.emit(text)
            return
        self.opened_urls.append(target)
        if self.open_external:
            QDesktopServices.openUrl(QUrl(target))
