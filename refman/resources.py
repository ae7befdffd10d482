"""Where bundled data files live: `resources/` in a checkout, `refman/_resources` in a wheel."""

from __future__ import annotations

from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource; the caller decides what a missing file means."""
    here = Path(__file__).resolve().parent
    for base in (here / "_resources", here.parent / "resources"):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    return (here.parent / "resources").joinpath(*parts)
