"""AnyStyle's labelled reference strings (`<dataset><sequence><author>…</author>…`), read as token/label lists.

AnyStyle labels whole whitespace-separated words, punctuation included, so a sequence is exactly a list of
(label, segment text) pairs; splitting each segment on whitespace gives the tokens the CRF is trained on.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from refman.core.errors import InputError
from refman.resources import resource_path


@dataclass(frozen=True, slots=True)
class Sequence:
    """One labelled reference: its segments in order."""

    segments: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.segments)

    @property
    def tokens(self) -> list[str]:
        return [tok for _, text in self.segments for tok in text.split()]

    @property
    def labels(self) -> list[str]:
        return [label for label, text in self.segments for _ in text.split()]


def load_xml(path: Path) -> list[Sequence]:
    """Every non-empty sequence of an AnyStyle dataset file, in file order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read AnyStyle dataset: {exc}", str(path)) from exc
    out: list[Sequence] = []
    for seq in root.iter("sequence"):
        segments = tuple(
            (child.tag, " ".join((child.text or "").split())) for child in seq if (child.text or "").strip()
        )
        if segments:
            out.append(Sequence(segments))
    return out


def dataset_path(name: str) -> Path:
    """`core`, `gold`, … : the bundled copy in resources/anystyle, else the shared data folder."""
    bundled = resource_path("anystyle", f"{name}.xml")
    if bundled.exists():
        return bundled
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data" / "anystyle" / f"{name}.xml"
        if candidate.exists():
            return candidate
    return bundled


def load_dataset(name: str) -> list[Sequence]:
    return load_xml(dataset_path(name))
