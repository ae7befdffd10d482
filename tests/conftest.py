"""Shared fixtures: real libraries (a SQLite file in a temporary folder, and the same tests again on
a PostgreSQL server when there is one: see tests/pg.py), and the shared/ data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.library import Library

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_48728e4564e9696b.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(params=["sqlite", "postgresql"])
def library_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh library lives: a file, or a new schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "library.sqlite")
        return
    from tests.pg import pg_schema_url

    with pg_schema_url() as url:
        yield url


@pytest.fixture
def library(library_location: str) -> Iterator[Library]:
    lib = Library.open(library_location)
    yield lib
    lib.close()


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("shared/ seed page not present")
    return SEED.read_text(encoding="utf-8")
