"""Window and dialog sizes taken from the screen they open on, so buttons are never off-screen.

Fixed sizes (1100×720 for the paste dialog, 720×760 for the editor, 1360×820 for the window)
put the OK/Cancel buttons below the bottom of a 1024×700 screen. A preferred size is clamped
to the available geometry (the screen minus task bars) with a margin for the window frame.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_MARGIN = 40  # title bar and borders the window manager adds around the client area
SHARE = 0.92  # of the available screen, at most


def available_size(widget: QWidget | None = None) -> QSize:
    """The available geometry of the screen `widget` is on (or its parent's, or the primary one)."""
    screen = None
    probe = widget
    while probe is not None and screen is None:
        screen = probe.screen() if probe.isWindow() or probe.parentWidget() is None else None
        probe = probe.parentWidget()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1024, 700)
    return screen.availableGeometry().size()


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """`width`×`height`, shrunk to fit the available screen (with room for the frame)."""
    avail = available_size(widget)
    w = min(width, max(320, int(avail.width() * SHARE) - FRAME_MARGIN))
    h = min(height, max(240, int(avail.height() * SHARE) - FRAME_MARGIN))
    return QSize(w, h)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, or less on a small screen."""
    widget.resize(fitted(widget, width, height))
