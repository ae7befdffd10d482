"""Real .bib files from TeX Live through refman and back, checked by BibTeX itself and by biber.

Three ways out:
- raw: every record as imported (an unedited library) -> the file comes back byte-identical;
- source: every entry as if edited but unchanged (raw=None, source_raw set) -> the canonical
  writer takes each unchanged field verbatim, and BibTeX/biber see exactly the same thing;
- canonical: entries only (raw=None, as if they came from CSL-JSON) -> written from the decoded
  columns; BibTeX and biber see the same entries with the same text, but LaTeX markup and case
  protection are re-derived, so the output is not identical (the tests say how close it is).
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from texlive import kpsewhich

from refman.core.model import ParseResult
from refman.formats import bibtex
from refman.formats.bibtex.records import records_from_result
from refman.formats.latex import decode

pytestmark = pytest.mark.slow




def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed (Debian: texlive-binaries / biber)")


@functools.cache
def _parsed(name: str) -> tuple[str, ParseResult]:
    """Each real file is read once for the whole module (tugboat.bib takes a second or two)."""
    text = kpsewhich(name).read_text()
    return text, bibtex.read(text, name)


@pytest.fixture(scope="module")
def original_bbl(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """The .bbl of each original file, made once for the module."""
    cache: dict[str, str] = {}

    def get(name: str) -> str:
        if name not in cache:
            cache[name] = run_bibtex(_parsed(name)[0], tmp_path_factory.mktemp("bbl") / "original")
        return cache[name]

    return get


def export(result: ParseResult, mode: str, dialect: str = "bibtex") -> str:
    recs = records_from_result(result, mode)
    out = io.StringIO()
    assert bibtex.write(recs, out, dialect=dialect) == len(result.entries)
    return out.getvalue()


def run_bibtex(bib: str, workdir: Path) -> str:
    """The .bbl that `bibtex` with plain.bst makes for \\nocite{*} over this text."""
    workdir.mkdir()
    (workdir / "db.bib").write_text(bib, encoding="utf-8")
    (workdir / "db.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{db}\n")
    subprocess.run(["bibtex", "-terse", "db"], cwd=workdir, capture_output=True, check=False, timeout=120)
    return (workdir / "db.bbl").read_text(encoding="utf-8", errors="surrogateescape")


def run_biber_tool(bib: str, workdir: Path) -> str:
    """What `biber --tool` makes of this text (its normalised re-export)."""
    workdir.mkdir()
    (workdir / "db.bib").write_text(bib, encoding="utf-8")
    proc = subprocess.run(
        ["biber", "--tool", "--output-file=out.bib", "db.bib"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (workdir / "out.bib").read_text(encoding="utf-8")


def bbl_items(bbl: str) -> dict[str, str]:
    items = {}
    for chunk in re.split(r"\n(?=\\bibitem)", bbl.replace("\\end{thebibliography}", ""))[1:]:
        m = re.match(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}", chunk)
        assert m is not None
        items[m.group(1)] = chunk
    return items


def same_text(a: str, b: str) -> bool:
    """Equal once LaTeX is decoded and case ignored: what a reader of the bibliography sees."""

    def norm(s: str) -> str:
        return " ".join(decode(s.replace("\\newblock", " ")).casefold().split())

    return norm(a) == norm(b)


def biber_entries(out: str) -> dict[str, tuple[str, dict[str, str]]]:
    entries = {}
    for m in re.finditer(r"^@(\w+)\{([^,\n]+),\n(.*?)^\}", out, re.M | re.S):
        if m.group(1).upper() == "STRING":
            continue
        fields = dict(re.findall(r"^  ([A-Z0-9_:+.-]+) = (.*?),$", m.group(3), re.M | re.S))
        entries[m.group(2)] = (m.group(1), fields)
    return entries


# ---------------------------------------------------------------- classic BibTeX


@pytest.mark.parametrize("name", ["xampl.bib", "tugboat.bib"])
def test_classic_file_raw_and_edited_round_trip_give_identical_bbl(
    name: str, tmp_path: Path, original_bbl: Callable[[str], str]
) -> None:
    _need("bibtex")
    text, result = _parsed(name)
    assert not [p for p in result.problems if p.severity == "error"]
    original = original_bbl(name)
    assert original.count("\\bibitem") == len(result.entries) >= 36

    raw = export(result, "raw")
    assert raw == text  # unedited: byte for byte
    assert run_bibtex(raw, tmp_path / "raw") == original

    edited = export(result, "source")
    assert edited != text  # really rewritten in the canonical layout ...
    assert run_bibtex(edited, tmp_path / "source") == original  # ... and BibTeX sees the same


@pytest.mark.parametrize(("name", "identical_at_least"), [("xampl.bib", 23), ("tugboat.bib", 1406)])
def test_classic_file_canonical_export_gives_the_same_bibliography_text(
    name: str, identical_at_least: int, tmp_path: Path, original_bbl: Callable[[str], str]
) -> None:
    """From decoded columns only: same entries, same text after LaTeX decoding (ignoring case);
    markup (`\\mbox`, `{\\em}`) and brace protection differ, so only part is byte-identical."""
    _need("bibtex")
    _, result = _parsed(name)
    original = bbl_items(original_bbl(name))
    canonical = bbl_items(run_bibtex(export(result, "canonical"), tmp_path / "canonical"))
    assert set(canonical) == set(original)
    differ = [k for k in original if not same_text(original[k], canonical[k])]
    assert differ == []
    identical = sum(original[k] == canonical[k] for k in original)
    assert identical >= identical_at_least


# ---------------------------------------------------------------- BibLaTeX / biber


def test_biblatex_file_round_trips_through_biber(tmp_path: Path) -> None:
    _need("biber")
    text = kpsewhich("biblatex-examples.bib").read_text()
    result = bibtex.read(text, "biblatex-examples.bib")
    assert result.problems == ()
    original = run_biber_tool(text, tmp_path / "original")

    raw = export(result, "raw", "biblatex")
    assert raw == text
    assert run_biber_tool(raw, tmp_path / "raw") == original

    edited = export(result, "source", "biblatex")
    assert edited != text
    assert run_biber_tool(edited, tmp_path / "source") == original

    # From decoded columns only: biber sees every entry with its type and fields; values agree
    # once decoded, except that crossref children now carry their inherited fields explicitly.
    orig = biber_entries(original)
    canon = biber_entries(run_biber_tool(export(result, "canonical", "biblatex"), tmp_path / "canonical"))
    assert set(canon) == set(orig) and len(orig) == 92
    crossref_children = {k for k, (_, f) in orig.items() if "CROSSREF" in f}
    for key, (etype, fields) in orig.items():
        ctype, cfields = canon[key]
        assert ctype == etype, key
        if key in crossref_children:
            assert set(fields) <= set(cfields), key
        else:
            assert set(cfields) == set(fields), key
        for name, value in fields.items():
            assert same_text(value, cfields[name]) or value.strip("{}") == cfields[name].strip("{}"), (key, name)
    identical = sum(orig[k] == canon[k] for k in orig)
    assert identical >= 50
