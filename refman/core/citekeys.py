"""Readable, stable citekeys: `anggraeni2023handling`, then `anggraeni2023handlinga`, `...b`.

A key is made once, when an entry arrives without one, and never changes unless the user asks.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable

from refman.core.model import Entry

# Short function words skipped when choosing the title word (English and Indonesian).
_STOP = {
    "a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from", "as",
    "is", "are", "its", "into", "about", "yang", "dan", "di", "ke", "dari", "dalam", "untuk",
    "pada", "atas", "terhadap", "sebagai", "dengan", "oleh", "der", "die", "das", "le", "la",
    "les", "des", "el", "los", "un", "une", "uber", "und", "zur", "zum", "von", "im",
}


def ascii_fold(text: str) -> str:
    """Strip accents and keep ASCII letters and digits: 'Stöckl' -> 'stockl', 'Łukasz' -> 'lukasz'."""
    if text.isascii():
        return text
    text = text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ı", "i")
    text = text.replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
    # After NFKD the accents are combining marks, all outside ASCII: dropping every non-ASCII
    # character drops them and whatever has no ASCII form.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def base_key(entry: Entry) -> str:
    people = entry.authors or entry.editors or entry.contributors
    name = ""
    if people:
        p = people[0]
        if p.literal:
            name = next((_slug(w) for w in p.literal.split() if _slug(w) and w.lower() not in _STOP), "")
        else:
            name = _slug(p.family) or _slug(p.given)
    words = [w for w in re.split(r"[\s\-–—:/]+", entry.title) if _slug(w)]
    title_word = next((_slug(w) for w in words if _slug(w) not in _STOP), "")
    if not name:
        name = title_word or "anon"
        title_word = ""
    year = str(entry.year) if entry.year else "nd"
    return f"{name[:30]}{year}{title_word[:20]}"


def unique_key(base: str, taken: Callable[[str], bool]) -> str:
    """The first of base, base+'a'..'z', base+'aa'... that `taken` says is free."""
    if not taken(base):
        return base
    letters = string.ascii_lowercase
    n = 0
    while True:
        suffix = ""
        k = n
        while True:
            suffix = letters[k % 26] + suffix
            k = k // 26 - 1
            if k < 0:
                break
        candidate = base + suffix
        if not taken(candidate):
            return candidate
        n += 1


def make_key(entry: Entry, taken: Callable[[str], bool]) -> str:
    return unique_key(base_key(entry), taken)


_VALID_KEY = re.compile(r"^[^\s,{}()\"#%'=\\~]+$")


def is_valid_key(key: str) -> bool:
    """Whether BibTeX and biber accept `key` as an entry key."""
    return bool(key) and bool(_VALID_KEY.match(key))
