"""Desktop integration files (packaging/linux) checked with the freedesktop tools a distribution uses,
and the icon set checked against its SVG source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from refman import __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.refman.Refman"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / "refman-mime.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    """The tool's path; in CI (.ci/run installs it) a missing tool fails, elsewhere it skips."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/run's package list)")
        pytest.skip(f"{name} is not installed (apt-get install desktop-file-utils appstream shared-mime-info)")
    return path


def _desktop() -> ConfigParser:
    parser = ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def test_desktop_file_is_valid() -> None:
    proc = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower()


def test_desktop_file_opens_bibtex_and_ris_files_with_refman() -> None:
    entry = _desktop()["Desktop Entry"]
    assert entry["Exec"] == "refman %F"  # several files at once: refman.launcher.files_to_open
    assert entry["Icon"] == APP_ID
    assert set(filter(None, entry["MimeType"].split(";"))) == {"text/x-bibtex", "application/x-research-info-systems"}


def test_metainfo_is_valid_and_matches_the_app() -> None:
    proc = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    from refman.gui.app import APP_ID as RUNTIME_ID

    assert RUNTIME_ID == APP_ID  # the window's app id must name this desktop file (Wayland, docks)


def test_ris_and_bib_files_get_their_mime_types(tmp_path: Path) -> None:
    """Our RIS type plus the system's shared-mime-info, compiled by update-mime-database as a desktop would."""
    tool = _tool("update-mime-database")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    system = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if not system.is_file():
        pytest.skip("shared-mime-info's freedesktop.org.xml is not installed")
    shutil.copy(system, packages)
    shutil.copy(MIME, packages)
    subprocess.run([tool, str(tmp_path / "mime")], check=True, capture_output=True)
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(":application/x-research-info-systems:*.ris") for line in globs)
    assert any(line.endswith(":text/x-bibtex:*.bib") for line in globs)


def test_png_icons_are_the_svg_rendered(qapp) -> None:  # type: ignore[no-untyped-def]
    """Each committed PNG is what tools/render_icons.py draws from the SVG (re-run it after editing the SVG)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from render_icons import SIZES as RENDERED
        from render_icons import render
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from PySide6.QtGui import QImage

    assert tuple(RENDERED) == SIZES
    for size in SIZES:
        committed = QImage(str(ICONS / f"refman-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
        assert (committed.width(), committed.height()) == (size, size)
        fresh = render(ICONS / "refman.svg", size)
        differing = sum(committed.pixel(x, y) != fresh.pixel(x, y) for y in range(size) for x in range(0, size, 7))
        assert differing == 0, f"refman-{size}.png differs from the SVG: run tools/render_icons.py"


def test_the_window_has_the_icon_in_every_size(qapp) -> None:  # type: ignore[no-untyped-def]
    from refman.gui.app import app_icon

    sizes = {s.width() for s in app_icon().availableSizes()}
    assert sizes == set(SIZES)


def test_install_script_registers_the_app_for_bib_and_ris(tmp_path: Path) -> None:
    """packaging/linux/install.sh into a throwaway prefix, as `make install-desktop` does into ~/.local."""
    _tool("update-desktop-database")
    _tool("update-mime-database")
    program = "/opt/refman/refman"
    subprocess.run(["bash", str(LINUX / "install.sh"), str(tmp_path), program], check=True, capture_output=True)
    share = tmp_path / "share"
    installed = share / "applications" / DESKTOP.name
    proc = subprocess.run([_tool("desktop-file-validate"), str(installed)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert f"Exec={program} %F" in installed.read_text(encoding="utf-8").splitlines()
    cache = (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert f"text/x-bibtex={DESKTOP.name};" in cache
    assert f"application/x-research-info-systems={DESKTOP.name};" in cache
    assert "*.ris" in (share / "mime" / "globs2").read_text(encoding="utf-8")
    for size in SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
