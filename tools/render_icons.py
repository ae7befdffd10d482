"""Render resources/icons/refman.svg to the PNG sizes a Linux desktop (hicolor theme) and PyInstaller use.

Run after editing the SVG: `.venv/bin/python tools/render_icons.py`. Qt's own SVG renderer (QtSvg,
part of PySide6-Essentials) does it, so no other tool is needed; tests/test_packaging.py checks that
the committed PNGs are what this renders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn on a transparent size×size ARGB image, antialiased."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_path(size: int, folder: Path = ICONS) -> Path:
    return folder / f"refman-{size}.png"


def main(argv: list[str]) -> int:
    _app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    for size in SIZES:
        path = png_path(size)
        if not render(ICONS / "refman.svg", size).save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
