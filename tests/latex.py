"""Running real BibTeX and biber in tests (skipped where TeX Live is absent)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed (Debian: texlive-binaries / biber)")


def bibtex_bbl(folder: Path, bib: Path, keys: list[str], style: str = "plain", databases: list[str] | None = None) -> str:
    """The .bbl BibTeX writes for `\\cite`s of `keys` from `bib` (and `databases`, names without .bib)."""
    need("bibtex")
    folder.mkdir(parents=True, exist_ok=True)
    names = databases if databases is not None else [bib.stem]
    if bib.parent != folder:
        shutil.copy(bib, folder / bib.name)
    aux = "".join(f"\\citation{{{k}}}\n" for k in keys)
    aux += f"\\bibstyle{{{style}}}\n\\bibdata{{{','.join(names)}}}\n"
    (folder / "doc.aux").write_text(aux, encoding="utf-8")
    proc = subprocess.run(["bibtex", "-terse", "doc"], cwd=folder, capture_output=True, text=True, check=False)
    bbl = folder / "doc.bbl"
    if not bbl.exists():
        raise AssertionError(f"bibtex wrote no .bbl: {proc.stdout}{proc.stderr}")
    return bbl.read_text(encoding="utf-8", errors="replace")
