"""Issue 15, point 15: quitting prints no Qt warning (and never crashes), watched from outside: a
real process runs the app (tests/quit_driver.py drives run_gui), copies, quits by File > Quit,
and its stderr and exit status are checked.

Before the fix, quitting after any copy ended in a segmentation fault on the offscreen platform:
the clipboard kept a Python-made QMimeData past the interpreter's end."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refman.library import Library

DRIVER = Path(__file__).resolve().parent.parent / "quit_driver.py"
ROOT = DRIVER.parent.parent
# The offscreen plugin says this when the window's size hints change, at start, not at quit.
OFFSCREEN_NOTICE = re.compile(r"^This plugin does not support propagateSizeHints\(\)$")


def _library(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite"
    lib = Library.open(path)
    lib.import_text(json.dumps([{"id": f"k{i}", "type": "book", "title": f"Title {i}",
                                 "author": [{"family": "Author", "given": "A."}], "issued": {"date-parts": [[2000 + i]]}}
                                for i in range(40)]), "fixture.json", "csljson")
    lib.close()
    return path


def _run(tmp_path: Path, platform: str, *args: str, wrapper: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    env.pop("REFMAN_QUIT_AFTER_PAINT", None)
    return subprocess.run([*wrapper, sys.executable, str(DRIVER), str(_library(tmp_path)), *args],
                          env=env, capture_output=True, text=True, timeout=180, check=False)


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not OFFSCREEN_NOTICE.match(line)]


@pytest.mark.parametrize("args", [("none",), ("bibtex",), ("citation",), ("citation", "0")],
                         ids=["plain", "after-bibtex-copy", "after-citation-copy", "during-copy"])
def test_quit_is_silent_offscreen(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = _run(tmp_path, "offscreen", *args)
    assert proc.returncode == 0, f"exit status {proc.returncode}; stderr:\n{proc.stderr[-2000:]}"
    assert _warnings(proc.stderr) == []


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_quit_is_silent_under_xvfb(tmp_path: Path) -> None:
    proc = _run(tmp_path, "xcb", "citation", wrapper=("xvfb-run", "-a"))
    assert proc.returncode == 0, f"exit status {proc.returncode}; stderr:\n{proc.stderr[-2000:]}"
    assert _warnings(proc.stderr) == []
