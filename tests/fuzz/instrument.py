"""Import refman instrumented for atheris, except the few functions atheris 2.3.0 miscompiles.

atheris rewrites bytecode to trace edges and comparisons; on CPython 3.11 it corrupts a few
functions (the rewritten `_skip_ws_comments` raises "'int' object does not support the context
manager protocol" on input the plain function reads fine). Those functions get their original
code object back, so a fuzz "crash" is always a refman bug, never an instrumentation artefact.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# (module, function) pairs whose instrumented bytecode misbehaves under atheris 2.3.0 / CPython 3.11.
MISCOMPILED: tuple[tuple[str, str], ...] = (
    ("refman.formats.bibtex.syntax", "_skip_ws_comments"),
)


def _plain_code(module: str, function: str) -> types.CodeType | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    code = compile(Path(spec.origin).read_text(encoding="utf-8"), spec.origin, "exec")
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const.co_name == function:
            return const
    return None


def load(*modules: str) -> None:
    """Import `modules` (and whatever refman modules they import) with coverage instrumentation."""
    with atheris.instrument_imports(include=["refman", "tests.fuzz"]):
        for name in modules:
            importlib.import_module(name)
    for module, function in MISCOMPILED:
        mod = sys.modules.get(module)
        code = _plain_code(module, function)
        if mod is not None and code is not None:
            getattr(mod, function).__code__ = code
