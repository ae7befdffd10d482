"""Duplicates: pairwise precision and recall on planted duplicates, scan time and memory, and the
cost of the duplicate check on an import of 1,000 entries into the biggest library.

The works are real: the AnyStyle references (/work/shared/data/anystyle/*.xml, their text parsed
by refman's own reference parser) and the entries of TeX Live's .bib files (read by refman's
BibTeX reader), deduplicated by normalised title + first author. A library bigger than that pool
is filled with recombined real fields (a real title with a real subtitle from another work, real
author lists and journals, years, pages and DOIs), each a distinct work.

Planted duplicates of every kind the issue names (the pair's kind in brackets):
    [doi-url]   the same DOI as https://doi.org/… URL vs bare, sentence-case title, initials
    [isbn]      one book, ISBN-10 vs ISBN-13
    [typo]      a one-letter typo in the title, initials for given names, no DOI
    [subtitle]  the subtitle missing (or present only in the copy), no DOI
    [journal]   the journal ISO-4-abbreviated, no DOI
    [reflist]   the entry written as an APA reference string and parsed back by the reference
                parser (what importing one reference list from a text and from a .bib gives)
    [accents]   '&' vs 'and', diacritics stripped
and some works get two copies (clusters of three). Near misses are planted as well and must stay
apart: a book's other edition, two chapters of one book, 'Part 1' and 'Part 2', the same title by
other people, the same authors' same-titled work years later.

    .venv/bin/python benchmarks/duplicates.py [--sizes 10000,100000] [--work DIR]

Scan time and peak memory are measured in a fresh process per library (max RSS of the process
that opens the library and scans it; its RSS right after opening is printed beside it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import random
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.core.duplicates import isbn13, journal_words, title_norm  # noqa: E402
from refman.core.model import Entry, ParseResult, Person  # noqa: E402

WORK = Path(__file__).resolve().parent / "_work"
ANYSTYLE = Path("/work/shared/data/anystyle")
PY = sys.executable
KINDS = ("doi-url", "isbn", "typo", "subtitle", "journal", "reflist", "accents")


# --- the pool of real works -------------------------------------------------------------------------


def _texlive_bibs() -> list[Path]:
    out = subprocess.run(["find", "/usr/share/texlive", "/usr/share/texmf", "-name", "*.bib"],
                         capture_output=True, text=True, check=False).stdout.split()
    return [Path(p) for p in out]


def real_pool() -> list[Entry]:
    cache = WORK / "dup-pool.pickle"
    if cache.exists():
        pool: list[Entry] = pickle.loads(cache.read_bytes())
        return pool
    from refman.formats.bibtex import reader as bibreader
    from refman.formats.refstrings import parse_reference

    found: list[Entry] = []
    for xml in sorted(ANYSTYLE.glob("*.xml")):
        for seq in ET.parse(xml).getroot().iter("sequence"):
            text = " ".join((c.text or "").strip() for c in seq)
            try:
                found.append(parse_reference(text))
            except Exception:
                continue
    for path in _texlive_bibs():
        try:
            found.extend(bibreader.read(path.read_text(encoding="utf-8", errors="replace"), str(path)).entries)
        except Exception:
            continue
    # The pool must hold no duplicates of its own (they would count as false pairs): one work per
    # first author and year, and per title start, criteria independent of refman's scorer.
    seen: set[tuple[str, str]] = set()
    seen_titles: set[str] = set()
    pool = []
    for e in found:
        people = [p for p in e.contributors if p.family and not p.is_others]
        t = title_norm(e.title)
        if len(t.split()) < 3 or not people or e.year is None or not re.search("[a-z]", e.title):
            continue
        key = (_strip_accents(people[0].family).lower(), str(e.year))
        start = re.sub(r"[^a-z]", "", _strip_accents(t))[:20]
        if key in seen or start in seen_titles:
            continue
        seen.add(key)
        seen_titles.add(start)
        pool.append(Entry(title=e.title.strip(" ."), contributors=tuple(dataclasses.replace(p, role="author")
                                                                         for p in people[:6]),
                          year=e.year, container=e.container, volume=e.volume, pages=e.pages,
                          publisher=e.publisher, entry_type=e.entry_type))
    WORK.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(pool))
    return pool


# --- building a library with planted duplicates -----------------------------------------------------


def _isbn13_from(n: int) -> str:
    core = f"978{n % 10**9:09d}"
    check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core)) % 10) % 10
    return core + str(check)


def _isbn10_of(i13: str) -> str:
    core = i13[3:12]
    total = sum((10 - i) * int(c) for i, c in enumerate(core))
    check = (11 - total % 11) % 11
    return core + ("X" if check == 10 else str(check))


def _initials(people: tuple[Person, ...]) -> tuple[Person, ...]:
    return tuple(dataclasses.replace(p, given=" ".join(w[0] + "." for w in p.given.split() if w)) for p in people)


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _typo(title: str, rng: random.Random) -> str:
    spots = [m.start() + rng.randrange(1, len(m.group(0))) for m in re.finditer(r"[A-Za-z]{5,}", title)]
    if not spots:
        return title + "s"
    i = rng.choice(spots)
    op = rng.randrange(3)
    if op == 0:
        return title[:i] + title[i + 1:]  # a letter dropped
    if op == 1:
        return title[:i] + title[i] + title[i:]  # a letter doubled
    return title[:i] + rng.choice("aeiourstn") + title[i + 1:]  # a letter replaced


def _abbreviate(container: str) -> str:
    words = [w for w in re.split(r"\s+", container) if w.lower() not in ("of", "the", "and", "for", "&")]
    return " ".join(w[:4] + "." if len(w) > 5 else w for w in words)


def _apa(e: Entry, with_doi: bool) -> str:
    names = ", ".join(f"{p.family}, {' '.join(w[0] + '.' for w in p.given.split() if w)}".strip(", ")
                      for p in e.authors)
    out = f"{names} ({e.year}). {e.title}."
    if e.entry_type == "book":
        out += f" {e.publisher or 'Springer'}."
    elif e.container:
        out += f" {e.container}"
        out += f", {e.volume}" if e.volume else ""
        out += f", {e.pages}." if e.pages else "."
    if with_doi and e.doi:
        out += f" https://doi.org/{e.doi}"
    return out


@dataclasses.dataclass
class Planted:
    entries: list[Entry]
    groups: list[tuple[list[int], str]]  # indexes of one work's records, and the kind of copy
    near_misses: list[tuple[int, int, str]]


def build(n: int, pool: list[Entry], seed: int = 19) -> Planted:
    from refman.formats.refstrings import parse_reference

    rng = random.Random(seed)
    n_plants = n // 12
    n_near = n // 100
    n_base = n - n_plants - 2 * n_near
    journals = [e.container for e in pool if len(journal_words(e.container)) >= 2 and e.entry_type != "book"]
    base: list[Entry] = []
    for k in range(n_base):
        t = pool[k % len(pool)]
        if k < len(pool):
            e = dataclasses.replace(t)
        else:
            sub = pool[rng.randrange(len(pool))]  # independent draws: no two works alike by construction
            people = pool[rng.randrange(len(pool))].contributors
            e = dataclasses.replace(t, title=f"{t.title.split(':')[0]}: "
                                             f"{sub.title.split(':')[-1].strip()}",
                                    contributors=people, year=rng.randint(1950, 2025),
                                    container=rng.choice(journals) if t.entry_type != "book" else "",
                                    volume=str(rng.randint(1, 120)),
                                    pages=f"{(p := rng.randint(1, 2000))}--{p + rng.randint(3, 40)}")
        if e.entry_type == "book" or rng.random() < 0.05:
            e = dataclasses.replace(e, entry_type="book", container="", pages="", volume="",
                                    isbn=_isbn13_from(rng.randrange(10**9)), publisher=e.publisher or "Springer")
        elif rng.random() < 0.45:
            e = dataclasses.replace(e, doi=f"10.{rng.randint(1000, 9999)}/{rng.choice('jspab')}{k:07d}")
        base.append(dataclasses.replace(e, citekey=f"w{k}"))
    entries = list(base)
    groups: list[tuple[list[int], str]] = []
    originals = rng.sample(range(n_base), n_plants)
    i = 0
    while i < len(originals):
        o = originals[i]
        kind = KINDS[i % len(KINDS)]
        copies = [kind]
        if rng.random() < 0.1:
            copies.append(KINDS[(i + 3) % len(KINDS)])
        members = [o]
        copies = copies[:len(originals) - i]
        for kind in copies:  # the original gets what every kind needs first (a DOI, an ISBN)
            entries[o] = _prepare(entries[o], kind, rng)
        for kind in copies:
            dup = _plant(entries[o], kind, rng, parse_reference)
            entries.append(dataclasses.replace(dup, citekey=f"d{i}", id=None))
            members.append(len(entries) - 1)
            i += 1
        groups.append((members, copies[0]))
    near: list[tuple[int, int, str]] = []
    for j, o in enumerate(rng.sample(range(n_base), n_near)):
        a, b, why = _near_miss(entries[o], j, rng)
        entries.append(dataclasses.replace(a, citekey=f"na{j}"))
        entries.append(dataclasses.replace(b, citekey=f"nb{j}"))
        near.append((len(entries) - 2, len(entries) - 1, why))
    return Planted(entries, groups, near)


def _prepare(o: Entry, kind: str, rng: random.Random) -> Entry:
    """The original as the kind of copy needs it: with a DOI for [doi-url], a book for [isbn]."""
    if kind == "doi-url" and not o.doi and not o.isbn:
        return dataclasses.replace(o, doi=f"10.{rng.randint(1000, 9999)}/x{rng.randrange(10**8)}")
    if kind == "isbn" and not o.isbn:
        return dataclasses.replace(o, entry_type="book", container="", pages="", volume="", doi="",
                                   isbn=_isbn13_from(rng.randrange(10**9)), publisher=o.publisher or "Routledge")
    return o


def _plant(o: Entry, kind: str, rng: random.Random, parse_reference: object) -> Entry:
    """A copy of `o` of the given kind (`o` prepared by `_prepare`)."""
    if kind == "doi-url" and o.doi:
        return dataclasses.replace(o, doi="https://doi.org/" + o.doi.upper(), title=o.title.capitalize(),
                                   contributors=_initials(o.contributors))
    if kind in ("doi-url", "isbn") and o.isbn:
        i13 = isbn13(o.isbn)
        i10 = _isbn10_of(i13)
        return dataclasses.replace(o, isbn=f"{i10[0]}-{i10[1:4]}-{i10[4:9]}-{i10[9]}",
                                   contributors=_initials(o.contributors), publisher="")
    if kind in ("typo", "isbn", "doi-url"):
        return dataclasses.replace(o, title=_typo(o.title, rng), doi="", contributors=_initials(o.contributors))
    if kind == "subtitle":
        if ":" in o.title:
            return dataclasses.replace(o, title=o.title.split(":")[0], doi="")
        return dataclasses.replace(o, title=o.title + ": A Critical Review", doi="")
    if kind == "journal":
        if not o.container or o.entry_type == "book":
            return _plant(o, "typo", rng, parse_reference)
        return dataclasses.replace(o, container=_abbreviate(o.container), doi="")
    if kind == "reflist":
        return parse_reference(_apa(o, with_doi=rng.random() < 0.3))  # type: ignore[operator,no-any-return]
    # accents
    t = o.title.replace(" and ", " & ") if " and " in o.title else o.title.replace(" & ", " and ")
    return dataclasses.replace(o, title=_strip_accents(t), doi="",
                                  contributors=tuple(dataclasses.replace(p, family=_strip_accents(p.family),
                                                                         given=_strip_accents(p.given))
                                                     for p in o.contributors))


def _near_miss(o: Entry, j: int, rng: random.Random) -> tuple[Entry, Entry, str]:
    """Two records of different works that look alike: they must not be found as duplicates."""
    people = o.contributors
    kind = j % 5
    if kind == 0:
        a = Entry(entry_type="book", title=f"Handbook of {o.title.split(':')[0]}", contributors=people,
                  year=o.year, edition="2nd", isbn=_isbn13_from(rng.randrange(10**9)), publisher="Elsevier")
        return a, dataclasses.replace(a, edition="3rd", year=(o.year or 2000) + 1,
                                      isbn=_isbn13_from(rng.randrange(10**9))), "edition"
    if kind == 1:
        book_isbn = _isbn13_from(rng.randrange(10**9))
        a = Entry(entry_type="chapter", title="Introduction", contributors=people, year=o.year,
                  container=f"Handbook of {o.title.split(':')[0]}", isbn=book_isbn, pages="1--20")
        return a, dataclasses.replace(a, title="Introduction to Part II", pages="201--230"), "chapters"
    if kind == 2:
        a = dataclasses.replace(o, title=f"{o.title.split(':')[0]}, Part 1", doi="", isbn="", citekey="", pages="")
        return a, dataclasses.replace(a, title=f"{o.title.split(':')[0]}, Part 2"), "parts"
    if kind == 3:
        # the same title by other people (both also apart from `o`: later, other pages)
        a = dataclasses.replace(o, doi="", isbn="", title=o.title + " revisited", year=(o.year or 2000) + 4,
                                pages="")
        return a, dataclasses.replace(a, contributors=(Person("Nguyen", "Thi"), Person("Okafor", "Chidi"))), \
            "other-authors"
    a = dataclasses.replace(o, doi="", isbn="", title=f"On {o.title.split(':')[0].lower()}", year=(o.year or 2000) + 3,
                            pages="")
    return a, dataclasses.replace(a, year=(o.year or 2000) + 12), "years-apart"


# --- measuring ---------------------------------------------------------------------------------------

# Peak memory is the kernel's high-water mark of this process (VmHWM): ru_maxrss would carry over
# the benchmark's own size across fork + exec.
CHILD_SCAN = r"""
import json, sys, time
from refman.library import Library

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

