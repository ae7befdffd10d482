"""Rule-based repair of CRF label sequences, applied before fields are built (and in the benchmark).

A CRF decides token by token and sometimes produces a field that no reference style has. Each rule here
fixes one such shape, using only what is in the string:
  * a lone genre word ("Skripsi.", "PhD thesis.") labelled as a place or publisher is the genre;
  * a "place" with neither a publisher nor a container anywhere, followed by volume or pages, is a journal ("Complexity, 2018, 1–16");
  * words without digits at the start of a date ("(CVPR), 2016,") belong to the field before the date;
  * a bracketed acronym right after a container or publisher ("Pattern Recognit. (CVPR),") is part of it, also
    when the CRF took it for a date (a date holds a digit or a month; "(ICMC)." holds neither);
  * a last "journal" with an organisation word in it ("Migration Commision") and no volume, pages, editor
    or "In" anywhere is the publisher of a book or report, as such a "container-title" already was;
  * Vancouver's "2005 Aug;2(8):e124." is one volume block (year, month, volume, issue, pages), as AnyStyle labels it;
  * MDPI/ACS books, "Title; United Nations Office: Geneva, Switzerland, 2015.", name the publisher after the title's ";"
    and the place after the publisher's ":".
"""

from __future__ import annotations

import re

from refman.formats.refstrings import lexicon as lx

_GENRES = re.compile(
    r"^(?:skripsi|tesis|disertasi|thesis|dissertation|ph\.?\s?d\.?\s+(?:thesis|dissertation)|"
    r"doctoral\s+(?:thesis|dissertation)|master'?s?\s+thesis|(?:unpublished\s+)?(?:doctoral|master'?s?)\s+"
    r"(?:thesis|dissertation)|working\s+paper|technical\s+report|tech\.\s+rep\.?|laporan\s+penelitian|"
    r"diplomarbeit|dissertation\s+thesis|habilitationsschrift)$",
    re.I,
)
_STRIP = " .,;:()[]\"'“”"
# Vancouver's 'Year Mon;vol(issue):pages' block when the month is glued to the rest: '2005' 'Aug;2(8):e124.'
_VANCOUVER_TAIL = re.compile(r"^[A-Za-z]{3,9}\.?;[\w\-–/]*(?:\([^()]*\))?(?::[A-Za-z]?\d[\w\-–]*)?[.,;]?$")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
# A bracketed acronym standing alone: '(CVPR),', '(ICMC).', "(ICML'19)" – the short name of what precedes it.
_MEETING = re.compile(r"\b(?:proc|proceedings|conf|conference|workshop|symposium|meeting|congress|rec)\b", re.I)
_ACRONYM = re.compile(r"^\([A-Z][A-Za-z0-9&'’\-]{1,11}\)[.,;:]?$")


