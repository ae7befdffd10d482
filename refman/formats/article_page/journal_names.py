"""The journal's full name where a page prints only its abbreviation ("Front. Psychol", "Adv. Sci").

Why: a pasted page often names its journal only in the article's citation line, abbreviated; a
reference manager stores the full name (and keeps the abbreviation as `shortjournal`, BibLaTeX's field),
as Zotero keeps "Journal Abbr" beside "Publication".  The names come from JabRef's CC0 lists that
refman already ships for exports (resources/journals); a name the lists do not know stays as printed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refman.core.journals import JournalAbbreviations
from refman.formats.journals import bundled_pairs

# An abbreviated word: a capitalised stem cut short with a dot, or the last one without it ("Front. Psychol").
_ABBREVIATED = re.compile(r"\b[A-Z][a-z]{0,9}\.(?:\s|$)")


@lru_cache(maxsize=1)
def _lists() -> JournalAbbreviations:
    return JournalAbbreviations(bundled_pairs())


def full_journal_name(name: str) -> str | None:
    """The full name of an abbreviated journal name the lists know, else None."""
    if not _ABBREVIATED.search(name):
        return None
    full = _lists().expand(name)
    return full if full and full.casefold() != name.casefold() else None


def is_journal_name(text: str) -> bool:
    """Whether the lists know `text` as a journal's name (in full or abbreviated): a masthead, never the
    title of an article (a page's heading "Physical Review Letters" above "Phonon Magnetochiral Effect")."""
    return _lists().expand(text) is not None


def full_name_known(text: str) -> bool:
    """Whether `text` is a journal's full name as the lists spell it (not an abbreviation: no dots)."""
    if not text or "." in text or len(text) > 90 or text.isupper():
        return False
    return _lists().abbreviate(text) is not None and _lists().expand(text) == text
