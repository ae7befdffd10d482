"""Locating TeX Live's real .bib files for the round-trip tests (skipped where TeX Live is absent)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def kpsewhich(name: str) -> Path:
    try:
        out = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
    except FileNotFoundError:
        out = ""
    if not out:
        pytest.skip(f"{name} not installed (Debian: texlive-base / texlive-bibtex-extra)")
    return Path(out)