def _runs(labels: list[str]) -> list[tuple[str, int, int]]:
    runs: list[tuple[str, int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((labels[start], start, i))
            start = i
    return runs


def _is_date_word(token: str) -> bool:
    w = token.strip(_STRIP).lower()
    if any(c.isdigit() for c in w) or w in ("n.d", "nd", "s.d", "o.j", "tanpa"):
        return True
    parts = [x for x in re.split(r"[-–/.]", w) if x]
    return bool(parts) and all(x in lx.MONTHS or x in lx.SEASONS for x in parts)


# Six-letter stems of the organisation words, so that 'Commision' (sic), 'Kommission' or 'Institutt' count too.
_ORG_STEMS = frozenset(w[:6] for w in lx.ORG_WORDS if len(w) >= 6)


def _is_org_word(token: str) -> bool:
    w = token.strip(_STRIP).lower()
    return w in lx.ORG_WORDS or (len(w) >= 6 and w[:6] in _ORG_STEMS)


def _looks_like_place(text: str) -> bool:
    """'Perth, Australia', 'London', 'Santa Clara, CA': a comma or a known place word."""
    return "," in text or any(w.strip(_STRIP).lower() in lx.PLACES for w in text.split())


def _publisher_after_semicolon(tokens: list[str], out: list[str]) -> None:
    """'Title; Publisher Name: City, Country, 2015.': relabel in place what follows the title's ';'."""
    n = len(tokens)
    for p in range(n - 3):
        if out[p] != "title" or not tokens[p].endswith(";"):
            continue
        j = p + 1
        while j < n - 1 and j - p <= 10 and not tokens[j].endswith(":"):
            j += 1
        k = j + 1
        while k < n and k - j <= 4 and not _YEAR.match(tokens[k].strip(_STRIP)):
            k += 1
        if not tokens[j].endswith(":") or k >= n or k == j + 1 or k - j > 4:
            return
        name = [t.strip(_STRIP) for t in tokens[p + 1 : j + 1]]
        known = any(w.lower() in lx.ORG_WORDS or w.lower() in lx.PUBLISHER_WORDS for w in name)
        if not name[0][:1].isupper() or not (known or (len(name) == 1 and name[0].isupper())):
            return
        if any(out[t] not in ("title", "publisher", "location") for t in range(p + 1, k)):
            return
        out[p + 1 : j + 1] = ["publisher"] * (j - p)
        out[j + 1 : k] = ["location"] * (k - j - 1)
        return


def relabel(tokens: list[str], labels: list[str]) -> list[str]:
    """A repaired copy of `labels` for `tokens`."""
    out = list(labels)
    _publisher_after_semicolon(tokens, out)
    for i in range(1, len(tokens)):
        if _YEAR.match(tokens[i - 1]) and _VANCOUVER_TAIL.match(tokens[i]) and tokens[i].split(";")[0].rstrip(".").lower() in lx.MONTHS:
            # AnyStyle labels the whole 'date;volume(issue):' block as volume; the parser splits it later.
            out[i - 1] = out[i] = "volume"
    for i in range(1, len(tokens)):
        # '(ICMC).' after a name is its acronym, not a date: dates (nearly) always hold a digit or a month.
        if out[i] == "date" and _ACRONYM.match(tokens[i]) and out[i - 1] in ("container-title", "journal", "publisher") and (
            i + 1 == len(tokens) or out[i + 1] != "date"
        ):
            out[i] = out[i - 1]
    runs = _runs(out)
    has_publisher = "publisher" in out
    orphan = not has_publisher and "journal" not in out and "container-title" not in out
    # 'Title. International Catholic Migration Commission (ICMC).': a last "container" with no "In", no editor,
    # no volume or pages anywhere and nothing after it but a date or link is the publisher of a book or report.
    # So is such a "journal" when an organisation word ("Commission", "Institute") shows it is a body.
    bookish = not has_publisher and not {"editor", "volume", "pages"} & set(out) and not any(
        t.lower().rstrip(":") in lx.IN_WORDS for t in tokens
    )
    for k, (lab, a, b) in enumerate(runs):
        text = " ".join(tokens[a:b]).strip(_STRIP)
        body = (lab == "container-title" and "journal" not in out) or (
            lab == "journal" and any(_is_org_word(w) for w in tokens[a:b])
        )
        if (
            bookish and body and k > 0 and runs[k - 1][0] == "title" and not _MEETING.search(text)
            and all(r[0] in ("date", "url", "doi") for r in runs[k + 1:])
        ):
            out[a:b] = ["publisher"] * (b - a)
            continue
        fields_ok = lab in ("location", "publisher", "note", "title", "journal", "container-title")
        if fields_ok and _GENRES.match(text) and (lab != "title" or (k > 0 and runs[k - 1][0] == "title")):
            out[a:b] = ["genre"] * (b - a)
            continue
        if lab in ("location", "publisher", "note") and b - a > 1:
            # 'Skripsi. Universitas Muhammadiyah': a genre sentence glued to the front of a field.
            for j in range(a + 1, min(b, a + 4)):
                if tokens[j - 1].endswith(".") and _GENRES.match(" ".join(tokens[a:j]).strip(_STRIP)):
                    out[a:j] = ["genre"] * (j - a)
                    break
        if lab == "location" and orphan and not _looks_like_place(text) and k + 1 < len(runs) and runs[k + 1][0] in ("volume", "pages"):
            out[a:b] = ["journal"] * (b - a)
            continue
        if lab == "location" and orphan and not _looks_like_place(text) and k + 2 < len(runs) and runs[k + 1][0] == "date" and (
            runs[k + 2][0] in ("volume", "pages")
        ):
            out[a:b] = ["journal"] * (b - a)
            continue
        if (
            b - a == 1 and k > 0 and _ACRONYM.match(tokens[a]) and lab in ("publisher", "location", "note")
            and runs[k - 1][0] in ("container-title", "journal", "publisher")
        ):
            out[a] = runs[k - 1][0]
            continue
        if (
            lab not in ("date", "title") and k + 1 < len(runs) and runs[k + 1][0] == "date"
            and all(_is_date_word(t) and not any(c.isdigit() for c in t) for t in tokens[a:b])
        ):
            # 'March, 2017' cut in two: a month standing right before the date is part of it.
            out[a:b] = ["date"] * (b - a)
            continue
        if lab == "date" and k > 0 and runs[k - 1][0] in ("journal", "container-title", "title"):
            j = a
            while j < b - 1 and not _is_date_word(tokens[j]):
                j += 1
            if j > a and _is_date_word(tokens[j]):
                out[a:j] = [runs[k - 1][0]] * (j - a)
    return out
