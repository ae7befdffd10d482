"""The app's log: rotation in the log folder, and hard crashes (which Python cannot catch) reported next time."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from refman.logfile import LOG_NAME, log_path, open_log, previous_crash, setup_logging, stop_logging


def test_log_rotates_and_keeps_a_bounded_number_of_files(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "log", max_bytes=2_000, backups=2, faults=False)
    try:
        assert path == tmp_path / "log" / LOG_NAME and log_path() == path
        log = logging.getLogger("refman.test")
        for i in range(200):
            log.info("line %d of a long session with enough words to fill the file", i)
    finally:
        stop_logging()
    names = sorted(p.name for p in (tmp_path / "log").iterdir())
    assert names == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2"]
    assert all(p.stat().st_size <= 2_100 for p in (tmp_path / "log").iterdir())
    assert "line 199 " in path.read_text(encoding="utf-8")  # the newest lines are in refman.log
    assert log_path() is None


def test_the_app_holds_its_log_until_after_the_first_paint(tmp_path: Path) -> None:
    """setup_logging(later=True) (the app, before its first paint) holds records in memory; open_log
    writes them to the file in order, with the times they were logged; stop_logging loses none."""
    log = logging.getLogger("refman.test")
    path = setup_logging(tmp_path / "log", faults=False, later=True)
    try:
        log.info("logged before the paint")
        assert log_path() == path and not path.exists()
        open_log()
        log.info("logged after the paint")
        open_log()  # once is enough
    finally:
        stop_logging()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["logged before the paint", "logged after the paint"]
    moved = setup_logging(tmp_path / "held", faults=False, later=True)
    log.warning("never opened")
    stop_logging()
    assert "never opened" in moved.read_text(encoding="utf-8")


def test_a_hard_crash_is_reported_once_at_the_next_start(tmp_path: Path) -> None:
    """faulthandler writes a segfault's or abort's Python stack to crash.log; previous_crash finds it."""
    code = ("import os, sys; from pathlib import Path; from refman.logfile import setup_logging; "
            "setup_logging(Path(sys.argv[1])); os.abort()")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, timeout=60)
    assert proc.returncode != 0
    report = previous_crash(tmp_path)
    assert report is not None and report.name == "crash-previous.log"
    assert "Fatal Python error: Aborted" in report.read_text(encoding="utf-8")
    assert previous_crash(tmp_path) is None  # told about once


def test_a_clean_run_leaves_no_crash_report(tmp_path: Path) -> None:
    code = "import sys; from pathlib import Path; from refman.logfile import setup_logging; setup_logging(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60)
    assert previous_crash(tmp_path) is None


def test_the_app_logs_to_the_platform_log_folder(tmp_path: Path) -> None:
    """A real start of the app (offscreen, quits after the first paint) writes to $XDG_STATE_HOME/refman/log."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REFMAN_QUIT_AFTER_PAINT="1", HOME=str(tmp_path),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    lib = tmp_path / "lib.sqlite"
    proc = subprocess.run([sys.executable, "-m", "refman", "--library", str(lib)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "refman: first paint" in proc.stdout
    text = (tmp_path / "state" / "refman" / "log" / LOG_NAME).read_text(encoding="utf-8")
    assert "starting (Qt " in text and str(lib) in text and "refman closed" in text
