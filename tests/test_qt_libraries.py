"""The check that stands between `refman`/`make run` and Qt's abort on a desktop without xcb libraries."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from refman.launcher import files_to_open
from refman.qt_libraries import QT_BASE, QT_XCB, missing_for_gui, qt_platform, system_dirs
from tests.elf_needed import needed

# Inside every Linux system (libc6, libstdc++6, libgcc-s1): never missing where Python runs.
TOOLCHAIN = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2",
             "libpthread.so.0", "libdl.so.2", "librt.so.1"}


def _qt_dir() -> Path:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF and dlopen: Linux only")
def test_tables_cover_what_qt_xcb_needs_from_the_system() -> None:
    """A PySide6 upgrade that links another system library must show up here, not as a user's core dump."""
    qt = _qt_dir()
    bundled = {p.name for p in (qt / "lib").iterdir()}
    unknown = {}
    for binary, table in ((qt / "lib" / "libQt6Core.so.6", QT_BASE), (qt / "lib" / "libQt6Gui.so.6", QT_BASE),
                          (qt / "lib" / "libQt6DBus.so.6", QT_BASE),
                          (qt / "plugins" / "platforms" / "libqxcb.so", {**QT_BASE, **QT_XCB}),
                          (qt / "lib" / "libQt6XcbQpa.so.6", {**QT_BASE, **QT_XCB})):
        for soname in needed(binary):
            if soname not in bundled and soname not in TOOLCHAIN and soname not in table:
                unknown[soname] = binary.name
    assert not unknown, f"system libraries Qt needs that refman.qt_libraries does not check: {unknown}"


def test_platform_qt_will_choose() -> None:
    assert qt_platform({"QT_QPA_PLATFORM": "offscreen"}, "linux") == "offscreen"
    assert qt_platform({"QT_QPA_PLATFORM": "xcb:dpi=96"}, "linux") == "xcb"
    assert qt_platform({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux") == "wayland"
    assert qt_platform({"DISPLAY": ":0"}, "linux") == "xcb"
    assert qt_platform({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux") == "wayland"
    assert qt_platform({"DISPLAY": ":0"}, "darwin") == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dlopen of Linux sonames")
def test_this_machine_has_what_qt_needs() -> None:
    """CI installs the libraries (.ci/run); so does the README's apt line on a desktop."""
    found = missing_for_gui({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"})
    assert not found, found.message()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dlopen of Linux sonames")
def test_a_missing_library_gives_the_exact_apt_line() -> None:
    table = {"libxcb-cursor.so.0": "libxcb-cursor0", "librefman-absent-xcb.so.7": "librefman-absent7",
             "librefman-absent-gl.so.1": "librefman-absent-gl1"}
    found = missing_for_gui({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, tables=[table])
    assert found.libraries == (("librefman-absent-xcb.so.7", "librefman-absent7"),
                               ("librefman-absent-gl.so.1", "librefman-absent-gl1"))
    assert found.apt_line() == "sudo apt-get install librefman-absent-gl1 librefman-absent7"
    assert "    sudo apt-get install librefman-absent-gl1 librefman-absent7\n" in found.message()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux library folders")
def test_a_library_in_a_system_folder_is_found_without_a_dlopen(tmp_path: Path) -> None:
    """The check looks in the library folders first (LD_LIBRARY_PATH's among them): a file there
    counts, even one no dlopen could load; what is in none of them is still asked of dlopen."""
    (tmp_path / "librefman-folder-only.so.3").write_bytes(b"not an ELF file")
    table = {"librefman-folder-only.so.3": "librefman-folder3", "libxcb-cursor.so.0": "libxcb-cursor0",
             "librefman-absent-xcb.so.7": "librefman-absent7"}
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0", "LD_LIBRARY_PATH": str(tmp_path)}
    found = missing_for_gui(env, tables=[table])
    assert found.libraries == (("librefman-absent-xcb.so.7", "librefman-absent7"),)
    assert str(tmp_path) in system_dirs(env) and f"/usr/lib/{sys.implementation._multiarch}" in system_dirs(env)
    assert missing_for_gui(dict(env, LD_LIBRARY_PATH=""), tables=[table]).libraries[0][0] == "librefman-folder-only.so.3"


def test_no_display_only_matters_for_xcb() -> None:
    assert missing_for_gui({"QT_QPA_PLATFORM": "xcb"}, "linux").no_display
    assert not missing_for_gui({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not missing_for_gui({"QT_QPA_PLATFORM": "xcb"}, "darwin")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11")
def test_refman_without_a_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    """Qt itself would abort (SIGABRT, a core dump) here; the launcher prints what to do and exits 1."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env.update(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.run([sys.executable, "-m", "refman", "--library", str(tmp_path / "lib.sqlite")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "no X display" in proc.stderr
    assert not (tmp_path / "lib.sqlite").exists()  # stopped before the library (or Qt) was touched


def test_files_from_a_file_manager_open_the_gui(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    ris = tmp_path / "more.ris"
    bib.write_text("@book{a, title={A}}\n")
    ris.write_text("TY  - BOOK\nER  - \n")
    commands = ["import", "search"]
    assert files_to_open([str(bib)], commands) == (None, [str(bib)])
    assert files_to_open(["-L", "x.sqlite", str(bib), str(ris)], commands) == ("x.sqlite", [str(bib), str(ris)])
    assert files_to_open([f"--library={tmp_path}/y.sqlite", str(bib)], commands) == (f"{tmp_path}/y.sqlite", [str(bib)])
    assert files_to_open(["import", str(bib)], commands) is None
    assert files_to_open([str(tmp_path / "absent.bib")], commands) is None  # the CLI reports it
    assert files_to_open(["--version"], commands) is None
    assert files_to_open([], commands) is None
