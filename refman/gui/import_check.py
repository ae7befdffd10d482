"""PySide6's per-module import check, made cheap.

Once PySide6 is imported, its `__feature__` support looks at every module imported afterwards to
record whether that module uses PySide6 (then `from __feature__ import snake_case` may apply to
it): `shibokensupport.feature._mod_uses_pyside` runs `inspect.getsource(module)` and searches the
text for "PySide6". inspect's route to the source scans all of sys.modules on each call, so with
SQLAlchemy loaded each check costs ~1 ms: ~250 ms for the library layer when it is imported after
PySide6, as the desktop app now does (after its first paint, refman/gui/first_rows.py).

`install()` replaces that check with one that gives the same answer — whether the module's source
file contains "PySide6" — by reading the file directly. On a PySide6 without this internal
function nothing changes (the app is then only slower to finish starting).
"""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_pyside(module: ModuleType) -> bool:
    """What `"PySide6" in inspect.getsource(module)` says, without inspect: a module without a
    .py source file (built in, compiled, a namespace package) has no source to search."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def install() -> bool:
    """Use the cheap check from now on; False when this PySide6 has no such check to replace."""
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True
