"""The desktop app's log: a rotating file in the platform's log folder, plus a crash file for the
faults Python cannot catch (a segfault or abort in Qt or V8), read back at the next start.

A desktop app started from a menu has no terminal: without a file, a traceback (or Qt's last words
before an abort) is lost and the window just vanishes. The folder comes from platformdirs
(`~/.local/state/refman/log` on Linux) unless the caller passes another one.

The desktop app asks for the file `later`: what is logged until its first paint is held in memory
and written, with its own times, when `open_log()` opens the file just after that paint (importing
logging.handlers and opening the file cost the start-up ~5 ms). Hard crashes go to crash.log from
the start.
"""

from __future__ import annotations

import faulthandler
import logging
from pathlib import Path
from typing import IO

LOG_NAME = "refman.log"
FAULT_NAME = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 4  # refman.log.1 … refman.log.4: five files, at most ~5 MB
LOGGER = "refman"

_fault_file: IO[str] | None = None


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_path("refman", appauthor=False))


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, "_refman_log", False)


class _Held(logging.Handler):
    """Holds the records logged before the log file is opened (setup_logging(later=True))."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__()
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def setup_logging(directory: Path | None = None, level: int = logging.INFO,
                  max_bytes: int = MAX_BYTES, backups: int = BACKUPS, faults: bool = True,
                  later: bool = False) -> Path:
    """Send the `refman` loggers to `directory`/refman.log (rotated at `max_bytes`, `backups` old
    files kept) and, with `faults`, arm faulthandler to write hard crashes to crash.log (call
    previous_crash first: it moves the last run's report aside). With `later`, records are held
    until open_log(). Calling it again moves the log; returns the log file's path."""
    directory = directory or default_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_NAME
    logger = logging.getLogger(LOGGER)
    held = _Held(path, max_bytes, backups)
    held._refman_log = True  # type: ignore[attr-defined]
    for old in [h for h in logger.handlers if _ours(h)]:
        if isinstance(old, _Held):
            held.records += old.records  # not yet written: they go to the new place
        logger.removeHandler(old)
        old.close()
    logger.addHandler(held)
    logger.setLevel(level)
    if faults:
        _arm_faulthandler(directory / FAULT_NAME)
    if not later:
        open_log()
    return path


def open_log() -> None:
    """Open the log file that setup_logging(later=True) named and write the records held so far
    (nothing to do if it is open already, or logging was not set up)."""
    logger = logging.getLogger(LOGGER)
    held = next((h for h in logger.handlers if isinstance(h, _Held)), None)
    if held is None:
        return
    from logging.handlers import RotatingFileHandler

    handler = RotatingFileHandler(held.path, maxBytes=held.max_bytes, backupCount=held.backups,
                                                   encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._refman_log = True  # type: ignore[attr-defined]
    for record in held.records:
        handler.handle(record)
    logger.addHandler(handler)
    logger.removeHandler(held)
    held.records.clear()


def _arm_faulthandler(path: Path) -> None:
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
    # Line-buffered append: what a fault writes must reach the disk before the process dies.
    _fault_file = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    faulthandler.enable(_fault_file, all_threads=True)


def stop_logging() -> None:
    """Detach the log file (and faulthandler's file, if armed): for tests and embedding."""
    global _fault_file
    open_log()  # what is held is written, not lost
    logger = logging.getLogger(LOGGER)
    for old in [h for h in logger.handlers if _ours(h)]:
        logger.removeHandler(old)
        old.close()
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None


def log_path() -> Path | None:
    """The file the `refman` logger writes to, or None before setup_logging."""
    for handler in logging.getLogger(LOGGER).handlers:
        if _ours(handler) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
        if isinstance(handler, _Held):
            return handler.path
    return None


def previous_crash(directory: Path | None = None) -> Path | None:
    """If the last run died hard (crash.log is not empty), move that report aside as
    crash-previous.log and return its path, so that it is told about once; else None."""
    directory = directory or default_log_dir()
    fault = directory / FAULT_NAME
    try:
        if fault.stat().st_size == 0:
            return None
    except OSError:
        return None
    kept = directory / "crash-previous.log"
    fault.replace(kept)
    return kept
