"""A fresh PostgreSQL database per test: a new schema in the server REFMAN_TEST_PG_URL names.

Without that variable PostgreSQL tests are skipped on a developer's machine but fail in CI
(CI=true), so that a CI run can never pass by skipping them. `tools/pg_test_cluster.sh` starts a
throwaway server and prints the variable.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("REFMAN_TEST_PG_URL", "")


def require_pg() -> str:
    """The server URL, or skip (locally) / fail (CI) when there is none."""
    if not PG_URL:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("REFMAN_TEST_PG_URL is not set in CI: the PostgreSQL tests must run there")
        pytest.skip("REFMAN_TEST_PG_URL not set (start a server with tools/pg_test_cluster.sh)")
    return PG_URL


def _driver_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A library URL whose connections work in a new, empty schema, dropped afterwards."""
    import psycopg

    url = require_pg()
    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(_driver_dsn(url), autocommit=True) as conn:
        # One unaccent for the whole database, in public, so that no test schema owns it.
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options={quote(f'-csearch_path={name},public')}"
    finally:
        with psycopg.connect(_driver_dsn(url), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
