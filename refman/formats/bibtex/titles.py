"""BibLaTeX titles as biblatex prints them: title + subtitle + titleaddon, the main title of a
multi-volume work before the title (or before the booktitle of a part of it), and the way back to
the fields as written. The joined text is what the table shows, citations cite and CSL-JSON
exports (CSL has no field of its own for subtitles or main titles); the fields themselves stay in
`extra` as written, and the writer takes the joined parts off again.
"""

from __future__ import annotations

from refman.formats.latex import decode

TITLE_PARTS = ("subtitle", "titleaddon")  # joined to the title as biblatex prints them
MAIN_TITLE_PARTS = ("maintitle", "mainsubtitle", "maintitleaddon")  # the multi-volume work's title
BOOK_TITLE_PARTS = ("booksubtitle", "booktitleaddon")  # joined to the booktitle
# biblatex's standard drivers print the main title before the title (macro maintitle+title) for
# these types, and before the booktitle (maintitle+booktitle) for the "in" types; others ignore it.
MAIN_BEFORE_TITLE = frozenset({"book", "collection", "proceedings", "reference"})
MAIN_BEFORE_BOOKTITLE = frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
                                   "inreference", "inproceedings"})


def join_title(title: str, parts: list[str]) -> str:
    """'The True Frontier' + ['Confronting and Avoiding …'] -> 'The True Frontier. Confronting …':
    biblatex puts \\subtitlepunct (a period) before the subtitle and a new unit (a period) before
    the title addon, with no period after a title that already ends in punctuation."""
    out = title.strip()
    for part in parts:
        part = part.strip()
        if not part:
            continue
        out = part if not out else out + (" " if out[-1] in ".?!:;" else ". ") + part
    return out


def with_main_title(main: list[str], title: str) -> str:
    """'Politics' in 'The Complete Works' -> 'The Complete Works. Politics' (biblatex's
    maintitle+title; a main title equal to the title is left out, as biblatex does). The volume
    stays in its own field: citation styles print it themselves."""
    head = join_title("", main)
    if not head or (main and main[0].strip() == title.strip()):
        return title
    return join_title(head, [title])


def _values(extra: tuple[tuple[str, str], ...], names: tuple[str, ...]) -> list[str]:
    values = {n.lower(): v for n, v in extra}
    return [decode(values[n]) for n in names if n in values and values[n].strip()]


def _strip_head(text: str, head: str) -> str:
    for sep in (". ", " "):
        if text.startswith(head + sep):
            return text[len(head + sep):]
    return text


def _strip_tail(text: str, tail: str) -> str:
    for sep in (". ", " "):
        if text.endswith(sep + tail):
            return text[: -len(sep + tail)]
    return text


def title_without_parts(title: str, extra: tuple[tuple[str, str], ...], type_word: str = "") -> str:
    """The `title` field of an entry whose title column holds [maintitle +] title + subtitle +
    titleaddon (`join_title`), so a writer that also writes those fields from `extra` does not
    repeat them."""
    if type_word.lower() in MAIN_BEFORE_TITLE:
        main = _values(extra, MAIN_TITLE_PARTS)
        if main:
            title = _strip_head(title, join_title("", main))
    parts = _values(extra, TITLE_PARTS)
    return _strip_tail(title, join_title("", parts)) if parts else title


def container_without_parts(container: str, extra: tuple[tuple[str, str], ...], type_word: str) -> str:
    """The `booktitle` field of an entry whose container column holds [maintitle +] booktitle +
    booksubtitle + booktitleaddon."""
    if type_word.lower() in MAIN_BEFORE_BOOKTITLE:
        main = _values(extra, MAIN_TITLE_PARTS)
        if main:
            container = _strip_head(container, join_title("", main))
    parts = _values(extra, BOOK_TITLE_PARTS)
    return _strip_tail(container, join_title("", parts)) if parts else container
