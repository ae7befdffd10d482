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
