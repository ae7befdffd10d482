"""Which system libraries Qt needs before the desktop app can start, and the apt-get line for those missing.

PySide6's wheel bundles Qt but not the X11/XCB, GL and font libraries of the system. When one of the
xcb platform plugin's libraries is missing (libxcb-cursor0 is absent from a fresh Debian desktop),
Qt prints a hint and *aborts* with a core dump. The launcher asks this module first, with
a look in the system's library folders (and dlopen, through ctypes, for what is not found there),
before PySide6 is imported, so a researcher gets one exact `apt-get install` line.

The sonames are what `libqxcb.so`, `libQt6XcbQpa.so.6`, `libQt6Gui.so.6` and `libQt6Core.so.6` of
PySide6-Essentials 6.11 list as DT_NEEDED outside the wheel; tests/test_qt_libraries.py reads those
ELF files and fails if a new PySide6 needs a library this table does not know.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# soname -> Debian package, for any Qt GUI start (offscreen included).
QT_BASE: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libdbus-1.so.3": "libdbus-1-3",
}

# soname -> Debian package, for the xcb platform plugin (an X11 desktop, or XWayland via QT_QPA_PLATFORM=xcb).
QT_XCB: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def bundled_dirs() -> list[Path]:
    """Where a frozen app (PyInstaller: sys._MEIPASS) carries its own copies of system libraries,
    which Qt finds through its RPATH but a plain dlopen would not."""
    base = getattr(sys, "_MEIPASS", None)
    return [Path(base)] if getattr(sys, "frozen", False) and base else []


def system_dirs(environ: Mapping[str, str] = os.environ) -> list[str]:
    """Where the dynamic linker finds a Debian package's libraries (LD_LIBRARY_PATH first, then the
    multiarch and plain lib folders), looked in before any dlopen."""
    arch = getattr(sys.implementation, "_multiarch", "") or ""
    extra = [d for d in environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if d]
    standard = [f"/usr/lib/{arch}", f"/lib/{arch}"] if arch else []
    return [*extra, *standard, "/usr/lib64", "/lib64", "/usr/lib", "/lib"]


def _available(soname: str, bundled: Sequence[Path], folders: Sequence[str] = ()) -> bool:
    """Whether the library is there: a file of that name in a bundled or a system folder (a stat
    each: the check of 11 libraries at every GUI start takes ~0.1 ms), else what a dlopen says (a
    folder only /etc/ld.so.conf names; ctypes and the dlopen cost the start ~4 ms)."""
    if any((folder / soname).exists() for folder in bundled):
        return True
    if any(os.path.exists(os.path.join(folder, soname)) for folder in folders):
        return True
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def qt_platform(environ: Mapping[str, str], os_name: str = sys.platform) -> str:
    """The platform plugin Qt will try first: QT_QPA_PLATFORM's first choice, else what Qt 6 picks
    on Linux (wayland in a Wayland session, xcb otherwise); "" off Linux, where none of this applies."""
    explicit = environ.get("QT_QPA_PLATFORM", "").strip()
    if explicit:
        return explicit.split(";")[0].split(":")[0].strip()
    if not os_name.startswith("linux"):
        return ""
    if environ.get("XDG_SESSION_TYPE") == "wayland" or environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


@dataclass(frozen=True)
class Missing:
    """What the desktop app lacks: libraries (soname, Debian package) and whether an X display is absent."""

    libraries: tuple[tuple[str, str], ...] = ()
    no_display: bool = False

    def __bool__(self) -> bool:
        return bool(self.libraries) or self.no_display

    @property
    def packages(self) -> list[str]:
        return sorted({pkg for _so, pkg in self.libraries})

    def apt_line(self) -> str:
        return "sudo apt-get install " + " ".join(self.packages)

    def message(self) -> str:
        """Several lines for stderr: what is missing and the command that fixes it."""
        lines: list[str] = []
        if self.libraries:
            names = ", ".join(so for so, _pkg in self.libraries)
            lines += [f"refman: the desktop app needs system libraries that are missing: {names}",
                      "Install them (Debian, Ubuntu) with:", "", f"    {self.apt_line()}", "",
                      "The command-line commands work without them (refman --help)."]
        if self.no_display:
            lines += ["refman: no X display to open the window on (DISPLAY is not set).",
                      "Start refman from a desktop session, or set QT_QPA_PLATFORM=offscreen for a headless run."]
        return "\n".join(lines)


def missing_for_gui(environ: Mapping[str, str], os_name: str = sys.platform,
                    tables: Sequence[Mapping[str, str]] | None = None) -> Missing:
    """What stops Qt from starting on this machine (empty when nothing does, or off Linux).

    The base libraries are checked for every platform plugin (without them PySide6 fails to import);
    the xcb ones only when Qt will use xcb. `tables` replaces both lists (tests name a library that
    cannot exist, to see the real dlopen fail)."""
    if not os_name.startswith("linux"):
        return Missing()
    platform = qt_platform(environ, os_name)
    if tables is None:
        tables = [QT_BASE, QT_XCB] if platform == "xcb" else [QT_BASE]
    bundled = bundled_dirs()
    folders = system_dirs(environ)
    missing: list[tuple[str, str]] = []
    for table in tables:
        missing += [(so, pkg) for so, pkg in table.items() if not _available(so, bundled, folders)]
    no_display = platform == "xcb" and not environ.get("DISPLAY")
    return Missing(tuple(missing), no_display)
