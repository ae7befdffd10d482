"""Build resources/refstrings-names.tsv.gz, the big given-name / family-name / place list behind the `x=` features.

`python -m refman.formats.refstrings.names_lexicon` (needs the pinned `faker` package of the `test` extra).
The words come from the person and address providers that ship in Faker (MIT licence; ~60 locales, among them
Indonesian, Dutch, German, Polish, Spanish), so they are independent of the AnyStyle data the CRF is scored
on. Function words and the keyword lists of lexicon.py are left out: "the" or "press" as a place or a name
would only add noise. The output is sorted and gzip'd without a timestamp, so a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import pkgutil
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from refman.formats.refstrings import lexicon as lx
from refman.resources import resource_path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "in", "de", "la", "le", "les", "di", "da", "do", "dos", "das", "del", "della", "van", "von", "der", "den", "du", "des", "el", "al", "y", "e", "et", "und", "a", "an", "on", "at", "to", "for", "by", "with", "from", "or", "is", "it", "as", "be", "no", "not", "zu", "im", "am"]
)
_PLACE_ATTRS = (
    "cities", "city_names", "countries", "states", "provinces", "regions", "real_city_names", "large_cities",
    "city_names_female", "city_names_male",
)


def _stop_words() -> frozenset[str]:
    lists: list[Iterable[str]] = [
        _FUNCTION_WORDS, lx.PUBLISHER_WORDS, lx.JOURNAL_WORDS, lx.GENRE_WORDS, lx.CONFERENCE_WORDS,
        lx.EDITOR_WORDS, lx.PAGE_WORDS, lx.VOLUME_WORDS, lx.ISSUE_WORDS, lx.EDITION_WORDS, lx.RETRIEVAL_WORDS,
        lx.IN_WORDS, lx.ORG_WORDS, lx.MONTHS, lx.SEASONS,
    ]
    return frozenset(w for words in lists for w in words)


def _values(obj: object) -> list[object]:
    if isinstance(obj, dict):
        return list(obj.keys())
    if isinstance(obj, (tuple, list, set, frozenset)):
        return list(obj)
    return []


def _words(values: Iterable[object]) -> Iterator[str]:
    """Lower-case Latin-script words of at least two letters ('Mary-Jane' gives 'mary' and 'jane')."""
    for value in values:
        for w in re.split(r"[\s\-]+", str(value)):
            w = w.strip(".,'’()").lower()
            if len(w) >= 2 and _WORD.fullmatch(w) and all(ord(c) < 0x370 for c in w):
                yield w


def collect() -> dict[str, str]:
    """word -> tags ('g' given name, 'f' family name, 'l' place) from every Faker locale."""
    person = importlib.import_module("faker.providers.person")
    address = importlib.import_module("faker.providers.address")
    tags: dict[str, set[str]] = {}

    def add(words: Iterable[str], tag: str) -> None:
        for w in words:
            tags.setdefault(w, set()).add(tag)

    for info in sorted(pkgutil.iter_modules(person.__path__), key=lambda m: m.name):
        provider = importlib.import_module(f"faker.providers.person.{info.name}").Provider
        for attr in sorted(dir(provider)):
            if attr.startswith("first_names"):
                add(_words(_values(getattr(provider, attr))), "g")
            elif attr.startswith("last_names"):
                add(_words(_values(getattr(provider, attr))), "f")
    for info in sorted(pkgutil.iter_modules(address.__path__), key=lambda m: m.name):
        provider = importlib.import_module(f"faker.providers.address.{info.name}").Provider
        for attr in _PLACE_ATTRS:
            add(_words(_values(getattr(provider, attr, ()))), "l")
    stop = _stop_words()
    return {w: "".join(sorted(t)) for w, t in sorted(tags.items()) if w not in stop}


def to_bytes(lexicon: dict[str, str]) -> bytes:
    text = "".join(f"{w}\t{t}\n" for w, t in sorted(lexicon.items()))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=resource_path(lx.NAMES_FILE))
    args = ap.parse_args(argv)
    lexicon = collect()
    args.out.write_bytes(to_bytes(lexicon))
    print(f"{len(lexicon)} words -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
