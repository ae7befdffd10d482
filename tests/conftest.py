"""Shared fixtures: real SQLite library files in a temporary folder, and the shared/ data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.library import Library

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_48728e4564e9696b.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library.sqlite")
    yield lib
    lib.close()


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared/ seed page not present")
    return SEED.read_text(encoding="utf-8")
