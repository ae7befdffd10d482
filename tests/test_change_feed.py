"""Other clients' changes reach an open library (issue 16): the change feed reports a commit made
by another process, not the library's own writes (PostgreSQL), and nothing when nobody wrote."""

from __future__ import annotations

import subprocess
import sys
import time

from refman.core.model import Entry
from refman.library import Library
from refman.library.sharing import change_feed

ADD = ("import sys\nfrom refman.core.model import Entry\nfrom refman.library import Library\n"
       "lib = Library.open(sys.argv[1]); lib.add_entry(Entry(citekey='from-elsewhere', title='x')); lib.close()\n")


def _poll_until(feed: object, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if feed.poll():  # type: ignore[attr-defined]
            return True
        time.sleep(0.05)
    return False


def test_feed_reports_another_process_commit(library_location: str) -> None:
    lib = Library.open(library_location)
    feed = change_feed(lib, poll_every=0.2)
    try:
        assert not feed.poll()
        lib.add_entry(Entry(citekey="mine", title="own write"))
        if lib.store.dialect == "postgresql":  # own writes are not news (the window refreshed already)
            time.sleep(0.3)
            assert not feed.poll()
        else:
            feed.poll()  # SQLite cannot tell whose commit moved data_version
        assert not feed.poll()
        subprocess.run([sys.executable, "-c", ADD, library_location], check=True, timeout=60)
        assert _poll_until(feed)
        assert lib.by_key("from-elsewhere").title == "x"
        assert not feed.poll()
    finally:
        feed.close()
        lib.close()


def test_polling_feed_reports_another_process_commit(library_location: str) -> None:
    """The fallback on its own (on SQLite it is the only way): the change counter is polled, a
    commit by another process is news once, and nothing else is."""
    lib = Library.open(library_location)
    feed = change_feed(lib, poll_every=0.2, listen=False)
    try:
        assert not feed.listening
        assert not _poll_until(feed, 0.5)  # nobody wrote
        subprocess.run([sys.executable, "-c", ADD, library_location], check=True, timeout=60)
        assert _poll_until(feed)
        assert lib.by_key("from-elsewhere").title == "x"
        assert not _poll_until(feed, 0.5)  # reported once
        lib.add_entry(Entry(citekey="mine", title="own write"))
        feed.resync()  # the window shows its own write: that is no news afterwards
        assert not _poll_until(feed, 0.5)
    finally:
        feed.close()
        lib.close()


def test_feed_falls_back_to_polling_when_its_listener_dies() -> None:
    """PostgreSQL: the server ends the LISTENing connection (a restart, an administrator, a
    dropped network); the feed notices, polls the change counter instead, and a commit made by
    another process afterwards is still reported."""
    import psycopg

    from tests.pg import pg_schema_url

    with pg_schema_url() as location:
        lib = Library.open(location)
        feed = change_feed(lib, poll_every=0.2)
        try:
            assert feed.listening
            pid = feed.listener_pid
            dsn = location.replace("postgresql+psycopg://", "postgresql://", 1)
            with psycopg.connect(dsn, autocommit=True) as admin:
                assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
            deadline = time.monotonic() + 10
            while feed.listening and time.monotonic() < deadline:
                assert not feed.poll()  # losing the listener is no change
                time.sleep(0.05)
            assert not feed.listening
            subprocess.run([sys.executable, "-c", ADD, location], check=True, timeout=60)
            assert _poll_until(feed)
            assert lib.by_key("from-elsewhere").title == "x"
        finally:
            feed.close()
            lib.close()