lib = Library.open(sys.argv[1])
lib.count()
rss0 = hwm()
t, c = time.perf_counter(), time.process_time()
found = lib.find_duplicates()
dt, cpu = time.perf_counter() - t, time.process_time() - c
peak = hwm()
key = dict(lib.store._conn().exec_driver_sql("SELECT id, citekey FROM entries").all())
print(json.dumps({"time": dt, "cpu": cpu, "rss_open": rss0, "peak": peak, "clusters": [[key[i] for i in c] for c in found]}))
"""

CHILD_IMPORT = r"""
import json, pickle, resource, sys, time
from refman.core.model import ParseResult
from refman.library import Library
from refman.library.duplicates import similar_pairs
entries = pickle.load(open(sys.argv[2], "rb"))
lib = Library.open(sys.argv[1])
t = time.perf_counter()
report, changes = lib.import_result(ParseResult(format="bibtex", entries=tuple(entries)), "import-1000.bib")
total = time.perf_counter() - t
t, c = time.perf_counter(), time.process_time()
pairs = similar_pairs(lib.store, changes.added)
check, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"total": total, "check": check, "check_cpu": cpu, "similar": [list(p) for p in report.similar]}))
"""


def _child(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def make_library(path: Path, entries: list[Entry]) -> float:
    from refman.library import Library

    if path.exists():
        path.unlink()
    for extra in path.parent.glob(path.name + "-*"):
        extra.unlink()
    lib = Library.open(path)
    t = time.perf_counter()
    lib.import_result(ParseResult(format="bibtex", entries=tuple(entries)), f"planted-{len(entries)}.bib")
    dt = time.perf_counter() - t
    lib.close()
    return dt


def evaluate(planted: Planted, clusters: list[list[str]]) -> dict[str, object]:
    key_of = [e.citekey for e in planted.entries]
    truth: dict[tuple[str, str], str] = {}
    for members, kind in planted.groups:
        for a, b in combinations(sorted(key_of[m] for m in members), 2):
            truth[(a, b)] = kind
    predicted = {p for c in clusters for p in combinations(sorted(c), 2)}
    tp = predicted & set(truth)
    by_kind: dict[str, list[int]] = {}
    for pair, kind in truth.items():
        got = by_kind.setdefault(kind, [0, 0])
        got[1] += 1
        got[0] += pair in tp
    near = {tuple(sorted((key_of[a], key_of[b]))): why for a, b, why in planted.near_misses}
    wrong_near = sorted({why for pair, why in near.items() if pair in predicted})
    false = sorted(predicted - set(truth))
    missed = sorted(set(truth) - tp)
    return {"precision": len(tp) / len(predicted) if predicted else 1.0, "recall": len(tp) / len(truth),
            "pairs": len(truth), "predicted": len(predicted), "by_kind": by_kind, "near_misses_joined": wrong_near,
            "false_examples": false[:8], "missed_examples": missed[:8]}


def show_pair(planted: Planted, keys: tuple[str, str]) -> str:
    by_key = {e.citekey: e for e in planted.entries}
    out = []
    for k in keys:
        e = by_key[k]
        out.append(f"      {k}: {e.authors_display()} ({e.year}) {e.title!r} | {e.container} {e.pages} "
                   f"{e.doi} {e.isbn} {e.entry_type}")
    return "\n".join(out)


def main() -> None:
    global WORK
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", default=str(WORK))
    args = ap.parse_args()
    WORK = Path(args.work)
    WORK.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    pool = real_pool()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times above CPU times mean"
          " other work had the cores)")
    print(f"pool: {len(pool)} distinct real works ({time.perf_counter() - t:.1f} s)")
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        planted = build(n, pool)
        path = WORK / f"dups-{n}.sqlite"
        build_s = make_library(path, planted.entries)
        scan = _child(CHILD_SCAN, str(path))
        ev = evaluate(planted, scan["clusters"])  # type: ignore[arg-type]
        print(f"\n{n} entries ({len(planted.groups)} planted works with copies, {ev['pairs']} true pairs, "
              f"{len(planted.near_misses)} near-miss pairs); library built in {build_s:.1f} s")
        print(f"  precision {ev['precision']:.4f}  recall {ev['recall']:.4f}  "
              f"(predicted {ev['predicted']} pairs)   targets: >= 0.99, >= 0.97")
        print("  recall by kind: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(ev["by_kind"].items())))  # type: ignore[union-attr]
        print(f"  near misses wrongly joined: {ev['near_misses_joined'] or 'none'}")
        for pair in ev["false_examples"][:4]:  # type: ignore[index]
            print("    false pair:\n" + show_pair(planted, pair))
        for pair in ev["missed_examples"][:6]:  # type: ignore[index]
            print("    missed pair:\n" + show_pair(planted, pair))
        print(f"  scan {scan['time']:.2f} s wall, {scan['cpu']:.2f} s CPU (target <= 10 s at 100k); peak RSS {scan['peak']:.0f} MB "
              f"(after opening the library: {scan['rss_open']:.0f} MB; target <= 400 MB)")
    n = max(sizes)
    planted = build(n, pool)
    rng = random.Random(7)
    from refman.formats.refstrings import parse_reference

    news: list[Entry] = []
    truth = set()
    for j, o in enumerate(rng.sample(range(len(planted.entries) - 3 * (n // 100)), 100)):
        orig = planted.entries[o]
        kind = KINDS[j % len(KINDS)]
        if kind in ("doi-url", "isbn") and not (orig.doi or orig.isbn):
            kind = "typo"  # the library's entry cannot change any more
        dup = _plant(orig, kind, rng, parse_reference)
        news.append(dataclasses.replace(dup, citekey=f"imp{j}", id=None))
        truth.add(f"imp{j}")
    for j in range(900):
        t = pool[(j * 131 + 5) % len(pool)]
        news.append(dataclasses.replace(t, citekey=f"new{j}", title=f"{t.title.split(':')[0]}: "
                                        f"{pool[(j * 7 + 1) % len(pool)].title.split(':')[-1]}",
                                        contributors=pool[(j * 53 + 11) % len(pool)].contributors,
                                        year=rng.randint(1950, 2025)))
    batch = WORK / "import-1000.pickle"
    batch.write_bytes(pickle.dumps(news))
    path = WORK / f"dups-{n}.sqlite"
    res = _child(CHILD_IMPORT, str(path), str(batch))
    found = {a for a, _ in res["similar"]}  # type: ignore[union-attr]
    print(f"\nimport of 1,000 entries (100 planted copies) into {n}: import {res['total']:.2f} s, "
          f"of which the duplicate check {res['check']:.3f} s wall, {res['check_cpu']:.3f} s CPU (target <= 1 s); "
          f"reported {len(found)}: {len(found & truth)} planted copies, {len(found - truth)} others")


if __name__ == "__main__":
    main()
