"""Journal abbreviations for an export (issue 20): `journal` written in full or ISO 4 abbreviated
form without changing the stored entry. The lists are JabRef's (abbrv.jabref.org, CC0; the
general and IEEE lists ship in resources/journals), plus any the user names."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from refman.core.errors import InputError
from refman.core.journals import JournalAbbreviations
from refman.core.records import ExportRecord
from refman.formats.bibtex.journal_field import replace_journal
from refman.formats.journals import bundled_pairs, read_pairs

FORMS = ("abbreviated", "full")
_JOURNAL_TYPES = frozenset({"article-journal", "article", "article-magazine", "article-newspaper", "review"})


def load_abbreviations(extra: Sequence[str | os.PathLike[str]] = ()) -> JournalAbbreviations:
    """The bundled lists, then the user's (later lists win for the same journal)."""
    abbrevs = JournalAbbreviations(bundled_pairs())
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read journal list: {exc.strerror or exc}", str(path)) from exc
        for full, abbr in read_pairs(text):
            abbrevs.add(full, abbr)
    return abbrevs


def with_journal_form(records: Iterable[ExportRecord], form: str,
                      abbrevs: JournalAbbreviations) -> Iterator[ExportRecord]:
    """The records with journal names in `form` ("abbreviated" or "full") where the lists know them."""
    if form not in FORMS:
        raise InputError(f"journal form must be one of {', '.join(FORMS)}, not '{form}'")

    def convert(name: str) -> str | None:
        return abbrevs.convert(name, form)

    for rec in records:
        entry = rec.entry
        if rec.kind != "entry" or entry is None or entry.entry_type not in _JOURNAL_TYPES or not entry.container:
            yield rec
            continue
        new = convert(entry.container)
        if new is None or new == entry.container:
            yield rec
            continue
        changed = dataclasses.replace(entry, container=new)
        raw = replace_journal(rec.raw, convert) if rec.raw is not None else None
        source = replace_journal(rec.source_raw, convert) if rec.source_raw is not None else None
        yield ExportRecord(kind="entry", entry=changed, raw=raw, source_raw=source)
