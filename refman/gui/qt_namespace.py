"""Qt's `Qt` namespace, made when first used instead of before the window's first paint.

PySide6 6.11 builds every one of the namespace's 93 enums (with Python's enum module: ~13 ms)
the first time anything touches `PySide6.QtCore.Qt`, importing the name included, and again
when C++ hands Python a value of one of them (an override's argument, a signal's). Nothing in
the first paint needs them, so the modules on that path import `Qt` from here: to the type
checker it is PySide6's, at run time a stand-in that fetches PySide6's on its first attribute use
(by then the window has painted; its enums are the real ones, only reached one step later).

What the first paint does need is here as plain values: item data roles and alignments (Qt takes
ints there), and enum-typed properties are set with `set_enum` (QObject.setProperty takes an
int where the setter would insist on the enum). tests/gui/test_startup_window.py checks these
values against Qt's own and that the first paint leaves the namespace unmade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

# Qt.ItemDataRole
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
TEXT_ALIGNMENT_ROLE = 7
USER_ROLE = 256
# Qt.AlignmentFlag
ALIGN_H_CENTER = 0x0004
ALIGN_RIGHT_V_CENTER = 0x0002 | 0x0080  # AlignRight | AlignVCenter
# enum-typed properties' values
ORIENTATION_VERTICAL = 2  # Qt.Orientation.Vertical
CUSTOM_CONTEXT_MENU = 3  # Qt.ContextMenuPolicy.CustomContextMenu
TOOL_BUTTON_TEXT_ONLY = 1  # Qt.ToolButtonStyle.ToolButtonTextOnly
WIDGET_SHORTCUT = 0  # Qt.ShortcutContext.WidgetShortcut
COPY_ACTION = 0x1  # Qt.DropAction.CopyAction
RICH_TEXT = 1  # Qt.TextFormat.RichText


def made() -> bool:
    """Whether PySide6 has built the namespace yet (for the tests)."""
    import PySide6.QtCore

    return "Qt" in vars(PySide6.QtCore)


def set_enum(target: QObject, name: str, value: int) -> None:
    """Set the enum-typed Qt property `name` of `target` to `value` (its int)."""
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} has no property {name!r} taking {value}")


class _Namespace:
    """Forwards attribute reads to PySide6.QtCore.Qt, importing it on the first."""

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as namespace

        return getattr(namespace, name)


if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    Qt = _Namespace()
